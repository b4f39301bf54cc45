//! The facts SPEC section 4b derives from a record, computed here once and used by every rule,
//! figure, register and view that asks: whether the record is **restrictive**, whether the person
//! **lacks** or **has capacity** for the decision, whether the restriction is **agreed by the
//! person**, whether a basis's **authority** names a power, and whether someone named in the
//! record is **paid** or **unpaid** (for advocacy). Never the labels alone: a label
//! (`basis = "person-agreed"`, `outcome = "supported-with-conditions"`) must not clear a rule.

use super::decision::{CapacityStatus, DecisionRecord, Outcome};
use super::lawful::{Basis, Deprivation, PersonAgrees};
use super::restrictions::ForThisDecision;

/// The person's capacity for this decision, as the rules read it (SPEC 4b).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityForDecision {
    /// `presumed`, `assessed-has`, or `fluctuating` with `for_this_decision = "has"`.
    Has,
    /// `assessed-lacks`, or `fluctuating` with `for_this_decision = "lacks"`.
    Lacks,
    /// No `[capacity]`, or `fluctuating` without `for_this_decision`: the record does not say.
    Unknown,
}

impl DecisionRecord {
    /// SPEC 4b "restrictive": a limited or not-supported outcome (but not a `not-supported` that
    /// only says the service cannot provide something, with no restriction listed), any
    /// `[[restrictions]]` entry, or a deprivation of liberty.
    pub fn is_restrictive(&self) -> bool {
        let outcome = match self.decision.outcome {
            Outcome::Limited => true,
            Outcome::NotSupported => !self.only_limits_the_service(),
            Outcome::Supported | Outcome::SupportedWithConditions => false,
        };
        outcome
            || !self.restrictions.is_empty()
            || self
                .liberty
                .as_ref()
                .is_some_and(|l| l.deprivation == Some(Deprivation::Yes))
    }

    /// `service-cannot-provide` with no `[[restrictions]]`: the service is limited, not the person.
    pub fn only_limits_the_service(&self) -> bool {
        self.decision.basis == Some(Basis::ServiceCannotProvide) && self.restrictions.is_empty()
    }

    /// The person's capacity for this decision (SPEC 4b).
    pub fn capacity_for_decision(&self) -> CapacityForDecision {
        let Some(capacity) = &self.capacity else {
            return CapacityForDecision::Unknown;
        };
        match (capacity.status, capacity.for_this_decision) {
            (CapacityStatus::Presumed | CapacityStatus::AssessedHas, _) => CapacityForDecision::Has,
            (CapacityStatus::AssessedLacks, _) => CapacityForDecision::Lacks,
            (CapacityStatus::Fluctuating, Some(ForThisDecision::Has)) => CapacityForDecision::Has,
            (CapacityStatus::Fluctuating, Some(ForThisDecision::Lacks)) => {
                CapacityForDecision::Lacks
            }
            (CapacityStatus::Fluctuating, None) => CapacityForDecision::Unknown,
        }
    }

    /// SPEC 4b "lacks capacity".
    pub fn lacks_capacity(&self) -> bool {
        self.capacity_for_decision() == CapacityForDecision::Lacks
    }

    /// SPEC 4b "has capacity".
    pub fn has_capacity(&self) -> bool {
        self.capacity_for_decision() == CapacityForDecision::Has
    }

    /// SPEC 4b "agreed by the person": they say yes, and do not lack capacity. A basis of
    /// `person-agreed` alone, partial agreement, or a relative's agreement is not agreement.
    pub fn agreed_by_person(&self) -> bool {
        self.decision.person_agrees == Some(PersonAgrees::Yes) && !self.lacks_capacity()
    }

    /// Why the basis's `authority` is no power to restrict anyone, if it is a `statutory-power` or
    /// `court-order` basis and is not (rule basis-not-a-power); None otherwise.
    pub fn authority_not_a_power(&self) -> Option<NotAPower> {
        let basis = self.decision.basis?;
        if !matches!(basis, Basis::StatutoryPower | Basis::CourtOrder) {
            return None;
        }
        let authority = self.authority()?;
        not_a_power(basis, authority)
    }

    /// `decision.authority`, trimmed, when it is not blank.
    pub fn authority(&self) -> Option<&str> {
        self.decision
            .authority
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
    }

    /// A `statutory-power` or `court-order` basis with an authority that names a power: the record
    /// backs its basis (SPEC 4b, rule limiting-capacitous-choice).
    pub fn has_a_lawful_power(&self) -> bool {
        matches!(
            self.decision.basis,
            Some(Basis::StatutoryPower | Basis::CourtOrder)
        ) && self.authority().is_some()
            && self.authority_not_a_power().is_none()
    }

    /// Whether anyone unpaid is named among those consulted or involved (the person's own code
    /// aside), as the representative, or as attorney or deputy (SPEC 4b, rules
    /// advocacy-not-considered and covert-medication-safeguards).
    pub fn names_an_unpaid_person(&self, with_liberty_and_attorney: bool) -> bool {
        let person = self.person.trim();
        let capacity = self.capacity.as_ref();
        let consulted = capacity.into_iter().flat_map(|c| c.consulted.iter());
        let involved = self
            .decision
            .involved
            .iter()
            .filter(|who| !who.trim().eq_ignore_ascii_case(person));
        let mut names: Vec<&String> = consulted.chain(involved).collect();
        if with_liberty_and_attorney {
            names.extend(
                self.liberty
                    .as_ref()
                    .and_then(|l| l.representative.as_ref()),
            );
            names.extend(capacity.and_then(|c| c.attorney.as_ref()));
        }
        names
            .iter()
            .any(|who| !who.trim().is_empty() && payment(who) == Payment::Unpaid)
    }
}

/// Why an authority is not a power to restrict (rule basis-not-a-power).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAPower {
    /// It names a duty of care, health and safety or best interests: the phrase as found.
    NamesADuty(&'static str),
    /// A statutory power that names no Act with a year and no section.
    NamesNoAct,
}

fn not_a_power(basis: Basis, authority: &str) -> Option<NotAPower> {
    let lower = authority.to_lowercase();
    for duty in ["duty of care", "health and safety", "best interest"] {
        if lower.contains(duty) {
            return Some(NotAPower::NamesADuty(duty));
        }
    }
    if basis == Basis::StatutoryPower && !names_an_act_or_section(authority) {
        return Some(NotAPower::NamesNoAct);
    }
    None
}

/// "Act" followed by a year ("Mental Health Act 1983"), or "section"/"s" followed by a number
/// ("section 7", "s 2", "s7", "s.135", "ss 2-3").
fn names_an_act_or_section(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let digit_first = |w: &str| w.starts_with(|c: char| c.is_ascii_digit());
    let is_year = |w: &str| w.chars().take_while(char::is_ascii_digit).count() == 4;
    words.iter().enumerate().any(|(i, w)| {
        let next = words.get(i + 1).map_or("", String::as_str);
        let section_word = matches!(
            w.as_str(),
            "section" | "sections" | "s" | "s." | "ss" | "ss."
        );
        let glued = w
            .strip_prefix("ss")
            .or_else(|| w.strip_prefix('s'))
            .map(|rest| rest.trim_start_matches('.'))
            .is_some_and(digit_first);
        (w == "act" && is_year(next)) || (section_word && digit_first(next)) || glued
    })
}

/// Whether a person named in a record is paid to be there (SPEC 4b, advocacy-not-considered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payment {
    Paid,
    Unpaid,
}

/// Staff roles: an entry naming one of these, and no unpaid role, is paid. The SPEC's list, with
/// the senior and clinical roles that quality leads write ("Head of Quality", "Dietitian").
const PAID_WORDS: &[&str] = &[
    "staff",
    "worker",
    "manager",
    "carer",
    "nurse",
    "gp",
    "doctor",
    "panel",
    "team",
    "therapist",
    "psychiatrist",
    "pharmacist",
    "officer",
    "assessor",
    "coordinator",
    "co-ordinator",
    "leader",
    "head",
    "director",
    "lead",
    "supervisor",
    "consultant",
    "prescriber",
    "psychologist",
    "dietitian",
    "clinician",
    "physiotherapist",
    "paramedic",
    "police",
    "commissioner",
    "matron",
    "pcso",
];

/// Unpaid roles: family, relatives, friends, neighbours, attorneys, deputies and advocates.
const UNPAID_WORDS: &[&str] = &[
    "family",
    "relative",
    "mother",
    "father",
    "mum",
    "dad",
    "parent",
    "son",
    "daughter",
    "wife",
    "husband",
    "partner",
    "brother",
    "sister",
    "sibling",
    "niece",
    "nephew",
    "aunt",
    "uncle",
    "cousin",
    "friend",
    "neighbour",
    "neighbor",
    "attorney",
    "deputy",
    "advocate",
    "imca",
    "rpr",
    "stepmother",
    "stepfather",
    "stepson",
    "stepdaughter",
    "fiancé",
    "fiance",
    "fiancée",
];

/// Paid when the entry names a staff role and no unpaid one; unpaid when it names an unpaid role
/// or neither (SPEC 4b). "Deputy manager" is a staff role, not a Court of Protection deputy.
pub fn payment(entry: &str) -> Payment {
    let lower = entry.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .map(|w| {
            w.trim_matches(|c| c == '-' || c == '\'')
                .trim_end_matches("'s")
        })
        .filter(|w| !w.is_empty())
        .collect();
    let singular = |w: &str| -> String {
        match w.strip_suffix('s') {
            Some(stem) if stem.len() > 2 && !w.ends_with("ss") => stem.to_string(),
            _ => w.to_string(),
        }
    };
    let is = |list: &[&str], w: &str| list.contains(&w) || list.contains(&singular(w).as_str());
    let mut paid = false;
    let mut unpaid = false;
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        if *w == "deputy" && is(PAID_WORDS, next) {
            paid = true;
            continue;
        }
        if is(UNPAID_WORDS, w) || w.starts_with("grand") || w.ends_with("-in-law") {
            unpaid = true;
        } else if is(PAID_WORDS, w) {
            paid = true;
        }
    }
    if paid && !unpaid {
        Payment::Paid
    } else {
        Payment::Unpaid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(extra_decision: &str, tables: &str) -> DecisionRecord {
        let text = format!(
            "id = \"D-1\"\ntitle = \"t\"\nperson = \"AB\"\nopened = 2026-01-01\n\n[choice]\nsummary = \"s\"\n\n[decision]\ndecided_on = 2026-01-03\ninvolved = [\"AB\", \"Key worker\"]\n{extra_decision}\n\n{tables}"
        );
        toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn restrictive_follows_the_facts_not_the_label() {
        let with = |outcome: &str, rest: &str| {
            record(&format!("outcome = \"{outcome}\"\n{rest}"), "").is_restrictive()
        };
        assert!(with("limited", ""));
        assert!(with("not-supported", ""));
        assert!(!with("supported-with-conditions", ""));
        assert!(!with(
            "not-supported",
            "basis = \"service-cannot-provide\"\n"
        ));
        assert!(with("limited", "basis = \"service-cannot-provide\"\n"));
        let keys = "[[restrictions]]\nkind = \"item-removed\"\ndescription = \"Keys held\"\nsince = 2026-01-03\n";
        assert!(record("outcome = \"supported-with-conditions\"", keys).is_restrictive());
        assert!(
            record(
                "outcome = \"not-supported\"\nbasis = \"service-cannot-provide\"",
                keys
            )
            .is_restrictive()
        );
        let deprived = "[liberty]\nconsidered_on = 2026-01-02\ndeprivation = \"yes\"\n";
        assert!(record("outcome = \"supported\"", deprived).is_restrictive());
        let possible = "[liberty]\nconsidered_on = 2026-01-02\ndeprivation = \"possible\"\n";
        assert!(!record("outcome = \"supported\"", possible).is_restrictive());
    }

    #[test]
    fn capacity_for_the_decision() {
        let cap = |status: &str, fluct: &str| {
            let table = format!("[capacity]\nstatus = \"{status}\"\n{fluct}");
            record("outcome = \"supported\"", &table).capacity_for_decision()
        };
        use CapacityForDecision::*;
        assert_eq!(cap("presumed", ""), Has);
        assert_eq!(cap("assessed-has", ""), Has);
        assert_eq!(cap("assessed-lacks", ""), Lacks);
        assert_eq!(cap("fluctuating", ""), Unknown);
        assert_eq!(cap("fluctuating", "for_this_decision = \"lacks\"\n"), Lacks);
        assert_eq!(cap("fluctuating", "for_this_decision = \"has\"\n"), Has);
        assert_eq!(
            record("outcome = \"supported\"", "").capacity_for_decision(),
            Unknown
        );
    }

    #[test]
    fn agreement_is_a_yes_from_a_person_who_does_not_lack_capacity() {
        let agreed = |agrees: &str, status: &str| {
            record(
                &format!(
                    "outcome = \"limited\"\nbasis = \"person-agreed\"\nperson_agrees = \"{agrees}\""
                ),
                &format!("[capacity]\nstatus = \"{status}\"\n"),
            )
            .agreed_by_person()
        };
        assert!(agreed("yes", "presumed"));
        assert!(!agreed("partly", "presumed"));
        assert!(!agreed("no", "presumed"));
        assert!(!agreed("yes", "assessed-lacks"));
        assert!(!record("outcome = \"limited\"\nbasis = \"person-agreed\"", "").agreed_by_person());
    }

    #[test]
    fn an_authority_names_a_power_or_does_not() {
        use Basis::*;
        assert_eq!(
            not_a_power(StatutoryPower, "Mental Health Act 1983 s7 (guardianship)"),
            None
        );
        assert_eq!(not_a_power(StatutoryPower, "Mental Health Act 1983"), None);
        assert_eq!(not_a_power(StatutoryPower, "section 135 MHA"), None);
        assert_eq!(not_a_power(StatutoryPower, "MHA s.17 leave"), None);
        assert_eq!(not_a_power(StatutoryPower, "MHA s17 leave"), None);
        assert_eq!(
            not_a_power(StatutoryPower, "Our duty of care"),
            Some(NotAPower::NamesADuty("duty of care"))
        );
        assert_eq!(
            not_a_power(StatutoryPower, "Health and Safety at Work etc. Act 1974"),
            Some(NotAPower::NamesADuty("health and safety"))
        );
        assert_eq!(
            not_a_power(StatutoryPower, "The Mental Health Act"),
            Some(NotAPower::NamesNoAct)
        );
        assert_eq!(
            not_a_power(StatutoryPower, "Safeguarding policy"),
            Some(NotAPower::NamesNoAct)
        );
        assert_eq!(
            not_a_power(CourtOrder, "Court of Protection order, 3 March 2026"),
            None
        );
        assert_eq!(
            not_a_power(CourtOrder, "In his best interests"),
            Some(NotAPower::NamesADuty("best interest"))
        );
    }

    #[test]
    fn paid_and_unpaid_people() {
        use Payment::*;
        for paid in [
            "Key worker",
            "Registered manager",
            "GP",
            "Community pharmacist",
            "Risk enablement panel",
            "Deputy manager",
            "Social worker (council)",
            "Head of Quality",
            "Support staff",
        ] {
            assert_eq!(payment(paid), Paid, "{paid}");
        }
        for unpaid in [
            "Daughter (lasting power of attorney)",
            "NR's son",
            "Friend from church",
            "IMCA, Voiceability",
            "Granddaughter",
            "Family carer",
            "Deputy (Court of Protection)",
            "Mrs Okafor",
            "Parents",
            "Sister-in-law",
        ] {
            assert_eq!(payment(unpaid), Unpaid, "{unpaid}");
        }
    }
}
