//! The front of the pack: the cover's wording for the audience, the order of the sections, and
//! the draft banner with its findings.

use super::model::{DraftView, FindingView, SectionLink};
use super::redact::shown;
use crate::diagnostics::{Finding, Level};
use crate::model::pack_config::Audience;

pub(super) fn audience_label(audience: Audience) -> &'static str {
    match audience {
        Audience::Commissioner => "For commissioners",
        Audience::Inspection => "For inspection",
        Audience::Tender => "For tender evaluation",
    }
}

pub(super) fn intro(audience: Audience, provider: &str) -> String {
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
pub(super) fn sections(audience: Audience, draft: bool) -> Vec<SectionLink> {
    let link = |id, title| SectionLink { id, title };
    let mut s = vec![
        link("summary", "Summary"),
    ];
    if audience != Audience::Tender {
        s.push(link("registers", "Registers"));
    }
    s.push(link("coverage", "Quality statements covered"));
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

pub(super) fn draft_view(findings: &[Finding]) -> DraftView {
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
