//! The text of a new decision record or practice example: every section present, with a note on
//! what good evidence looks like there. The file loads as it is, and `check` then lists what is
//! still to fill in. `new` writes it; the browser editor starts a new record from it.

use crate::model::Date;
use crate::model::placeholder::{
    ACTION as ACTION_PLACEHOLDER, CHOICE as CHOICE_PLACEHOLDER, INCIDENT_SUMMARY, LEARNING,
    PERSON as PERSON_PLACEHOLDER, PERSON_VIEW, REVIEW_OUTCOME, RISK as RISK_PLACEHOLDER,
    SITUATION as SITUATION_PLACEHOLDER,
};

/// A TOML string, quoted and escaped by the toml crate.
fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

pub fn decision_template(id: &str, title: &str, date: Date) -> String {
    let id = toml_str(id);
    let title = toml_str(title);
    let today = date.iso();
    let next = date.add_days(28).iso();
    format!(
        r#"# A co-produced decision record: one specific choice made by one person, and how it was
# supported or limited. Fill in each part with the person, then run `evidence-pack check`: it lists
# what is still missing. Lines starting with # are notes. To use a table that is a note, such as
# [capacity], remove the # from the start of its lines.

id = {id}
title = {title}
# Work in progress: `check` reports what is missing as warnings, and `build` leaves the record out of
# the pack. Delete this line when the record is complete.
draft = true
# The person: their initials or a code, never their real name.
person = "{PERSON_PLACEHOLDER}"
# The service the person uses, written the same way in every record (packs can select by service).
# service = "Riverside supported living"
# "active" while the decision stands; "closed", with closed_on = YYYY-MM-DD, when it no longer applies.
status = "active"
opened = {today}
# The quality statements this decision is evidence for, for example ["S4", "C3"].
# CQC statements are S1 to S8, E1 to E6, C1 to C5, R1 to R7 and W1 to W8.
statements = []
# Tags that group records, for example ["community-access"] (packs can select by theme).
themes = []

[choice]
# What the person wants to do, specific enough for a stranger to understand: what, where, how often.
summary = "{CHOICE_PLACEHOLDER}"
# The person's own words, quoted exactly as they said them. Do not paraphrase.
in_their_words = ""
# What matters to the person about this choice, and why.
# what_matters = ""

# One [[risks]] table for each risk. Describe what could happen and the facts behind it (for
# example incidents in the last year), not a general worry.
# to: "self", "others" or "both". likelihood and impact: "low", "medium" or "high".
# A high risk needs [escalation] and [[alternatives]]. For a risk to others or both, say who in
# others: a risk to other people you support or to children needs [safeguarding] (Care Act 2014
# s42); a risk only to staff or the public is health and safety, not safeguarding.
# When the risk is of abuse or neglect of the person (self-neglect included), say which kind:
# [safeguarding] is then needed whoever the risk is to (Care Act 2014 s42).
[[risks]]
description = "{RISK_PLACEHOLDER}"
to = "self"
likelihood = "low"
impact = "low"
# abuse_or_neglect = "financial-abuse"   # physical-abuse, domestic-abuse, sexual-abuse,
#   psychological-abuse, financial-abuse, modern-slavery, discriminatory-abuse,
#   organisational-abuse, neglect, self-neglect or exploitation (statutory guidance para 14.17)
# others = ["staff"]         # for a risk to others or both: people-we-support, children, staff or public

# Capacity is about this decision only. Presume it unless there is a reason to doubt it; if you
# assessed it, say when and who. An unwise choice is not a lack of capacity (Mental Capacity Act
# 2005, s1). If the person lacks capacity for this decision, record the best-interests decision
# (MCA s4): who made it, who was consulted (family, carers, an attorney or deputy), and the person's
# past and present wishes and feelings, in their words where you can.
# [capacity]
# status = "presumed"        # presumed, assessed-has, assessed-lacks or fluctuating
# for_this_decision = "has"  # needed when fluctuating: "has" or "lacks" capacity for this decision,
#                            # when it was made (capacity is decision- and time-specific, MCA s2(1))
# assessed_on = {today}     # not needed when presumed; look again once it is a year old
# assessed_by = "Registered manager"
# best_interests = ""        # needed when assessed-lacks: why this is in the person's best interests
# decision_maker = "Registered manager"      # needed when assessed-lacks
# consulted = ["Daughter", "GP"]             # needed when assessed-lacks (MCA s4(7))
# wishes = ""                # needed when assessed-lacks: what the person has said and felt (MCA s4(6))
# advocate = ""              # an independent advocate (IMCA, MCA s35-s41; or Care Act 2014 s67),
#                            # needed when nobody unpaid (family, friends) can be consulted
# attorney = ""              # a health-and-welfare attorney (lasting power of attorney, MCA s9) or a
#                            # deputy (Court of Protection, s16): who, and the registration or order
# attorney_view = "agrees"   # needed with attorney: "agrees", "disagrees" or "not-asked"
# attorney_covers = true     # does their power cover this decision? (a property and financial
#                            # affairs LPA does not cover care; MCA s11(7)-(8))
# court_applied_on = {today} # when a dispute with the attorney went to the Court of Protection (s6(6)-(7))
# advance_decision = ""      # an advance decision to refuse treatment, if any (MCA s24-s26)
# advance_decision_followed = true   # needed with advance_decision
# advance_decision_reason = ""       # when not followed: why it is not valid or not applicable (s25)

[decision]
# supported, supported-with-conditions, limited or not-supported.
outcome = "supported"
decided_on = {today}
# Everyone who took part, the person first, for example ["XX", "Key worker", "Sister"].
involved = []
# Why the choice was supported or limited, and why that is proportionate to the risk. Good
# evidence names the facts that were weighed, the person's view, and what would change the decision.
rationale = ""
# Needed when the outcome is limited or not-supported: why no less restrictive option meets the risk.
# least_restrictive = ""
# Needed when the record restricts the person (a limited or not-supported outcome, a [[restrictions]]
# entry, or a deprivation of liberty): what allows it (the law). A person who has capacity can only
# be restricted with their agreement, or by a court order or a statutory power; a risk to others
# alone gives no such power, and a duty of care is not a power (MCA s1(4)). best-interests is only for
# someone who lacks capacity for this decision (MCA s4-s6); attorney-or-deputy when their attorney or
# deputy decided (MCA s9, s16). service-cannot-provide is not a legal basis for restricting anyone:
# it says the service cannot meet a need, which the commissioner must be told of.
# basis = "person-agreed"    # person-agreed, best-interests, attorney-or-deputy, court-order,
#                            # statutory-power, tenancy-condition or service-cannot-provide
# What the basis rests on: the Act and section (statutory-power), the court, order and date
# (court-order), the clause (tenancy-condition), or who and the registration or order (attorney-or-deputy).
# authority = ""
# For service-cannot-provide: when the commissioner was told (Care Act 2014 s27).
# commissioner_told_on = {today}
# Does the person agree with the outcome? "yes", "partly" or "no". Only "yes" from a person who does
# not lack capacity counts as agreement.
# person_agrees = "yes"

# One [[restrictions]] table for each restrictive practice in place, whatever the outcome is called:
# kind is physical-restraint, chemical-restraint, covert-medication, locked-door, surveillance,
# money-held, item-removed, contact-limited, routine-imposed, blanket-rule or other. Restraint and
# covert medication are only for a person who lacks capacity (MCA s5-s6); covert medication needs
# the prescriber and a pharmacist consulted, the family or an advocate, and a review at least every
# 90 days (NICE SC1 and NG67). Force used once in self-defence is an incident, not a restriction.
# [[restrictions]]
# kind = "locked-door"
# description = "Front door keypad after 10pm; staff open it on request."
# since = {today}
# until = {next}            # optional: when it is planned to end
# consulted = ["GP", "Community pharmacist"]   # for covert medication: who was consulted

# Each other option considered, and why it was not chosen. Needed when the outcome is limited or
# not-supported, or the risk is high; good practice always.
# [[alternatives]]
# option = "Staff go with the person every time"
# why_not = "The person declined it: it takes away the independence they want."

# The measures agreed with the person that make the choice safer, and who does each one.
# A one-off action can say when it is due and when it was done; `check` warns when it is overdue.
# [[plan]]
# action = "Text the key worker when back home"
# owner = "XX"
# due = {next}              # optional: for a one-off action
# done_on = {today}         # when it was done

# Needed for a risk of abuse or neglect, a risk to other people you support or to children, and an
# incident of abuse or neglect, serious harm or the police: was safeguarding considered, and with
# what result (Care Act 2014 s42)?
# [safeguarding]
# considered = true
# outcome = ""
# referral = "none"          # "none", or the referral reference
# person_wants = ""          # needed with abuse_or_neglect: the outcome the person wants, in their
#                            # words where you can (Making Safeguarding Personal)

# Needed when the risk is high, and advised for every limited or not-supported outcome: who gave
# senior oversight, when, and what they decided. Escalate before the decision is made. Oversight is
# independent only when the person who signs off took no part in the decision or the capacity
# assessment ("Registered manager (J. Smith)" is the same person as "Registered manager").
# [escalation]
# to = "Risk enablement panel"
# on = {today}
# outcome = ""
# signed_off_by = "Head of Quality"
# urgent = true              # only when the decision could not wait for the panel: then say why
# reason = ""

# Needed when the person lacks capacity for this decision and the outcome is limited or
# not-supported: do the arrangements deprive them of their liberty? Since the Supreme Court's
# judgment of 2 June 2026 ([2026] UKSC 16) this is a judgement on several factors together: the
# type, duration, effects and manner of the restrictions, their purpose, and how normal they are for
# a person of that age and situation. A person who lacks capacity can still consent to them, by words
# or behaviour; an objection weighs heavily the other way. Write the reasons. If yes or possible, it
# must be authorised: DoLS in a care home or hospital (12 months at most), the Court of Protection
# anywhere else (MCA 2005 s16 and Schedule A1). Tell CQC of the outcome (authorised, refused or
# withdrawn), not of a pending application (2009 Registration Regulations, reg 18(4A)-(4B)).
# [liberty]
# considered_on = {today}
# deprivation = "no"         # yes, no or possible
# reasons = ""               # why, weighing the factors above (needed for no or possible)
# person_content = "yes"     # yes, no or mixed: does the person show they are content?
# reconsidered_on = {today} # for arrangements first considered before 2 June 2026
# route = "court-of-protection"   # dols or court-of-protection; needed when yes or possible
# requested_on = {today}    # Court of Protection: when you asked the council to apply
# applied_on = {today}      # needed when yes or possible; within 7 days of finding a deprivation
# outcome = "pending"        # pending, authorised, refused or withdrawn
# outcome_on = {today}      # when the outcome came (default: authorised_on)
# authorised_on = {today}   # when it was granted
# expires_on = {next}       # needed once authorised
# notified_on = {today}     # when CQC was told of the outcome
# representative = "Daughter"

# How often the decision will be reviewed with the person, in days, for example every_days = 28.
# The first review is due that many days after the decision, unless you give next_due.
[review]
# every_days = 28
# next_due = {next}

# Add a [[reviews]] table each time the decision is reviewed, with the person's own view.
# [[reviews]]
# on = {next}
# by = "Key worker"
# outcome = "{REVIEW_OUTCOME}"
# person_view = "{PERSON_VIEW}"

# Add an [[incidents]] table for anything that happened after the decision, good or bad. Review
# the decision within 7 days ([policy] incident_review_days). Serious harm, police involvement, a
# safeguarding referral, and abuse or an allegation of abuse must be notified to CQC without delay
# (2009 Registration Regulations, reg 18; [policy] notification_days, default 2): record when in
# notified_on. Abuse or neglect, serious harm or the police also need a safeguarding decision (Care
# Act 2014 s42): the council's reference, or "none" and why. Say what was learnt and changed.
# [[incidents]]
# on = {today}
# summary = "{INCIDENT_SUMMARY}"
# harm = "none"              # none, minor or serious
# police = false
# abuse_or_neglect = "neglect"     # when the incident is, or is alleged to be, abuse or neglect
# safeguarding_referral = "none"   # "none", or the council's reference
# safeguarding_reason = ""   # why no referral was made, when "none"
# notified_on = {today}     # when CQC was notified
# learning = "{LEARNING}"

# Add an [[outcomes]] table for each thing that changed for the person, under its Care Act 2014
# area of wellbeing: dignity, health, protection, control, participation, social-economic,
# relationships, accommodation or contribution. Good evidence is specific and measured.
# [[outcomes]]
# on = {today}
# wellbeing = "control"
# summary = "What changed, with a measure where you can (for example six months without a missed dose)."
"#
    )
}

pub fn example_template(id: &str, title: &str) -> String {
    let id = toml_str(id);
    let title = toml_str(title);
    format!(
        r#"# A practice example: a short, anonymised story for tenders and inspection packs, backed by
# decision records. Fill in each part, then run `evidence-pack check`: it lists what is still
# missing. Lines starting with # are notes. To use a table that is a note, such as [consent],
# remove the # from the start of its lines.

id = {id}
title = {title}
# Work in progress: `check` reports what is missing as warnings, and `build` leaves the example out of
# the pack. Delete this line when the example is complete.
draft = true
# Who the story is about, with nothing that could identify them: age range, support need, service.
# descriptor = "Man in his 30s with a learning disability, supported living"
# The quality statements the story is evidence for, for example ["S4", "C3"].
statements = []
# Tags that group examples, for example ["community-access"] (packs can select by theme).
themes = []
# The ids of the decision records the story is based on, for example ["D-002"].
decisions = []
# The word limit for this example, if it differs from [examples] word_limit in pack.toml.
# word_limit = 250

# The situation before: what the person wanted and what stood in the way.
situation = """
{SITUATION_PLACEHOLDER}
"""

# What you did with the person, and how the risks were managed.
action = """
{ACTION_PLACEHOLDER}
"""

# The measurable result: what changed for the person (for example "no missed doses in six months").
outcome = ""

# What the service learned or changed as a result.
# learning = ""

# The date someone last checked the story against the records: YYYY-MM-DD.
# last_reviewed = 2026-01-31

# Consent to use the story. status: "given" (with the date, on, and who gave it), "withdrawn", or
# "not-required" (with the reason, for example a composite of several people's stories).
# given_by: "person"; or, if the person lacks capacity to agree to this use, "attorney" or "deputy"
# whose power covers it. No relative can consent for an adult (MCA 2005 s9, s16). If a record it
# cites says the person lacks capacity for a decision, check their capacity to agree to this use and
# record the date (capacity_checked_on): capacity is decision-specific (MCA 2005 s2(1)).
# uses: where the story may be used: tender, inspection, commissioner, website, training.
# [consent]
# status = "given"
# on = 2026-01-31
# expires = 2027-01-31
# given_by = "person"
# capacity_checked_on = 2026-01-31
# uses = ["tender", "inspection", "commissioner"]
# scope = "Anonymised use in tenders and inspection packs"
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_escape_the_title_and_parse() {
        let date = Date::from_ymd(2026, 11, 1).unwrap();
        for title in [
            "Going to the gym alone",
            "He said \"no\" \\ then \"\"\" and '''",
            "Tabs\tand unicode é ✓",
        ] {
            let text = decision_template("D-015", title, date);
            let record: crate::model::DecisionRecord = toml::from_str(&text).expect("parses");
            assert_eq!(record.title, title);
            assert_eq!(record.opened, date);
            let text = example_template("PX-002", title);
            let example: crate::model::PracticeExample = toml::from_str(&text).expect("parses");
            assert_eq!(example.title, title);
        }
    }
}
