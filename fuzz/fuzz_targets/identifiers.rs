//! The identifier scanner on arbitrary text: it never panics, redaction always gives valid text,
//! and an identifier planted in any surrounding text (in one of the layouts people write) is
//! always found and redacted.

#![no_main]

use std::sync::LazyLock;

use evidence_pack::privacy::IdentifierScanner;
use evidence_pack::privacy::planted::{PLANTED, REGISTER, plant};
use libfuzzer_sys::fuzz_target;

static SCANNER: LazyLock<IdentifierScanner> = LazyLock::new(|| {
    IdentifierScanner::new(&REGISTER.iter().map(|n| n.to_string()).collect::<Vec<_>>())
});

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    // Any text: no panic.
    let _ = SCANNER.scan(&text);
    let _ = SCANNER.redact(&text);

    // A planted identifier, the text split around it.
    let (planted, kind) = PLANTED[usize::from(choice) % PLANTED.len()];
    let mut cut = text.len() / 2;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let whole = plant(&text[..cut], planted, &text[cut..]);
    assert!(
        SCANNER.scan(&whole).contains(&kind),
        "{kind:?} {planted:?} not found in {whole:?}"
    );
    assert_ne!(SCANNER.redact(&whole), whole, "{planted:?} not redacted in {whole:?}");
});
