//! The coverage matrix: which quality statements the pack's records and examples evidence, and
//! which required statements have nothing behind them.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::ViewInput;
use super::pack_json::{CoverageFramework, CoverageGroup, CoverageRow, RecordLink};
use super::redact::shown;
use crate::model::framework::{Framework, Statement};
use crate::model::pack_config::CoverageScope;

pub(super) fn coverage(input: &ViewInput) -> Vec<CoverageFramework> {
    let pack = input.pack;
    let frameworks = &pack.frameworks;
    // Ids are redacted as the records' own headings and anchors are, so a draft's coverage table
    // never shows an identifier in an id and its links still lead to the records.
    let redactor = super::redact::Redactor::new(pack, input.findings);
    let mut records: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut examples: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for d in &input.decisions {
        let unique: BTreeSet<_> = d.statements.iter().map(|s| frameworks.resolve(s)).collect();
        for r in unique {
            records
                .entry((r.framework, r.id))
                .or_default()
                .push(redactor.text(&d.id));
        }
    }
    for e in &input.examples {
        let unique: BTreeSet<_> = e.statements.iter().map(|s| frameworks.resolve(s)).collect();
        for r in unique {
            examples
                .entry((r.framework, r.id))
                .or_default()
                .push(redactor.text(&e.id));
        }
    }
    let required: HashSet<(String, String)> = pack
        .config
        .pack
        .required_statements
        .iter()
        .map(|s| {
            let r = frameworks.resolve(s);
            (r.framework, r.id)
        })
        .collect();
    let all = pack.config.pack.coverage == CoverageScope::All;
    frameworks
        .all
        .iter()
        .filter(|f| {
            f.id == frameworks.primary
                || records
                    .keys()
                    .chain(examples.keys())
                    .chain(required.iter())
                    .any(|(fw, _)| *fw == f.id)
        })
        .map(|f| {
            let mut gaps = 0;
            let groups: Vec<CoverageGroup> = coverage_groups(f)
                .into_iter()
                .map(|(id, name, statements)| CoverageGroup {
                    id,
                    name,
                    statements: statements
                        .into_iter()
                        .map(|s| {
                            let key = (f.id.clone(), s.id.clone());
                            let rec = records.get(&key).cloned().unwrap_or_default();
                            let ex = examples.get(&key).cloned().unwrap_or_default();
                            let is_required = required.contains(&key);
                            let gap = is_required && rec.is_empty() && ex.is_empty();
                            gaps += usize::from(gap);
                            CoverageRow {
                                id: s.id.clone(),
                                name: shown(&s.name),
                                records: rec.len(),
                                examples: ex.len(),
                                required: is_required,
                                gap,
                                evidence_links: rec
                                    .iter()
                                    .chain(&ex)
                                    .map(|id| RecordLink::new(id))
                                    .collect(),
                                evidence: rec.into_iter().chain(ex).collect(),
                            }
                        })
                        .collect(),
                })
                .collect();
            // SPEC 9a: the required statements and those with evidence, unless all are asked for;
            // a group left with none is left out.
            let mut not_shown = 0;
            let groups = if all {
                groups
            } else {
                groups
                    .into_iter()
                    .filter_map(|mut g| {
                        let before = g.statements.len();
                        g.statements
                            .retain(|s| s.required || s.records + s.examples > 0);
                        not_shown += before - g.statements.len();
                        (!g.statements.is_empty()).then_some(g)
                    })
                    .collect()
            };
            CoverageFramework {
                id: f.id.clone(),
                name: shown(&f.name),
                primary: f.id == frameworks.primary,
                required_gaps: gaps,
                not_shown,
                groups,
            }
        })
        .collect()
}

/// The heading of the group that holds a framework's statements whose `group` it does not declare.
const OTHER_STATEMENTS: &str = "Other statements";

/// A framework's groups as the coverage matrix shows them, each as (id, name, statements) in the
/// framework file's order. Statements whose `group` the framework does not declare (a typo, or a
/// framework with no groups) come last, under "Other statements" (just "Statements" when there
/// are no groups at all), so that the evidence for them is never dropped from the pack.
fn coverage_groups(f: &Framework) -> Vec<(String, String, Vec<&Statement>)> {
    let declared: HashSet<&str> = f.groups.iter().map(|g| g.id.as_str()).collect();
    let mut groups: Vec<(String, String, Vec<&Statement>)> = f
        .groups
        .iter()
        .map(|g| {
            let statements = f.statements.iter().filter(|s| s.group == g.id).collect();
            (g.id.clone(), shown(&g.name), statements)
        })
        .collect();
    let others: Vec<&Statement> = f
        .statements
        .iter()
        .filter(|s| !declared.contains(s.group.as_str()))
        .collect();
    if !others.is_empty() {
        // An id no declared group has, so links and pack.json readers can tell them apart.
        let mut id = "other".to_string();
        let mut n = 1;
        while declared.contains(id.as_str()) {
            n += 1;
            id = format!("other-{n}");
        }
        let name = if f.groups.is_empty() {
            "Statements"
        } else {
            OTHER_STATEMENTS
        };
        groups.push((id, name.to_string(), others));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framework(text: &str) -> Framework {
        toml::from_str(text).expect("a valid framework")
    }

    fn shape(f: &Framework) -> Vec<(String, String, Vec<&str>)> {
        coverage_groups(f)
            .into_iter()
            .map(|(id, name, st)| (id, name, st.iter().map(|s| s.id.as_str()).collect()))
            .collect()
    }

    #[test]
    fn the_built_in_framework_has_no_other_statements() {
        let built_in = Framework::built_in();
        let groups = shape(&built_in);
        assert_eq!(groups.len(), 5);
        assert_eq!(groups.iter().map(|g| g.2.len()).sum::<usize>(), 34);
    }

    #[test]
    fn statements_of_undeclared_groups_come_last_under_an_unused_id() {
        let f = framework(
            r#"id = "x"
name = "X"
groups = [{ id = "other", name = "A" }, { id = "other-2", name = "B" }]
statements = [
  { id = "1", group = "typo", name = "One" },
  { id = "2", group = "other", name = "Two" },
  { id = "3", group = "", name = "Three" },
]
"#,
        );
        assert_eq!(
            shape(&f),
            [
                ("other".into(), "A".into(), vec!["2"]),
                ("other-2".into(), "B".into(), vec![]),
                ("other-3".into(), "Other statements".into(), vec!["1", "3"]),
            ]
        );
    }

    #[test]
    fn a_framework_with_no_groups_lists_every_statement() {
        let f = framework(
            "id = \"x\"\nname = \"X\"\nstatements = [{ id = \"1\", group = \"g\", name = \"One\" }]\n",
        );
        assert_eq!(
            shape(&f),
            [("other".into(), "Statements".into(), vec!["1"])]
        );
    }
}
