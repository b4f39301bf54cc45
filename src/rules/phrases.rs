//! The phrases that usually describe a restrictive practice (rule `restriction-undeclared`): the
//! list in `restrictive-phrases.toml` (a copy of the project's `shared/restrictive-phrases.toml`,
//! embedded at build time) and a pack's own `[policy] restrictive_phrases`, found with one
//! Aho-Corasick automaton over all of them: whole words, any case, and not when "no", "not",
//! "never", "without" or "instead of" stands within the three words before.

use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Deserialize;

use crate::text::single_spaced;

/// The built-in list, as the project keeps it.
pub const BUILT_IN: &str = include_str!("restrictive-phrases.toml");

#[derive(Deserialize)]
struct PhraseFile {
    phrases: Vec<String>,
}

/// A set of phrases and the one automaton that finds them.
#[derive(Debug)]
pub struct RestrictivePhrases {
    automaton: AhoCorasick,
}

static BUILT_IN_SET: LazyLock<Arc<RestrictivePhrases>> =
    LazyLock::new(|| Arc::new(RestrictivePhrases::new(built_in_phrases().iter())));

/// The built-in phrases, in the order of the file.
pub fn built_in_phrases() -> Vec<String> {
    toml::from_str::<PhraseFile>(BUILT_IN)
        .expect("the embedded restrictive-phrases.toml is valid (a test checks it)")
        .phrases
}

/// The words that, standing just before a phrase, say it is not done.
const NEGATIONS: &[&str] = &["no", "not", "never", "without"];

/// How many words before a phrase are looked at for a negation.
const NEGATION_WINDOW: usize = 3;

impl RestrictivePhrases {
    /// The built-in phrases and a pack's own (`[policy] restrictive_phrases`), one automaton for
    /// all; the built-in set alone is built once per run.
    pub fn for_pack(extra: &[String]) -> Arc<RestrictivePhrases> {
        if extra.iter().all(|p| p.trim().is_empty()) {
            return Arc::clone(&BUILT_IN_SET);
        }
        let built_in = built_in_phrases();
        Arc::new(RestrictivePhrases::new(built_in.iter().chain(extra)))
    }

    fn new<'a>(phrases: impl Iterator<Item = &'a String>) -> RestrictivePhrases {
        let patterns: Vec<String> = phrases
            .map(|p| single_spaced(p))
            .filter(|p| !p.is_empty())
            .collect();
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .or_else(|_| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&patterns)
            })
            .expect("an automaton of a few hundred phrases");
        RestrictivePhrases { automaton }
    }

    /// The first phrase in `text` that stands as whole words and is not negated, as the text
    /// writes it (a phrase broken over lines, or with two spaces, still counts).
    pub fn find(&self, text: &str) -> Option<String> {
        let spaced = |c: char| c.is_whitespace() && c != ' ';
        if text.contains(spaced) || text.contains("  ") {
            let single = single_spaced(text);
            return self.find_in(&single).map(str::to_string);
        }
        self.find_in(text).map(str::to_string)
    }

    fn find_in<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.automaton.find_iter(text).find_map(|m| {
            let (start, end) = (m.start(), m.end());
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            let whole = !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char);
            (whole && !negated(&text[..start])).then(|| &text[start..end])
        })
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether a negation stands within the three words at the end of `before`, in the same
/// sentence ("No curfew. Staff hold his keys." still holds his keys).
fn negated(before: &str) -> bool {
    let sentence = before
        .rfind(['.', '!', '?', ';', '\n'])
        .map_or(before, |end| &before[end + 1..]);
    let words: Vec<String> = sentence
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .take(NEGATION_WINDOW)
        .map(str::to_lowercase)
        .collect();
    // `words` runs backwards: the word just before the phrase first.
    words
        .iter()
        .any(|w| NEGATIONS.contains(&w.as_str()) || w.ends_with("n't") || w.ends_with("n’t"))
        || words
            .windows(2)
            .any(|pair| pair[0] == "of" && pair[1] == "instead")
}

#[cfg(test)]
mod tests {
    use super::*;

    impl RestrictivePhrases {
        fn find_str(&self, text: &str) -> Option<String> {
            self.find(text)
        }
    }

    fn built_in() -> Arc<RestrictivePhrases> {
        RestrictivePhrases::for_pack(&[])
    }

    #[test]
    fn the_embedded_copy_is_the_projects_list() {
        let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/restrictive-phrases.toml");
        if let Ok(text) = std::fs::read_to_string(&shared) {
            assert_eq!(
                text, BUILT_IN,
                "src/rules/restrictive-phrases.toml differs from ../shared/restrictive-phrases.toml: copy it again"
            );
        }
        assert!(built_in_phrases().len() > 50);
        assert!(built_in_phrases().iter().any(|p| p == "covert"));
    }

    #[test]
    fn phrases_are_found_as_whole_words_in_any_case() {
        let p = built_in();
        assert_eq!(
            p.find_str("Staff hold his keys at night.").as_deref(),
            Some("hold his keys")
        );
        assert_eq!(
            p.find_str("Tablets are given COVERTLY in yoghurt.")
                .as_deref(),
            Some("COVERTLY")
        );
        assert_eq!(
            p.find_str("The keypad on the front door.").as_deref(),
            Some("keypad")
        );
        assert_eq!(p.find_str("A curfew of 10pm.").as_deref(), Some("curfew"));
        // Inside a longer word it is not the phrase.
        assert_eq!(p.find_str("She discovertly").as_deref(), None);
        assert_eq!(p.find_str("Trackers of progress").as_deref(), None);
        assert_eq!(p.find_str("He enjoys going to the gym.").as_deref(), None);
    }

    #[test]
    fn a_negation_within_three_words_before_clears_it() {
        let p = built_in();
        assert_eq!(p.find_str("We will not use a curfew.").as_deref(), None);
        assert_eq!(p.find_str("No restraint is used.").as_deref(), None);
        assert_eq!(p.find_str("Never held his keys.").as_deref(), None);
        assert_eq!(
            p.find_str("Instead of a locked door, a chime.").as_deref(),
            None
        );
        assert_eq!(p.find_str("Staff don't hold his keys.").as_deref(), None);
        assert_eq!(p.find_str("without any restraint").as_deref(), None);
        // Four words away is too far.
        assert_eq!(
            p.find_str("Not what we wanted, but a curfew applies.")
                .as_deref(),
            Some("curfew")
        );
        // A later phrase that is not negated still counts.
        assert_eq!(
            p.find_str("No curfew. Staff hold his keys.").as_deref(),
            Some("hold his keys")
        );
    }

    #[test]
    fn a_pack_adds_its_own_phrases() {
        let extra = vec!["quiet  room".to_string(), " ".to_string()];
        let p = RestrictivePhrases::for_pack(&extra);
        assert_eq!(
            p.find_str("He spends time in the Quiet Room.").as_deref(),
            Some("Quiet Room")
        );
        assert_eq!(p.find_str("A curfew.").as_deref(), Some("curfew"));
        assert_eq!(built_in().find_str("the quiet room").as_deref(), None);
        // A phrase broken over a line still counts.
        assert_eq!(
            built_in().find_str("Staff hold his\n   keys.").as_deref(),
            Some("hold his keys")
        );
    }
}
