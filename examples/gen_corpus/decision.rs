//! One decision record, with a planted defect when asked.

use std::fmt::Write as _;

use super::phrases::*;
use super::*;

pub(crate) const DECISION_DEFECTS: usize = 16;

pub(crate) fn decision(i: usize, width: usize, rng: &mut Rng, defect: Option<usize>) -> String {
    let topic = &TOPICS[rng.below(TOPICS.len())];
    let letters = b"ABCDEFGHJKLMNPRSTW";
    let person = format!(
        "{}{}",
        letters[rng.below(letters.len())] as char,
        letters[rng.below(letters.len())] as char
    );
    let id = match defect {
        // duplicate-id: the same id as the record before.
        Some(0) if i > 1 => format!("D-{:0width$}", i - 1),
        _ => format!("D-{i:0width$}"),
    };
    let as_of = as_of();
    let restrictive = rng.chance(0.15);
    // A restrictive record's capacity assessment must stay within a year of its latest review
    // (capacity-assessment-stale), so its reviews come more often.
    let every: i64 = if restrictive {
        [28, 42, 56][rng.below(3)]
    } else {
        [28, 42, 56, 84, 90][rng.below(5)]
    };
    let closed = !restrictive && rng.chance(0.08);
    // The decision is old enough for a few reviews; the last one is recent enough to be in date.
    let reviews = rng.range(2, 6) as i64;
    let decided = day(as_of, -(every * reviews) - rng.range(1, 20) as i64);
    let opened = day(decided, -(rng.range(3, 30) as i64));
    let outcome = if restrictive {
        ["limited", "not-supported"][rng.below(2)]
    } else {
        ["supported", "supported-with-conditions"][rng.below(2)]
    };

    let mut t = String::with_capacity(5000);
    let _ = writeln!(t, "id = {}", quote(&id));
    let title = match defect {
        Some(1) => format!("{} \u{202E}reversed", topic.title),
        _ => topic.title.to_string(),
    };
    let _ = writeln!(t, "title = {}", quote(&title));
    let _ = writeln!(t, "person = {}", quote(&person));
    let _ = writeln!(
        t,
        "service = {}",
        quote(SERVICES[rng.below(SERVICES.len())])
    );
    let _ = writeln!(
        t,
        "status = {}",
        quote(if closed { "closed" } else { "active" })
    );
    let opened_text = match defect {
        // date-order: opened after the decision.
        Some(2) => day(decided, 10),
        _ => opened,
    };
    let _ = writeln!(t, "opened = {opened_text}");
    if closed {
        let _ = writeln!(t, "closed_on = {}", day(as_of, -(rng.range(1, 20) as i64)));
    }
    let mut statements: Vec<&str> = vec!["S4"];
    for _ in 0..rng.range(1, 4) {
        let s = STATEMENTS[rng.below(STATEMENTS.len())];
        if !statements.contains(&s) {
            statements.push(s);
        }
    }
    if defect == Some(3) {
        statements.push("S99");
    }
    let _ = writeln!(
        t,
        "statements = [{}]",
        statements
            .iter()
            .map(|s| quote(s))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(t, "themes = [{}, \"choice\"]", quote(topic.theme));
    t.push('\n');

    // [choice]
    let _ = writeln!(t, "[choice]");
    let mut summary = format!(
        "{person} {}. {}",
        topic.want,
        PRINCIPLES[rng.below(PRINCIPLES.len())]
    );
    if defect == Some(4) {
        // possible-identifier: a valid NHS number.
        summary.push_str(" Their NHS number is 943 476 5919.");
    }
    if defect == Some(5) {
        summary.push_str(" Contact the family on 07700 900123.");
    }
    let _ = writeln!(t, "summary = {}", quote(&summary));
    if defect != Some(6) {
        let words = topic.words[rng.below(topic.words.len())];
        let _ = writeln!(t, "in_their_words = {}", quote(words));
    }
    let _ = writeln!(
        t,
        "what_matters = {}",
        quote(&format!(
            "{}, and {}.",
            topic.matters,
            FACTS[rng.below(FACTS.len())]
        ))
    );
    t.push('\n');

    // [[risks]]: restrictive decisions are about a risk to others (so limiting is justified).
    let high = restrictive || rng.chance(0.2);
    let n_risks = rng.range(1, topic.risks.len());
    for (k, risk) in topic.risks.iter().take(n_risks).enumerate() {
        let _ = writeln!(t, "[[risks]]");
        let _ = writeln!(
            t,
            "description = {}",
            quote(&format!(
                "{risk}. {}",
                capitalise(FACTS[rng.below(FACTS.len())])
            ))
        );
        let to = if restrictive && k == 0 {
            "both"
        } else {
            ["self", "self", "others", "both"][rng.below(4)]
        };
        let (likelihood, impact) = if high && k == 0 {
            ("medium", "high")
        } else {
            [("low", "medium"), ("low", "high"), ("medium", "medium")][rng.below(3)]
        };
        let _ = writeln!(t, "to = {}", quote(to));
        let _ = writeln!(t, "likelihood = {}", quote(likelihood));
        let _ = writeln!(t, "impact = {}", quote(impact));
        t.push('\n');
    }
    let risk_to_others = t.contains("to = \"others\"") || t.contains("to = \"both\"");

    // [capacity]
    let mut lacks = false;
    if defect != Some(7) {
        let _ = writeln!(t, "[capacity]");
        if restrictive && rng.chance(0.5) {
            lacks = true;
            let _ = writeln!(t, "status = \"assessed-lacks\"");
            let _ = writeln!(t, "assessed_on = {}", day(opened, 2));
            let _ = writeln!(
                t,
                "assessed_by = {}",
                quote("Registered manager, with the social worker")
            );
            let _ = writeln!(
                t,
                "best_interests = {}",
                block(&format!(
                    "A best-interests meeting with the person, their family and their advocate agreed the plan.\n\n{}",
                    paragraph(rng, 2)
                ))
            );
            // The best-interests decision (SPEC 4a).
            let _ = writeln!(t, "decision_maker = \"Registered manager\"");
            let _ = writeln!(t, "consulted = [\"Family\", \"Social worker\", \"GP\"]");
            let _ = writeln!(
                t,
                "wishes = {}",
                block(&format!(
                    "{} has always valued this. {}",
                    person,
                    paragraph(rng, 1)
                ))
            );
        } else if rng.chance(0.5) {
            let _ = writeln!(t, "status = \"presumed\"");
        } else {
            let _ = writeln!(t, "status = \"assessed-has\"");
            let _ = writeln!(t, "assessed_on = {}", day(opened, 2));
            let _ = writeln!(t, "assessed_by = {}", quote(ROLES[rng.below(2) + 1]));
        }
        t.push('\n');
    }

    // [decision]
    let _ = writeln!(t, "[decision]");
    let _ = writeln!(t, "outcome = {}", quote(outcome));
    let _ = writeln!(t, "decided_on = {decided}");
    let mut involved = vec![person.clone()];
    for _ in 0..rng.range(2, 4) {
        let role = ROLES[rng.below(ROLES.len())].to_string();
        if !involved.contains(&role) {
            involved.push(role);
        }
    }
    let _ = writeln!(
        t,
        "involved = [{}]",
        involved
            .iter()
            .map(|s| quote(s))
            .collect::<Vec<_>>()
            .join(", ")
    );
    match defect {
        Some(8) => {}
        Some(9) => {
            let _ = writeln!(t, "rationale = \"Agreed at the meeting.\"");
        }
        Some(10) => {
            // invalid-record: a misspelt key.
            let _ = writeln!(t, "rationnale = {}", block(&rationale(rng, topic)));
        }
        _ => {
            let _ = writeln!(t, "rationale = {}", block(&rationale(rng, topic)));
        }
    }
    if restrictive || rng.chance(0.3) {
        let _ = writeln!(
            t,
            "least_restrictive = {}",
            block(&format!(
                "We considered {} options before this one. {}. The plan will be looked at again at every review, and relaxed as soon as it safely can be.",
                ["two", "three", "several"][rng.below(3)],
                PRINCIPLES[rng.below(PRINCIPLES.len())]
            ))
        );
    }
    let mut objects = false;
    if restrictive {
        // The legal basis of the restriction (SPEC 4a): best interests only for someone who
        // lacks capacity for the decision.
        // Version 3 (SPEC 4b): a person with capacity is restricted only with their agreement,
        // and every restriction is listed under [[restrictions]].
        let basis = if lacks {
            "best-interests"
        } else {
            "person-agreed"
        };
        let _ = writeln!(t, "basis = {}", quote(basis));
        let _ = writeln!(
            t,
            "authority = {}",
            quote(if lacks {
                "Best-interests decision under the Mental Capacity Act 2005 s4-s6"
            } else {
                "The person's own agreement, which they can withdraw at any time"
            })
        );
        let agrees = if lacks {
            ["yes", "partly", "no"][rng.below(3)]
        } else {
            "yes"
        };
        objects = agrees == "no";
        let _ = writeln!(t, "person_agrees = {}", quote(agrees));
        t.push('\n');
        let (kind, what) = [
            (
                "item-removed",
                "Kitchen knives kept in a locked drawer; the person asks for them.",
            ),
            (
                "money-held",
                "The bank card is kept in the office at night, as agreed.",
            ),
            (
                "surveillance",
                "A door sensor tells the night worker when the person goes out.",
            ),
            (
                "routine-imposed",
                "A set time to be home, agreed with the person.",
            ),
        ][rng.below(4)];
        let _ = writeln!(t, "[[restrictions]]");
        let _ = writeln!(t, "kind = {}", quote(kind));
        let _ = writeln!(t, "description = {}", quote(what));
        let _ = writeln!(t, "since = {decided}");
    }
    t.push('\n');

    // [[alternatives]]
    if defect != Some(11) {
        for alt in topic.alternatives {
            let _ = writeln!(t, "[[alternatives]]");
            let _ = writeln!(t, "option = {}", quote(alt));
            let _ = writeln!(
                t,
                "why_not = {}",
                quote(&format!(
                    "The person declined it, and {}.",
                    FACTS[rng.below(FACTS.len())]
                ))
            );
            t.push('\n');
        }
    }

    // [[plan]]
    for action in topic.actions {
        let _ = writeln!(t, "[[plan]]");
        let _ = writeln!(t, "action = {}", quote(action));
        let owner = if rng.chance(0.3) {
            person.as_str()
        } else {
            ROLES[rng.below(ROLES.len())]
        };
        let _ = writeln!(t, "owner = {}", quote(owner));
        t.push('\n');
    }

    // [safeguarding]
    if (risk_to_others || rng.chance(0.3)) && defect != Some(12) {
        let _ = writeln!(t, "[safeguarding]");
        let _ = writeln!(t, "considered = true");
        let _ = writeln!(
            t,
            "outcome = {}",
            quote("No safeguarding concern. The plan manages the risk to other people.")
        );
        let _ = writeln!(t, "referral = \"none\"");
        t.push('\n');
    }

    // [escalation]
    if high && defect != Some(13) {
        let _ = writeln!(t, "[escalation]");
        let _ = writeln!(t, "to = \"Risk enablement panel\"");
        // On or before the decision (escalation-after-decision).
        let _ = writeln!(t, "on = {}", day(decided, -1));
        let _ = writeln!(
            t,
            "outcome = \"Approved with the agreed plan and regular review.\""
        );
        let _ = writeln!(t, "signed_off_by = \"Head of Quality\"");
        t.push('\n');
    }

    // [liberty]: for a restriction on someone who lacks capacity, an authorisation in date.
    // Version 3 (SPEC 4b): the reasons weighed under [2026] UKSC 16, a reconsideration of
    // anything considered before the judgment, no "no deprivation" over the person's objection,
    // and a DoLS authorisation of at most 12 months.
    if lacks {
        let _ = writeln!(t, "[liberty]");
        let _ = writeln!(t, "considered_on = {decided}");
        if decided < judgment() {
            let _ = writeln!(t, "reconsidered_on = {}", day(judgment(), 14));
        }
        if objects || rng.chance(0.5) {
            let _ = writeln!(t, "deprivation = \"yes\"");
            let _ = writeln!(
                t,
                "reasons = {}",
                quote(LIBERTY_REASONS_YES[rng.below(LIBERTY_REASONS_YES.len())])
            );
            let _ = writeln!(
                t,
                "route = {}",
                quote(["dols", "court-of-protection"][rng.below(2)])
            );
            let _ = writeln!(t, "applied_on = {}", day(decided, 5));
            // Granted at least 40 days after the application, in the last 300 days, for a year.
            let authorised = day(decided, 40).max(day(as_of, -300 + rng.range(0, 250) as i64));
            let _ = writeln!(t, "authorised_on = {authorised}");
            let _ = writeln!(t, "expires_on = {}", day(authorised, 364));
            let _ = writeln!(t, "notified_on = {}", day(authorised, 2));
        } else {
            let _ = writeln!(t, "deprivation = \"no\"");
            let _ = writeln!(
                t,
                "reasons = {}",
                quote(LIBERTY_REASONS_NO[rng.below(LIBERTY_REASONS_NO.len())])
            );
        }
        t.push('\n');
    }

    // [review] and [[reviews]]
    let _ = writeln!(t, "[review]");
    if defect != Some(14) {
        let _ = writeln!(t, "every_days = {every}");
    }
    t.push('\n');
    let overdue = defect == Some(15);
    let shown = if overdue { reviews - 1 } else { reviews };
    for r in 1..=shown {
        let on = day(decided, every * r - rng.range(0, 3) as i64);
        let on = if on > as_of { as_of } else { on };
        let _ = writeln!(t, "[[reviews]]");
        let _ = writeln!(t, "on = {on}");
        let _ = writeln!(t, "by = {}", quote(ROLES[rng.below(3)]));
        let note = REVIEW_NOTES[rng.below(REVIEW_NOTES.len())];
        let sentences = rng.range(1, 2);
        let _ = writeln!(
            t,
            "outcome = {}",
            block(&format!("{note}\n\n{}", paragraph(rng, sentences)))
        );
        let view = PERSON_VIEWS[rng.below(PERSON_VIEWS.len())];
        let _ = writeln!(t, "person_view = {}", quote(view));
        t.push('\n');
    }
    // Overdue: keep the reviews, but move the decision back so the last one is long past.
    if overdue {
        t = t.replace(
            &format!("every_days = {every}"),
            &format!("every_days = {}", every / 2),
        );
    }
    t
}

pub(crate) fn capitalise(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
