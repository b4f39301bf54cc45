//! Declared restrictions: `service-limit-not-raised`, `restriction-undeclared`,
//! `restriction-needs-incapacity` and `covert-medication-safeguards`.

use super::*;

#[test]
fn service_limit_not_raised() {
    d2_has_capacity(case("the service cannot provide it, commissioner not told"))
        .line(D2, "outcome = \"limited\"", "outcome = \"not-supported\"")
        .line(D2, "basis =", "basis = \"service-cannot-provide\"")
        .expect(
            warning("service-limit-not-raised", D2)
                .at("basis =")
                .says("Care Act 2014 s27")
                .help("commissioner_told_on"),
        )
        .check();
    // Lawful practice: a service limit the commissioner was told of.
    d2_has_capacity(case("the service cannot provide it, commissioner told"))
        .line(D2, "outcome = \"limited\"", "outcome = \"not-supported\"")
        .line(
            D2,
            "basis =",
            "basis = \"service-cannot-provide\"\ncommissioner_told_on = 2026-04-12",
        )
        .clean();
    d2_has_capacity(case("the service cannot provide it, but keys are held"))
        .line(D2, "outcome = \"limited\"", "outcome = \"not-supported\"")
        .line(
            D2,
            "basis =",
            "basis = \"service-cannot-provide\"\ncommissioner_told_on = 2026-04-12",
        )
        .replace(
            D2,
            D2_BEFORE_ALTERNATIVES,
            "[[restrictions]]\nkind = \"item-removed\"\ndescription = \"Door keys held by staff.\"\nsince = 2026-04-10\n\n[[alternatives]]\noption",
        )
        .expect(
            error("restriction-without-basis", D2)
                .at("basis =")
                .says("not a legal basis for restricting anyone"),
        )
        .check();
}

#[test]
fn restriction_undeclared() {
    case("keys held, described in a plan action, no [[restrictions]]")
        .line(
            D1,
            "action = \"Phone reminders",
            "action = \"Staff hold her keys at night and phone reminders in the morning\"",
        )
        .expect(
            warning("restriction-undeclared", D1)
                .at("action =")
                .says("\"hold her keys\"")
                .says("plan[0].action")
                .help("[[restrictions]]"),
        )
        .check();
    case("a curfew in a review outcome, in capitals")
        .line(
            D1,
            "outcome = \"Still no missed doses.",
            "outcome = \"A CURFEW of 10pm agreed.\"",
        )
        .expect(
            warning("restriction-undeclared", D1)
                .at("outcome = \"A CURFEW")
                .says("\"CURFEW\""),
        )
        .check();
    case("a negation within three words")
        .line(
            D1,
            "action = \"Phone reminders",
            "action = \"Phone reminders; staff never hold her keys\"",
        )
        .clean();
    case("inside a longer word")
        .line(
            D1,
            "action = \"Phone reminders",
            "action = \"Phone reminders from the tracking app she chose\"",
        )
        .clean();
    case("the restriction is declared")
        .replace(
            D1,
            "[[plan]]\naction = \"Phone reminders in the morning and evening\"",
            "[[restrictions]]\nkind = \"item-removed\"\ndescription = \"Keys held at night, at AB's request.\"\nsince = 2026-03-02\n\n[[plan]]\naction = \"Staff hold her keys at night\"",
        )
        .line(D1, "[decision]", "[decision]\nbasis = \"person-agreed\"\nperson_agrees = \"yes\"\nleast_restrictive = \"Only at night, and she can ask for them back.\"")
        .replace(
            D1,
            "[review]",
            "[[alternatives]]\noption = \"No keys at all\"\nwhy_not = \"Not wanted.\"\n\n[escalation]\nto = \"Panel\"\non = 2026-03-02\noutcome = \"Agreed.\"\nsigned_off_by = \"Head of Quality\"\n\n[review]",
        )
        .clean();
    case("a phrase of the pack's own")
        .line(
            PACK,
            "[examples]",
            "[policy]\nrestrictive_phrases = [\"quiet room\"]\n\n[examples]",
        )
        .line(
            D1,
            "action = \"Phone reminders",
            "action = \"Time in the Quiet Room when upset\"",
        )
        .expect(
            warning("restriction-undeclared", D1)
                .at("action =")
                .says("\"Quiet Room\""),
        )
        .check();
}

#[test]
fn restriction_needs_incapacity() {
    d2_has_capacity(with_restriction(
        case("covert medication for a person with capacity"),
        COVERT,
    ))
    .line(D2, "basis =", "basis = \"person-agreed\"")
    .line(D2, "person_agrees =", "person_agrees = \"yes\"")
    .expect(
        error("restriction-needs-incapacity", D2)
            .at("kind = \"covert-medication\"")
            .says("never lawful")
            .help("[[incidents]]"),
    )
    .check();
    d2_has_capacity(with_restriction(
        case("restraint of a person with capacity who does not agree"),
        "kind = \"physical-restraint\"\ndescription = \"Two staff hold CD's arms if CD tries to leave.\"\nsince = 2026-04-10",
    ))
    .line(
        D2,
        "basis =",
        "basis = \"court-order\"\nauthority = \"Our duty of care\"",
    )
    .expect(
        error("restriction-needs-incapacity", D2)
            .at("kind = \"physical-restraint\"")
            .says("s5-s6"),
    )
    .expect(error("basis-not-a-power", D2).at("authority ="))
    .expect(warning("limiting-capacitous-choice", D2).at("basis ="))
    .check();
    d2_has_capacity(with_restriction(
        case("restraint a person with capacity agreed to"),
        "kind = \"physical-restraint\"\ndescription = \"A bed rail at night, which CD asked for.\"\nsince = 2026-04-10",
    ))
    .line(D2, "basis =", "basis = \"person-agreed\"")
    .line(D2, "person_agrees =", "person_agrees = \"yes\"")
    .clean();
    d2_has_capacity(with_restriction(
        case("chemical restraint under Part 4 of the Mental Health Act"),
        "kind = \"chemical-restraint\"\ndescription = \"Depot injection under a treatment certificate.\"\nsince = 2026-04-10",
    ))
    .line(
        D2,
        "basis =",
        "basis = \"statutory-power\"\nauthority = \"Mental Health Act 1983 s58 (Part 4 treatment)\"",
    )
    .clean();
}

#[test]
fn covert_medication_safeguards() {
    // Lawful practice: covert medication for a person who lacks capacity, with the prescriber, a
    // pharmacist and the family consulted, reviewed every 30 days.
    with_restriction(case("a lawful covert-medication plan"), COVERT).clean();
    with_restriction(
        case("no pharmacist consulted"),
        &COVERT.replace(", \"Community pharmacist\"", ""),
    )
    .expect(
        error("covert-medication-safeguards", D2)
            .at("[[restrictions]]")
            .says("pharmacist")
            .says("NICE")
            .help("DoLS supervisory body"),
    )
    .check();
    with_restriction(case("nobody unpaid consulted"), COVERT)
        .line(
            D2,
            "consulted = [\"Sister\"",
            "consulted = [\"Social worker\"]",
        )
        .line(
            D2,
            "involved =",
            "involved = [\"CD\", \"Social worker\", \"Registered manager\"]",
        )
        .expect(
            error("covert-medication-safeguards", D2)
                .at("[[restrictions]]")
                .says("unpaid"),
        )
        .expect(warning("advocacy-not-considered", D2).at("consulted ="))
        .check();
    with_restriction(case("reviewed less often than the policy asks"), COVERT)
        .line(D2, "every_days =", "every_days = 120")
        .expect(
            error("covert-medication-safeguards", D2)
                .at("[[restrictions]]")
                .says("every 90 days")
                .says("every 120"),
        )
        .check();
    with_restriction(case("the pack's own policy allows 120 days"), COVERT)
        .line(D2, "every_days =", "every_days = 120")
        .line(
            PACK,
            "[examples]",
            "[policy]\ncovert_review_days = 120\n\n[examples]",
        )
        .clean();
}
