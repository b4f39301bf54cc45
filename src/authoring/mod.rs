//! Writing records: what `new`, the browser editor and the import share. The next free id and a
//! new record's file name (`ids.rs`), the text of a new record (`template.rs`), changing one key of
//! a TOML file while keeping every other byte (`edit.rs`), and writing a file so that a failure
//! leaves the old one untouched (`atomic.rs`).

pub mod atomic;
pub mod edit;
pub mod ids;
pub mod template;
