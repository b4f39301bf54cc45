//! The `unsupported-character` rule: a character in a rendered text that none of the PDF's fonts
//! has. The PDF shows the replacement character in its place; the build still succeeds.

use crate::diagnostics::{Rule, Sink};

/// At most this many characters are named for one text; the rest are counted.
const NAMED_PER_TEXT: usize = 3;

/// Reports the characters of one text, at `path` (as the message names it), found in the file
/// at the first of `locate` that exists.
pub fn report(sink: &mut Sink, path: &str, locate: &[&str], text: &str) {
    {
        let missing = crate::fonts::unsupported(text);
        if missing.is_empty() {
            return;
        }
        let mut named: Vec<String> = missing
            .iter()
            .take(NAMED_PER_TEXT)
            .map(|&c| crate::fonts::describe(c))
            .collect();
        if missing.len() > NAMED_PER_TEXT {
            named.push(format!("{} more", missing.len() - NAMED_PER_TEXT));
        }
        let (these, them) = if missing.len() == 1 {
            ("a character", "it")
        } else {
            ("characters", "each")
        };
        sink.report(
            Rule::UnsupportedCharacter,
            locate,
            format!(
                "`{path}` holds {these} that the PDF's fonts cannot show: {}. The PDF shows \u{FFFD} in place of {them}; the HTML pack shows whatever the reader's browser can.",
                named.join(", ")
            ),
            "Check the text: a character pasted from another program may have been meant as a plain letter or symbol. Replace it with one the pack's fonts show (README: Fonts), or leave it if the HTML pack is enough.",
        );
    }
}
