//! Issue 23: Typst never reaches the network. A pack's own `templates/pack.typ` that imports a
//! package fails with a clear error and fetches nothing; a package named in a way the check
//! cannot see is not downloaded either (Typst is given empty package folders and a proxy where
//! nothing listens). Each build runs in a network namespace of its own (`unshare -rn`) when the
//! machine allows it, so a fetch could not succeed even if it were tried.

use std::path::Path;
use std::process::{Command, Output};

use crate::build_pdf::typst;
use crate::support::*;

/// `evidence-pack build --pdf` of `pack`, in a network namespace with no network when this
/// machine can make one.
fn build_offline(pack: &Path, out: &Path) -> Output {
    let isolated = Command::new("unshare")
        .args(["-rn", "true"])
        .status()
        .is_ok_and(|s| s.success());
    let binary = env!("CARGO_BIN_EXE_evidence-pack");
    let mut command = if isolated {
        let mut c = Command::new("unshare");
        c.args(["-rn", binary]);
        c
    } else {
        Command::new(binary)
    };
    command
        .arg("build")
        .arg(pack)
        .args(["--pdf", "--as-of", AS_OF, "-o"])
        .arg(out)
        .arg("--typst")
        .arg(typst())
        .env("NO_COLOR", "1")
        .output()
        .expect("run evidence-pack")
}

#[test]
fn a_template_importing_a_package_fails_clearly_and_fetches_nothing() {
    let pack = TempPack::copy_of("rules-clean");
    pack.write(
        "templates/pack.typ",
        "#import \"@preview/cetz:0.3.0\": canvas\n= Pack\n",
    );
    let out = tempfile::tempdir().expect("temporary folder");
    let run = build_offline(pack.path(), &out.path().join("output"));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("templates/pack.typ imports the Typst package @preview/cetz:0.3.0"),
        "{stderr}"
    );
    assert!(stderr.contains("never fetches"), "{stderr}");
    assert!(!out.path().join("output/pack.pdf").exists());
}

#[test]
fn a_package_built_from_pieces_is_not_downloaded_either() {
    let pack = TempPack::copy_of("rules-clean");
    // The check for package imports reads string literals; this name is made at run time.
    pack.write(
        "templates/pack.typ",
        "#let name = \"@pre\" + \"view/cetz:0.3.0\"\n#import name: canvas\n= Pack\n",
    );
    let out = tempfile::tempdir().expect("temporary folder");
    let run = build_offline(pack.path(), &out.path().join("output"));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("package"), "{stderr}");
    assert!(!out.path().join("output/pack.pdf").exists());
}

#[test]
fn the_built_in_template_builds_offline() {
    let pack = TempPack::copy_of("rules-clean");
    let out = tempfile::tempdir().expect("temporary folder");
    let run = build_offline(pack.path(), &out.path().join("output"));
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(out.path().join("output/pack.pdf").exists());
}
