//! Ids and file names for new records: the next free id for a decision record (`D-NNN`) or a
//! practice example (`PX-NNN`) in a loaded pack, and the file a new record is written to.
//! `new`, the browser editor and the import all take ids from here.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::load::{DECISIONS_DIR, EXAMPLES_DIR, Pack};

pub const DEFAULT_DECISION_PREFIX: &str = "D-";
pub const DEFAULT_EXAMPLE_PREFIX: &str = "PX-";
pub const DEFAULT_WIDTH: usize = 3;

/// The two kinds of record a pack holds in `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Decision,
    Example,
}

impl RecordKind {
    /// The folder of the pack its files are in.
    pub fn dir(self) -> &'static str {
        match self {
            RecordKind::Decision => DECISIONS_DIR,
            RecordKind::Example => EXAMPLES_DIR,
        }
    }

    /// What a person calls it.
    pub fn noun(self) -> &'static str {
        match self {
            RecordKind::Decision => "decision record",
            RecordKind::Example => "practice example",
        }
    }
}

/// The next free id of `kind` in `pack`.
pub fn next_free_id(kind: RecordKind, pack: &Pack) -> String {
    let (decisions, examples) = existing_ids(pack);
    next_id(kind, &decisions, &examples)
}

/// The ids in the pack: (decision ids, example ids). Ids in files that could not be loaded are
/// found in their text as well, so that an id is never reused while a file is being fixed.
pub fn existing_ids(pack: &Pack) -> (Vec<String>, Vec<String>) {
    static ID_LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?m)^[ \t]*id[ \t]*=[ \t]*(?:"([^"\r\n]*)"|'([^'\r\n]*)')"#)
            .expect("valid regex")
    });
    let mut decisions: Vec<String> = pack.decisions.iter().map(|d| d.item.id.clone()).collect();
    let mut examples: Vec<String> = pack.examples.iter().map(|e| e.item.id.clone()).collect();
    for source in &pack.sources {
        let list = if source.rel.starts_with(&format!("{DECISIONS_DIR}/")) {
            &mut decisions
        } else if source.rel.starts_with(&format!("{EXAMPLES_DIR}/")) {
            &mut examples
        } else {
            continue;
        };
        // Only the first `id =` line before any table header is the record's id.
        let head = source
            .text
            .find("\n[")
            .map_or(source.text.as_str(), |i| &source.text[..i]);
        if let Some(c) = ID_LINE.captures(head) {
            let id = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
            if !list.iter().any(|known| known.trim() == id.trim()) {
                list.push(id.to_string());
            }
        }
    }
    (decisions, examples)
}

/// An id split into its prefix and trailing number, such as ("D-", 14, 3) for "D-014".
fn split_id(id: &str) -> Option<(&str, u64, usize)> {
    let id = id.trim();
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 18 {
        return None;
    }
    let (prefix, number) = id.split_at(id.len() - digits);
    Some((prefix, number.parse().ok()?, digits))
}

/// The next free id for a new decision record or practice example.
///
/// The prefix is the most common one among the existing ids of the same kind (ties go to the
/// default, then to the alphabetically first), or `D-` / `PX-` when there are none. The number is
/// one more than the highest number with that prefix among **all** ids, decisions and examples
/// alike (gaps are not filled), padded with zeros to the widest existing number with that prefix
/// (three digits by default). An id that is taken, in any case, is never returned.
pub fn next_id(kind: RecordKind, decision_ids: &[String], example_ids: &[String]) -> String {
    let (own, default_prefix) = match kind {
        RecordKind::Decision => (decision_ids, DEFAULT_DECISION_PREFIX),
        RecordKind::Example => (example_ids, DEFAULT_EXAMPLE_PREFIX),
    };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for id in own {
        if let Some((prefix, _, _)) = split_id(id) {
            *counts.entry(prefix).or_default() += 1;
        }
    }
    let most = counts.values().copied().max().unwrap_or(0);
    let prefix = if most == 0 || counts.get(default_prefix) == Some(&most) {
        default_prefix
    } else {
        counts
            .iter()
            .find(|(_, n)| **n == most)
            .map_or(default_prefix, |(p, _)| *p)
    };

    let all = decision_ids.iter().chain(example_ids);
    let taken: HashSet<String> = all.clone().map(|id| id.trim().to_lowercase()).collect();
    let mut highest = 0;
    let mut width = 0;
    for id in all {
        if let Some((p, number, digits)) = split_id(id)
            && p.eq_ignore_ascii_case(prefix)
        {
            highest = highest.max(number);
            width = width.max(digits);
        }
    }
    if width == 0 {
        width = DEFAULT_WIDTH;
    }
    let mut number = highest.saturating_add(1);
    loop {
        let id = format!("{prefix}{number:0width$}");
        if !taken.contains(&id.to_lowercase()) {
            return id;
        }
        number = number.saturating_add(1);
    }
}

/// `count` new ids of `kind` for records made at once (an import): the next free id, then the
/// numbers after it with the same prefix and width, skipping any id that is taken. The same as
/// calling [`next_id`] `count` times, adding each id to the list, without going through the list
/// each time.
pub fn next_ids(
    kind: RecordKind,
    decision_ids: &[String],
    example_ids: &[String],
    count: usize,
) -> Vec<String> {
    if count == 0 {
        return Vec::new();
    }
    let first = next_id(kind, decision_ids, example_ids);
    let Some((prefix, number, width)) = split_id(&first) else {
        return vec![first];
    };
    let taken: HashSet<String> = decision_ids
        .iter()
        .chain(example_ids)
        .map(|id| id.trim().to_lowercase())
        .collect();
    (number..)
        .map(|n| format!("{prefix}{n:0width$}"))
        .filter(|id| !taken.contains(&id.to_lowercase()))
        .take(count)
        .collect()
}

/// Lowercase letters and digits joined by single hyphens.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.chars() {
        if matches!(c, '\'' | '\u{2019}') {
            continue;
        }
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// `<id>-<title>.toml`, lowercase, with the title part cut at a word to keep names short.
pub fn file_name(id: &str, title: &str) -> String {
    const MAX_TITLE: usize = 50;
    let id = slug(id);
    let mut title = slug(title);
    if title.chars().count() > MAX_TITLE {
        let cut: String = title.chars().take(MAX_TITLE + 1).collect();
        title = match cut.rfind('-') {
            Some(i) if i > 0 => cut[..i].to_string(),
            _ => cut.chars().take(MAX_TITLE).collect(),
        };
    }
    let id = if id.is_empty() {
        "record".to_string()
    } else {
        id
    };
    if title.is_empty() {
        format!("{id}.toml")
    } else {
        format!("{id}-{title}.toml")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn many_ids_at_once_are_the_ids_next_id_gives_one_by_one() {
        let decisions = ids(&["D-001", "D-003", "d-005"]);
        let examples = ids(&["PX-001", "D-007"]);
        let mut one_by_one = decisions.clone();
        let mut expected = Vec::new();
        for _ in 0..4 {
            let id = next_id(RecordKind::Decision, &one_by_one, &examples);
            one_by_one.push(id.clone());
            expected.push(id);
        }
        assert_eq!(expected, vec!["D-008", "D-009", "D-010", "D-011"]);
        assert_eq!(
            next_ids(RecordKind::Decision, &decisions, &examples, 4),
            expected
        );
        let wide = ids(&["D-998", "D-1000"]);
        assert_eq!(
            next_ids(RecordKind::Decision, &wide, &[], 2),
            vec!["D-1001", "D-1002"]
        );
        assert!(next_ids(RecordKind::Decision, &wide, &[], 0).is_empty());
    }

    #[test]
    fn follows_the_pattern_and_keeps_the_padding() {
        let d = ids(&["D-001", "D-014"]);
        assert_eq!(next_id(RecordKind::Decision, &d, &[]), "D-015");
        assert_eq!(next_id(RecordKind::Decision, &ids(&["DR-7"]), &[]), "DR-8");
        assert_eq!(
            next_id(RecordKind::Decision, &ids(&["D-0099"]), &[]),
            "D-0100"
        );
        assert_eq!(
            next_id(RecordKind::Decision, &ids(&["D-999"]), &[]),
            "D-1000"
        );
    }

    #[test]
    fn gaps_are_not_filled() {
        let d = ids(&["D-001", "D-002", "D-010"]);
        assert_eq!(next_id(RecordKind::Decision, &d, &[]), "D-011");
    }

    #[test]
    fn no_records_yet_gives_the_defaults() {
        assert_eq!(next_id(RecordKind::Decision, &[], &[]), "D-001");
        assert_eq!(next_id(RecordKind::Example, &[], &[]), "PX-001");
        // Ids without a number do not set a pattern.
        let d = ids(&["medication"]);
        assert_eq!(next_id(RecordKind::Decision, &d, &[]), "D-001");
    }

    #[test]
    fn mixed_patterns_use_the_most_common_prefix() {
        let d = ids(&["RSL-004", "RSL-005", "D-020", "HC-1"]);
        assert_eq!(next_id(RecordKind::Decision, &d, &[]), "RSL-006");
        // A tie goes to the default prefix.
        let d = ids(&["RSL-004", "D-020"]);
        assert_eq!(next_id(RecordKind::Decision, &d, &[]), "D-021");
        // A tie without the default goes to the alphabetically first.
        let d = ids(&["RSL-004", "HC-020"]);
        assert_eq!(next_id(RecordKind::Decision, &d, &[]), "HC-021");
    }

    #[test]
    fn decisions_and_examples_share_one_id_space() {
        // An example that (wrongly) took a D- id is not reused.
        let d = ids(&["D-001", "D-002"]);
        let e = ids(&["PX-001", "D-003"]);
        assert_eq!(next_id(RecordKind::Decision, &d, &e), "D-004");
        assert_eq!(next_id(RecordKind::Example, &d, &e), "PX-002");
        // With no examples yet, PX- is still checked against every id.
        let d = ids(&["D-001", "PX-001"]);
        assert_eq!(next_id(RecordKind::Example, &d, &[]), "PX-002");
    }

    #[test]
    fn ids_in_another_case_count_as_taken() {
        // A tie between "D-" and "d-" goes to the default; numbers count in either case.
        let d = ids(&["D-001", "d-002"]);
        assert_eq!(next_id(RecordKind::Decision, &d, &[]), "D-003");
        let e = ids(&["px-004"]);
        assert_eq!(
            next_id(RecordKind::Example, &ids(&["PX-001"]), &e),
            "px-005"
        );
    }

    #[test]
    fn file_names_are_short_lowercase_slugs() {
        assert_eq!(
            file_name("D-015", "Going to the gym alone"),
            "d-015-going-to-the-gym-alone.toml"
        );
        assert_eq!(
            file_name("PX-002", "  Don't stop me — I'm going OUT!  "),
            "px-002-dont-stop-me-im-going-out.toml"
        );
        assert_eq!(
            file_name("D-001", "../../etc/passwd"),
            "d-001-etc-passwd.toml"
        );
        assert_eq!(file_name("D-001", "!!!"), "d-001.toml");
        let long = file_name("D-001", &"word ".repeat(40));
        assert!(long.len() <= "d-001-".len() + 50 + ".toml".len(), "{long}");
        assert!(long.ends_with("word.toml"));
    }
}
