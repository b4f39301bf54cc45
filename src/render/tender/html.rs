//! `tender.html`: the tender as one self-contained page for the bid team's review, in the look of
//! pack.html (its stylesheet), with each answer's count against its limit and its findings.
//! Written by this code with every piece of user text escaped; answers are Markdown rendered and
//! sanitised as pack.html's are.

use std::fmt::Write as _;

use super::{QuestionRow, Standing, TenderReport};
use crate::markdown::to_html;
use crate::view::anchor;

const STYLE: &str = include_str!("../../../templates/style.css");

/// Extra rules for what pack.html has no need of.
const TENDER_STYLE: &str = "
.answer-meta { margin: 0.5rem 0 1rem; }
.question-text { font-size: 1.125rem; font-weight: 700; }
.answer-body { border-left: 4px solid var(--border); padding-left: 1rem; }
.tag-ready { color: #005a30; background: #cce2d8; }
.tag-draft { color: #594d00; background: #fff7bf; }
.tag-missing { color: #2a0b06; background: #f4cdc6; }
";

fn esc(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    crate::render::html::escape_html(text, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

/// The page, as bytes.
pub fn render(report: &TenderReport) -> Vec<u8> {
    let t = &report.tender.file.tender;
    let title = esc(&t.title);
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"evidence-pack {}\">\n<title>{}{title}: answers for review</title>\n<style>\n{STYLE}{TENDER_STYLE}</style>\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n<header class=\"cover\" id=\"top\">\n",
        env!("CARGO_PKG_VERSION"),
        if report.draft { "Draft: " } else { "" }
    );
    if report.draft {
        h.push_str("  <div class=\"draft-banner\"><p><strong>Draft — not for submission.</strong> This copy is for checking only. <a href=\"#findings\">See the findings</a></p></div>\n");
    }
    let _ = write!(
        h,
        "  <div class=\"wrap cover-inner\">\n    <p class=\"cover-kicker\">Tender response <span aria-hidden=\"true\">·</span> for review</p>\n    <h1>{title}</h1>\n    <p class=\"cover-provider\">{}</p>\n    <dl class=\"cover-meta\">\n      <div><dt>Deadline</dt><dd><time datetime=\"{}\">{}</time></dd></div>\n      <div><dt>Figures as at</dt><dd><time datetime=\"{}\">{}</time></dd></div>\n      <div><dt>Questions</dt><dd>{}</dd></div>\n    </dl>\n",
        esc(&t.buyer),
        t.deadline.iso(),
        t.deadline.long(),
        report.tender.figures.as_of.iso(),
        report.figures_as_of(),
        summary_sentence(report),
    );
    if t.name_blind {
        h.push_str("    <p class=\"cover-intro\">Name-blind: the answers must not name the provider or its services.</p>\n");
    }
    h.push_str("  </div>\n</header>\n<div class=\"wrap layout\">\n");
    contents(&mut h, report);
    h.push_str("<main id=\"main\" tabindex=\"-1\">\n");
    matrix(&mut h, report);
    for row in &report.rows {
        question(&mut h, row);
    }
    if report.draft {
        findings(&mut h, report);
    }
    let _ = write!(
        h,
        "</main>\n</div>\n<footer class=\"page-footer\">\n  <div class=\"wrap\">\n    <p>{title}, for {}. Figures as at {}.{}</p>\n    <p>Made with evidence-pack {}. <a href=\"#top\">Back to the top</a></p>\n  </div>\n</footer>\n</body>\n</html>\n",
        esc(&t.buyer),
        report.figures_as_of(),
        if report.draft {
            " <strong>Draft — not for submission.</strong>"
        } else {
            ""
        },
        env!("CARGO_PKG_VERSION"),
    );
    h.into_bytes()
}

fn summary_sentence(report: &TenderReport) -> String {
    let total = report.rows.len();
    let ready = report
        .rows
        .iter()
        .filter(|r| r.standing == Standing::Ready)
        .count();
    format!(
        "{}, {} ready",
        crate::diagnostics::plural(total, "question", "questions"),
        ready
    )
}

fn question_anchor(row: &QuestionRow) -> String {
    anchor("q-", row.question.id.trim())
}

fn contents(h: &mut String, report: &TenderReport) {
    h.push_str("<nav class=\"contents\" aria-labelledby=\"contents-heading\">\n  <h2 id=\"contents-heading\">Contents</h2>\n  <ol class=\"contents-list\">\n    <li><a href=\"#matrix\">Compliance matrix</a></li>\n");
    for row in &report.rows {
        let _ = writeln!(
            h,
            "    <li><a href=\"#{}\"><span class=\"contents-id\">{}</span> {}</a></li>",
            question_anchor(row),
            esc(row.question.id.trim()),
            esc(&short(&row.question.text))
        );
    }
    if report.draft {
        h.push_str("    <li><a href=\"#findings\">Unresolved findings</a></li>\n");
    }
    h.push_str("  </ol>\n</nav>\n");
}

/// The first words of a question, for the contents.
fn short(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 12 {
        words.join(" ")
    } else {
        format!("{}…", words[..12].join(" "))
    }
}

fn matrix(h: &mut String, report: &TenderReport) {
    h.push_str("<section id=\"matrix\" class=\"pack-section\" aria-labelledby=\"matrix-heading\">\n  <h2 id=\"matrix-heading\">Compliance matrix</h2>\n  <table class=\"findings stack\">\n    <caption>Each question's count against its limit</caption>\n    <thead><tr><th scope=\"col\">Question</th><th scope=\"col\" class=\"num\">Weight</th><th scope=\"col\">Count</th><th scope=\"col\">Status</th><th scope=\"col\">Criteria not covered</th></tr></thead>\n    <tbody>\n");
    for row in &report.rows {
        let weight = row
            .question
            .weight
            .map_or_else(|| "—".to_string(), |w| format!("{w}%"));
        let missing = if row.not_covered.is_empty() {
            "None".to_string()
        } else {
            esc(&row.not_covered.join(", "))
        };
        let _ = writeln!(
            h,
            "      <tr><th scope=\"row\"><a href=\"#{}\">{}</a></th><td class=\"num\" data-label=\"Weight\">{weight}</td><td data-label=\"Count\">{}</td><td data-label=\"Status\"><span class=\"tag tag-{}\">{}</span></td><td data-label=\"Criteria not covered\">{missing}</td></tr>",
            question_anchor(row),
            esc(row.question.id.trim()),
            if row.answer.is_some() {
                esc(&row.count_text())
            } else {
                "—".to_string()
            },
            standing_class(&row.standing),
            esc(&row.standing.words(row.question.count)),
        );
    }
    h.push_str("    </tbody>\n  </table>\n</section>\n");
}

fn standing_class(standing: &Standing) -> &'static str {
    match standing {
        Standing::OverLimit(_) => "over",
        other => other.key(),
    }
}

fn question(h: &mut String, row: &QuestionRow) {
    let id = question_anchor(row);
    let q = row.question;
    let _ = write!(
        h,
        "<section id=\"{id}\" class=\"pack-section\" aria-labelledby=\"{id}-heading\">\n  <h2 id=\"{id}-heading\">{}</h2>\n  <p class=\"question-text\">{}</p>\n  <p class=\"tags answer-meta\"><span class=\"tag tag-words{}\">{}</span> <span class=\"tag tag-{}\">{}</span></p>\n  <dl class=\"facts\">\n    <div><dt>Limit</dt><dd>{}</dd></div>\n",
        esc(q.id.trim()),
        esc(&q.text),
        if matches!(row.standing, Standing::OverLimit(_)) {
            " tag-over"
        } else {
            ""
        },
        if row.answer.is_some() {
            esc(&row.count_text())
        } else {
            "No answer".to_string()
        },
        standing_class(&row.standing),
        esc(&row.standing.words(q.count)),
        esc(&row.limit_text()),
    );
    if let Some(w) = q.weight {
        let _ = writeln!(h, "    <div><dt>Weight</dt><dd>{w}%</dd></div>");
    }
    if !q.criteria.is_empty() {
        let _ = writeln!(
            h,
            "    <div class=\"facts-wide\"><dt>Criteria covered</dt><dd>{}</dd></div>",
            if row.covered.is_empty() {
                "None".to_string()
            } else {
                esc(&row.covered.join(", "))
            }
        );
        if !row.not_covered.is_empty() {
            let _ = writeln!(
                h,
                "    <div class=\"facts-wide\"><dt>Criteria not covered</dt><dd>{}</dd></div>",
                esc(&row.not_covered.join(", "))
            );
        }
    }
    h.push_str("  </dl>\n");
    match row.answer {
        Some(answer) => {
            let _ = writeln!(
                h,
                "  <h3>The answer</h3>\n  <div class=\"prose answer-body\">{}</div>",
                to_html(&answer.filled)
            );
        }
        None => h.push_str("  <p class=\"lead\">There is no answer to this question yet.</p>\n"),
    }
    evidence(h, row);
    if !row.findings.is_empty() {
        let _ = writeln!(h, "  <h3>Findings</h3>\n  <ul class=\"link-list\">");
        for f in &row.findings {
            let _ = writeln!(
                h,
                "    <li><span class=\"tag tag-{}\">{}</span> {} <span class=\"finding-help\">{}</span> <span class=\"rule\">({})</span></li>",
                f.level.as_str(),
                if f.level == crate::diagnostics::Level::Error {
                    "Error"
                } else {
                    "Warning"
                },
                esc(&f.message),
                esc(&f.help),
                f.rule
            );
        }
        h.push_str("  </ul>\n");
    }
    h.push_str("</section>\n");
}

fn evidence(h: &mut String, row: &QuestionRow) {
    if row.examples.is_empty() && row.decisions.is_empty() {
        return;
    }
    h.push_str("  <dl class=\"record-links\">\n");
    if !row.examples.is_empty() {
        h.push_str("    <div><dt>Practice examples used</dt><dd><ul class=\"link-list\">");
        for e in &row.examples {
            let _ = write!(
                h,
                "<li>{}{} (consent until: {})</li>",
                esc(&e.id),
                e.title
                    .as_deref()
                    .map(|t| format!(": {}", esc(t)))
                    .unwrap_or_default(),
                esc(&e.consent_until)
            );
        }
        h.push_str("</ul></dd></div>\n");
    }
    if !row.decisions.is_empty() {
        h.push_str("    <div><dt>Decision records cited</dt><dd><ul class=\"link-list\">");
        for (id, title) in &row.decisions {
            let _ = write!(
                h,
                "<li>{}{}</li>",
                esc(id),
                title
                    .as_deref()
                    .map(|t| format!(": {}", esc(t)))
                    .unwrap_or_default()
            );
        }
        h.push_str("</ul></dd></div>\n");
    }
    h.push_str("  </dl>\n");
}

fn findings(h: &mut String, report: &TenderReport) {
    h.push_str("<section id=\"findings\" class=\"pack-section findings-section\" aria-labelledby=\"findings-heading\">\n  <h2 id=\"findings-heading\">Unresolved findings</h2>\n");
    if report.findings.is_empty() {
        h.push_str("  <p class=\"lead\">There are no unresolved findings.</p>\n</section>\n");
        return;
    }
    let _ = write!(
        h,
        "  <p class=\"lead\">This draft has {} and {} from <code>evidence-pack check</code>. Resolve the errors before the answers are submitted.</p>\n  <table class=\"findings stack\">\n    <caption>Findings from <code>evidence-pack check</code></caption>\n    <thead><tr><th scope=\"col\">Level</th><th scope=\"col\">Question</th><th scope=\"col\">Finding and what to do</th></tr></thead>\n    <tbody>\n",
        crate::diagnostics::plural(report.errors(), "error", "errors"),
        crate::diagnostics::plural(report.warnings(), "warning", "warnings"),
    );
    for f in report.findings {
        let _ = writeln!(
            h,
            "      <tr><td class=\"finding-level\"><span class=\"tag tag-{}\">{}</span></td><td data-label=\"Question\">{}</td><td><p class=\"finding-message\">{}</p><p class=\"finding-help\">{}</p><p class=\"finding-where\"><code>{}</code>, line {} <span class=\"rule\">({})</span></p></td></tr>",
            f.level.as_str(),
            if f.level == crate::diagnostics::Level::Error {
                "Error"
            } else {
                "Warning"
            },
            f.record.as_deref().map_or_else(
                || "<span class=\"none-text\">The tender as a whole</span>".to_string(),
                esc
            ),
            esc(&f.message),
            esc(&f.help),
            esc(&f.file),
            f.line,
            f.rule
        );
    }
    h.push_str("    </tbody>\n  </table>\n</section>\n");
}
