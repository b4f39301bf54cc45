//! Issue 12: builds into one output folder take turns (a lock beside it), never remove another
//! running build's temporary folder, and never delete a folder that only has an output's name.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

fn binary() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("evidence-pack")
}

fn start_build(pack: &Path, out: &Path) -> std::process::Child {
    Command::new(binary())
        .args(["build", "--html", "--quiet", "--as-of", AS_OF, "-o"])
        .arg(out)
        .arg(pack)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_build_waits_while_another_holds_the_output_folder_and_leaves_its_folder_alone() {
    let pack = TempPack::copy_of("rules-clean");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    // Another build, in a container whose process ids this one cannot see: it holds the lock
    // and is writing its temporary folder (its process id means nothing here).
    let lock = std::fs::File::create(parent.path().join(".output.lock")).unwrap();
    lock.lock().unwrap();
    let theirs = parent.path().join(".output.building-4999999-other");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("pack.html"), "half written").unwrap();

    let mut child = start_build(pack.path(), &out);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the build waits for the lock"
    );
    assert!(
        theirs.join("pack.html").exists(),
        "the other build's folder is left alone"
    );
    assert!(
        !out.exists(),
        "nothing is written while the other build runs"
    );

    drop(lock);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the build never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "{stderr}");
    assert!(
        stderr.contains("Waiting: another build is writing"),
        "{stderr}"
    );
    assert!(out.join("pack.html").exists());
    // Once the lock was free, the folder was a killed build's leftovers, and was tidied.
    assert!(!theirs.exists());
}

#[test]
fn concurrent_builds_into_one_folder_all_succeed() {
    let pack = TempPack::copy_of("rules-clean");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    let children: Vec<_> = (0..6).map(|_| start_build(pack.path(), &out)).collect();
    for mut child in children {
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert!(status.success(), "{stderr}");
    }
    assert!(out.join("pack.html").exists());
    let leftovers: Vec<String> = std::fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".building-") || n.contains(".previous-"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
}

#[test]
fn a_folder_named_like_an_output_file_is_never_deleted() {
    for name in ["pack.json", "._notes", "pack.html"] {
        let pack = TempPack::copy_of("rules-clean");
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("output");
        std::fs::create_dir_all(out.join(name)).unwrap();
        std::fs::write(out.join(name).join("precious.txt"), "mine").unwrap();
        let run = evidence_pack()
            .args(["build", "--html", "--as-of", AS_OF, "-o"])
            .arg(&out)
            .arg(pack.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains("holds other files"), "{stderr}");
        assert_eq!(
            std::fs::read_to_string(out.join(name).join("precious.txt")).unwrap(),
            "mine"
        );
    }
}
