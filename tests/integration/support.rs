//! Shared helpers for the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `evidence-pack` binary, with colour off and a fixed environment.
pub fn evidence_pack() -> Command {
    let mut cmd = Command::cargo_bin("evidence-pack").expect("binary built");
    cmd.env("NO_COLOR", "1").env_remove("EVIDENCE_PACK_TYPST");
    cmd
}

/// A fixture pack under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The repository root, which is also the demo pack.
pub fn demo_pack() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
