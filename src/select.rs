//! Which decision records and practice examples go into a pack: the `[select]` table of pack.toml
//! (SPEC section 3).
//!
//! `check` always looks at everything; `build` renders only what is selected here. A record or
//! example marked `draft = true` is never in the pack, whatever the selection says.
//!
//! # How a decision record is selected
//!
//! - With no `[select]` table, or an empty one, every record is in the pack.
//! - `ids` always includes: a record whose id is listed is in the pack whatever the other keys say.
//! - The other keys (`services`, `themes`, `statements`, `status`) are filters. A record is
//!   included when it matches **every** filter key that is given, and it matches a key when
//!   **any** of the key's values matches:
//!   - `services`: the record's `service`;
//!   - `themes`: any of the record's `themes`;
//!   - `statements`: any of the record's `statements`, compared after resolving both to their
//!     framework (so `"S4"` and `"cqc-saf:S4"` are the same statement in a `cqc-saf` pack);
//!   - `status`: `"active"` or `"closed"`.
//! - With only `ids` given, only those records are in the pack.
//!
//! Words are compared ignoring upper and lower case and spaces at either end.
//!
//! # How a practice example is selected
//!
//! - `ids` always includes, as for records.
//! - `themes` and `statements` are matched against the example's own `themes` and `statements`.
//! - `services` and `status` describe the people and decisions behind a story, which an example
//!   does not record itself. An example matches them when **at least one of the decision records
//!   it cites is itself selected** (by the whole selection, `ids` included). So a story is only
//!   picked by service or status when some of its evidence is in the same pack.
//!
//! For every selected example, [`Selected::left_out`] lists the decision ids it cites that are not
//! in the pack, so that `build` can say so (or refuse).

use std::collections::{BTreeMap, HashSet};

use crate::load::Pack;
use crate::model::decision::Status;
use crate::model::framework::Frameworks;
use crate::model::pack_config::Selection;
use crate::model::{DecisionRecord, PracticeExample};

/// What goes into the pack: indices into `pack.decisions` and `pack.examples`, in pack order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selected {
    /// Indices into `pack.decisions`, ascending.
    pub decisions: Vec<usize>,
    /// Indices into `pack.examples`, ascending.
    pub examples: Vec<usize>,
    /// For each selected example (by index into `pack.examples`) that cites decisions not in the
    /// pack: those decision ids, as the example writes them (trimmed), in the example's order.
    /// Ids that no record has at all are listed too (`check` reports them as
    /// `unknown-reference`). Examples with nothing left out have no entry.
    pub left_out: BTreeMap<usize, Vec<String>>,
}

impl Selected {
    /// The decision ids that example `index` (into `pack.examples`) cites but that are not in the
    /// pack; empty when all its evidence is in the pack.
    pub fn left_out(&self, index: usize) -> &[String] {
        self.left_out.get(&index).map_or(&[], Vec::as_slice)
    }

    pub fn has_decision(&self, index: usize) -> bool {
        self.decisions.binary_search(&index).is_ok()
    }

    pub fn has_example(&self, index: usize) -> bool {
        self.examples.binary_search(&index).is_ok()
    }

    /// The selected records and examples themselves, in pack order.
    pub fn items<'a>(&self, pack: &'a Pack) -> (Vec<&'a DecisionRecord>, Vec<&'a PracticeExample>) {
        let decisions = self
            .decisions
            .iter()
            .map(|&i| &*pack.decisions[i].item)
            .collect();
        let examples = self
            .examples
            .iter()
            .map(|&i| &*pack.examples[i].item)
            .collect();
        (decisions, examples)
    }
}

/// What goes into the pack under its own `[select]` table (everything when there is none).
pub fn select(pack: &Pack) -> Selected {
    select_with(pack, pack.config.select.as_ref())
}

/// What goes into the pack under `selection` (everything when it is `None` or empty).
pub fn select_with(pack: &Pack, selection: Option<&Selection>) -> Selected {
    let frameworks = &pack.frameworks;
    let decisions: Vec<usize> = pack
        .decisions
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.item.draft)
        .filter(|(_, d)| selection.is_none_or(|s| decision_selected(s, &d.item, frameworks)))
        .map(|(i, _)| i)
        .collect();
    let selected_ids: HashSet<&str> = decisions
        .iter()
        .map(|&i| pack.decisions[i].item.id.trim())
        .collect();
    let examples: Vec<usize> = pack
        .examples
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.item.draft)
        .filter(|(_, e)| {
            selection.is_none_or(|s| example_selected(s, &e.item, frameworks, &selected_ids))
        })
        .map(|(i, _)| i)
        .collect();
    let mut left_out = BTreeMap::new();
    for &i in &examples {
        let missing: Vec<String> = pack.examples[i]
            .item
            .decisions
            .iter()
            .map(|id| id.trim())
            .filter(|id| !selected_ids.contains(id))
            .map(str::to_string)
            .collect();
        if !missing.is_empty() {
            left_out.insert(i, missing);
        }
    }
    Selected {
        decisions,
        examples,
        left_out,
    }
}

/// True when the selection has no keys at all (so everything is selected).
pub fn is_everything(selection: &Selection) -> bool {
    !has_filters(selection) && selection.ids.is_empty()
}

fn has_filters(s: &Selection) -> bool {
    !(s.services.is_empty()
        && s.themes.is_empty()
        && s.statements.is_empty()
        && s.status.is_empty())
}

/// Whether a decision record is in the pack under `selection` (see the module documentation).
pub fn decision_selected(
    selection: &Selection,
    record: &DecisionRecord,
    frameworks: &Frameworks,
) -> bool {
    if is_everything(selection) || listed(&selection.ids, &record.id) {
        return true;
    }
    if !has_filters(selection) {
        return false;
    }
    let status = match record.status {
        Status::Active => "active",
        Status::Closed => "closed",
    };
    key_matches(&selection.services, record.service.iter())
        && key_matches(&selection.themes, record.themes.iter())
        && statements_match(&selection.statements, &record.statements, frameworks)
        && key_matches(&selection.status, [status].into_iter())
}

/// Whether a practice example is in the pack under `selection`, given the ids of the decision
/// records that are (see the module documentation).
pub fn example_selected(
    selection: &Selection,
    example: &PracticeExample,
    frameworks: &Frameworks,
    selected_decisions: &HashSet<&str>,
) -> bool {
    if is_everything(selection) || listed(&selection.ids, &example.id) {
        return true;
    }
    if !has_filters(selection) {
        return false;
    }
    let by_evidence = (selection.services.is_empty() && selection.status.is_empty())
        || example
            .decisions
            .iter()
            .any(|id| selected_decisions.contains(id.trim()));
    by_evidence
        && key_matches(&selection.themes, example.themes.iter())
        && statements_match(&selection.statements, &example.statements, frameworks)
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn listed(ids: &[String], id: &str) -> bool {
    ids.iter().any(|wanted| wanted.trim() == id.trim())
}

/// An empty key matches everything; otherwise any value of the record must equal any wanted one.
fn key_matches<'a, S: AsRef<str> + ?Sized + 'a>(
    wanted: &[String],
    mut values: impl Iterator<Item = &'a S>,
) -> bool {
    wanted.is_empty() || values.any(|v| wanted.iter().any(|w| same(w, v.as_ref())))
}

fn statements_match(wanted: &[String], values: &[String], frameworks: &Frameworks) -> bool {
    if wanted.is_empty() {
        return true;
    }
    let wanted: Vec<_> = wanted.iter().map(|w| frameworks.resolve(w)).collect();
    values.iter().any(|v| {
        let v = frameworks.resolve(v);
        wanted
            .iter()
            .any(|w| same(&w.framework, &v.framework) && same(&w.id, &v.id))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Loaded;
    use crate::model::framework::Framework;
    use crate::model::{PackConfig, PracticeExample};

    fn decision(
        id: &str,
        service: &str,
        status: &str,
        themes: &[&str],
        statements: &[&str],
    ) -> DecisionRecord {
        let closed = if status == "closed" {
            "closed_on = 2026-06-01\n"
        } else {
            ""
        };
        let text = format!(
            r#"id = "{id}"
title = "A choice"
person = "AB"
service = "{service}"
status = "{status}"
{closed}opened = 2026-01-01
themes = {themes:?}
statements = {statements:?}
[choice]
summary = "Wants to."
[[risks]]
description = "A risk."
to = "self"
likelihood = "low"
impact = "low"
[decision]
outcome = "supported"
decided_on = 2026-01-02
"#
        );
        toml::from_str(&text).expect("test record parses")
    }

    fn example(
        id: &str,
        themes: &[&str],
        statements: &[&str],
        decisions: &[&str],
    ) -> PracticeExample {
        let text = format!(
            r#"id = "{id}"
title = "A story"
themes = {themes:?}
statements = {statements:?}
decisions = {decisions:?}
situation = "Then."
action = "We did."
"#
        );
        toml::from_str(&text).expect("test example parses")
    }

    fn pack(decisions: Vec<DecisionRecord>, examples: Vec<PracticeExample>) -> Pack {
        let config: PackConfig =
            toml::from_str("[pack]\ntitle = \"T\"\nprovider = \"P\"\n").unwrap();
        Pack {
            root: ".".into(),
            config,
            config_source: None,
            frameworks: Frameworks {
                primary: "cqc-saf".into(),
                all: vec![Framework::built_in()],
            },
            privacy_names: Vec::new(),
            logo: None,
            identifiers: crate::privacy::IdentifierScanner::new(&[]),
            decisions: decisions
                .into_iter()
                .map(|item| Loaded {
                    item: item.into(),
                    source: 0,
                })
                .collect(),
            examples: examples
                .into_iter()
                .map(|item| Loaded {
                    item: item.into(),
                    source: 0,
                })
                .collect(),
            sources: Vec::new(),
            findings: Vec::new(),
            input_files: Vec::new(),
            decision_files: 0,
            example_files: 0,
        }
    }

    fn sample() -> Pack {
        pack(
            vec![
                decision(
                    "D-001",
                    "Riverside",
                    "active",
                    &["medication"],
                    &["S8", "C3"],
                ),
                decision(
                    "D-002",
                    "Riverside",
                    "closed",
                    &["community-access"],
                    &["S4"],
                ),
                decision(
                    "D-003",
                    "Hillside",
                    "active",
                    &["medication"],
                    &["cqc-saf:S4"],
                ),
                decision(
                    "D-004",
                    "Hillside",
                    "active",
                    &["community-access"],
                    &["E1"],
                ),
            ],
            vec![
                example("PX-001", &["medication"], &["S8"], &["D-001"]),
                example(
                    "PX-002",
                    &["community-access"],
                    &["S4"],
                    &["D-002", "D-004"],
                ),
                example("PX-003", &["medication"], &["C3"], &["D-003", "D-099"]),
            ],
        )
    }

    fn sel(text: &str) -> Selection {
        toml::from_str(text).expect("test selection parses")
    }

    fn run<'a>(pack: &'a Pack, text: &str) -> (Vec<&'a str>, Vec<&'a str>) {
        let selection = sel(text);
        let s = select_with(pack, Some(&selection));
        (
            s.decisions
                .iter()
                .map(|&i| pack.decisions[i].item.id.as_str())
                .collect(),
            s.examples
                .iter()
                .map(|&i| pack.examples[i].item.id.as_str())
                .collect(),
        )
    }

    #[test]
    fn no_selection_or_an_empty_one_takes_everything() {
        let p = sample();
        let all = select_with(&p, None);
        assert_eq!(all.decisions, vec![0, 1, 2, 3]);
        assert_eq!(all.examples, vec![0, 1, 2]);
        assert_eq!(select_with(&p, Some(&Selection::default())), all);
        assert_eq!(select(&p), all);
        // Everything is in, but PX-003 still cites an id no record has.
        assert_eq!(all.left_out(2), ["D-099"]);
        assert!(all.left_out(0).is_empty());
    }

    #[test]
    fn any_value_within_a_key_matches() {
        let p = sample();
        let (d, _) = run(&p, r#"services = ["Riverside", "Hillside"]"#);
        assert_eq!(d, ["D-001", "D-002", "D-003", "D-004"]);
        let (d, _) = run(&p, r#"themes = ["medication"]"#);
        assert_eq!(d, ["D-001", "D-003"]);
    }

    #[test]
    fn every_key_given_must_match() {
        let p = sample();
        let (d, _) = run(&p, "services = [\"Riverside\"]\nthemes = [\"medication\"]");
        assert_eq!(d, ["D-001"]);
        let (d, _) = run(&p, "services = [\"Riverside\"]\nstatus = [\"closed\"]");
        assert_eq!(d, ["D-002"]);
        let (d, _) = run(&p, "services = [\"Nowhere\"]\nthemes = [\"medication\"]");
        assert!(d.is_empty());
    }

    #[test]
    fn ids_always_include() {
        let p = sample();
        let (d, e) = run(
            &p,
            "services = [\"Riverside\"]\nids = [\"D-004\", \"PX-003\"]",
        );
        assert_eq!(d, ["D-001", "D-002", "D-004"]);
        assert!(e.contains(&"PX-003"));
        // With only ids, only those are in.
        let (d, e) = run(&p, r#"ids = ["D-003", "PX-001"]"#);
        assert_eq!(d, ["D-003"]);
        assert_eq!(e, ["PX-001"]);
    }

    #[test]
    fn statements_are_compared_after_resolving_the_framework() {
        let p = sample();
        let (d, e) = run(&p, r#"statements = ["S4"]"#);
        assert_eq!(d, ["D-002", "D-003"]);
        assert_eq!(e, ["PX-002"]);
        let (d, _) = run(&p, r#"statements = ["cqc-saf:S4"]"#);
        assert_eq!(d, ["D-002", "D-003"]);
        let (d, _) = run(&p, r#"statements = ["other:S4"]"#);
        assert!(d.is_empty());
    }

    #[test]
    fn words_ignore_case_and_surrounding_spaces() {
        let p = sample();
        let (d, _) = run(&p, "services = [\" riverside \"]\nstatus = [\"ACTIVE\"]");
        assert_eq!(d, ["D-001"]);
    }

    #[test]
    fn examples_match_themes_and_statements_themselves() {
        let p = sample();
        let (_, e) = run(&p, r#"themes = ["medication"]"#);
        assert_eq!(e, ["PX-001", "PX-003"]);
        let (_, e) = run(&p, r#"statements = ["C3"]"#);
        assert_eq!(e, ["PX-003"]);
    }

    #[test]
    fn examples_match_services_and_status_through_their_selected_decisions() {
        let p = sample();
        // Hillside selects D-003 and D-004: PX-002 (cites D-004) and PX-003 (cites D-003) follow.
        let (d, e) = run(&p, r#"services = ["Hillside"]"#);
        assert_eq!(d, ["D-003", "D-004"]);
        assert_eq!(e, ["PX-002", "PX-003"]);
        // Closed selects D-002 only: PX-002 cites it.
        let (_, e) = run(&p, r#"status = ["closed"]"#);
        assert_eq!(e, ["PX-002"]);
        // A decision brought in by ids counts as selected evidence too.
        let (_, e) = run(&p, "status = [\"closed\"]\nids = [\"D-001\"]");
        assert_eq!(e, ["PX-001", "PX-002"]);
        // The example's own themes must still match.
        let (_, e) = run(&p, "services = [\"Hillside\"]\nthemes = [\"medication\"]");
        assert_eq!(e, ["PX-003"]);
    }

    #[test]
    fn left_out_lists_cited_decisions_that_are_not_in_the_pack() {
        let p = sample();
        let selection = sel(r#"services = ["Hillside"]"#);
        let s = select_with(&p, Some(&selection));
        assert_eq!(s.left_out(1), ["D-002"]);
        assert_eq!(s.left_out(2), ["D-099"]);
        assert!(s.has_example(1) && !s.has_example(0));
        assert!(s.has_decision(2) && !s.has_decision(0));
        // An example that is not selected has no entry.
        assert!(!s.left_out.contains_key(&0));
    }
}
