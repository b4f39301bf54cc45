//! The rules of SPEC section 7: one small function per rule, named as the rule is.

mod basis;
mod capacity;
mod characters;
mod composite;
mod consent;
mod decision;
mod example;
pub mod identifiers;
mod lawful;
mod liberty;
mod outcomes;
mod oversight;
mod pack;
pub mod phrases;
mod remembered;
mod restrictions;
mod safeguarding;
mod unfinished;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::diagnostics::{Finding, Level, Rule, sort_findings};
use crate::load::Pack;
use crate::model::Date;
use crate::model::pack_config::RuleSetting;
use crate::privacy::IdentifierScanner;
pub use remembered::Remembered;
pub use unfinished::{drop_repeats, report_placeholder};

/// The level each rule reports at, after `[rules]` in pack.toml (None: turned off), indexed by
/// the rule (`rule as usize`, its place in `Rule::ALL`): asked for every text of every record.
#[derive(Debug, Clone)]
pub struct RuleLevels {
    levels: Vec<Option<Level>>,
    /// Whether pack.toml's `[rules]` sets the rule's level.
    set_in_pack: Vec<bool>,
}

impl RuleLevels {
    pub fn defaults() -> RuleLevels {
        RuleLevels {
            levels: Rule::ALL
                .iter()
                .map(|&rule| Some(rule.default_level()))
                .collect(),
            set_in_pack: vec![false; Rule::ALL.len()],
        }
    }

    /// Levels from pack.toml's `[rules]`, with an `invalid-record` finding for each unknown rule.
    pub fn from_pack(pack: &Pack) -> (RuleLevels, Vec<Finding>) {
        let mut levels = RuleLevels::defaults();
        let mut findings = Vec::new();
        let names: Vec<String> = Rule::names().map(str::to_string).collect();
        for (name, setting) in &pack.config.rules {
            match Rule::from_name(name) {
                Some(rule) => {
                    let level = match setting {
                        RuleSetting::Error => Some(Level::Error),
                        RuleSetting::Warning => Some(Level::Warning),
                        RuleSetting::Off => None,
                    };
                    levels.levels[rule as usize] = level;
                    levels.set_in_pack[rule as usize] = true;
                }
                None => {
                    let help = match crate::text::closest(name, &names) {
                        Some(best) => {
                            format!("Did you mean `{best}`? The rules are listed in the README.")
                        }
                        None => "Use a rule name from the README's rule table.".to_string(),
                    };
                    let message = format!(
                        "`{}` in [rules] is not a rule.",
                        crate::text::printable(name)
                    );
                    findings.push(match pack.config_file() {
                        Some(source) => Finding::at(
                            Rule::InvalidRecord,
                            source,
                            source.span(&format!("rules.{name}")),
                            None,
                            message,
                            help,
                        ),
                        None => {
                            Finding::in_file(Rule::InvalidRecord, "pack.toml", 1, 1, message, help)
                        }
                    });
                }
            }
        }
        (levels, findings)
    }

    pub fn level(&self, rule: Rule) -> Option<Level> {
        self.levels[rule as usize]
    }

    /// The level a finding is reported at: the level pack.toml sets for its rule, or else the
    /// level the rule reported it at (some rules are warnings in some cases); none when off.
    pub fn level_of(&self, finding: &Finding) -> Option<Level> {
        let level = self.level(finding.rule)?;
        Some(if self.set_in_pack[finding.rule as usize] {
            level
        } else {
            finding.level
        })
    }
}

/// What every rule may look at: the pack, the as-of date, the identifier scanner and the
/// restrictive phrases.
pub struct RuleContext<'a> {
    pub pack: &'a Pack,
    pub as_of: Date,
    pub identifiers: &'a IdentifierScanner,
    pub levels: RuleLevels,
    pub phrases: std::sync::Arc<phrases::RestrictivePhrases>,
}

impl<'a> RuleContext<'a> {
    pub fn new(pack: &'a Pack, as_of: Date) -> RuleContext<'a> {
        RuleContext::with_levels(pack, as_of, RuleLevels::from_pack(pack).0)
    }

    fn with_levels(pack: &'a Pack, as_of: Date, levels: RuleLevels) -> RuleContext<'a> {
        RuleContext {
            pack,
            as_of,
            identifiers: &pack.identifiers,
            levels,
            phrases: phrases::RestrictivePhrases::for_pack(&pack.config.policy.restrictive_phrases),
        }
    }

    /// Whether `rule` runs: not when `[rules]` turns it off (a costly rule asks this first,
    /// rather than running and having its findings dropped).
    pub fn runs(&self, rule: Rule) -> bool {
        self.levels.level(rule).is_some()
    }
}

/// Every finding for the pack: from loading, from `[rules]`, and from every rule, with the
/// levels of pack.toml applied, sorted by file and line.
pub fn check(pack: &Pack, as_of: Date) -> Vec<Finding> {
    check_about(pack, as_of, None, None)
}

/// The findings about one file only, when `about` names it (the editor shows one record's): the
/// rules of each record run on that file alone, the rules across the pack run in full, and only
/// what they say about it is kept. `None`: every finding, as [`check`]. With `remembered` (the
/// live preview), a decision record's own findings are taken from the last check when neither it
/// nor anything else its rules look at changed, and kept for the next.
pub fn check_about(
    pack: &Pack,
    as_of: Date,
    about: Option<&str>,
    remembered: Option<&Remembered>,
) -> Vec<Finding> {
    let (levels, mut findings) = RuleLevels::from_pack(pack);
    findings.extend(pack.findings.iter().cloned());
    let cx = RuleContext::with_levels(pack, as_of, levels);
    let levels = &cx.levels;
    let wanted = |source: usize| about.is_none_or(|rel| pack.source(source).rel == rel);
    let kept = remembered.map(|r| r.take(pack, as_of));

    // The rules across the whole pack run on one core while the per-record rules use the rest.
    let ((per_decision, per_example), across) = rayon::join(
        || {
            let per_decision: Vec<Vec<Finding>> = pack
                .decisions
                .par_iter()
                .filter(|d| wanted(d.source))
                .map(|d| {
                    if let Some(found) = kept.as_ref().and_then(|k| k.findings_of(pack, d)) {
                        return found.to_vec();
                    }
                    let source = pack.source(d.source);
                    let mut found = decision::check(&cx, &d.item, source);
                    found.extend(lawful::check(&cx, &d.item, source));
                    found.extend(basis::check(&d.item, source));
                    found.extend(restrictions::check(&cx, &d.item, source));
                    found.extend(capacity::check(&cx, &d.item, source));
                    found.extend(outcomes::check(&cx, &d.item, source));
                    found.extend(unfinished::decision(&d.item, source));
                    found.extend(liberty::check(&cx, &d.item, source));
                    found.extend(safeguarding::check(&cx, &d.item, source));
                    found.extend(oversight::check(&cx, &d.item, source));
                    found
                })
                .collect();
            let per_example: Vec<Vec<Finding>> = pack
                .examples
                .par_iter()
                .filter(|e| wanted(e.source))
                .map(|e| {
                    let source = pack.source(e.source);
                    let mut found = example::check(&cx, &e.item, source);
                    found.extend(unfinished::example(&e.item, source));
                    found.extend(consent::check(&cx, &e.item, source));
                    found
                })
                .collect();
            (per_decision, per_example)
        },
        || {
            let mut across = pack::check(&cx);
            across.extend(composite::check(&cx));
            across
        },
    );
    if let (Some(remembered), Some(kept)) = (remembered, &kept) {
        let by_file = pack
            .decisions
            .iter()
            .filter(|d| wanted(d.source))
            .zip(&per_decision)
            .map(|(d, found)| remembered::entry(pack, d, found))
            .collect();
        remembered.put(kept.context(), by_file);
    }
    findings.extend(per_decision.into_iter().flatten());
    findings.extend(per_example.into_iter().flatten());
    findings.extend(across);
    if let Some(rel) = about {
        findings.retain(|f| f.file == rel);
    }
    unfinished::drop_repeats(&mut findings);
    // Messages quote values such as the person's reference or an unknown statement id: never let
    // them repeat an identifier, whether or not the value was scanned as a text.
    // Many findings share a help line or a record id: each distinct text is redacted once.
    let mut redacted: HashMap<String, String> = HashMap::new();
    let mut redact = |text: &str| -> String {
        if let Some(done) = redacted.get(text) {
            return done.clone();
        }
        let done = cx.identifiers.redact(text);
        redacted.insert(text.to_string(), done.clone());
        done
    };
    for f in &mut findings {
        f.message = cx.identifiers.redact(&f.message);
        f.help = redact(&f.help);
        f.record = f.record.as_deref().map(&mut redact);
        f.key = f.key.as_deref().map(&mut redact);
        // A file's name can hold one too (it is reported): the finding names it without.
        f.file = redact(&f.file);
    }

    let draft_files: HashSet<&str> = pack
        .decisions
        .iter()
        .filter(|d| d.item.draft)
        .map(|d| pack.source(d.source).rel.as_str())
        .chain(
            pack.examples
                .iter()
                .filter(|e| e.item.draft)
                .map(|e| pack.source(e.source).rel.as_str()),
        )
        .collect();
    let mut findings: Vec<Finding> = findings
        .into_iter()
        .filter_map(|mut f| {
            f.level = levels.level_of(&f)?;
            if draft_files.contains(f.file.as_str()) {
                soften_for_draft(&mut f);
            }
            Some(f)
        })
        .collect();
    sort_findings(&mut findings);
    findings
}

/// A record marked `draft = true` is left out of built packs, so its gaps cannot mislead a reader
/// yet: they are warnings, said to be about a draft. A file that cannot be read, and an id used
/// twice, stay errors.
fn soften_for_draft(finding: &mut Finding) {
    if matches!(finding.rule, Rule::InvalidRecord | Rule::DuplicateId) {
        return;
    }
    finding.level = Level::Warning;
    finding.message = format!("Draft: {}", finding.message);
}

/// Findings that only a built pack has: required statements that the records and examples chosen
/// by `[select]` do not evidence (`check` judges coverage over every record).
///
/// They are added to `findings` (and sorted with them), apart from gaps that `findings` already
/// reports at the same place: a statement no record in the whole pack evidences.
pub fn add_selection_findings(
    pack: &Pack,
    findings: &mut Vec<Finding>,
    decisions: &[&crate::model::DecisionRecord],
    examples: &[&crate::model::PracticeExample],
) {
    let reported: HashSet<(String, usize, usize)> = findings
        .iter()
        .filter(|f| f.rule == Rule::CoverageGap)
        .map(|f| (f.file.clone(), f.line, f.column))
        .collect();
    findings.extend(
        selection_findings(pack, decisions, examples)
            .into_iter()
            .filter(|f| !reported.contains(&(f.file.clone(), f.line, f.column))),
    );
    sort_findings(findings);
}

fn selection_findings(
    pack: &Pack,
    decisions: &[&crate::model::DecisionRecord],
    examples: &[&crate::model::PracticeExample],
) -> Vec<Finding> {
    let (levels, _) = RuleLevels::from_pack(pack);
    let evidenced =
        pack::evidenced_statements(pack, decisions.iter().copied(), examples.iter().copied());
    pack::coverage_gaps(
        pack,
        &evidenced,
        "No decision record or practice example selected for this pack by [select]",
    )
    .into_iter()
    .filter_map(|mut f| {
        f.level = levels.level_of(&f)?;
        Some(f)
    })
    .collect()
}
