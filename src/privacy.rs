//! Finds text that could identify a person: NHS numbers, postcodes, phone numbers, e-mail
//! addresses and names from the privacy register. A leaf below everything: the rules report what it
//! finds, and messages, source lines and drafts are redacted with it. Messages say what kind and
//! where, never the identifier itself.

use std::ops::{ControlFlow, Range};
use std::sync::LazyLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, Input, MatchKind};
use regex::Regex;
use unicode_normalization::char::is_combining_mark;

#[doc(hidden)]
pub mod planted;
mod reader;
pub mod walk;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IdentifierKind {
    NhsNumber,
    Postcode,
    PhoneNumber,
    Email,
    RegisteredName,
}

impl IdentifierKind {
    pub fn describe(self) -> &'static str {
        match self {
            IdentifierKind::NhsNumber => "an NHS number",
            IdentifierKind::Postcode => "a UK postcode",
            IdentifierKind::PhoneNumber => "a UK phone number",
            IdentifierKind::Email => "an e-mail address",
            IdentifierKind::RegisteredName => "a name from the privacy register",
        }
    }
}

/// Any run of white space, dots and dashes may stand between the parts of a number or postcode.
macro_rules! sep {
    () => {
        r"[\s.\-\u{2010}-\u{2015}\u{2212}]"
    };
}

static NHS_CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    // No word boundaries: "NHS9434765919" is still an NHS number. Neighbouring digits are checked
    // by `surrounded_by_non_digits`.
    Regex::new(concat!(
        r"(\d{3})",
        sep!(),
        r"*(\d{3})",
        sep!(),
        r"*(\d{4})"
    ))
    .expect("valid regex")
});
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?-u:\b)(?:[A-Z]{1,2}[0-9][A-Z0-9]?)",
        sep!(),
        r"*[0-9]([ABD-HJLNP-UW-Z]{2})(?-u:\b)"
    ))
    .expect("valid regex")
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:\(?(?:\+|00)44\)?",
        sep!(),
        r"*(?:\(0\)",
        sep!(),
        r"*)?|\(?0)\d(?:\)?",
        sep!(),
        r"*\d){8,9}"
    ))
    .expect("valid regex")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
        .expect("valid regex")
});

/// True when ten digits pass the NHS number's modulus 11 check.
pub fn is_valid_nhs_number(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 10 || digits.chars().any(|c| !c.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = d[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(digit, weight)| digit * weight)
        .sum();
    let check = match 11 - (sum % 11) {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == d[9]
}

/// Finds identifiers in text as the reader sees it (see [`reader`]).
pub struct IdentifierScanner {
    names: Option<NameMatcher>,
}

impl std::fmt::Debug for IdentifierScanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentifierScanner")
            .field("names", &self.names.is_some())
            .finish()
    }
}

/// The names of the privacy register, folded as [`reader::fold`] folds text, found all at once.
struct NameMatcher {
    automata: Vec<DFA>,
    /// Names no automaton could be built for (none in practice): searched one by one, never
    /// dropped.
    one_by_one: Vec<String>,
}

/// How many names one automaton holds: a bound on its size, whatever the register holds.
const NAMES_PER_AUTOMATON: usize = 20_000;

impl NameMatcher {
    fn new(names: &[String]) -> Option<NameMatcher> {
        let mut folded: Vec<String> = names
            .iter()
            .map(|n| {
                reader::fold(&reader::reader(n, false), false)
                    .text
                    .trim()
                    .to_string()
            })
            .filter(|n| !n.is_empty())
            .collect();
        folded.sort();
        folded.dedup();
        if folded.is_empty() {
            return None;
        }
        let mut automata = Vec::new();
        let mut one_by_one = Vec::new();
        for chunk in folded.chunks(NAMES_PER_AUTOMATON) {
            // A DFA: the fastest search, and for 20,000 names some tens of megabytes.
            match DFA::builder().match_kind(MatchKind::Standard).build(chunk) {
                Ok(automaton) => automata.push(automaton),
                Err(_) => one_by_one.extend(chunk.iter().cloned()),
            }
        }
        Some(NameMatcher {
            automata,
            one_by_one,
        })
    }

    /// Whether a name may stand in the text: whether its fold holds a name anywhere, whole word
    /// or not. `stored` says whether `text` is the stored text or the reader's view of it. The
    /// fold goes through the automaton a byte at a time as it is made, in one pass, and nothing
    /// is built: most texts hold no name, and [`NameMatcher::find`] needs the folded text.
    fn may_occur(&self, text: &str, stored: bool) -> bool {
        !self.one_by_one.is_empty()
            || self.automata.iter().any(|dfa| {
                let mut state = dfa
                    .start_state(Anchored::No)
                    .expect("an automaton for unanchored searches");
                let step = |b| {
                    state = dfa.next_state(Anchored::No, state, b);
                    if dfa.is_special(state) && dfa.is_match(state) {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                };
                let flow = if stored {
                    reader::fold_for_names_each(text, step)
                } else {
                    reader::fold_view_each(text, step)
                };
                flow.is_break()
            })
    }

    /// Where whole-word names stand in `folded`.
    fn find(&self, folded: &str, found: &mut Vec<Range<usize>>) {
        let whole_word = |r: &Range<usize>| {
            let before = folded[..r.start].chars().next_back();
            let after = folded[r.end..].chars().next();
            !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
        };
        for dfa in &self.automata {
            found.extend(
                dfa.try_find_overlapping_iter(Input::new(folded))
                    .expect("an automaton for unanchored, overlapping searches")
                    .map(|m| m.range())
                    .filter(whole_word),
            );
        }
        for name in &self.one_by_one {
            found.extend(
                folded
                    .match_indices(name.as_str())
                    .map(|(at, n)| at..at + n.len())
                    .filter(whole_word),
            );
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

impl IdentifierScanner {
    pub fn new(names: &[String]) -> IdentifierScanner {
        IdentifierScanner {
            names: NameMatcher::new(names),
        }
    }

    /// The kinds of identifier found in `text`, each once, in a fixed order.
    pub fn scan(&self, text: &str) -> Vec<IdentifierKind> {
        let mut kinds: Vec<IdentifierKind> = self
            .find_all(text, false)
            .into_iter()
            .map(|(_, k)| k)
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }

    /// Where each identifier in `text` is (byte ranges of `text`), and what it is.
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, IdentifierKind)> {
        // Most texts hold none: finding that out needs no map back to the text.
        if self.find_all(text, false).is_empty() {
            return Vec::new();
        }
        self.find_all(text, true)
    }

    /// The text with every identifier replaced by a note of what was removed.
    pub fn redact(&self, text: &str) -> String {
        let mut ranges = self.find(text);
        if ranges.is_empty() {
            return text.to_string();
        }
        ranges.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for (range, kind) in ranges {
            if range.start < pos {
                // Overlapping finds: the removal covers both.
                if range.end > pos {
                    pos = range.end;
                }
                continue;
            }
            out.push_str(&text[pos..range.start]);
            out.push_str(kind.removed_note());
            pos = range.end;
        }
        out.push_str(&text[pos..]);
        out
    }

    /// A copy of `value` (a record, an example, a tender...) with every identifier in every text
    /// of it replaced by a note of what was removed, whatever field the text is in: what a draft
    /// is made from. `None` when the copy cannot be made; the caller must then not write it.
    pub fn redact_every_text<T>(&self, value: &T) -> Option<T>
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
    {
        walk::map_every_text(value, &|text: &str| self.redact(text))
    }

    /// Every identifier in `text`. With `track`, each with where it stands in `text`; without,
    /// the ranges mean nothing (for [`IdentifierScanner::scan`], which needs only the kinds).
    fn find_all(&self, text: &str, track: bool) -> Vec<(Range<usize>, IdentifierKind)> {
        let mut found = Vec::new();
        let may_have_number = has_digit(text.as_bytes()) || has_non_ascii(text);
        let may_have_email = text.contains('@') || text.contains('&') || has_non_ascii(text);
        if !may_have_number && !may_have_email && !track {
            // Only names can be here (most texts): one pass where the text allows.
            if let Some(names) = self.names.as_ref().filter(|n| n.may_occur(text, true)) {
                let mut ranges = Vec::new();
                names.find(&reader::fold_for_names(text), &mut ranges);
                found.extend(
                    ranges
                        .into_iter()
                        .map(|r| (r, IdentifierKind::RegisteredName)),
                );
            }
            return found;
        }
        let view = reader::reader(text, track);
        let seen = view.text.as_ref();
        // An NHS or phone number has at least ten digits: most texts with digits have fewer.
        let digits = if may_have_number {
            seen.bytes().filter(u8::is_ascii_digit).count()
        } else {
            0
        };
        if digits >= 10 {
            for m in NHS_CANDIDATE.captures_iter(seen) {
                let whole = m.get(0).expect("group 0");
                let digits = format!("{}{}{}", &m[1], &m[2], &m[3]);
                if surrounded_by_non_digits(seen, whole.start(), whole.end())
                    && is_valid_nhs_number(&digits)
                {
                    found.push((whole.range(), IdentifierKind::NhsNumber));
                }
            }
        }
        if digits >= 2 {
            for m in POSTCODE.captures_iter(seen) {
                // "B12 3rd floor": a lower-case ordinal is not an inward code.
                let ordinal = matches!(&m[1], "st" | "nd" | "rd" | "th");
                if !ordinal {
                    found.push((m.get(0).expect("group 0").range(), IdentifierKind::Postcode));
                }
            }
        }
        if digits >= 10 {
            for m in PHONE.find_iter(seen) {
                let overlaps_nhs = found.iter().any(|(r, k)| {
                    *k == IdentifierKind::NhsNumber && r.start < m.end() && m.start() < r.end
                });
                if !overlaps_nhs
                    && surrounded_by_non_digits(seen, m.start(), m.end())
                    && phone_digits_ok(m.as_str())
                {
                    found.push((m.range(), IdentifierKind::PhoneNumber));
                }
            }
        }
        if seen.contains('@') {
            found.extend(
                EMAIL
                    .find_iter(seen)
                    .map(|m| (m.range(), IdentifierKind::Email)),
            );
        }
        if track {
            for (range, _) in &mut found {
                *range = view.original(range.clone());
            }
        }
        if let Some(names) = self
            .names
            .as_ref()
            .filter(|n| track || n.may_occur(seen, false))
        {
            let folded = reader::fold(&view, track);
            let mut ranges = Vec::new();
            names.find(&folded.text, &mut ranges);
            found.extend(ranges.into_iter().map(|r| {
                let r = if track { folded.original(r) } else { r };
                (r, IdentifierKind::RegisteredName)
            }));
        }
        found
    }
}

fn has_non_ascii(text: &str) -> bool {
    !text.is_ascii()
}

/// Whether `bytes` holds an ASCII digit: most text has none.
fn has_digit(bytes: &[u8]) -> bool {
    bytes.iter().any(u8::is_ascii_digit)
}

impl IdentifierKind {
    pub fn removed_note(self) -> &'static str {
        match self {
            IdentifierKind::NhsNumber => "[NHS number removed]",
            IdentifierKind::Postcode => "[postcode removed]",
            IdentifierKind::PhoneNumber => "[phone number removed]",
            IdentifierKind::Email => "[e-mail address removed]",
            IdentifierKind::RegisteredName => "[name removed]",
        }
    }
}

fn surrounded_by_non_digits(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_ascii_digit() || c == '+')
        && !after.is_some_and(|c| c.is_ascii_digit())
}

/// A UK number has 10 or 11 digits starting with 0, or +44 (or 0044) and 9 or 10 more; a "(0)"
/// after +44 is not counted.
fn phone_digits_ok(candidate: &str) -> bool {
    let candidate = candidate
        .trim_start()
        .trim_start_matches('(')
        .replace("(0)", "");
    let digits: String = candidate.chars().filter(char::is_ascii_digit).collect();
    if candidate.starts_with('+') || candidate.starts_with("0044") {
        let digits = digits.strip_prefix("00").unwrap_or(&digits);
        digits.starts_with("44") && (11..=12).contains(&digits.len())
    } else {
        digits.starts_with('0') && (10..=11).contains(&digits.len())
    }
}

/// Reports each kind of identifier found in each text, naming the field.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digit_is_found_wherever_it_stands() {
        assert!(!has_digit(b""));
        assert!(!has_digit(
            "No digits here at all, not one: ŵ🙂".repeat(9).as_bytes()
        ));
        for at in [0, 1, 63, 64, 65, 127, 128, 199] {
            let mut text = vec![b'x'; 200];
            text[at] = b'7';
            assert!(has_digit(&text), "{at}");
        }
    }

    #[test]
    fn nhs_check_digit() {
        assert!(is_valid_nhs_number("9434765919"));
        assert!(!is_valid_nhs_number("9434765918"));
        assert!(is_valid_nhs_number("9999999999"));
        // Weighted sum 22: 11 - 0 = 11, so the check digit is 0.
        assert!(is_valid_nhs_number("1000000060"));
        assert!(!is_valid_nhs_number("1000000061"));
        // Weighted sum 12: 11 - 1 = 10, which no NHS number has.
        for last in 0..=9 {
            assert!(!is_valid_nhs_number(&format!("000000006{last}")));
        }
        assert!(!is_valid_nhs_number("943476591"));
    }

    fn kinds(text: &str) -> Vec<IdentifierKind> {
        IdentifierScanner::new(&["Jane Smith".to_string(), "Siân".to_string()]).scan(text)
    }

    #[test]
    fn nhs_numbers_in_3_3_4_form() {
        assert_eq!(
            kinds("NHS 943 476 5919 on file"),
            vec![IdentifierKind::NhsNumber]
        );
        assert_eq!(kinds("NHS 943-476-5919"), vec![IdentifierKind::NhsNumber]);
        assert_eq!(kinds("9434765919"), vec![IdentifierKind::NhsNumber]);
        assert!(kinds("943 476 5918").is_empty(), "bad check digit");
        assert_eq!(kinds("943 476-5919"), vec![IdentifierKind::NhsNumber]);
    }

    #[test]
    fn postcodes() {
        assert_eq!(kinds("lives at SW1A 1AA"), vec![IdentifierKind::Postcode]);
        assert_eq!(kinds("near m1 1ae"), vec![IdentifierKind::Postcode]);
        assert_eq!(kinds("B33 8TH."), vec![IdentifierKind::Postcode]);
        assert!(kinds("at 10am on the 2nd floor, room B12").is_empty());
    }

    #[test]
    fn phone_numbers() {
        assert_eq!(
            kinds("call 07700 900123"),
            vec![IdentifierKind::PhoneNumber]
        );
        assert_eq!(kinds("(020) 7946 0958"), vec![IdentifierKind::PhoneNumber]);
        assert_eq!(kinds("+44 7700 900123"), vec![IdentifierKind::PhoneNumber]);
        assert!(kinds("on 2026-03-02 at 08:00, 12 doses").is_empty());
        assert!(kinds("reference 0123").is_empty());
    }

    #[test]
    fn redaction_hides_every_kind() {
        let scanner = IdentifierScanner::new(&["Jane Smith".to_string()]);
        let text = "Jane Smith, NHS 943 476 5919, SW1A 1AA, 07700 900123, jo@example.org.";
        assert_eq!(
            scanner.redact(text),
            "[name removed], NHS [NHS number removed], [postcode removed], [phone number removed], [e-mail address removed]."
        );
        assert_eq!(scanner.redact("nothing here"), "nothing here");
    }

    #[test]
    fn more_forms_of_identifier() {
        assert_eq!(
            kinds("+44 (0)20 7946 0958"),
            vec![IdentifierKind::PhoneNumber]
        );
        assert_eq!(kinds("0044 7700 900123"), vec![IdentifierKind::PhoneNumber]);
        assert_eq!(kinds("NHS9434765919"), vec![IdentifierKind::NhsNumber]);
        assert_eq!(kinds("9434765919x"), vec![IdentifierKind::NhsNumber]);
        assert!(kinds("Room B12 3rd floor, ward b2 2nd visit").is_empty());
        assert_eq!(kinds("B12 3RD"), vec![IdentifierKind::Postcode]);
        let scanner = IdentifierScanner::new(&["Pat O'Brien".to_string()]);
        assert_eq!(
            scanner.scan("Pat O\u{2019}Brien"),
            vec![IdentifierKind::RegisteredName]
        );
    }

    #[test]
    fn emails_and_names() {
        assert_eq!(
            kinds("write to jo.b@example.org"),
            vec![IdentifierKind::Email]
        );
        assert_eq!(
            kinds("JANE  SMITH said"),
            vec![IdentifierKind::RegisteredName]
        );
        assert_eq!(kinds("siân agreed"), vec![IdentifierKind::RegisteredName]);
        assert!(
            kinds("Janet Smithers agreed").is_empty(),
            "whole words only"
        );
    }

    #[test]
    fn names_split_by_markdown_or_html_are_found_and_removed() {
        for text in [
            "**Jane** Smith agreed",
            "_Jane_ _Smith_ agreed",
            "*Jane*\n**Smith** agreed",
            "<b>Jane</b> Smith agreed",
            "`Jane` `Smith`",
        ] {
            assert_eq!(kinds(text), vec![IdentifierKind::RegisteredName], "{text}");
        }
        let scanner = IdentifierScanner::new(&["Jane Smith".to_string()]);
        let redacted = scanner.redact("Ask **Jane** Smith first.");
        assert!(
            !redacted.contains("Jane") && !redacted.contains("Smith"),
            "{redacted}"
        );
        assert!(
            kinds("Jane**Smith").is_empty(),
            "the words still need a space between them"
        );
        assert!(kinds("**Jane** Smithers").is_empty(), "whole words only");
        assert_eq!(
            scanner.redact("Jane Smith,Jane Smith"),
            "[name removed],[name removed]"
        );
    }

    #[test]
    fn identifiers_laid_out_differently_are_found() {
        let nhs = [IdentifierKind::NhsNumber];
        for text in [
            "943\n476\n5919",
            "943.476.5919",
            "943  476 \u{A0}5919",
            "943&nbsp;476&#32;5919",
            "943\u{2013}476\u{2013}5919",
            "\u{FF19}\u{FF14}\u{FF13} 476 5919",
            "**943** 476 5919",
        ] {
            assert_eq!(kinds(text), nhs, "{text:?}");
        }
        let phone = [IdentifierKind::PhoneNumber];
        for text in [
            "07700.900.123",
            "(+44) 7700 900123",
            "07700\n900123",
            "07700 - 900 - 123",
            "+44\u{A0}7700\u{A0}900123",
        ] {
            assert_eq!(kinds(text), phone, "{text:?}");
        }
        for text in ["SW1A\n1AA", "SW1A  1AA", "SW1A&nbsp;1AA"] {
            assert_eq!(kinds(text), [IdentifierKind::Postcode], "{text:?}");
        }
        for text in [
            "jo&#64;example.org",
            "jo&#x40;example.org",
            "jo&commat;example.org",
            "<a href=\"mailto:jo@example.org\">her</a>",
        ] {
            assert_eq!(kinds(text), [IdentifierKind::Email], "{text:?}");
        }
        for text in [
            "Jane\u{A0}Smith",
            "Jane&nbsp;Smith",
            "Jane\nSmith",
            "Jane\r\n   Smith",
            "Jane<br>Smith",
            "J&#97;ne Smith",
            "Sia\u{302}n",
            "SIÂN",
        ] {
            assert_eq!(kinds(text), [IdentifierKind::RegisteredName], "{text:?}");
        }
    }

    #[test]
    fn redaction_removes_identifiers_laid_out_differently() {
        let scanner = IdentifierScanner::new(&["Jane Smith".to_string()]);
        for text in [
            "Jane&nbsp;Smith and 943.476.5919 and jo&#64;example.org",
            "Jane\nSmith and 943\n476\n5919 and jo@example.org",
        ] {
            let redacted = scanner.redact(text);
            for part in ["Jane", "Smith", "943", "5919", "jo", "example"] {
                assert!(!redacted.contains(part), "{redacted}");
            }
        }
    }

    #[test]
    fn a_register_of_ten_thousand_names_works() {
        let names: Vec<String> = (0..10_000)
            .map(|i| format!("Given{i} Family{}", i * 7))
            .collect();
        let scanner = IdentifierScanner::new(&names);
        assert_eq!(
            scanner.scan("we met given9999 family69993 today"),
            [IdentifierKind::RegisteredName]
        );
        assert_eq!(
            scanner.scan("Given1 Family7"),
            [IdentifierKind::RegisteredName]
        );
        assert!(scanner.scan("Given1 Family70").is_empty());
        assert_eq!(
            scanner.redact("Given5\u{A0}Family35, Given6 Family42."),
            "[name removed], [name removed]."
        );
    }

    #[test]
    fn a_shorter_name_inside_a_longer_one_is_still_found() {
        let scanner = IdentifierScanner::new(&["Jo".to_string(), "Jo Smithers".to_string()]);
        assert_eq!(scanner.redact("Jo Smithersby"), "[name removed] Smithersby");
        assert_eq!(scanner.redact("Jo Smithers."), "[name removed].");
    }
}

/// The fuzz target's properties (fuzz/fuzz_targets/identifiers.rs) over many random texts from a
/// fixed seed, so `cargo test` checks them on every machine.
#[cfg(test)]
mod random_texts {
    use super::planted::{PLANTED, REGISTER, plant};
    use super::*;

    /// Characters that mean something to the scanner's reader, and ordinary ones.
    const PALETTE: &[char] = &[
        'a', 'B', 'z', 'Q', '0', '1', '4', '9', '7', ' ', ' ', '\n', '\t', '.', '-', '+', '(', ')',
        '@', '&', '#', ';', '<', '>', '/', '*', '_', '`', '~', '\\', '"', '\'', '\u{A0}',
        '\u{2013}', '\u{2019}', '\u{301}', '\u{302}', '\u{200B}', '\u{FF19}', 'ŵ', 'ß', 'İ', '😊',
        '我', 'ਸ', 'م', '\u{E000}', '\u{FFFD}', '|',
    ];
    const FRAGMENTS: &[&str] = &[
        "&nbsp;",
        "&#64;",
        "&amp;",
        "<br>",
        "<b>",
        "</b>",
        "<a href=\"x\">",
        "**",
        "SW1",
        "077",
        "943",
        "jane",
        "Smith",
        "@example.org",
        "+44",
        "&#",
        "<",
        "&",
    ];

    /// xorshift64*: a fixed stream of numbers with no dependency.
    struct Random(u64);

    impl Random {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn text(&mut self) -> String {
            let mut text = String::new();
            for _ in 0..self.below(60) {
                if self.below(4) == 0 {
                    text.push_str(FRAGMENTS[self.below(FRAGMENTS.len())]);
                } else {
                    text.push(PALETTE[self.below(PALETTE.len())]);
                }
            }
            text
        }
    }

    /// The one-pass test that lets most texts skip the fold never skips a text that holds a
    /// name, whether it is given the stored text or the reader's view.
    #[test]
    fn no_text_holding_a_name_is_skipped() {
        let names: Vec<String> = REGISTER.iter().map(|n| n.to_string()).collect();
        let matcher = NameMatcher::new(&names).expect("names");
        let planted: Vec<&str> = PLANTED
            .iter()
            .filter(|(_, kind)| *kind == IdentifierKind::RegisteredName)
            .map(|(text, _)| *text)
            .collect();
        let mut random = Random(0xF01D_5EED_0000_0012);
        let mut held = 0;
        for round in 0..6_000 {
            let text = if round % 2 == 0 {
                random.text()
            } else {
                let name = planted[round % planted.len()];
                format!("{}{name}{}", random.text(), random.text())
            };
            let mut found = Vec::new();
            matcher.find(&reader::fold_for_names(&text), &mut found);
            let view = reader::reader(&text, false);
            let mut in_view = Vec::new();
            matcher.find(&reader::fold(&view, false).text, &mut in_view);
            assert_eq!(found, in_view, "{text:?}");
            if !found.is_empty() {
                held += 1;
                assert!(matcher.may_occur(&text, true), "{text:?}");
                assert!(matcher.may_occur(&view.text, false), "{text:?}");
            }
        }
        assert!(held > 1_000, "{held}");
    }

    #[test]
    fn planted_identifiers_are_found_in_any_surrounding_text() {
        let names: Vec<String> = REGISTER.iter().map(|n| n.to_string()).collect();
        let scanner = IdentifierScanner::new(&names);
        let mut random = Random(0x5EED_1234_ABCD_0042);
        for round in 0..4_000 {
            let (before, after) = (random.text(), random.text());
            let _ = scanner.redact(&before);
            let (planted, kind) = PLANTED[round % PLANTED.len()];
            let whole = plant(&before, planted, &after);
            assert!(
                scanner.scan(&whole).contains(&kind),
                "{kind:?} {planted:?} not found in {whole:?}"
            );
            assert_ne!(scanner.redact(&whole), whole, "{whole:?}");
        }
    }
}
