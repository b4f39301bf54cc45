//! `evidence-pack serve`: the pack in the browser, updated as its files are saved (SPEC
//! section 11). A local web server on 127.0.0.1 shows the pack as `build --html --draft` would,
//! with each record's findings beside it; a watcher rebuilds the page after each save, and the
//! page reloads itself once the new one is ready. Nothing is written to `output/`.

pub mod edit;
pub mod page;
pub mod patch;
pub mod preview;
pub mod server;
mod unreadable;
pub mod watch;

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;

use crate::diagnostics::plural;
use crate::error::Error;
use crate::model::Date;
use preview::{Built, Preview};
use server::{Served, Shared};
use watch::Change;

/// The port tried first when none is given; the next ones are tried when it is taken.
pub const DEFAULT_PORT: u16 = 4111;
const PORTS_TRIED: u16 = 20;

pub struct Options {
    pub pack: PathBuf,
    /// `None`: the first free port from [`DEFAULT_PORT`]. `Some(0)`: any free port.
    pub port: Option<u16>,
    pub open: bool,
    pub poll: bool,
    pub as_of: Option<Date>,
    /// Turns editing in the browser off.
    pub read_only: bool,
}

/// Runs the server until Ctrl-C (or a polite kill).
pub fn run(options: &Options) -> Result<(), Error> {
    // A folder that is not a pack stops the command at once, as for every other command.
    crate::load::check_pack_folder(&options.pack)?;
    let root = options.pack.canonicalize().map_err(|e| {
        Error::new(format!(
            "{} could not be opened: {e}",
            options.pack.display()
        ))
    })?;
    let listener = bind(options.port)?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::new(format!("the server could not start: {e}")))?
        .port();

    let mut preview = Preview::new(&root, options.as_of);
    let built = preview.rebuild();
    let nonce = nonce()?;
    let first = Served::new(1, preview::served_page(&built, &nonce, 1));
    let editor = Arc::new(edit::Editor::new(
        &root,
        self::nonce()?,
        options.read_only,
        options.as_of,
    ));
    if let Some(pack) = preview.pack() {
        editor.set_index(pack);
    }
    let shared = Shared::editing(port, nonce, first, Some(editor));
    let url = format!("http://127.0.0.1:{port}");
    println!(
        "Serving {} pack at {url} — press Ctrl-C to stop",
        possessive(&built.provider)
    );
    println!("{}", rebuild_line(&built, true));
    drop(built);
    preview.tidy();

    let (changes, changed) = mpsc::channel::<Vec<Change>>();
    if let Some(editor) = &shared.editor {
        editor.announce_writes_to(changes.clone());
    }
    let watcher = watch::Watch::start(&root, options.poll, move |paths| {
        let _ = changes.send(paths.into_iter().map(Change::Watched).collect());
    })
    .map_err(Error::new)?;
    let rebuilding = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("rebuild".to_string())
        .spawn(move || rebuild_loop(changed, watcher, preview, &rebuilding))
        .map_err(|e| Error::new(format!("the server could not start: {e}")))?;

    if options.open {
        // Opening can seem to work and still show nothing (no browser on this computer, or one
        // that does not start from here): say what to do either way.
        match opener::open(&url) {
            Ok(()) => println!(
                "Opening the page in your browser. If no browser window opens, start your web browser and go to {url}"
            ),
            Err(e) => println!(
                "The browser could not be opened ({e}). Start your web browser and go to {url}"
            ),
        }
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::new(format!("the server could not start: {e}")))?;
    let stopping = Arc::clone(&shared);
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::new(format!("the server could not start: {e}")))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::new(format!("the server could not start: {e}")))?;
        axum::serve(listener, server::router(Arc::clone(&shared)))
            .with_graceful_shutdown(async move {
                stop_signal().await;
                stopping.stopping.send_replace(true);
            })
            .await
            .map_err(|e| Error::new(format!("the server stopped: {e}")))
    })?;
    println!("Stopped.");
    Ok(())
}

/// Rebuilds the page after each burst of changes. Changes that arrive during a rebuild are
/// waiting in `changed` when it ends, and are coalesced into one more rebuild. The watcher's
/// report of a file the editor wrote, already rebuilt from, is passed over.
fn rebuild_loop(
    changed: mpsc::Receiver<Vec<Change>>,
    mut watcher: watch::Watch,
    mut preview: Preview,
    shared: &Shared,
) {
    let mut written = watch::Written::default();
    coalesce(&changed, |changes| {
        let new = written.anything_new(&changes);
        let paths: Vec<PathBuf> = changes
            .into_iter()
            .map(|c| match c {
                Change::Watched(path) | Change::Written(path, _) => path,
            })
            .collect();
        if !new {
            watcher.refresh(&paths);
            return;
        }
        let built = preview.rebuild();
        if let (Some(editor), Some(pack)) = (&shared.editor, preview.pack()) {
            editor.set_index(pack);
        }
        shared.publish(|version| preview::served_page(&built, &shared.nonce, version));
        println!("{}", rebuild_line(&built, false));
        drop(built);
        preview.tidy();
        watcher.refresh(&paths);
    });
}

/// Calls `rebuild` once for each batch of changes waiting: everything received while the last
/// rebuild ran counts as one change. Returns when the sender is gone.
pub fn coalesce<T>(changed: &mpsc::Receiver<Vec<T>>, mut rebuild: impl FnMut(Vec<T>)) {
    while let Ok(mut paths) = changed.recv() {
        while let Ok(more) = changed.try_recv() {
            paths.extend(more);
        }
        rebuild(paths);
    }
}

/// The console line for a rebuild: its time of day, how long it took, and the findings.
fn rebuild_line(built: &Built, first: bool) -> String {
    let time = chrono::Local::now().format("%H:%M:%S");
    let what = if first { "Built" } else { "Rebuilt" };
    let ms = built.took.as_millis();
    let counts = format!(
        "{} and {}",
        plural(built.banner.errors, "error", "errors"),
        plural(built.banner.warnings, "warning", "warnings")
    );
    match &built.banner.failure {
        Some(failure) => {
            let first_line = failure.lines().next().unwrap_or_default().trim_end();
            let stop = if first_line.ends_with(['.', '!', '?']) {
                ""
            } else {
                "."
            };
            format!(
                "{time}  The page could not be updated: {first_line}{stop} The last good page is shown, with this error above it ({counts})."
            )
        }
        None => format!("{time}  {what} the page in {ms} ms: {counts}."),
    }
}

/// "Riverside Care Ltd's", "St James' ", or "the" when the provider is not known.
fn possessive(provider: &str) -> String {
    let provider = crate::text::printable(provider.trim());
    if provider.is_empty() {
        "the".to_string()
    } else if provider.ends_with('s') {
        format!("{provider}'")
    } else {
        format!("{provider}'s")
    }
}

/// A listening socket on 127.0.0.1 (never another address): the port asked for, or the first
/// free one from [`DEFAULT_PORT`].
fn bind(port: Option<u16>) -> Result<TcpListener, Error> {
    let at = |port: u16| TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)));
    match port {
        Some(port) => at(port).map_err(|e| {
            Error::new(format!(
                "Port {port} cannot be used ({e}). Choose another with --port, or leave --port out to use the first free one from {DEFAULT_PORT}."
            ))
        }),
        None => first_free(DEFAULT_PORT, PORTS_TRIED).ok_or_else(|| {
            Error::new(format!(
                "Ports {DEFAULT_PORT} to {} are all in use. Choose a free one with --port.",
                DEFAULT_PORT + PORTS_TRIED - 1
            ))
        }),
    }
}

/// A listening socket on 127.0.0.1 at the first of `count` ports from `start` that is free.
fn first_free(start: u16, count: u16) -> Option<TcpListener> {
    (start..start.saturating_add(count))
        .find_map(|port| TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).ok())
}

/// 128 random bits, as hex, for the page's Content-Security-Policy.
fn nonce() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::new(format!(
            "the server could not start: no random numbers ({e})"
        ))
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Ctrl-C, or on Unix a polite kill (SIGTERM, SIGHUP).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).ok();
        let mut hangup = signal(SignalKind::hangup()).ok();
        let term = async {
            match term.as_mut() {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending().await,
            }
        };
        let hangup = async {
            match hangup.as_mut() {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term => {}
            _ = hangup => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_in_use_is_passed_over_for_the_next() {
        let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        if port > u16::MAX - 20 {
            return; // no room above it to try
        }
        let free = first_free(port, 20).expect("a free port after it");
        let got = free.local_addr().unwrap();
        assert!(got.port() > port && got.port() < port + 20, "{got}");
        assert!(got.ip().is_loopback(), "only 127.0.0.1: {got}");
    }

    #[test]
    fn the_provider_is_named_in_plain_english() {
        assert_eq!(possessive("Riverside Care Ltd"), "Riverside Care Ltd's");
        assert_eq!(possessive("St James"), "St James'");
        assert_eq!(possessive("  "), "the");
    }
}
