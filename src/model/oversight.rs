//! Senior oversight (SPEC sections 4a and 4b): whether two names are the same person, and whether
//! an escalation came before the decision it oversees.

use super::decision::{CapacityStatus, DecisionRecord};
use crate::text::is_blank;

/// SPEC 4b "same person": ignoring case, punctuation and anything in brackets, one name equals
/// the other or contains it as whole words ("Registered manager (J. Smith)" is the same as
/// "Registered manager"). A name with no words left is nobody.
pub fn same_person(a: &str, b: &str) -> bool {
    let (a, b) = (name_words(a), name_words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (long, short) = if a.len() >= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    long.windows(short.len()).any(|w| w == short.as_slice())
}

/// The words of a name: lower case, without anything in brackets, apostrophes dropped ("worker's"
/// is one word, "workers") and other punctuation read as a space.
fn name_words(name: &str) -> Vec<String> {
    let mut depth = 0usize;
    let mut plain = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '\'' | '\u{2019}' | '\u{2018}' => {}
            c if c.is_alphanumeric() => plain.extend(c.to_lowercase()),
            _ => plain.push(' '),
        }
    }
    plain.split_whitespace().map(str::to_string).collect()
}

/// When the escalation came, against the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscalationTiming {
    /// On or before the day of the decision.
    Before,
    /// After the decision; `explained` when `urgent = true` with a `reason`.
    After { days: i64, explained: bool },
}

impl DecisionRecord {
    /// When the record's escalation came, against `decision.decided_on`; none without an
    /// escalation dated `on`.
    pub fn escalation_timing(&self) -> Option<EscalationTiming> {
        let escalation = self.escalation.as_ref()?;
        let on = escalation.on?;
        let days = self.decision.decided_on.days_until(on);
        Some(if days <= 0 {
            EscalationTiming::Before
        } else {
            EscalationTiming::After {
                days,
                explained: escalation.urgent && !is_blank(escalation.reason.as_deref()),
            }
        })
    }
}

// replaced by law1's derived value when merged
pub(crate) fn restrictive_for_now(record: &DecisionRecord) -> bool {
    record.decision.outcome.is_restrictive()
        || record.liberty.as_ref().and_then(|l| l.deprivation)
            == Some(super::lawful::Deprivation::Yes)
}

// replaced by law1's derived value when merged
pub(crate) fn lacks_capacity_for_now(record: &DecisionRecord) -> bool {
    record
        .capacity
        .as_ref()
        .is_some_and(|c| c.status == CapacityStatus::AssessedLacks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_same_person_ignoring_case_punctuation_and_brackets() {
        assert!(same_person(
            "Registered manager (J. Smith)",
            "Registered manager"
        ));
        assert!(same_person("registered MANAGER", "Registered manager"));
        assert!(same_person(
            "Registered manager, J. Smith",
            "registered manager"
        ));
        assert!(same_person("J. Smith", "J Smith (registered manager)"));
        assert!(same_person("Key worker", "Lead key worker"));
        assert!(!same_person("Key worker's manager", "Key worker"));
        assert!(!same_person("Head of Quality", "Registered manager"));
        assert!(!same_person("Manager", "Managers' forum"));
        assert!(!same_person("(J. Smith)", "J. Smith"));
        assert!(!same_person(" ", " "));
    }
}
