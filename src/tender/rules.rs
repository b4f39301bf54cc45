//! The rules of SPEC section 10 on tender answers: one small function per rule, named as the
//! rule is. They live beside the tenders rather than in `rules`, because an answer is judged once
//! its figures are filled in, and the figures come from the view's dashboard.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::figures::{FIGURE_NAMES, PlaceholderKind, placeholders};
use super::{PreparedAnswer, PreparedTender, Tenders, prepare};
use crate::diagnostics::{Finding, Rule, Sink, plural, sort_findings};
use crate::load::Pack;
use crate::model::Date;
use crate::model::example::{ConsentStatus, ConsentUse};
use crate::model::tender::CountUnit;
use crate::rules::identifiers::{self, FieldPath};
use crate::rules::{RuleContext, RuleLevels};
use crate::select::Selected;
use crate::source::SourceFile;
use crate::text::printable;

/// The findings of the pack's tenders: each tender's apart (for `evidence-pack tender ID`), and
/// those about files in `tenders/` that belong to no tender. Levels applied, redacted, sorted.
#[derive(Debug, Clone, Default)]
pub struct TenderFindings {
    /// One list per tender, in the order of [`Tenders::list`].
    pub each: Vec<Vec<Finding>>,
    pub other: Vec<Finding>,
}

impl TenderFindings {
    /// Every tender finding, sorted by file and line.
    pub fn all(&self) -> Vec<Finding> {
        let mut all: Vec<Finding> = self.each.iter().flatten().cloned().collect();
        all.extend(self.other.iter().cloned());
        sort_findings(&mut all);
        all
    }
}

/// Every finding for every tender: from reading the files and from every rule, with the levels
/// of pack.toml's `[rules]` applied, sorted by file and line. `selected` is what `[select]` puts in
/// the pack (the figures and examples an answer may use come from it).
pub fn check(pack: &Pack, tenders: &Tenders, selected: &Selected, as_of: Date) -> TenderFindings {
    let mut other = tenders.findings.clone();
    let mut each = Vec::with_capacity(tenders.list.len());
    for loaded in &tenders.list {
        let prefix = format!("{}/", loaded.dir);
        let (mine, rest): (Vec<Finding>, Vec<Finding>) = other
            .into_iter()
            .partition(|f| f.file == loaded.dir || f.file.starts_with(&prefix));
        other = rest;
        let mut findings = mine;
        if let Some(tender) = prepare(pack, loaded, selected, as_of) {
            findings.extend(check_tender(pack, &tender, selected, as_of));
        }
        each.push(finish(pack, findings));
    }
    TenderFindings {
        each,
        other: finish(pack, other),
    }
}

fn finish(pack: &Pack, mut findings: Vec<Finding>) -> Vec<Finding> {
    if findings.is_empty() {
        return findings;
    }
    crate::rules::drop_repeats(&mut findings);
    let (levels, _) = RuleLevels::from_pack(pack);
    let scanner = &pack.identifiers;
    let mut findings: Vec<Finding> = findings
        .into_iter()
        .filter_map(|mut f| {
            f.level = levels.level_of(&f)?;
            f.message = scanner.redact(&f.message);
            f.help = scanner.redact(&f.help);
            f.record = f.record.as_deref().map(|r| scanner.redact(r));
            f.key = f.key.as_deref().map(|k| scanner.redact(k));
            Some(f)
        })
        .collect();
    sort_findings(&mut findings);
    findings
}

/// The rules on one prepared tender, at their default levels.
pub fn check_tender<'a>(
    pack: &'a Pack,
    tender: &PreparedTender<'a>,
    selected: &Selected,
    as_of: Date,
) -> Vec<Finding> {
    let cx = RuleContext::new(pack, as_of);
    let tender_source = pack.source(tender.source);
    let mut sink = Sink::new(tender_source, None);
    answer_missing(tender, &mut sink);
    question_identifiers(&cx, tender, &mut sink);
    tender_placeholders(tender_source, &mut sink);
    let mut findings = sink.findings;
    for (i, answer) in tender.answers.iter().enumerate() {
        let source = pack.source(answer.source);
        let record = answer.answer.question.trim();
        let mut sink = Sink::new(source, Some(record));
        answer_unknown_question(pack, tender, i, &mut sink);
        answer_over_limit(tender, answer, &mut sink);
        answer_not_ready(answer, &mut sink);
        unknown_figure(answer, source, &mut sink);
        answer_unknown_reference(pack, selected, answer, source, &mut sink);
        answer_example_consent(pack, selected, tender, answer, &mut sink);
        answer_criterion_not_covered(tender, answer, &mut sink);
        answer_names_provider(pack, tender, answer, source, &mut sink);
        answer_refers_elsewhere(answer, source, &mut sink);
        answer_typed_figure(answer, source, &mut sink);
        // The Markdown with figures and examples filled in: link addresses are scanned too.
        identifiers::report_all(&cx, &mut sink, &[(FieldPath::Key("body"), &answer.filled)]);
        // Every other text of the answer (its question id, criteria, examples...) and its name.
        identifiers::report_texts_where(&cx, &mut sink, answer.answer, |path| path.top() != "body");
        identifiers::report_file_name(&cx, &mut sink);
        findings.extend(sink.findings);
    }
    findings
}

/// "Q3.2's answer", or "This answer" when it names no question of the tender.
fn whose(answer: &PreparedAnswer) -> String {
    let id = answer.answer.question.trim();
    if answer.question.is_some() && !id.is_empty() {
        format!("{}'s answer", printable(id))
    } else {
        "This answer".to_string()
    }
}

/// Text quoted in a message: on one line, single-spaced, with hidden characters made visible.
fn one_line(text: &str) -> String {
    printable(&crate::text::single_spaced(text))
}

/// Where `needle` stands in the file, within the answer's body (the body itself when it cannot
/// be found there, for example behind an escape).
fn in_body(source: &SourceFile, needle: &str) -> Option<Range<usize>> {
    // The span is the key's; the text follows it.
    let body = source.span("body")?;
    let text = source.text.get(body.start..)?;
    Some(match text.find(needle) {
        Some(i) => body.start + i..body.start + i + needle.len(),
        None => body,
    })
}

fn report_at(
    sink: &mut Sink,
    rule: Rule,
    span: Option<Range<usize>>,
    message: String,
    help: String,
) {
    sink.findings.push(Finding::at(
        rule,
        sink.source,
        span,
        sink.record,
        message,
        help,
    ));
}

fn answer_missing<'a>(tender: &PreparedTender<'a>, sink: &mut Sink<'a>) {
    for (i, q) in tender.file.questions.iter().enumerate() {
        if tender.answer_to(i).is_some()
            || tender
                .loaded
                .unreadable_answers
                .contains(&q.id.trim().to_string())
        {
            // An answer file that cannot be read is reported as such, not as a missing answer.
            continue;
        }
        let id = printable(q.id.trim());
        sink.record = Some(q.id.trim());
        sink.report(
            Rule::AnswerMissing,
            &[&format!("questions[{i}].id"), &format!("questions[{i}]")],
            format!("{id} has no answer."),
            format!(
                "Write one: `evidence-pack new answer --tender {} --question {id}` creates the file.",
                tender.loaded.id
            ),
        );
    }
}

/// `placeholder-text` for the deadline `new tender` made up (a date cannot hold words: the note
/// after it marks it until the line is rewritten).
fn tender_placeholders(source: &SourceFile, sink: &mut Sink) {
    // The buyer is a text: every text's placeholder words are found by the scan of every text.
    use crate::model::placeholder;
    let deadline_line = source.span("tender.deadline").map(|s| {
        let (start, end) = source.line_bounds(s.start);
        &source.text[start..end]
    });
    if deadline_line.is_some_and(|line| line.contains(placeholder::DEADLINE_NOTE)) {
        sink.report(
            Rule::PlaceholderText,
            &["tender.deadline"],
            "`tender.deadline` is still the date `evidence-pack new tender` made up.".to_string(),
            "Write the real deadline from the tender documents, and delete the note after it.",
        );
    }
}

/// Every text of tender.toml (its title, buyer, questions and criteria...) and its name: they
/// reach the answers document, the matrix, tender.html and the portal files' names.
fn question_identifiers(cx: &RuleContext, tender: &PreparedTender, sink: &mut Sink) {
    identifiers::report_every_text(cx, sink, tender.file);
    identifiers::report_file_name(cx, sink);
}

fn answer_unknown_question(pack: &Pack, tender: &PreparedTender, index: usize, sink: &mut Sink) {
    let rule = Rule::AnswerUnknownQuestion;
    let answer = &tender.answers[index];
    let id = printable(answer.answer.question.trim());
    let Some(question) = answer.question else {
        let ids: Vec<String> = tender
            .file
            .questions
            .iter()
            .map(|q| q.id.trim().to_string())
            .collect();
        let help = match crate::text::closest(answer.answer.question.trim(), &ids) {
            Some(best) => format!(
                "Did you mean `{best}`? The tender's questions are {}.",
                ids.join(", ")
            ),
            None if ids.is_empty() => {
                "The tender has no questions yet: add them to tender.toml as [[questions]]."
                    .to_string()
            }
            None => format!("Use one of the tender's question ids: {}.", ids.join(", ")),
        };
        sink.report(
            rule,
            &["question"],
            format!("This answer is for {id}, which is not a question of this tender."),
            help,
        );
        return;
    };
    if let Some(first) = tender.answers[..index]
        .iter()
        .find(|a| a.question == Some(question))
    {
        sink.report(
            rule,
            &["question"],
            format!(
                "Two answers are for {id}: this one and {}.",
                pack.source(first.source).rel
            ),
            "Keep one answer per question: merge the two, or correct `question` in one of them.",
        );
    }
}

fn answer_over_limit(tender: &PreparedTender, answer: &PreparedAnswer, sink: &mut Sink) {
    let Some(q) = answer.question.map(|i| &tender.file.questions[i]) else {
        return;
    };
    let limit = q.limit as usize;
    if answer.count <= limit {
        return;
    }
    let counted = match q.count {
        CountUnit::Characters => format!(
            "{}, counting each line break as {}",
            q.count.of(answer.count),
            q.line_break
        ),
        _ => q.count.of(answer.count),
    };
    sink.report(
        Rule::AnswerOverLimit,
        &["body"],
        format!(
            "{}'s answer is {counted}; the limit is {}. Cut {}.",
            printable(q.id.trim()),
            crate::text::group_thousands(limit as u64),
            q.count.of(answer.count - limit)
        ),
        "The count is of the answer as the portal receives it, with figures and practice examples filled in: shorten the body, or use a shorter example.",
    );
}

fn answer_not_ready(answer: &PreparedAnswer, sink: &mut Sink) {
    if answer.answer.status == crate::model::tender::AnswerStatus::Draft {
        sink.report(
            Rule::AnswerNotReady,
            &["status", "question"],
            format!("{} is still a draft.", whose(answer)),
            "When it has been reviewed, set status = \"ready\".",
        );
    }
}

fn unknown_figure(answer: &PreparedAnswer, source: &SourceFile, sink: &mut Sink) {
    let names: Vec<String> = FIGURE_NAMES.iter().map(|n| n.to_string()).collect();
    for p in placeholders(&answer.answer.body) {
        let written = &answer.answer.body[p.range.clone()];
        let (message, help) = match &p.kind {
            PlaceholderKind::Unknown => {
                let best = closest_figure(&p.inner, &names)
                    .map(|b| format!("Did you mean `{{{{{b}}}}}`? "))
                    .unwrap_or_default();
                (
                    format!("`{}` is not a figure, so it would be printed as it stands.", printable(written)),
                    format!(
                        "{best}The figures are {}; a practice example is `{{{{example PX-001}}}}` on a line of its own.",
                        FIGURE_NAMES.join(", ")
                    ),
                )
            }
            PlaceholderKind::ExampleInLine(_) => (
                format!("`{}` must stand on a line of its own.", printable(written)),
                "Put it on its own line, with a blank line before and after: it is replaced by the whole example.".to_string(),
            ),
            _ => continue,
        };
        report_at(
            sink,
            Rule::UnknownFigure,
            in_body(source, written),
            message,
            help,
        );
    }
}

/// The figure a misspelt name most likely means: the one sharing the longest start with it
/// (`supported_pc` is `supported_percent`, not `supported`), else the closest spelling.
fn closest_figure(input: &str, names: &[String]) -> Option<String> {
    let shared = |name: &str| {
        name.chars()
            .zip(input.chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    let longest = names.iter().map(|n| shared(n)).max().unwrap_or(0);
    if longest >= 4 {
        let starts: Vec<String> = names
            .iter()
            .filter(|n| shared(n) == longest)
            .cloned()
            .collect();
        if starts.len() == 1 {
            return starts.into_iter().next();
        }
        return crate::text::closest(input, &starts).or_else(|| starts.into_iter().next());
    }
    crate::text::closest(input, names)
}

/// Why an id cannot be used in an answer: it does not exist, `[select]` leaves it out, or it is a
/// draft. None when it can be used.
fn unusable(pack: &Pack, selected: &Selected, id: &str, examples: bool) -> Option<&'static str> {
    let id = id.trim();
    let (found, draft) = if examples {
        let i = pack.examples.iter().position(|e| e.item.id.trim() == id);
        (
            i.map(|i| selected.has_example(i)),
            i.is_some_and(|i| pack.examples[i].item.draft),
        )
    } else {
        let i = pack.decisions.iter().position(|d| d.item.id.trim() == id);
        (
            i.map(|i| selected.has_decision(i)),
            i.is_some_and(|i| pack.decisions[i].item.draft),
        )
    };
    match found {
        None => Some(if examples {
            "which is not a practice example in this pack"
        } else {
            "which is not a decision record in this pack"
        }),
        Some(true) => None,
        Some(false) if draft => {
            Some("which is marked draft = true, so it is left out of built packs")
        }
        Some(false) => Some("which the pack's [select] table leaves out"),
    }
}

fn answer_unknown_reference(
    pack: &Pack,
    selected: &Selected,
    answer: &PreparedAnswer,
    source: &SourceFile,
    sink: &mut Sink,
) {
    let rule = Rule::AnswerUnknownReference;
    let help = "Use the id of a practice example or decision record that is in the pack (`evidence-pack check` lists them), or remove it.";
    for (list, ids, examples) in [
        ("examples", &answer.answer.examples, true),
        ("decisions", &answer.answer.decisions, false),
    ] {
        for (i, id) in ids.iter().enumerate() {
            if let Some(why) = unusable(pack, selected, id, examples) {
                sink.report(
                    rule,
                    &[&format!("{list}[{i}]"), list],
                    format!("`{list}` names {}, {why}.", printable(id.trim())),
                    help,
                );
            }
        }
    }
    for p in placeholders(&answer.answer.body) {
        if let PlaceholderKind::Example(id) = &p.kind
            && let Some(why) = unusable(pack, selected, id, true)
        {
            let written = &answer.answer.body[p.range.clone()];
            report_at(
                sink,
                rule,
                in_body(source, written),
                format!("`{}` names {}, {why}.", printable(written), printable(id)),
                help.to_string(),
            );
        }
    }
}

fn answer_example_consent(
    pack: &Pack,
    selected: &Selected,
    tender: &PreparedTender,
    answer: &PreparedAnswer,
    sink: &mut Sink,
) {
    let deadline = tender.file.tender.deadline;
    for id in &answer.example_ids {
        if unusable(pack, selected, id, true).is_some() {
            continue;
        }
        let Some(example) = pack.examples.iter().find(|e| e.item.id.trim() == id) else {
            continue;
        };
        let shown = printable(id);
        let problem = match &example.item.consent {
            None => Some(format!(
                "{shown} has no consent recorded for using the person's story."
            )),
            Some(c) => match c.status {
                ConsentStatus::Withdrawn => {
                    Some(format!("Consent to use {shown} has been withdrawn."))
                }
                ConsentStatus::NotRequired if crate::text::is_blank(c.reason.as_deref()) => Some(
                    format!("{shown} says consent is not required but does not say why."),
                ),
                _ if !c.covers(ConsentUse::Tender) => Some(format!(
                    "The consent for {shown} lists where the story may be used (consent.uses), and a tender is not among them."
                )),
                _ => c.expires.filter(|e| *e < deadline).map(|e| {
                    format!(
                        "The consent for {shown} ends on {}, before this tender's deadline of {}.",
                        e.long(),
                        deadline.long()
                    )
                }),
            },
        };
        if let Some(message) = problem {
            let position = answer.answer.examples.iter().position(|e| e.trim() == id);
            let path = position
                .map(|i| format!("examples[{i}]"))
                .unwrap_or_else(|| "body".to_string());
            sink.report(
                Rule::AnswerExampleConsent,
                &[&path, "examples", "body"],
                message,
                format!(
                    "Check consent with the person and record it under [consent] in {}, or use another example.",
                    pack.source(example.source).rel
                ),
            );
        }
    }
}

fn answer_criterion_not_covered(tender: &PreparedTender, answer: &PreparedAnswer, sink: &mut Sink) {
    let Some(q) = answer.question.map(|i| &tender.file.questions[i]) else {
        return;
    };
    let covers: HashSet<String> = answer
        .answer
        .covers
        .iter()
        .map(|c| c.trim().to_lowercase())
        .collect();
    for criterion in &q.criteria {
        if !covers.contains(&criterion.trim().to_lowercase()) {
            sink.report(
                Rule::AnswerCriterionNotCovered,
                &["covers", "question"],
                format!(
                    "{}'s answer does not cover \"{}\", which the evaluator looks for.",
                    printable(q.id.trim()),
                    printable(criterion.trim())
                ),
                "Address it in the answer and add it to covers, or explain in the answer why it does not apply.",
            );
        }
    }
}

/// The provider's name (with and without "Ltd" and the like) and the services' names, for
/// name-blind tenders.
fn provider_names(pack: &Pack) -> Vec<String> {
    let provider = pack.config.pack.provider.trim();
    let mut names = vec![provider.to_string()];
    let lower = provider.to_lowercase();
    for suffix in [" ltd", " ltd.", " limited", " plc", " cic", " llp"] {
        if let Some(stem) = lower.strip_suffix(suffix) {
            names.push(provider[..stem.len()].trim().to_string());
        }
    }
    for d in &pack.decisions {
        if let Some(service) = &d.item.service {
            names.push(service.trim().to_string());
        }
    }
    names.retain(|n| !n.is_empty());
    names.sort();
    names.dedup();
    names
}

fn answer_names_provider(
    pack: &Pack,
    tender: &PreparedTender,
    answer: &PreparedAnswer,
    source: &SourceFile,
    sink: &mut Sink,
) {
    if !tender.file.tender.name_blind {
        return;
    }
    let mut names = provider_names(pack);
    // Longest first, so "Riverside Care Ltd" is reported rather than "Riverside Care" inside it.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let alternatives: Vec<String> = names
        .iter()
        .map(|n| {
            n.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    let Ok(pattern) = Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}\p{{N}}])({})(?:$|[^\p{{L}}\p{{N}}])",
        alternatives.join("|")
    )) else {
        return;
    };
    if let Some(found) = pattern.captures(&answer.plain).and_then(|c| c.get(1)) {
        report_at(
            sink,
            Rule::AnswerNamesProvider,
            in_body(source, found.as_str()),
            format!(
                "{} names \"{}\", and this tender is marked name-blind.",
                whose(answer),
                one_line(found.as_str())
            ),
            "Write \"we\" or \"our service\" instead: a name-blind evaluator must not be able to tell who wrote the answer.".to_string(),
        );
    }
}

fn answer_refers_elsewhere(answer: &PreparedAnswer, source: &SourceFile, sink: &mut Sink) {
    static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:see\s+(?:q\s?\d[\w.]*|question(?:\s+[\w.]*\d[\w.]*)?\b|our\s+answer\s+to\b)|as\s+(?:stated\s+|described\s+|mentioned\s+)?above\b)",
        )
        .expect("a valid pattern")
    });
    if let Some(found) = PATTERN.find(&answer.plain) {
        report_at(
            sink,
            Rule::AnswerRefersElsewhere,
            in_body(source, found.as_str()),
            format!(
                "{} says \"{}\": each answer is marked on its own, so the evaluator will not look there.",
                whose(answer),
                one_line(found.as_str())
            ),
            "Say what matters here, in a sentence or two, instead of referring to another answer."
                .to_string(),
        );
    }
}

fn answer_typed_figure(answer: &PreparedAnswer, source: &SourceFile, sink: &mut Sink) {
    static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b\d+(?:[.,]\d+)?\s?(?:%|per\s?cent\b)").expect("a valid pattern")
    });
    let body = &answer.answer.body;
    // Only what was typed: the figures filled in are not looked at.
    let mut typed = String::with_capacity(body.len());
    let mut pos = 0;
    for p in placeholders(body) {
        typed.push_str(&body[pos..p.range.start]);
        typed.push(' ');
        pos = p.range.end;
    }
    typed.push_str(&body[pos..]);
    let found: Vec<&str> = PATTERN.find_iter(&typed).map(|m| m.as_str()).collect();
    if let Some(first) = found.first() {
        report_at(
            sink,
            Rule::AnswerTypedFigure,
            in_body(source, first),
            format!(
                "{} has {} typed by hand ({}).",
                whose(answer),
                plural(found.len(), "percentage", "percentages"),
                found.iter().map(|f| format!("\"{}\"", one_line(f))).collect::<Vec<_>>().join(", ")
            ),
            "Use a figure such as {{supported_percent}}, so the number is computed from the records and stays current; or remove it.".to_string(),
        );
    }
}
