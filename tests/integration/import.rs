//! `evidence-pack import` (SPEC section 13) on sheets made the way providers make them: a risk
//! register saved as XLSX by LibreOffice (made here from a CSV, with UK dates), a Windows-1252
//! CSV with semicolons, an incident log, a buyer's questionnaire. Each is imported, then checked,
//! then imported again, which must change nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{TempPack, evidence_pack};

mod attach;
mod sheets;

pub(super) const AS_OF: &str = "2026-11-01";

/// A new pack made by `init` (two sample records: D-001 for JS, D-002 for MT).
pub(super) fn new_pack() -> TempPack {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = evidence_pack()
        .arg("init")
        .arg(dir.path().join("pack"))
        .output()
        .expect("run init");
    assert!(out.status.success(), "{out:?}");
    // The pack is in pack/; the sheets and maps are written beside it, outside the pack.
    TempPack { dir }
}

pub(super) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub(super) fn import(pack: &Path, args: &[&str]) -> Run {
    let out = evidence_pack()
        .current_dir(pack)
        .arg("import")
        .args(args)
        .output()
        .expect("run import");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file of the pack's content and tenders, with its bytes.
pub(super) fn files(pack: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for top in ["content", "tenders"] {
        if !pack.join(top).is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(pack.join(top)) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(pack).unwrap();
                out.insert(
                    rel.to_string_lossy().replace('\\', "/"),
                    std::fs::read(entry.path()).unwrap(),
                );
            }
        }
    }
    out
}

pub(super) fn new_files(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    after
        .keys()
        .filter(|k| !before.contains_key(*k))
        .cloned()
        .collect()
}

/// Converts a CSV file to XLSX with LibreOffice, reading it as a UK user's LibreOffice does
/// (comma-separated, UTF-8, English (UK) dates), as a quality lead saving her register would.
pub(super) fn libreoffice_xlsx(csv: &Path) -> PathBuf {
    let dir = csv.parent().unwrap();
    let profile = format!("file://{}", dir.join("lo-profile").display());
    let out = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--infilter=CSV:44,34,76,1,,2057",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(dir)
        .arg(csv)
        .output()
        .expect("LibreOffice (soffice) must be installed: scripts/setup.sh test installs it");
    assert!(out.status.success(), "LibreOffice failed: {out:?}");
    let xlsx = csv.with_extension("xlsx");
    assert!(
        xlsx.is_file(),
        "LibreOffice wrote no {}: {out:?}",
        xlsx.display()
    );
    xlsx
}

pub(super) const REGISTER_CSV: &str = "Ref,Person code,Risk,Hazard,Likelihood,Severity,Date identified,Control measures,Owner\n\
1,AB,Going to the gym alone,\"Falls on the treadmill:\n\u{2022} slipped twice in 2025\n\u{2022}\tuses the \u{201c}fast\u{201d} setting\",Med,H,03/04/2026,Staff check in by phone at\u{a0}6pm,Key worker\n\
2,CD,Taking the bus to college,Getting lost,Low,Moderate,31/02/2026,,\n\
3,EF,Cooking my own tea,\"AB\u{2019}s kitchen: burns\",High,Low,14/05/2026,Smoke alarm tested weekly,EF\n";

pub(super) const REGISTER_MAP: &str = r#"kind = "decisions"
[columns]
title = "Risk"
person = "Person code"
opened = "Date identified"
"risks.description" = "Hazard"
"risks.likelihood" = "Likelihood"
"risks.impact" = "Severity"
"plan.action" = "Control measures"
"plan.owner" = "Owner"
[values."risks.likelihood"]
"Med" = "medium"
[values."risks.impact"]
"H" = "high"
"Moderate" = "medium"
[fixed]
"risks.to" = "self"
service = "Riverside supported living"
"#;
