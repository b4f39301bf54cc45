//! Finds text that could identify a person: NHS numbers, postcodes, phone numbers, e-mail
//! addresses and names from the privacy register. A leaf below everything: the rules report what it
//! finds, and messages, source lines and drafts are redacted with it. Messages say what kind and
//! where, never the identifier itself.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

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

static NHS_CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    // No word boundaries: "NHS9434765919" is still an NHS number. Neighbouring digits are checked
    // by `surrounded_by_non_digits`.
    Regex::new(r"(\d{3})([ -]?)(\d{3})([ -]?)(\d{4})").expect("valid regex")
});
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:[A-Z]{1,2}[0-9][A-Z0-9]?) ?[0-9]([ABD-HJLNP-UW-Z]{2})(?-u:\b)")
        .expect("valid regex")
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?|\(?0)\d(?:\)?[ -]?\d){8,9}")
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

pub struct IdentifierScanner {
    names: Option<Regex>,
}

/// What may stand between the words of a name: spaces, with Markdown emphasis marks or short
/// HTML tags around them, so that `**Jane** Smith` and `<b>Jane</b> Smith` are found too.
const BETWEEN_WORDS: &str = r"(?:[*_~`]|<[^<>\n]{0,40}>)*\s+(?:[*_~`]|<[^<>\n]{0,40}>)*";

impl IdentifierScanner {
    pub fn new(names: &[String]) -> IdentifierScanner {
        let alternatives: Vec<String> = names
            .iter()
            .map(|n| {
                // Straight and curly apostrophes match each other: O'Brien, O’Brien.
                n.split_whitespace()
                    .map(|word| regex::escape(word).replace(['\'', '\u{2019}'], "['\u{2019}]"))
                    .collect::<Vec<_>>()
                    .join(BETWEEN_WORDS)
            })
            .filter(|n| !n.is_empty())
            .collect();
        // Whole words only; `_` counts as a mark, not a letter, so `_Jane Smith_` is found.
        let names = (!alternatives.is_empty())
            .then(|| {
                Regex::new(&format!(
                    r"(?i)(?:^|[^\p{{L}}\p{{M}}\p{{N}}])({})(?:$|[^\p{{L}}\p{{M}}\p{{N}}])",
                    alternatives.join("|")
                ))
                .ok()
            })
            .flatten();
        IdentifierScanner { names }
    }

    /// The kinds of identifier found in `text`, each once, in a fixed order.
    pub fn scan(&self, text: &str) -> Vec<IdentifierKind> {
        let mut kinds: Vec<IdentifierKind> =
            self.find_all(text).into_iter().map(|(_, k)| k).collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }

    /// The text with every identifier replaced by a note of what was removed.
    pub fn redact(&self, text: &str) -> String {
        let mut ranges = self.find_all(text);
        if ranges.is_empty() {
            return text.to_string();
        }
        ranges.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for (range, kind) in ranges {
            if range.start < pos {
                continue;
            }
            out.push_str(&text[pos..range.start]);
            out.push_str(kind.removed_note());
            pos = range.end;
        }
        out.push_str(&text[pos..]);
        out
    }

    /// Every identifier in `text`, with where it stands.
    fn find_all(&self, text: &str) -> Vec<(Range<usize>, IdentifierKind)> {
        let mut found = Vec::new();
        if has_digit(text.as_bytes()) {
            for m in NHS_CANDIDATE.captures_iter(text) {
                let whole = m.get(0).expect("group 0");
                let digits = format!("{}{}{}", &m[1], &m[3], &m[5]);
                if m[2] == m[4]
                    && surrounded_by_non_digits(text, whole.start(), whole.end())
                    && is_valid_nhs_number(&digits)
                {
                    found.push((whole.range(), IdentifierKind::NhsNumber));
                }
            }
            for m in POSTCODE.captures_iter(text) {
                // "B12 3rd floor": a lower-case ordinal is not an inward code.
                let ordinal = matches!(&m[1], "st" | "nd" | "rd" | "th");
                if !ordinal {
                    found.push((m.get(0).expect("group 0").range(), IdentifierKind::Postcode));
                }
            }
            for m in PHONE.find_iter(text) {
                let overlaps_nhs = found.iter().any(|(r, k)| {
                    *k == IdentifierKind::NhsNumber && r.start < m.end() && m.start() < r.end
                });
                if !overlaps_nhs
                    && surrounded_by_non_digits(text, m.start(), m.end())
                    && phone_digits_ok(m.as_str())
                {
                    found.push((m.range(), IdentifierKind::PhoneNumber));
                }
            }
        }
        if text.contains('@') {
            found.extend(
                EMAIL
                    .find_iter(text)
                    .map(|m| (m.range(), IdentifierKind::Email)),
            );
        }
        if let Some(names) = &self.names {
            // The letter after one name may be the boundary before the next, so each search
            // starts where the last name ended.
            let mut at = 0;
            while let Some(name) = names.captures_at(text, at).and_then(|c| c.get(1)) {
                found.push((name.range(), IdentifierKind::RegisteredName));
                at = name.end();
            }
        }
        found
    }
}

/// Whether `bytes` holds an ASCII digit: most text has none.
fn has_digit(bytes: &[u8]) -> bool {
    bytes.iter().any(u8::is_ascii_digit)
}

impl IdentifierKind {
    fn removed_note(self) -> &'static str {
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
    let candidate = candidate.trim_start().replace("(0)", "");
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
        assert!(kinds("943 476-5919").is_empty(), "mixed separators");
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
}
