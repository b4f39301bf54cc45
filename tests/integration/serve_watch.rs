//! `serve`'s watcher in a temporary pack: an in-place save, a save by rename, a deleted file, a
//! new file and a burst of saves are each seen; editors' litter and `output/` are not. Waits are
//! bounded (a few seconds at most, for a loaded machine) and end as soon as the event arrives.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use evidence_pack::serve::coalesce;
use evidence_pack::serve::watch::Watch;

use crate::support::TempPack;

/// The longest a test waits for an event: generous, for a loaded 2-core machine.
const PATIENCE: Duration = Duration::from_secs(120);
/// How long a folder must stay quiet to count as settled.
const SETTLE: Duration = Duration::from_millis(300);

const RECORD: &str = "content/decisions/d-001.toml";

struct Watched {
    pack: TempPack,
    root: PathBuf,
    events: mpsc::Receiver<Vec<PathBuf>>,
    watch: Watch,
}

fn watched(poll: bool) -> Watched {
    let pack = crate::support::clean_html_pack();
    let root = pack.path().canonicalize().unwrap();
    let (send, events) = mpsc::channel();
    let watch = Watch::start(&root, poll, move |paths| {
        let _ = send.send(paths);
    })
    .expect("the watch starts");
    let watched = Watched {
        pack,
        root,
        events,
        watch,
    };
    watched.settle();
    watched
}

impl Watched {
    /// Waits until no event has come for [`SETTLE`], and forgets what came before.
    fn settle(&self) {
        while self.events.recv_timeout(SETTLE).is_ok() {}
    }

    /// The paths of the next burst of changes, or a failure naming `what` after [`PATIENCE`].
    fn next(&self, what: &str) -> Vec<PathBuf> {
        self.events
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no change was seen after {what}"))
    }

    fn abs(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn saw(&self, what: &str, rel: &str) {
        self.saw_any(what, &[rel]);
    }

    /// Waits until a change to any of `rels` is seen.
    fn saw_any(&self, what: &str, rels: &[&str]) {
        let rel = rels.join(" or ");
        let deadline = Instant::now() + PATIENCE;
        loop {
            let paths = self.next(what);
            if rels.iter().any(|r| paths.contains(&self.abs(r))) {
                self.settle();
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: {rel} was never among the changes"
            );
        }
    }
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn an_in_place_save_is_seen() {
    let w = watched(false);
    let text = w.pack.read(RECORD);
    write(&w.abs(RECORD), &format!("{text}\n# saved\n"));
    w.saw("a save in place", RECORD);
}

#[test]
fn a_save_by_rename_is_seen() {
    let w = watched(false);
    let text = w.pack.read(RECORD);
    // As many editors save: a new file beside it, then renamed over it.
    let temp = w.abs("content/decisions/.d-001.toml.tmp");
    write(&temp, &format!("{text}\n# saved by rename\n"));
    std::fs::rename(&temp, w.abs(RECORD)).unwrap();
    w.saw("a save by rename", RECORD);
    // And pack.toml, which is watched without its folder's other files.
    let settings = w.pack.read("pack.toml");
    let temp = w.abs("pack.toml.new");
    write(&temp, &format!("{settings}\n# saved by rename\n"));
    std::fs::rename(&temp, w.abs("pack.toml")).unwrap();
    w.saw("pack.toml saved by rename", "pack.toml");
}

#[test]
fn a_deleted_file_and_a_new_file_are_seen() {
    let w = watched(false);
    std::fs::remove_file(w.abs(RECORD)).unwrap();
    w.saw("deleting a record", RECORD);
    let new = "content/decisions/deeper/d-099.toml";
    std::fs::create_dir_all(w.abs("content/decisions/deeper")).unwrap();
    write(&w.abs(new), "id = \"D-099\"\n");
    // A file made at once in a new folder may come before the folder is watched: the folder's
    // own event is then the change (and the rebuild it starts reads the whole pack).
    w.saw_any(
        "a new file in a new folder",
        &[new, "content/decisions/deeper"],
    );
    let another = "content/decisions/d-098.toml";
    write(&w.abs(another), "id = \"D-098\"\n");
    w.saw("a new file", another);
}

#[test]
fn a_burst_of_saves_comes_as_few_changes() {
    let w = watched(false);
    let text = w.pack.read(RECORD);
    const SAVES: usize = 30;
    for n in 0..SAVES {
        write(&w.abs(RECORD), &format!("{text}\n# save {n}\n"));
    }
    let mut bursts = vec![w.next("a burst of saves")];
    while let Ok(paths) = w.events.recv_timeout(SETTLE) {
        bursts.push(paths);
    }
    assert!(
        bursts.len() < SAVES / 3,
        "{} saves came as {} changes: they should be coalesced",
        SAVES,
        bursts.len()
    );
    assert!(bursts.iter().flatten().any(|p| *p == w.abs(RECORD)));
}

#[test]
fn editor_litter_hidden_files_and_output_are_ignored() {
    let w = watched(false);
    std::fs::create_dir_all(w.abs("output")).unwrap();
    for rel in [
        "output/pack.html",
        "content/decisions/.d-001.toml.swp",
        "content/decisions/d-001.toml~",
        "content/decisions/4913",
        "content/decisions/#d-001.toml#",
        "README.md",
    ] {
        write(&w.abs(rel), "litter");
    }
    // Then a real save: the first change seen must be it alone.
    let text = w.pack.read(RECORD);
    write(&w.abs(RECORD), &format!("{text}\n# real\n"));
    let mut seen = Vec::new();
    let deadline = Instant::now() + PATIENCE;
    while !seen.contains(&w.abs(RECORD)) && Instant::now() < deadline {
        seen.extend(w.next("a real save after litter"));
    }
    for path in &seen {
        assert_eq!(
            *path,
            w.abs(RECORD),
            "an ignored file was reported: {path:?}"
        );
    }
}

#[test]
fn a_folder_made_after_the_start_is_watched() {
    let mut w = watched(false);
    std::fs::create_dir_all(w.abs("templates")).unwrap();
    w.saw("making templates/", "templates");
    // The rebuild loop refreshes the watch after each change; here the test does.
    let templates = w.abs("templates");
    w.watch.refresh(&[templates]);
    w.settle();
    write(&w.abs("templates/pack.html"), "<p>mine</p>");
    w.saw("a new template", "templates/pack.html");
}

#[test]
fn polling_sees_a_save_too() {
    let w = watched(true);
    let text = w.pack.read(RECORD);
    write(&w.abs(RECORD), &format!("{text}\n# polled and longer\n"));
    w.saw("a save, polling", RECORD);
}

#[test]
fn changes_waiting_when_a_rebuild_ends_make_one_more_rebuild() {
    let (send, changed) = mpsc::channel::<Vec<PathBuf>>();
    for n in 0..20 {
        send.send(vec![PathBuf::from(format!("f{n}"))]).unwrap();
    }
    let mut rebuilds = Vec::new();
    let sender = std::thread::spawn(move || {
        // One more change while the first rebuild runs.
        std::thread::sleep(Duration::from_millis(50));
        send.send(vec![PathBuf::from("late")]).unwrap();
    });
    coalesce(&changed, |paths| {
        if rebuilds.is_empty() {
            std::thread::sleep(Duration::from_millis(200));
        }
        rebuilds.push(paths);
    });
    sender.join().unwrap();
    assert_eq!(rebuilds.len(), 2, "{rebuilds:?}");
    assert_eq!(rebuilds[0].len(), 20);
    assert_eq!(rebuilds[1], vec![PathBuf::from("late")]);
}
