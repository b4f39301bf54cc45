//! The one checked pack (`src/checked.rs`): every command decides from the same findings whether
//! it may write, so they agree. A misspelt rule name in `[rules]` is an error in pack.toml, and
//! neither `build` nor `tender` writes past it (before, `tender` wrote every output and exited 0).

use std::path::Path;

use crate::support::{AS_OF, evidence_pack};
use crate::tender_rules::tender_pack;

fn run(pack: &Path, args: &[&str]) -> std::process::Output {
    evidence_pack()
        .args(args)
        .arg(pack)
        .args(["--as-of", AS_OF])
        .env("NO_COLOR", "1")
        .output()
        .expect("run evidence-pack")
}

/// Adds a `[rules]` table naming `rule` to the tender pack's pack.toml.
fn with_rule_setting(rule: &str) -> crate::support::TempPack {
    let pack = tender_pack();
    let mut settings = pack.read("pack.toml");
    settings.push_str(&format!("\n[rules]\n{rule} = \"warning\"\n"));
    pack.write("pack.toml", settings);
    pack
}

const MISSPELT: &str = "answer-over-limt";

#[test]
fn build_refuses_a_misspelt_rule_name_even_as_a_draft() {
    for draft in [false, true] {
        let pack = with_rule_setting(MISSPELT);
        let mut args = vec!["build", "--html"];
        if draft {
            args.push("--draft");
        }
        let out = run(pack.path(), &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "draft {draft}: {stderr}");
        assert!(
            stderr.contains("`answer-over-limt` in [rules] is not a rule."),
            "{stderr}"
        );
        assert!(stderr.contains("The pack was not built: pack.toml has an error"));
        assert!(!pack.file("output/pack.html").exists());
    }
}

#[test]
fn tender_refuses_a_misspelt_rule_name_even_as_a_draft() {
    for draft in [false, true] {
        let pack = with_rule_setting(MISSPELT);
        let mut args = vec!["tender", "bid"];
        if draft {
            args.push("--draft");
        }
        let out = run(pack.path(), &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "draft {draft}: {stderr}");
        assert!(
            stderr.contains("`answer-over-limt` in [rules] is not a rule."),
            "{stderr}"
        );
        assert!(
            stderr.contains("The answers were not written: pack.toml has an error"),
            "{stderr}"
        );
        assert!(!pack.file("output/tenders/bid").exists());
    }
}

#[test]
fn a_rule_name_spelt_right_lets_both_write() {
    let pack = with_rule_setting("answer-over-limit");
    let built = run(pack.path(), &["build", "--html"]);
    assert_eq!(built.status.code(), Some(0), "{built:?}");
    assert!(pack.file("output/pack.html").exists());
    let tender = run(pack.path(), &["tender", "bid"]);
    assert_eq!(tender.status.code(), Some(0), "{tender:?}");
    assert!(pack.file("output/tenders/bid/answers.docx").exists());
}
