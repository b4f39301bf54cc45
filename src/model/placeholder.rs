//! The words `evidence-pack new`, `init` and `new tender` write for the writer to replace: the
//! one list of them. A required field still holding one is reported as not filled in
//! (`invalid-record`, outside drafts), and any text still holding one as `placeholder-text` (in
//! drafts too), so that a template's words never reach a pack or a tender answer unnoticed.

pub const CHOICE: &str = "Describe the choice the person wants to make.";
pub const RISK: &str = "Describe the risk and the facts behind it.";
pub const SITUATION: &str = "Describe the situation.";
pub const ACTION: &str = "Describe what you did.";
/// The person's reference: no one's initials are XX.
pub const PERSON: &str = "XX";
/// `new tender`'s buyer.
pub const BUYER: &str = "Name of the buyer";
/// `new answer`'s body.
pub const ANSWER_BODY: &str = "Write the answer here.";
/// The note `new tender` writes after the deadline it makes up (a date cannot hold words): while
/// the line still carries it, the deadline is reported as a placeholder.
pub const DEADLINE_NOTE: &str = "a made-up date: replace it with the real deadline";
/// The notes in `new`'s commented-out examples, which a writer may uncomment and leave.
pub const REVIEW_OUTCOME: &str =
    "What has happened since the decision, and whether it still stands.";
pub const PERSON_VIEW: &str = "What the person said, in their own words.";
pub const INCIDENT_SUMMARY: &str = "What happened.";
pub const LEARNING: &str = "What changed because of it.";

/// The placeholders a required field may still hold (`invalid-record` outside drafts).
pub const ALL: &[&str] = &[CHOICE, RISK, SITUATION, ACTION, PERSON];

/// Every placeholder phrase, for `placeholder-text`.
pub const PHRASES: &[&str] = &[
    CHOICE,
    RISK,
    SITUATION,
    ACTION,
    BUYER,
    ANSWER_BODY,
    REVIEW_OUTCOME,
    PERSON_VIEW,
    INCIDENT_SUMMARY,
    LEARNING,
];

/// The placeholder a text still holds: the whole text is `XX`, or it starts or ends with one of
/// the phrases (a writer may have added words before or after it and left it in). Only the ends
/// are compared, so that a long text costs no more than a short one.
pub fn held_by(text: &str) -> Option<&'static str> {
    let trimmed = text.trim();
    if trimmed == PERSON {
        return Some(PERSON);
    }
    if trimmed.len() < INCIDENT_SUMMARY.len() {
        return None;
    }
    PHRASES.iter().copied().find(|p| {
        if p.len() <= INCIDENT_SUMMARY.len() {
            trimmed == *p
        } else {
            trimmed.starts_with(p) || trimmed.ends_with(p)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_and_real_words_are_not() {
        assert_eq!(held_by(" XX "), Some(PERSON));
        assert_eq!(held_by(CHOICE), Some(CHOICE));
        assert_eq!(
            held_by("Describe the risk and the facts behind it. She fell twice."),
            Some(RISK)
        );
        assert_eq!(held_by("Name of the buyer"), Some(BUYER));
        assert_eq!(held_by("What happened."), Some(INCIDENT_SUMMARY));
        assert_eq!(held_by("What happened was a fall on the stairs."), None);
        assert_eq!(held_by("XXL jumper"), None);
        assert_eq!(held_by("Kent County Council"), None);
        assert_eq!(held_by(&format!("She fell. {RISK}")), Some(RISK));
    }
}
