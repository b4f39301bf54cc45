//! The view model: everything a pack shows, computed once and rendered by every format.
//! It is written out as `output/pack.json` while it is built (documented in the README;
//! `schema_version` changes when a field is removed or changes meaning).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io;

use rayon::prelude::*;
use serde::Serialize;

use super::markdown::{self, Markdown};
use super::output::WritePieces;
use super::pack_json::{PackJson, to_json};
use crate::diagnostics::{Finding, Level};
use crate::load::Pack;
use crate::model::decision::{Outcome, Scale};
use crate::model::framework::{Framework, Statement};
use crate::model::pack_config::Audience;
use crate::model::{Date, DecisionRecord, PracticeExample};
use crate::rules::identifiers::IdentifierScanner;
use crate::text::{has_unsafe_chars, printable};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct PackView {
    pub schema_version: u32,
    pub generator: String,
    pub pack: PackMeta,
    pub draft: Option<DraftView>,
    pub sections: Vec<SectionLink>,
    pub dashboard: Dashboard,
    pub coverage: Vec<CoverageFramework>,
    pub decisions: Vec<DecisionView>,
    pub examples: Vec<ExampleView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub text: String,
}

impl From<Date> for DateView {
    fn from(d: Date) -> Self {
        DateView {
            iso: d.iso(),
            text: d.long(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PackMeta {
    pub title: String,
    pub provider: String,
    pub audience: &'static str,
    pub audience_label: &'static str,
    /// The cover's opening sentence, worded for the audience.
    pub intro: String,
    pub as_of: DateView,
    pub summary: Option<Markdown>,
    pub framework: String,
    pub language: &'static str,
}

#[derive(Debug, Serialize)]
pub struct SectionLink {
    pub id: &'static str,
    pub title: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DraftView {
    pub banner: String,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<FindingView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub rule: String,
    pub level: &'static str,
    pub file: String,
    pub line: usize,
    pub record: Option<String>,
    pub message: String,
    pub help: String,
}

#[derive(Debug, Serialize)]
pub struct Count {
    pub key: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub percent: u32,
}

#[derive(Debug, Serialize)]
pub struct Dashboard {
    pub decisions: usize,
    pub active: usize,
    pub closed: usize,
    pub people: usize,
    pub examples: usize,
    pub by_outcome: Vec<Count>,
    pub supported: usize,
    pub supported_percent: u32,
    pub restrictive: usize,
    pub restrictive_percent: u32,
    pub by_risk: Vec<Count>,
    pub reviews_in_date: usize,
    pub reviews_in_date_percent: u32,
    pub reviews_overdue: usize,
    pub escalated: usize,
    pub high_risk: usize,
    pub lacking_capacity: usize,
    /// Statements the pack must evidence (`required_statements`), how many of them have a record
    /// or example behind them, and how many have none.
    pub required_statements: usize,
    pub required_evidenced: usize,
    pub required_gaps: usize,
}

#[derive(Debug, Serialize)]
pub struct CoverageFramework {
    pub id: String,
    pub name: String,
    pub primary: bool,
    pub required_gaps: usize,
    pub groups: Vec<CoverageGroup>,
}

#[derive(Debug, Serialize)]
pub struct CoverageGroup {
    pub id: String,
    pub name: String,
    pub statements: Vec<CoverageRow>,
}

#[derive(Debug, Serialize)]
pub struct CoverageRow {
    pub id: String,
    pub name: String,
    pub records: usize,
    pub examples: usize,
    pub required: bool,
    pub gap: bool,
    pub evidence: Vec<String>,
    /// The same records and examples as `evidence`, with the anchors they have in the HTML pack.
    pub evidence_links: Vec<RecordLink>,
}

/// A record or example named elsewhere in the pack, with its anchor in the HTML pack.
#[derive(Debug, Clone, Serialize)]
pub struct RecordLink {
    pub id: String,
    pub anchor: String,
}

impl RecordLink {
    fn new(id: &str) -> RecordLink {
        RecordLink {
            id: id.to_string(),
            anchor: anchor("", id),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StatementView {
    pub reference: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct DecisionView {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub person: String,
    pub service: Option<String>,
    pub status: &'static str,
    pub status_label: &'static str,
    pub opened: DateView,
    pub closed_on: Option<DateView>,
    pub statements: Vec<StatementView>,
    pub themes: Vec<String>,
    pub choice: ChoiceView,
    pub risk_level: &'static str,
    pub risk_level_label: &'static str,
    pub risks: Vec<RiskView>,
    pub capacity: Option<CapacityView>,
    pub decision: DecisionOutcomeView,
    pub alternatives: Vec<AlternativeView>,
    pub plan: Vec<PlanView>,
    pub safeguarding: Option<SafeguardingView>,
    pub escalation: Option<EscalationView>,
    pub review: ReviewStateView,
    pub reviews: Vec<ReviewView>,
    pub examples: Vec<String>,
    /// The practice examples in `examples`, with their anchors in the HTML pack.
    pub example_links: Vec<RecordLink>,
    /// This record's own findings, shown beside it by `serve` only (a build leaves it empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<FindingView>,
}

#[derive(Debug, Serialize)]
pub struct ChoiceView {
    pub summary: Markdown,
    pub in_their_words: Option<String>,
    pub what_matters: Option<Markdown>,
}

#[derive(Debug, Serialize)]
pub struct RiskView {
    pub description: String,
    pub to: &'static str,
    pub to_label: &'static str,
    pub likelihood: &'static str,
    pub impact: &'static str,
    pub level: &'static str,
    pub level_label: &'static str,
}

#[derive(Debug, Serialize)]
pub struct CapacityView {
    pub status: &'static str,
    pub status_label: &'static str,
    pub assessed_on: Option<DateView>,
    pub assessed_by: Option<String>,
    pub best_interests: Option<Markdown>,
}

#[derive(Debug, Serialize)]
pub struct DecisionOutcomeView {
    pub outcome: &'static str,
    pub outcome_label: &'static str,
    pub restrictive: bool,
    pub decided_on: DateView,
    pub involved: Vec<String>,
    pub rationale: Option<Markdown>,
    pub least_restrictive: Option<Markdown>,
}

#[derive(Debug, Serialize)]
pub struct AlternativeView {
    pub option: String,
    pub why_not: String,
}

#[derive(Debug, Serialize)]
pub struct PlanView {
    pub action: String,
    pub owner: String,
}

#[derive(Debug, Serialize)]
pub struct SafeguardingView {
    pub considered: bool,
    pub outcome: Option<Markdown>,
    pub referral: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct EscalationView {
    pub to: Option<String>,
    pub on: Option<DateView>,
    pub outcome: Option<String>,
    pub signed_off_by: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ReviewStateView {
    pub every_days: Option<u32>,
    pub next_due: Option<DateView>,
    /// in-date, due-soon, overdue, no-plan or closed.
    pub state: &'static str,
    pub state_label: String,
}

#[derive(Debug, Serialize)]
pub struct ReviewView {
    pub on: DateView,
    pub by: String,
    pub outcome: Markdown,
    pub person_view: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ExampleView {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub descriptor: Option<String>,
    pub statements: Vec<StatementView>,
    pub themes: Vec<String>,
    pub situation: Markdown,
    pub action: Markdown,
    pub outcome: Option<Markdown>,
    pub learning: Option<Markdown>,
    pub word_count: usize,
    pub word_limit: Option<u32>,
    pub over_limit: bool,
    pub last_reviewed: Option<DateView>,
    pub consent: Option<ConsentView>,
    pub decisions: Vec<DecisionLink>,
    pub decisions_left_out: Vec<String>,
    /// This example's own findings, shown beside it by `serve` only (a build leaves it empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<FindingView>,
}

#[derive(Debug, Serialize)]
pub struct ConsentView {
    pub status: &'static str,
    pub status_label: &'static str,
    pub on: Option<DateView>,
    pub expires: Option<DateView>,
    pub scope: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DecisionLink {
    pub id: String,
    pub anchor: String,
    pub title: Option<String>,
    pub in_pack: bool,
}

/// What goes into the view: the pack, the records chosen for it, the as-of date and findings.
pub struct ViewInput<'a> {
    pub pack: &'a Pack,
    pub decisions: Vec<&'a DecisionRecord>,
    pub examples: Vec<&'a PracticeExample>,
    pub as_of: Date,
    pub findings: &'a [Finding],
    pub draft: bool,
}

/// An id made safe for an HTML anchor: `D-014` → `d-014`.
pub fn anchor(prefix: &str, id: &str) -> String {
    let mut out = String::from(prefix);
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out
}

/// Days ahead within which an in-date review counts as "due soon".
pub const DUE_SOON_DAYS: i64 = 28;

/// Records whose views are built (and written to pack.json) at a time.
const BATCH: usize = 512;

/// Builds the view of the pack and writes it to `json` as `pack.json` as it goes.
///
/// The view returned holds each record's Markdown as HTML only: the trees for the PDF template
/// are written to pack.json batch by batch and then dropped, as holding them for 10,000 records
/// took about 150 MB.
pub fn build<W: WritePieces>(input: &ViewInput, json: &mut W) -> io::Result<PackView> {
    let pack = input.pack;
    let redactor = Redactor::new(pack, input.findings);
    let statement_label = |reference: &str| -> StatementView {
        let label = match pack.frameworks.lookup(reference) {
            Some((_, s)) => format!("{} {}", s.id, s.name),
            None => reference.to_string(),
        };
        StatementView {
            reference: shown(reference),
            label: shown(&label),
        }
    };

    let mut examples_by_decision: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for e in &input.examples {
        for d in &e.decisions {
            examples_by_decision
                .entry(d.trim())
                .or_default()
                .push(shown(&e.id));
        }
    }
    let in_pack: HashSet<&str> = input.decisions.iter().map(|d| d.id.trim()).collect();
    let all_titles: BTreeMap<&str, &str> = pack
        .decisions
        .iter()
        .map(|d| (d.item.id.trim(), d.item.title.as_str()))
        .collect();
    let default_limit = pack.config.examples.word_limit;

    let build_decisions = |n: usize, batch: &[&DecisionRecord]| {
        build_batch(batch, n == 0, |d| {
            decision_view(
                d,
                input.as_of,
                &redactor,
                &statement_label,
                examples_by_decision
                    .get(d.id.trim())
                    .cloned()
                    .unwrap_or_default(),
            )
        })
    };
    let mut batches = input.decisions.chunks(BATCH);
    // The coverage matrix and dashboard run on one core: the first records are built beside them.
    let ((coverage, dashboard), first) = rayon::join(
        || {
            let coverage = coverage(input);
            let dashboard = dashboard(input, &coverage);
            (coverage, dashboard)
        },
        || batches.next().map(|batch| build_decisions(0, batch)),
    );
    let draft = input.draft.then(|| draft_view(input.findings));
    let audience = pack.config.pack.audience;
    let mut view = PackView {
        schema_version: SCHEMA_VERSION,
        generator: format!("evidence-pack {}", env!("CARGO_PKG_VERSION")),
        pack: PackMeta {
            title: heading(redactor.text(&pack.config.pack.title)),
            provider: redactor.text(&pack.config.pack.provider),
            audience: audience.as_str(),
            audience_label: audience_label(audience),
            intro: intro(audience, &redactor.text(&pack.config.pack.provider)),
            as_of: input.as_of.into(),
            summary: pack
                .config
                .pack
                .summary
                .as_deref()
                .map(|s| redactor.markdown(s)),
            framework: pack
                .frameworks
                .primary()
                .map_or_else(|| pack.frameworks.primary.clone(), |f| f.name.clone()),
            language: "en-GB",
        },
        sections: sections(audience, input.draft),
        draft,
        dashboard,
        coverage,
        decisions: Vec::with_capacity(input.decisions.len()),
        examples: Vec::with_capacity(input.examples.len()),
    };

    let mut out = PackJson::start(json, &view)?;
    let rest = batches
        .enumerate()
        .map(|(n, batch)| build_decisions(n + 1, batch));
    for (views, json) in first.into_iter().chain(rest) {
        out.items(json)?;
        view.decisions.extend(views);
    }
    out.examples()?;
    for (n, batch) in input.examples.chunks(BATCH).enumerate() {
        let (views, json) = build_batch(batch, n == 0, |e| {
            example_view(
                e,
                default_limit,
                &redactor,
                &statement_label,
                &in_pack,
                &all_titles,
            )
        });
        out.items(json)?;
        view.examples.extend(views);
    }
    out.finish()?;
    Ok(view)
}

/// The views of one batch, built in parallel, each with its JSON for pack.json (after a comma
/// unless it starts the list: `first_batch` and the first of the batch), then without its trees.
fn build_batch<R: Sync, V: Serialize + Send + Trees>(
    batch: &[R],
    first_batch: bool,
    view_of: impl Fn(&R) -> V + Sync,
) -> (Vec<V>, Vec<Vec<u8>>) {
    batch
        .par_iter()
        .enumerate()
        .map(|(i, record)| {
            let mut v = view_of(record);
            let json = to_json(&v, first_batch && i == 0);
            v.drop_trees();
            (v, json)
        })
        .unzip()
}

/// A view whose Markdown fields can drop their trees once written to pack.json.
trait Trees {
    /// Keeps each Markdown field's HTML and drops its tree.
    fn drop_trees(&mut self);
}

impl Trees for DecisionView {
    fn drop_trees(&mut self) {
        let fields = [
            Some(&mut self.choice.summary),
            self.choice.what_matters.as_mut(),
            self.capacity
                .as_mut()
                .and_then(|c| c.best_interests.as_mut()),
            self.decision.rationale.as_mut(),
            self.decision.least_restrictive.as_mut(),
            self.safeguarding.as_mut().and_then(|s| s.outcome.as_mut()),
        ];
        for field in fields.into_iter().flatten() {
            field.drop_tree();
        }
        for review in &mut self.reviews {
            review.outcome.drop_tree();
        }
    }
}

impl Trees for ExampleView {
    fn drop_trees(&mut self) {
        let fields = [
            Some(&mut self.situation),
            Some(&mut self.action),
            self.outcome.as_mut(),
            self.learning.as_mut(),
        ];
        for field in fields.into_iter().flatten() {
            field.drop_tree();
        }
    }
}

fn audience_label(audience: Audience) -> &'static str {
    match audience {
        Audience::Commissioner => "For commissioners",
        Audience::Inspection => "For inspection",
        Audience::Tender => "For tender evaluation",
    }
}

fn intro(audience: Audience, provider: &str) -> String {
    match audience {
        Audience::Commissioner => format!(
            "How {provider} supports people's choices while meeting its duty of care: the decisions made with people, how risks were balanced, and how each decision is reviewed."
        ),
        Audience::Inspection => format!(
            "Evidence for inspection: how {provider} involves people in managing risks, why each choice was supported or limited, what alternatives were explored and how decisions are reviewed."
        ),
        Audience::Tender => format!(
            "How {provider} balances choice with safety, shown through anonymised practice examples and the co-produced decision records behind them."
        ),
    }
}

/// The order of the pack's sections: tender packs lead with the practice examples.
fn sections(audience: Audience, draft: bool) -> Vec<SectionLink> {
    let link = |id, title| SectionLink { id, title };
    let mut s = vec![
        link("summary", "Summary"),
        link("coverage", "Quality statements covered"),
    ];
    if audience == Audience::Tender {
        s.push(link("examples", "Practice examples"));
        s.push(link("decisions", "Decision records"));
    } else {
        s.push(link("decisions", "Decision records"));
        s.push(link("examples", "Practice examples"));
    }
    if draft {
        s.push(link("findings", "Unresolved findings"));
    }
    s
}

fn percent(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        0
    } else {
        ((part as f64 * 100.0 / whole as f64).round()) as u32
    }
}

fn level_label(level: Scale) -> &'static str {
    match level {
        Scale::Low => "Low",
        Scale::Medium => "Medium",
        Scale::High => "High",
    }
}

/// The key of [`review_state`]: in-date, due-soon, overdue, no-plan or closed.
fn review_state_key(d: &DecisionRecord, as_of: Date) -> &'static str {
    if !d.is_active() {
        return "closed";
    }
    match (d.every_days(), d.next_review_due()) {
        (Some(_), Some(due)) if due < as_of => "overdue",
        (Some(_), Some(due)) if as_of.days_until(due) <= DUE_SOON_DAYS => "due-soon",
        (Some(_), Some(_)) => "in-date",
        _ => "no-plan",
    }
}

fn review_state(d: &DecisionRecord, as_of: Date) -> ReviewStateView {
    let next_due = d.next_review_due();
    let state = review_state_key(d, as_of);
    let state_label = match (state, next_due) {
        ("closed", _) => "Closed: no further reviews".to_string(),
        ("overdue", Some(due)) => format!(
            "Overdue: due {} ({} ago)",
            due.long(),
            crate::diagnostics::plural(due.days_until(as_of) as usize, "day", "days")
        ),
        ("in-date" | "due-soon", Some(due)) => format!("In date: next review due {}", due.long()),
        _ => "No review plan".to_string(),
    };
    ReviewStateView {
        every_days: d.every_days(),
        next_due: next_due.map(DateView::from),
        state,
        state_label,
    }
}

fn decision_view(
    d: &DecisionRecord,
    as_of: Date,
    r: &Redactor,
    statement_label: &(dyn Fn(&str) -> StatementView + Sync),
    examples: Vec<String>,
) -> DecisionView {
    let mut reviews: Vec<&crate::model::decision::Review> = d.reviews.iter().collect();
    reviews.sort_by_key(|rv| rv.on);
    let level = d.risk_level();
    DecisionView {
        id: heading(r.text(&d.id)),
        anchor: anchor("", &d.id),
        title: heading(r.text(&d.title)),
        person: heading(r.text(&d.person)),
        service: d.service.as_deref().map(|s| r.text(s)),
        status: if d.is_active() { "active" } else { "closed" },
        status_label: if d.is_active() { "Active" } else { "Closed" },
        opened: d.opened.into(),
        closed_on: d.closed_on.map(DateView::from),
        statements: d.statements.iter().map(|s| statement_label(s)).collect(),
        themes: d.themes.iter().map(|t| r.text(t)).collect(),
        choice: ChoiceView {
            summary: r.markdown(&d.choice.summary),
            in_their_words: d
                .choice
                .in_their_words
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(|t| r.text(t.trim())),
            what_matters: d.choice.what_matters.as_deref().map(|t| r.markdown(t)),
        },
        risk_level: level.as_str(),
        risk_level_label: level_label(level),
        risks: d
            .risks
            .iter()
            .map(|k| RiskView {
                description: r.text(&k.description),
                to: k.to.as_str(),
                to_label: match k.to.as_str() {
                    "self" => "The person",
                    "others" => "Other people",
                    _ => "The person and others",
                },
                likelihood: k.likelihood.as_str(),
                impact: k.impact.as_str(),
                level: k.level().as_str(),
                level_label: level_label(k.level()),
            })
            .collect(),
        capacity: d.capacity.as_ref().map(|c| CapacityView {
            status: c.status.as_str(),
            status_label: match c.status.as_str() {
                "presumed" => "Capacity presumed",
                "assessed-has" => "Assessed: has capacity for this decision",
                "assessed-lacks" => "Assessed: lacks capacity for this decision",
                _ => "Fluctuating capacity",
            },
            assessed_on: c.assessed_on.map(DateView::from),
            assessed_by: c.assessed_by.as_deref().map(|t| r.text(t)),
            best_interests: c.best_interests.as_deref().map(|t| r.markdown(t)),
        }),
        decision: DecisionOutcomeView {
            outcome: d.decision.outcome.as_str(),
            outcome_label: d.decision.outcome.label(),
            restrictive: d.decision.outcome.is_restrictive(),
            decided_on: d.decision.decided_on.into(),
            involved: d.decision.involved.iter().map(|t| r.text(t)).collect(),
            rationale: d.decision.rationale.as_deref().map(|t| r.markdown(t)),
            least_restrictive: d
                .decision
                .least_restrictive
                .as_deref()
                .map(|t| r.markdown(t)),
        },
        alternatives: d
            .alternatives
            .iter()
            .map(|a| AlternativeView {
                option: r.text(&a.option),
                why_not: r.text(&a.why_not),
            })
            .collect(),
        plan: d
            .plan
            .iter()
            .map(|p| PlanView {
                action: r.text(&p.action),
                owner: r.text(&p.owner),
            })
            .collect(),
        safeguarding: d.safeguarding.as_ref().map(|s| SafeguardingView {
            considered: s.considered,
            outcome: s.outcome.as_deref().map(|t| r.markdown(t)),
            referral: s.referral.as_deref().map(|t| r.text(t)),
        }),
        escalation: d.escalation.as_ref().map(|e| EscalationView {
            to: e.to.as_deref().map(|t| r.text(t)),
            on: e.on.map(DateView::from),
            outcome: e.outcome.as_deref().map(|t| r.text(t)),
            signed_off_by: e.signed_off_by.as_deref().map(|t| r.text(t)),
        }),
        review: review_state(d, as_of),
        reviews: reviews
            .into_iter()
            .map(|rv| ReviewView {
                on: rv.on.into(),
                by: r.text(&rv.by),
                outcome: r.markdown(&rv.outcome),
                person_view: rv
                    .person_view
                    .as_deref()
                    .filter(|t| !t.trim().is_empty())
                    .map(|t| r.text(t.trim())),
            })
            .collect(),
        example_links: examples.iter().map(|id| RecordLink::new(id)).collect(),
        findings: Vec::new(),
        examples,
    }
}

fn example_view(
    e: &PracticeExample,
    default_limit: Option<u32>,
    r: &Redactor,
    statement_label: &(dyn Fn(&str) -> StatementView + Sync),
    in_pack: &HashSet<&str>,
    titles: &BTreeMap<&str, &str>,
) -> ExampleView {
    let word_count = e.word_count();
    let word_limit = e.word_limit.or(default_limit);
    let decisions: Vec<DecisionLink> = e
        .decisions
        .iter()
        .map(|id| DecisionLink {
            id: r.text(id.trim()),
            anchor: anchor("", id.trim()),
            title: titles.get(id.trim()).map(|t| r.text(t)),
            in_pack: in_pack.contains(id.trim()),
        })
        .collect();
    let decisions_left_out = decisions
        .iter()
        .filter(|d| !d.in_pack)
        .map(|d| d.id.clone())
        .collect();
    ExampleView {
        id: heading(r.text(&e.id)),
        anchor: anchor("", &e.id),
        title: heading(r.text(&e.title)),
        descriptor: e.descriptor.as_deref().map(|t| r.text(t)),
        statements: e.statements.iter().map(|s| statement_label(s)).collect(),
        themes: e.themes.iter().map(|t| r.text(t)).collect(),
        situation: r.markdown(&e.situation),
        action: r.markdown(&e.action),
        outcome: e.outcome.as_deref().map(|t| r.markdown(t)),
        learning: e.learning.as_deref().map(|t| r.markdown(t)),
        word_count,
        word_limit,
        over_limit: word_limit.is_some_and(|l| word_count > l as usize),
        last_reviewed: e.last_reviewed.map(DateView::from),
        consent: e.consent.as_ref().map(|c| ConsentView {
            status: c.status.as_str(),
            status_label: match c.status.as_str() {
                "given" => "Consent given",
                "withdrawn" => "Consent withdrawn",
                _ => "Consent not required",
            },
            on: c.on.map(DateView::from),
            expires: c.expires.map(DateView::from),
            scope: c.scope.as_deref().map(|t| r.text(t)),
            reason: c.reason.as_deref().map(|t| r.text(t)),
        }),
        decisions,
        decisions_left_out,
        findings: Vec::new(),
    }
}

fn dashboard(input: &ViewInput, coverage: &[CoverageFramework]) -> Dashboard {
    let decisions = &input.decisions;
    let total = decisions.len();
    let active: Vec<&&DecisionRecord> = decisions.iter().filter(|d| d.is_active()).collect();
    let by_outcome: Vec<Count> = Outcome::ALL
        .iter()
        .map(|o| {
            let count = decisions
                .iter()
                .filter(|d| d.decision.outcome == *o)
                .count();
            Count {
                key: o.as_str(),
                label: o.label(),
                count,
                percent: percent(count, total),
            }
        })
        .collect();
    let restrictive = decisions
        .iter()
        .filter(|d| d.decision.outcome.is_restrictive())
        .count();
    let by_risk: Vec<Count> = [Scale::High, Scale::Medium, Scale::Low]
        .iter()
        .map(|level| {
            let count = decisions
                .iter()
                .filter(|d| d.risk_level() == *level)
                .count();
            Count {
                key: level.as_str(),
                label: level_label(*level),
                count,
                percent: percent(count, total),
            }
        })
        .collect();
    let states: Vec<&str> = decisions
        .iter()
        .map(|d| review_state_key(d, input.as_of))
        .collect();
    let in_date = states
        .iter()
        .filter(|s| matches!(**s, "in-date" | "due-soon"))
        .count();
    let overdue = states.iter().filter(|s| **s == "overdue").count();
    let people: BTreeSet<&str> = decisions.iter().map(|d| d.person.trim()).collect();
    let required: Vec<&CoverageRow> = coverage
        .iter()
        .flat_map(|f| &f.groups)
        .flat_map(|g| &g.statements)
        .filter(|s| s.required)
        .collect();
    let required_gaps = required.iter().filter(|s| s.gap).count();
    Dashboard {
        decisions: total,
        active: active.len(),
        closed: total - active.len(),
        people: people.len(),
        examples: input.examples.len(),
        by_outcome,
        supported: total - restrictive,
        supported_percent: percent(total - restrictive, total),
        restrictive,
        restrictive_percent: percent(restrictive, total),
        by_risk,
        reviews_in_date: in_date,
        reviews_in_date_percent: percent(in_date, active.len()),
        reviews_overdue: overdue,
        escalated: decisions.iter().filter(|d| d.escalation.is_some()).count(),
        high_risk: decisions
            .iter()
            .filter(|d| d.risk_level() == Scale::High)
            .count(),
        lacking_capacity: decisions
            .iter()
            .filter(|d| {
                d.capacity
                    .as_ref()
                    .is_some_and(|c| c.status.as_str() == "assessed-lacks")
            })
            .count(),
        required_statements: required.len(),
        required_evidenced: required.len() - required_gaps,
        required_gaps,
    }
}

fn coverage(input: &ViewInput) -> Vec<CoverageFramework> {
    let pack = input.pack;
    let frameworks = &pack.frameworks;
    let mut records: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut examples: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for d in &input.decisions {
        let unique: BTreeSet<_> = d.statements.iter().map(|s| frameworks.resolve(s)).collect();
        for r in unique {
            records
                .entry((r.framework, r.id))
                .or_default()
                .push(shown(&d.id));
        }
    }
    for e in &input.examples {
        let unique: BTreeSet<_> = e.statements.iter().map(|s| frameworks.resolve(s)).collect();
        for r in unique {
            examples
                .entry((r.framework, r.id))
                .or_default()
                .push(shown(&e.id));
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
            let groups = coverage_groups(f)
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
            CoverageFramework {
                id: f.id.clone(),
                name: shown(&f.name),
                primary: f.id == frameworks.primary,
                required_gaps: gaps,
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

fn draft_view(findings: &[Finding]) -> DraftView {
    let errors = findings.iter().filter(|f| f.level == Level::Error).count();
    let warnings = findings.len() - errors;
    DraftView {
        banner: format!(
            "Draft — not for submission: {}",
            crate::diagnostics::plural(findings.len(), "unresolved finding", "unresolved findings")
        ),
        errors,
        warnings,
        findings: findings
            .iter()
            .map(|f| FindingView {
                rule: f.rule.to_string(),
                level: f.level.as_str(),
                file: shown(&f.file),
                line: f.line,
                record: f.record.as_deref().map(shown),
                message: shown(&f.message),
                help: shown(&f.help),
            })
            .collect(),
    }
}

/// Hides identifiers from rendered text in records that `possible-identifier` flagged, so that even
/// a draft never shows an NHS number, postcode, phone number, e-mail address or registered name.
struct Redactor {
    scanner: Option<IdentifierScanner>,
}

impl Redactor {
    fn new(pack: &Pack, findings: &[Finding]) -> Redactor {
        let flagged = findings.iter().any(|f| f.rule == "possible-identifier");
        Redactor {
            scanner: flagged.then(|| IdentifierScanner::new(&pack.privacy_names)),
        }
    }

    fn text(&self, text: &str) -> String {
        match &self.scanner {
            Some(s) => shown(&s.redact(text)),
            None => shown(text),
        }
    }

    fn markdown(&self, text: &str) -> Markdown {
        match &self.scanner {
            Some(s) => markdown::render(&shown(&s.redact(text))),
            None if needs_escapes(text) => markdown::render(&printable(text)),
            None => markdown::render(text),
        }
    }
}

/// Text as the pack shows it: control characters and bidirectional overrides (which can make a
/// title read differently from how it is stored, `check` reports them in ids and titles) become
/// visible escapes such as `\u{202E}`, in the HTML, the PDF and pack.json alike.
/// Text that stands in headings, bookmarks and the contents: a title longer than
/// [`crate::validate::MAX_HEADING_CHARS`] (already an `invalid-record` error) is cut short, so a
/// draft still builds.
fn heading(text: String) -> String {
    let max = crate::validate::MAX_HEADING_CHARS;
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text
        .chars()
        .filter(|c| *c != '\u{200B}')
        .take(max)
        .collect();
    cut + "…"
}

/// Whether `text` holds a control or text-direction character. Most text is printable ASCII,
/// which a byte scan settles without decoding characters.
fn needs_escapes(text: &str) -> bool {
    let unusual = crate::text::any_byte(text.as_bytes(), |b| {
        !((b' '..0x7F).contains(&b) | matches!(b, b'\n' | b'\r' | b'\t'))
    });
    unusual && has_unsafe_chars(text)
}

/// Plain text as the pack shows it: hidden control characters made visible, and words too long
/// to wrap broken up (see [`markdown::break_long_words`]).
fn shown(text: &str) -> String {
    let text = if needs_escapes(text) {
        printable(text)
    } else {
        text.to_string()
    };
    if markdown::has_long_word(&text) {
        markdown::break_long_words(&text)
    } else {
        text
    }
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
