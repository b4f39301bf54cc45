//! `evidence-pack serve` as a person runs it: it says where the page is, serves it on 127.0.0.1,
//! updates it after a save, and stops cleanly (exit 0) on Ctrl-C.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::support::{AS_OF, TempPack};

const PATIENCE: Duration = Duration::from_secs(180);

struct Server {
    child: Child,
    lines: mpsc::Receiver<String>,
    port: u16,
}

impl Server {
    fn start(pack: &TempPack) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_evidence-pack"))
            .args(["serve", "--port", "0", "--as-of", AS_OF])
            .arg(pack.path())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("serve starts");
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        let first = lines.recv_timeout(PATIENCE).expect("a first line");
        assert!(
            first.starts_with("Serving Northgate Support Services' pack at http://127.0.0.1:"),
            "{first}"
        );
        assert!(first.ends_with(" — press Ctrl-C to stop"), "{first}");
        let port = first
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|p| p.parse().ok())
            .expect("a port in the first line");
        let built = lines.recv_timeout(PATIENCE).expect("a second line");
        assert!(built.contains("Built the page in "), "{built}");
        assert!(built.ends_with(": 0 errors and 0 warnings."), "{built}");
        Server { child, lines, port }
    }

    fn get(&self, host: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    fn own_host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn next_line(&self, what: &str) -> String {
        self.lines
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("serve printed nothing after {what}"))
    }

    fn interrupt(mut self) -> (std::process::ExitStatus, Vec<String>) {
        // SAFETY: the child's own process id, and SIGINT, as Ctrl-C sends it.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGINT);
        }
        let status = self.child.wait().expect("serve ends");
        let rest: Vec<String> = self.lines.try_iter().collect();
        (status, rest)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_shows_the_pack_updates_after_a_save_and_stops_on_ctrl_c() {
    let pack = crate::support::clean_html_pack();
    let server = Server::start(&pack);
    let page = server.get(&server.own_host());
    assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
    assert!(page.contains("Choice, risk and review"));
    assert!(server.get("evil.example").starts_with("HTTP/1.1 421 "));
    // Only 127.0.0.1 listens.
    assert!(TcpStream::connect(("::1", server.port)).is_err());

    let rel = "content/decisions/d-001.toml";
    let text = pack.read(rel);
    pack.write(rel, text.replacen("title = \"", "title = \"Saved: ", 1));
    let line = server.next_line("a save");
    assert!(line.contains("Rebuilt the page in "), "{line}");
    assert!(server.get(&server.own_host()).contains("Saved: "));

    // A broken file: its finding is on the page, and the server keeps running.
    pack.write(rel, "title = \"unclosed\n");
    let line = server.next_line("a broken save");
    // The broken file, and the example that cites the record it held.
    assert!(line.ends_with(": 2 errors and 0 warnings."), "{line}");
    assert!(server.get(&server.own_host()).contains("invalid-record"));

    let (status, rest) = server.interrupt();
    assert_eq!(status.code(), Some(0), "Ctrl-C ends serve with exit code 0");
    assert!(rest.iter().any(|l| l == "Stopped."), "{rest:?}");
    assert!(
        !pack.path().join("output").exists(),
        "serve never writes output/"
    );
}

#[test]
fn serve_refuses_a_folder_that_is_not_a_pack() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::support::evidence_pack()
        .args(["serve", "--port", "0"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("There is no pack.toml"), "{stderr}");
}
