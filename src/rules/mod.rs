//! The rules of SPEC section 7: one small function per rule, named as the rule is.

mod composite;
mod decision;
mod example;
pub mod identifiers;
pub mod lawful;
pub mod outcomes;
mod pack;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::diagnostics::{Finding, Level, sort_findings};
use crate::load::{INVALID_RECORD, Pack, SKIPPED_FILE};
use crate::model::Date;
use crate::model::pack_config::RuleSetting;
use crate::source::SourceFile;
use identifiers::IdentifierScanner;

/// A rule's name, default level and when it fires (for `--help`, the README and `[rules]`).
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub name: &'static str,
    pub level: Level,
    pub fires_when: &'static str,
}

/// The rules as `check --help` lists them, with how to change their level.
pub fn rules_help() -> String {
    let mut text = String::from(
        "Example:\n  evidence-pack check --as-of 2026-11-01\n  evidence-pack check my-pack --format json\n\nRules, with their level unless pack.toml's [rules] table changes it (\"error\", \"warning\" or \"off\"):\n",
    );
    for r in RULES {
        let level = match r.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        text.push_str(&format!("  {} ({level})\n      {}\n", r.name, r.fires_when));
    }
    text
}

const fn rule(name: &'static str, level: Level, fires_when: &'static str) -> RuleInfo {
    RuleInfo {
        name,
        level,
        fires_when,
    }
}

use Level::{Error, Warning};

/// Every rule, in the order of SPEC section 7.
pub const RULES: &[RuleInfo] = &[
    rule(
        INVALID_RECORD,
        Error,
        "unreadable file, not UTF-8, TOML syntax error, missing required field, wrong type, unknown key",
    ),
    rule("duplicate-id", Error, "two records or examples share an id"),
    rule(
        "unknown-statement",
        Error,
        "a statement id that no loaded framework defines",
    ),
    rule(
        "unknown-reference",
        Error,
        "an example's decisions names an id that does not exist",
    ),
    rule(
        "missing-rationale",
        Error,
        "decision.rationale is missing, blank, or under 15 words",
    ),
    rule(
        "missing-review-plan",
        Error,
        "an active record has no review.every_days",
    ),
    rule(
        "no-review-evidence",
        Error,
        "an active record has no [[reviews]] and its first review was due before the as-of date",
    ),
    rule(
        "review-overdue",
        Error,
        "an active record's next review was due before the as-of date",
    ),
    rule(
        "review-without-person",
        Warning,
        "a review has no person_view",
    ),
    rule(
        "missing-person-voice",
        Warning,
        "choice.in_their_words is missing or blank",
    ),
    rule(
        "person-not-involved",
        Warning,
        "decision.involved does not include the record's person",
    ),
    rule(
        "missing-alternatives",
        Error,
        "no [[alternatives]] while the outcome is restrictive or the risk level is high",
    ),
    rule(
        "restrictive-without-justification",
        Error,
        "a restrictive outcome without least_restrictive",
    ),
    rule(
        "limiting-capacitous-choice",
        Warning,
        "a restrictive outcome for a person with capacity, and no basis that binds them (their agreement, a court order, a statutory power or a tenancy condition)",
    ),
    rule(
        "capacity-not-recorded",
        Error,
        "no [capacity], or an assessment without date, assessor or best-interests record",
    ),
    rule(
        "high-risk-not-escalated",
        Error,
        "risk level high and no [escalation]",
    ),
    rule(
        "escalation-incomplete",
        Error,
        "[escalation] without to, on, outcome or signed_off_by",
    ),
    rule(
        "safeguarding-not-considered",
        Error,
        "a risk of abuse or neglect of the person (risks.abuse_or_neglect), or a risk to others, with no safeguarding consideration and outcome",
    ),
    rule(
        "date-order",
        Error,
        "dates out of order, or an event dated after the as-of date",
    ),
    rule(
        "possible-identifier",
        Error,
        "rendered text contains an NHS number, postcode, phone number, e-mail address or a registered name",
    ),
    rule(
        "example-missing-outcome",
        Error,
        "a practice example has no outcome",
    ),
    rule(
        "example-no-consent",
        Error,
        "consent missing, withdrawn, expired, given without a date, or not-required without a reason",
    ),
    rule(
        "example-over-word-limit",
        Error,
        "an example's word count is above its limit",
    ),
    rule(
        "example-unlinked",
        Warning,
        "an example with no decisions behind it",
    ),
    rule(
        "example-stale",
        Warning,
        "an example's last_reviewed is missing or more than 365 days old",
    ),
    rule(
        "coverage-gap",
        Error,
        "a required statement that no record or example evidences",
    ),
    rule(
        SKIPPED_FILE,
        Warning,
        "a hidden file, a link leaving the pack folder, a misnamed record file, or a folder in content/ other than decisions/ and examples/, was not read",
    ),
    // Added in version 2 of the contract (SPEC section 4a): the legal footing of a restriction.
    rule(
        "restriction-without-basis",
        Error,
        "a restrictive outcome and no decision.basis",
    ),
    rule(
        "best-interests-without-incapacity",
        Error,
        "basis = \"best-interests\" while capacity is presumed or assessed-has (MCA 2005 s4-s5)",
    ),
    rule(
        "best-interests-incomplete",
        Error,
        "capacity assessed-lacks without decision_maker, consulted or wishes",
    ),
    rule(
        "liberty-not-considered",
        Error,
        "an active record, capacity assessed-lacks, a restrictive outcome, and no [liberty]",
    ),
    rule(
        "liberty-incomplete",
        Error,
        "[liberty] without considered_on or deprivation; yes/possible without route or applied_on; authorised_on without expires_on",
    ),
    rule(
        "liberty-expired",
        Error,
        "an active record whose liberty.expires_on is before the as-of date",
    ),
    rule(
        "liberty-expiring",
        Warning,
        "liberty.expires_on within [policy] liberty_warning_days (default 28) after the as-of date",
    ),
    rule(
        "liberty-pending",
        Warning,
        "applied_on more than 90 days before the as-of date and no authorised_on",
    ),
    rule(
        "liberty-not-notified",
        Error,
        "liberty.applied_on and no notified_on (2009 Registration Regulations reg 18)",
    ),
    rule(
        "escalation-not-independent",
        Warning,
        "the escalation's signed_off_by also appears in decision.involved or as capacity.assessed_by",
    ),
    rule(
        "restrictive-not-escalated",
        Warning,
        "a restrictive outcome and no [escalation]",
    ),
    // Added in version 2 of the contract (SPEC section 4a): what happened after the decision.
    rule(
        "safeguarding-without-person",
        Warning,
        "a risk with abuse_or_neglect set and no safeguarding.person_wants (Making Safeguarding Personal)",
    ),
    rule(
        "incident-not-reviewed",
        Error,
        "an incident on an active record with no review within [policy] incident_review_days (default 7) after it",
    ),
    rule(
        "incident-not-notified",
        Error,
        "an incident with serious harm, the police or a safeguarding referral, and no notified_on (2009 Registration Regulations reg 18)",
    ),
    rule(
        "incident-without-learning",
        Warning,
        "an incident with minor or serious harm and no learning",
    ),
    rule(
        "plan-action-overdue",
        Warning,
        "an active record's [[plan]] item with due before the as-of date and no done_on",
    ),
    rule(
        "example-composite-traceable",
        Warning,
        "an example with consent not-required that cites decision records shown in full in the same pack",
    ),
];

pub fn info(name: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.name == name)
}

/// The level each rule reports at, after `[rules]` in pack.toml (None: turned off).
#[derive(Debug, Clone)]
pub struct RuleLevels {
    levels: HashMap<&'static str, Option<Level>>,
}

impl RuleLevels {
    pub fn defaults() -> RuleLevels {
        RuleLevels {
            levels: RULES.iter().map(|r| (r.name, Some(r.level))).collect(),
        }
    }

    /// Levels from pack.toml's `[rules]`, with an `invalid-record` finding for each unknown rule.
    pub fn from_pack(pack: &Pack) -> (RuleLevels, Vec<Finding>) {
        let mut levels = RuleLevels::defaults();
        let mut findings = Vec::new();
        let names: Vec<String> = RULES.iter().map(|r| r.name.to_string()).collect();
        for (name, setting) in &pack.config.rules {
            match info(name) {
                Some(rule) => {
                    let level = match setting {
                        RuleSetting::Error => Some(Level::Error),
                        RuleSetting::Warning => Some(Level::Warning),
                        RuleSetting::Off => None,
                    };
                    levels.levels.insert(rule.name, level);
                }
                None => {
                    let help = match crate::toml_errors::closest(name, &names) {
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
                            INVALID_RECORD,
                            Level::Error,
                            source,
                            source.span(&format!("rules.{name}")),
                            None,
                            message,
                            help,
                        ),
                        None => Finding::in_file(
                            INVALID_RECORD,
                            Level::Error,
                            "pack.toml",
                            1,
                            1,
                            message,
                            help,
                        ),
                    });
                }
            }
        }
        (levels, findings)
    }

    pub fn level(&self, rule: &str) -> Option<Level> {
        self.levels.get(rule).copied().flatten()
    }
}

/// What every rule may look at: the pack, the as-of date and the identifier scanner.
pub struct Context<'a> {
    pub pack: &'a Pack,
    pub as_of: Date,
    pub identifiers: IdentifierScanner,
}

impl<'a> Context<'a> {
    pub fn new(pack: &'a Pack, as_of: Date) -> Context<'a> {
        Context {
            pack,
            as_of,
            identifiers: IdentifierScanner::new(&pack.privacy_names),
        }
    }
}

/// Collects one record's findings, located in its file.
pub struct Sink<'a> {
    pub source: &'a SourceFile,
    pub record: Option<&'a str>,
    pub findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    pub fn new(source: &'a SourceFile, record: Option<&'a str>) -> Sink<'a> {
        Sink {
            source,
            record,
            findings: Vec::new(),
        }
    }

    /// Reports `rule` at the first of `paths` that exists in the file (line 1 when none does).
    pub fn report(
        &mut self,
        rule: &'static str,
        paths: &[&str],
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let level = info(rule).map_or(Level::Error, |r| r.level);
        let span = self.source.first_span(paths);
        self.findings.push(Finding::at(
            rule,
            level,
            self.source,
            span,
            self.record,
            message,
            help,
        ));
    }
}

/// Every finding for the pack: from loading, from `[rules]`, and from every rule, with the
/// levels of pack.toml applied, sorted by file and line.
pub fn check(pack: &Pack, as_of: Date) -> Vec<Finding> {
    let (levels, mut findings) = RuleLevels::from_pack(pack);
    findings.extend(pack.findings.iter().cloned());
    let cx = Context::new(pack, as_of);

    // The rules across the whole pack run on one core while the per-record rules use the rest.
    let ((per_decision, per_example), across) = rayon::join(
        || {
            let per_decision: Vec<Vec<Finding>> = pack
                .decisions
                .par_iter()
                .map(|d| {
                    let source = pack.source(d.source);
                    let mut found = decision::check(&cx, &d.item, source);
                    found.extend(lawful::check(&cx, &d.item, source));
                    found.extend(outcomes::check(&cx, &d.item, source));
                    found
                })
                .collect();
            let per_example: Vec<Vec<Finding>> = pack
                .examples
                .par_iter()
                .map(|e| example::check(&cx, &e.item, pack.source(e.source)))
                .collect();
            (per_decision, per_example)
        },
        || {
            let mut across = pack::check(&cx);
            across.extend(composite::check(&cx));
            across
        },
    );
    findings.extend(per_decision.into_iter().flatten());
    findings.extend(per_example.into_iter().flatten());
    findings.extend(across);
    if findings.iter().any(|f| f.rule == "possible-identifier") {
        // Messages quote values such as the person's reference: never let them repeat an identifier.
        for f in &mut findings {
            f.message = cx.identifiers.redact(&f.message);
            f.help = cx.identifiers.redact(&f.help);
            f.record = f.record.as_deref().map(|r| cx.identifiers.redact(r));
        }
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
            f.level = levels.level(f.rule)?;
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
    if matches!(finding.rule, INVALID_RECORD | "duplicate-id") {
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
        .filter(|f| f.rule == "coverage-gap")
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
        f.level = levels.level(f.rule)?;
        Some(f)
    })
    .collect()
}
