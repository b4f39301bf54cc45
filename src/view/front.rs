//! The front of the pack: the cover's wording for the audience, the order of the sections, and
//! the draft banner with its findings.

use super::pack_json::{DraftView, FindingView, GlossaryEntry, SectionLink};
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
    let mut s = vec![link("summary", "Summary")];
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
    // The closing page ends the pack; a draft's findings, for its writer, come after it.
    s.push(link("glossary", "Glossary"));
    if draft {
        s.push(link("findings", "Unresolved findings"));
    }
    s
}

/// The terms the pack uses, for the closing page (SPEC 9a), in alphabetical order.
const GLOSSARY: [(&str, &str); 12] = [
    (
        "Best interests",
        "When a person lacks capacity for a decision, whoever makes it for them must act in their best interests, weighing their wishes and feelings (MCA 2005 s4).",
    ),
    (
        "Court of Protection",
        "The court that decides on the affairs of people who lack capacity, and authorises a deprivation of liberty outside a care home or hospital.",
    ),
    (
        "CQC",
        "The Care Quality Commission, which registers and inspects care services in England.",
    ),
    (
        "Deprivation of liberty",
        "Arrangements that confine a person without their valid consent. They must be authorised: through DoLS or by the Court of Protection.",
    ),
    (
        "DoLS",
        "The Deprivation of Liberty Safeguards: how a care home or hospital asks the council to authorise a deprivation of liberty.",
    ),
    (
        "IMCA",
        "An Independent Mental Capacity Advocate speaks for a person who lacks capacity and has no one else to consult about a serious decision.",
    ),
    (
        "LPA",
        "A Lasting Power of Attorney: a person chosen while they had capacity to make decisions for them later.",
    ),
    (
        "MCA",
        "The Mental Capacity Act 2005: a person is assumed to have capacity unless shown otherwise, and has the right to make unwise decisions.",
    ),
    (
        "Positive risk-taking",
        "Supporting a person to do what matters to them while the risks are understood, shared and reduced, rather than avoided by saying no.",
    ),
    (
        "Quality statements",
        "The statements of CQC's single assessment framework that a provider shows evidence for.",
    ),
    (
        "Restrictive practice",
        "Anything that limits what a person can do or where they can go. It must be necessary, the least restrictive option and reviewed.",
    ),
    (
        "Wellbeing areas",
        "The nine areas of wellbeing in section 1 of the Care Act 2014, such as personal dignity, control over day-to-day life and relationships.",
    ),
];

pub(super) fn glossary() -> Vec<GlossaryEntry> {
    GLOSSARY
        .iter()
        .map(|&(term, meaning)| GlossaryEntry { term, meaning })
        .collect()
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
