//! Tests: the rules of SPEC section 4b (version 3, issue 21) that make a record's facts, not its
//! labels, decide: the basis against the record, declared restrictions, who decides for a person
//! who lacks capacity, and who consented to an example's use. Each rule fires on the clean pack
//! with one change and stays silent on a near-identical one, and the lawful practice an inspector
//! would accept (a lawful covert-medication plan, a money arrangement the person asked for, a
//! court-ordered curfew, a service limit the commissioner was told of, a manual-handling risk to
//! staff) raises nothing.
//!
//! D-002 of the clean pack is a limited, best-interests decision for CD, who lacks capacity for
//! it; CD's sister was consulted; it is reviewed every 30 days.

use super::*;

/// D-002's capacity status line.
const D2_STATUS: &str = "status = \"assessed-lacks\"";
/// Where a `[[restrictions]]` table goes in D-002: before its alternatives.
const D2_BEFORE_ALTERNATIVES: &str = "[[alternatives]]\noption";

/// D-002 with CD having capacity for the decision (assessed), and no best-interests basis.
fn d2_has_capacity(c: Case) -> Case {
    c.line(D2, D2_STATUS, "status = \"assessed-has\"")
}

/// A `[[restrictions]]` table written before D-002's alternatives.
fn with_restriction(c: Case, table: &str) -> Case {
    c.replace(
        D2,
        D2_BEFORE_ALTERNATIVES,
        format!("[[restrictions]]\n{table}\n\n[[alternatives]]\noption"),
    )
}

const COVERT: &str = "kind = \"covert-medication\"\ndescription = \"Antipsychotic given in yoghurt when CD refuses it.\"\nsince = 2026-04-10\nconsulted = [\"GP\", \"Community pharmacist\"]";

#[test]
fn the_rules_of_issue_21_are_known_with_their_default_level() {
    let added = [
        ("basis-contradicts-record", "error"),
        ("basis-unspecified", "error"),
        ("basis-not-a-power", "error"),
        ("service-limit-not-raised", "warning"),
        ("restriction-undeclared", "warning"),
        ("restriction-needs-incapacity", "error"),
        ("covert-medication-safeguards", "error"),
        ("attorney-bypassed", "error"),
        ("advance-decision-not-followed", "error"),
        ("advocacy-not-considered", "warning"),
        ("capacity-assessment-stale", "warning"),
        ("example-consent-capacity", "error"),
        ("example-consent-scope", "warning"),
    ];
    for (name, level) in added {
        let rule = evidence_pack::diagnostics::Rule::from_name(name)
            .unwrap_or_else(|| panic!("{name} is a rule"));
        assert_eq!(rule.default_level().as_str(), level, "{name}");
    }
}

#[test]
fn basis_contradicts_record() {
    case("person-agreed for a person who lacks capacity, with a yes")
        .line(D2, "basis =", "basis = \"person-agreed\"")
        .line(D2, "person_agrees =", "person_agrees = \"yes\"")
        .expect(
            error("basis-contradicts-record", D2)
                .at("person_agrees =")
                .says("lack capacity")
                .says("no relative can agree")
                .help("best-interests"),
        )
        .check();
    d2_has_capacity(case("person-agreed with a no"))
        .line(D2, "basis =", "basis = \"person-agreed\"")
        .line(D2, "person_agrees =", "person_agrees = \"no\"")
        .expect(
            error("basis-contradicts-record", D2)
                .at("person_agrees =")
                .says("does not agree"),
        )
        .expect(warning("limiting-capacitous-choice", D2).at("basis ="))
        // The fixture keeps its [liberty] table, whose "no deprivation" an objection weighs against.
        .expect(warning("liberty-objection", D2).at("person_agrees ="))
        .check();
    d2_has_capacity(case("person-agreed with no person_agrees at all"))
        .line(D2, "basis =", "basis = \"person-agreed\"")
        .delete_line(D2, "person_agrees =")
        .expect(
            error("basis-contradicts-record", D2)
                .at("basis =")
                .says("decision.person_agrees"),
        )
        .expect(warning("limiting-capacitous-choice", D2).at("basis ="))
        .check();
    case("attorney-or-deputy with no attorney named")
        .line(
            D2,
            "basis =",
            "basis = \"attorney-or-deputy\"\nauthority = \"Sister\"",
        )
        .expect(
            error("basis-contradicts-record", D2)
                .at("basis =")
                .says("capacity.attorney"),
        )
        .check();
    d2_has_capacity(case("attorney-or-deputy for a person with capacity"))
        .line(
            D2,
            "basis =",
            "basis = \"attorney-or-deputy\"\nauthority = \"Sister: health and welfare LPA, registered 2021\"",
        )
        .replace(
            D2,
            "decision_maker =",
            "attorney = \"Sister: health and welfare LPA, registered 2021\"\nattorney_view = \"agrees\"\nattorney_covers = true\ndecision_maker =",
        )
        .expect(
            error("basis-contradicts-record", D2)
                .at("basis =")
                .says("No attorney or deputy can decide for a person who has capacity"),
        )
        .expect(warning("limiting-capacitous-choice", D2).at("basis ="))
        .check();
    case("attorney-or-deputy: the attorney decided for a person who lacks capacity")
        .line(
            D2,
            "basis =",
            "basis = \"attorney-or-deputy\"\nauthority = \"Sister: health and welfare LPA, registered 2021\"",
        )
        .replace(
            D2,
            "decision_maker =",
            "attorney = \"Sister: health and welfare LPA, registered 2021\"\nattorney_view = \"agrees\"\nattorney_covers = true\ndecision_maker =",
        )
        .clean();
}

#[test]
fn basis_unspecified() {
    for (basis, help) in [
        ("court-order", "the court, the order and its date"),
        ("statutory-power", "the Act and section"),
        ("tenancy-condition", "the clause of the tenancy"),
    ] {
        case(&format!("{basis} with no authority"))
            .line(D2, "basis =", format!("basis = \"{basis}\""))
            .expect(
                error("basis-unspecified", D2)
                    .at("basis =")
                    .says(basis)
                    .help(help),
            )
            .check();
    }
    case("a court order named")
        .line(
            D2,
            "basis =",
            "basis = \"court-order\"\nauthority = \"Court of Protection order, 3 March 2026\"",
        )
        .clean();
}

#[test]
fn basis_not_a_power() {
    case("a statutory power that names no Act")
        .line(
            D2,
            "basis =",
            "basis = \"statutory-power\"\nauthority = \"Our safeguarding policy\"",
        )
        .expect(
            error("basis-not-a-power", D2)
                .at("authority =")
                .says("names no Act"),
        )
        .check();
    case("a court order that is best interests")
        .line(
            D2,
            "basis =",
            "basis = \"court-order\"\nauthority = \"In CD's best interests\"",
        )
        .expect(
            error("basis-not-a-power", D2)
                .at("authority =")
                .says("duty of care gives no power"),
        )
        .check();
    case("health and safety as the power")
        .line(
            D2,
            "basis =",
            "basis = \"statutory-power\"\nauthority = \"Health and Safety at Work etc. Act 1974\"",
        )
        .expect(error("basis-not-a-power", D2).at("authority ="))
        .check();
    case("the Mental Health Act, its year and section")
        .line(
            D2,
            "basis =",
            "basis = \"statutory-power\"\nauthority = \"Mental Health Act 1983 s17 (leave conditions)\"",
        )
        .clean();
}

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

/// The attorney table lines for D-002, before decision_maker.
fn with_attorney(c: Case, lines: &str) -> Case {
    c.replace(
        D2,
        "decision_maker =",
        format!("attorney = \"Sister: health and welfare LPA, registered 2021\"\n{lines}decision_maker ="),
    )
}

#[test]
fn attorney_bypassed() {
    with_attorney(
        case("the attorney disagrees, no court application"),
        "attorney_view = \"disagrees\"\nattorney_covers = true\n",
    )
    .expect(
        error("attorney-bypassed", D2)
            .at("attorney_view =")
            .says("disagrees")
            .help("Court of Protection"),
    )
    .check();
    with_attorney(
        case("the attorney was not asked"),
        "attorney_view = \"not-asked\"\nattorney_covers = true\n",
    )
    .expect(
        error("attorney-bypassed", D2)
            .at("attorney_view =")
            .says("was not asked"),
    )
    .check();
    with_attorney(
        case("whether the power covers it is not recorded"),
        "attorney_view = \"not-asked\"\n",
    )
    .expect(
        warning("attorney-bypassed", D2)
            .at("attorney =")
            .help("property and financial affairs"),
    )
    .check();
    with_attorney(
        case("the dispute went to the Court of Protection"),
        "attorney_view = \"disagrees\"\nattorney_covers = true\ncourt_applied_on = 2026-04-20\n",
    )
    .clean();
    with_attorney(
        case("the attorney agrees"),
        "attorney_view = \"agrees\"\nattorney_covers = true\n",
    )
    .clean();
    with_attorney(
        case("the power does not cover this decision"),
        "attorney_view = \"not-asked\"\nattorney_covers = false\n",
    )
    .clean();
}

#[test]
fn advance_decision_not_followed() {
    let ad = "advance_decision = \"Refuses a feeding tube (written, witnessed, 2024)\"\n";
    case("not followed, no reason")
        .replace(
            D2,
            "decision_maker =",
            format!("{ad}advance_decision_followed = false\ndecision_maker ="),
        )
        .expect(
            error("advance-decision-not-followed", D2)
                .at("advance_decision_followed =")
                .says("s26")
                .help("s25"),
        )
        .check();
    case("whether it is followed is not recorded")
        .replace(D2, "decision_maker =", format!("{ad}decision_maker ="))
        .expect(warning("advance-decision-not-followed", D2).at("advance_decision ="))
        .check();
    case("not followed, with the reason it does not apply")
        .replace(
            D2,
            "decision_maker =",
            format!("{ad}advance_decision_followed = false\nadvance_decision_reason = \"It refuses a feeding tube; this decision is about going out.\"\ndecision_maker ="),
        )
        .clean();
    case("followed")
        .replace(
            D2,
            "decision_maker =",
            format!("{ad}advance_decision_followed = true\ndecision_maker ="),
        )
        .clean();
}

#[test]
fn advocacy_not_considered() {
    let paid_only = |c: Case| {
        c.line(
            D2,
            "consulted = [\"Sister\"",
            "consulted = [\"Social worker\", \"GP\"]",
        )
        .line(
            D2,
            "involved =",
            "involved = [\"CD\", \"Social worker\", \"Registered manager\"]",
        )
    };
    paid_only(case("only paid people consulted"))
        .expect(
            warning("advocacy-not-considered", D2)
                .at("consulted =")
                .says("everyone named is paid")
                .help("IMCA"),
        )
        .check();
    paid_only(case("an advocate instructed"))
        .line(
            D2,
            "decision_maker =",
            "advocate = \"IMCA, Voiceability\"\ndecision_maker = \"Registered manager\"",
        )
        .clean();
    paid_only(case("a friend consulted, named without a role"))
        .line(
            D2,
            "consulted = [",
            "consulted = [\"Social worker\", \"Mrs Okafor\"]",
        )
        .clean();
    paid_only(case("not restrictive"))
        .line(
            D2,
            "outcome = \"limited\"",
            "outcome = \"supported-with-conditions\"",
        )
        .clean();
}

#[test]
fn capacity_assessment_stale() {
    case("assessed more than a year before the decision")
        .line(D2, "assessed_on =", "assessed_on = 2025-03-01")
        .expect(
            warning("capacity-assessment-stale", D2)
                .at("assessed_on =")
                .says("1 March 2025")
                .says("405 days")
                .help("capacity_assessment_days"),
        )
        .check();
    case("assessed more than a year before the latest review of a restrictive record")
        .line(D2, "assessed_on =", "assessed_on = 2025-10-01")
        .line(D2, "opened =", "opened = 2025-10-01")
        .line(D2, "decided_on =", "decided_on = 2025-10-10")
        .line(D2, "on = 2026-04-08", "on = 2025-10-08")
        .line(D2, "considered_on =", "considered_on = 2025-10-09")
        .expect(
            warning("capacity-assessment-stale", D2)
                .at("assessed_on =")
                .says("the latest review"),
        )
        .check();
    case("the pack allows 600 days")
        .line(D2, "assessed_on =", "assessed_on = 2025-03-01")
        .line(
            PACK,
            "[examples]",
            "[policy]\ncapacity_assessment_days = 600\n\n[examples]",
        )
        .clean();
}

#[test]
fn the_reviewers_lawful_practice_raises_nothing() {
    // A money arrangement the person asked for and agrees with.
    d2_has_capacity(with_restriction(
        case("a person-agreed money arrangement"),
        "kind = \"money-held\"\ndescription = \"CD's bank card is kept in the office at night, at CD's request.\"\nsince = 2026-04-10",
    ))
    .line(D2, "basis =", "basis = \"person-agreed\"")
    .line(D2, "person_agrees =", "person_agrees = \"yes\"")
    .clean();
    // A curfew that a court ordered, for a person with capacity.
    d2_has_capacity(with_restriction(
        case("a court-ordered curfew"),
        "kind = \"routine-imposed\"\ndescription = \"A curfew from 9pm to 6am, a requirement of CD's community order.\"\nsince = 2026-04-10",
    ))
    .line(
        D2,
        "basis =",
        "basis = \"court-order\"\nauthority = \"Magistrates' court community order with a curfew requirement, 2 April 2026\"",
    )
    .line(
        D2,
        "least_restrictive =",
        "least_restrictive = \"The court set the curfew; staff only remind CD of it.\"",
    )
    .clean();
    // A manual-handling risk to staff: health and safety, not a restriction of the person.
    d2_has_capacity(case("a manual-handling risk to staff"))
        .line(
            D2,
            "outcome = \"limited\"",
            "outcome = \"supported-with-conditions\"",
        )
        .delete_line(D2, "basis =")
        .replace(
            D2,
            "[capacity]",
            "[[risks]]\ndescription = \"Back injury to staff helping CD to transfer from bed to chair.\"\nto = \"others\"\nlikelihood = \"medium\"\nimpact = \"medium\"\n\n[capacity]",
        )
        .line(
            D2,
            "action = \"A friend goes out",
            "action = \"Two staff and a standing hoist for every transfer, as CD chose\"",
        )
        .clean();
}

#[test]
fn example_consent_capacity() {
    case("consent given by family")
        .line(X1, "given_by =", "given_by = \"family\"")
        .expect(
            error("example-consent-capacity", X1)
                .at("given_by =")
                .says("No relative can consent for an adult"),
        )
        .check();
    case("the person consented, a cited record says they lack capacity, capacity not checked")
        .delete_line(X2, "capacity_checked_on =")
        .expect(
            error("example-consent-capacity", X2)
                .at("given_by =")
                .says("D-002")
                .help("capacity_checked_on"),
        )
        .check();
    case("capacity checked after the as-of date")
        .line(
            X2,
            "capacity_checked_on =",
            "capacity_checked_on = 2026-12-01",
        )
        .expect(
            error("date-order", X2)
                .at("capacity_checked_on =")
                .says("1 December 2026"),
        )
        .check();
    case("the attorney consented")
        .line(X2, "given_by =", "given_by = \"attorney\"")
        .delete_line(X2, "capacity_checked_on =")
        .clean();
}

#[test]
fn example_consent_scope_and_who_consented() {
    case("uses leave out this pack's audience (inspection)")
        .line(
            X1,
            "given_by =",
            "given_by = \"person\"\nuses = [\"tender\", \"website\"]",
        )
        .expect(
            warning("example-consent-scope", X1)
                .at("uses =")
                .says("tender and website")
                .says("an inspection")
                .help("\"inspection\""),
        )
        .check();
    case("uses include the audience")
        .line(
            X1,
            "given_by =",
            "given_by = \"person\"\nuses = [\"tender\", \"inspection\"]",
        )
        .clean();
    case("given, but not by whom")
        .delete_line(X1, "given_by =")
        .expect(
            error("example-no-consent", X1)
                .at("status =")
                .says("not who gave it")
                .help("given_by"),
        )
        .check();
}

#[test]
fn a_draft_may_miss_required_fields() {
    const DRAFT: &str = "content/decisions/d-009.toml";
    let draft = "id = \"D-009\"\ntitle = \"Going swimming\"\ndraft = true\nperson = \"EF\"\n\n[choice]\nsummary = \"EF wants to swim at the leisure centre.\"\n";
    let report = case("a draft with no opened date and no decision")
        .write(DRAFT, draft)
        .expect(
            warning("invalid-record", D1)
                .in_file(DRAFT)
                .record(Some("D-009"))
                .at("id =")
                .says("Draft: `decision` is missing")
                .says("left out of the pack"),
        )
        .expect(
            warning("invalid-record", D1)
                .in_file(DRAFT)
                .record(Some("D-009"))
                .at("id =")
                .says("Draft: `opened` is missing")
                .says("left out of the pack"),
        )
        .check();
    assert!(report.findings.iter().all(|f| f.level == "warning"));
    case("the same without draft = true")
        .write(DRAFT, draft.replace("draft = true\n", ""))
        .expect(
            error("invalid-record", D1)
                .in_file(DRAFT)
                .record(Some("D-009"))
                .at("id =")
                .says("`decision` is missing"),
        )
        .expect(
            error("invalid-record", D1)
                .in_file(DRAFT)
                .record(Some("D-009"))
                .at("id =")
                .says("`opened` is missing"),
        )
        .check();
    case("a draft with an empty required text")
        .line(D1, "title =", "title = \"\"\ndraft = true")
        .expect(
            warning("invalid-record", D1)
                .at("title =")
                .says("Draft: `title` is empty"),
        )
        .check();
    case("a draft with a value of the wrong type is still an error")
        .write(DRAFT, draft.replace("person = \"EF\"", "person = 5"))
        .expect(
            error("invalid-record", D1)
                .in_file(DRAFT)
                .record(Some("D-009"))
                .at("5"),
        )
        .expect(
            warning("invalid-record", D1)
                .in_file(DRAFT)
                .record(Some("D-009"))
                .says("Draft: `decision` is missing"),
        )
        .expect(
            warning("invalid-record", D1)
                .in_file(DRAFT)
                .record(Some("D-009"))
                .says("Draft: `opened` is missing"),
        )
        .check();
}

/// The JSON Schema an editor uses carries the new fields, with their notes as descriptions.
#[test]
fn the_schema_describes_the_new_fields_with_their_legal_source() {
    let schema = |kind: &str| -> serde_json::Value {
        let out = crate::support::evidence_pack()
            .args(["schema", kind])
            .output()
            .expect("run");
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let decision = schema("decision").to_string();
    for text in [
        "restrictions",
        "covert-medication",
        "MCA 2005 s9",
        "for_this_decision",
        "advance_decision_reason",
        "attorney-or-deputy",
        "commissioner_told_on",
        "Care Act 2014 s27",
        "not a legal basis for restricting anyone",
    ] {
        assert!(
            decision.contains(text),
            "the decision schema lacks {text:?}"
        );
    }
    let example = schema("example").to_string();
    for text in [
        "given_by",
        "capacity_checked_on",
        "uses",
        "consent for an adult",
    ] {
        assert!(example.contains(text), "the example schema lacks {text:?}");
    }
}
