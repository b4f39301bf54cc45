//! Tests: the rules of SPEC section 4a (version 2) about what happened after a decision:
//! safeguarding the adult at risk, incidents, plan actions and composite examples, each firing and
//! not firing on the clean pack with one change. In the clean pack, D-002's risk is of
//! exploitation, with safeguarding considered and what CD wants from it; it has one incident on
//! 8 October 2026 (minor harm, with learning) followed by its review on 15 October, exactly 7
//! days later, a plan action due 17 April 2026 done on 15 April, and an outcome.

use super::*;

const D2_INCIDENT_ON: &str = "on = 2026-10-08";

/// An incident on `on` with no harm, as a table to add to a record.
fn incident(on: &str) -> String {
    format!(
        "\n[[incidents]]\non = {on}\nsummary = \"Came home later than planned.\"\nharm = \"none\"\n"
    )
}

#[test]
fn the_rules_of_version_2_about_outcomes_are_known_with_their_default_level() {
    let added = [
        ("safeguarding-without-person", "warning"),
        ("incident-not-reviewed", "error"),
        ("incident-not-notified", "error"),
        ("incident-without-learning", "warning"),
        ("plan-action-overdue", "warning"),
        ("example-composite-traceable", "warning"),
    ];
    for (name, level) in added {
        let rule = evidence_pack::diagnostics::Rule::from_name(name)
            .unwrap_or_else(|| panic!("{name} is a rule"));
        assert_eq!(rule.default_level().as_str(), level, "{name}");
    }
}

#[test]
fn safeguarding_not_considered_for_abuse_or_neglect_of_the_person() {
    // Care Act 2014 s42 is about the adult at risk: a risk to the person alone is enough.
    case("a risk of exploitation to CD alone, safeguarding not considered")
        .line(D2, "to = \"both\"", "to = \"self\"")
        .line(D2, "considered =", "considered = false")
        .expect(
            error("safeguarding-not-considered", D2)
                .at("safeguarding]")
                .says("exploitation")
                .says("section 42")
                .help("considered = true"),
        )
        .check();
    case("self-neglect and no [safeguarding] at all")
        .line(
            D1,
            "to = \"self\"",
            "to = \"self\"\nabuse_or_neglect = \"self-neglect\"",
        )
        .expect(
            error("safeguarding-not-considered", D1)
                .at("risks]]")
                .says("self-neglect"),
        )
        .expect(warning("safeguarding-without-person", D1).at("abuse_or_neglect"))
        .check();
    case("the same risk to CD alone, not of abuse: no safeguarding needed")
        .line(D2, "to = \"both\"", "to = \"self\"")
        .line(D2, "considered =", "considered = false")
        .delete_line(D2, "abuse_or_neglect =")
        .clean();
}

#[test]
fn safeguarding_without_person() {
    case("no person_wants")
        .delete_line(D2, "person_wants =")
        .expect(
            warning("safeguarding-without-person", D2)
                .at("safeguarding]")
                .says("exploitation")
                .help("safeguarding.person_wants"),
        )
        .check();
    case("a blank person_wants")
        .line(D2, "person_wants =", "person_wants = \"  \"")
        .expect(warning("safeguarding-without-person", D2).at("safeguarding]"))
        .check();
    case("no abuse or neglect: person_wants is not needed")
        .delete_line(D2, "person_wants =")
        .delete_line(D2, "abuse_or_neglect =")
        .clean();
}

#[test]
fn incident_not_reviewed() {
    // The clean pack: reviewed exactly 7 days after the incident, in time.
    case("reviewed 8 days after the incident")
        .line(D2, D2_INCIDENT_ON, "on = 2026-10-07")
        .expect(
            error("incident-not-reviewed", D2)
                .at("on = 2026-10-07")
                .says("7 October 2026")
                .says("15 October 2026, 8 days later")
                .says("within 7 days"),
        )
        .check();
    // D-002's latest review is on 15 October: a later incident has no review yet. The as-of
    // date is 1 November 2026.
    let after = |on: &str| format!("{}\n[[outcomes]]", incident(on));
    case("6 days before as-of, no review yet: not yet due")
        .replace(D2, "[[outcomes]]", after("2026-10-26"))
        .clean();
    case("7 days before as-of, no review yet: due today, not yet late")
        .replace(D2, "[[outcomes]]", after("2026-10-25"))
        .clean();
    case("8 days before as-of, no review")
        .replace(D2, "[[outcomes]]", after("2026-10-24"))
        .expect(
            error("incident-not-reviewed", D2)
                .at("on = 2026-10-24")
                .says("24 October 2026")
                .says("8 days have passed")
                .help("[[reviews]]"),
        )
        .check();
    case("a closed record is exempt")
        .replace(
            D4,
            "[decision]",
            format!("{}\n[decision]", incident("2026-06-01")),
        )
        .clean();
}

#[test]
fn incident_review_days_comes_from_policy() {
    case("[policy] incident_review_days = 5: 7 days is late")
        .replace(
            PACK,
            "[examples]",
            "[policy]\nincident_review_days = 5\n\n[examples]",
        )
        .expect(
            error("incident-not-reviewed", D2)
                .at(D2_INCIDENT_ON)
                .says("7 days later")
                .says("within 5 days"),
        )
        .check();
    case("[policy] incident_review_days = 8: 8 days is in time")
        .replace(
            PACK,
            "[examples]",
            "[policy]\nincident_review_days = 8\n\n[examples]",
        )
        .line(D2, D2_INCIDENT_ON, "on = 2026-10-07")
        .clean();
}

/// An incident's considered decision not to refer to the council's safeguarding team.
const NO_REFERRAL: &str = "\nsafeguarding_referral = \"none\"\nsafeguarding_reason = \"CD came to no harm, and the police only helped CD home.\"";

#[test]
fn incident_not_notified() {
    case("the police were involved")
        .replace(
            D2,
            "harm = \"minor\"",
            format!("harm = \"minor\"\npolice = true{NO_REFERRAL}"),
        )
        .expect(
            error("incident-not-notified", D2)
                .at("harm = \"minor\"")
                .says("8 October 2026")
                .says("the police were involved")
                .help("notified_on"),
        )
        .check();
    case("serious harm")
        .replace(
            D2,
            "harm = \"minor\"",
            format!("harm = \"serious\"{NO_REFERRAL}"),
        )
        .expect(
            error("incident-not-notified", D2)
                .at("harm = \"serious\"")
                .says("serious harm"),
        )
        .check();
    case("a safeguarding referral")
        .replace(
            D2,
            "harm = \"minor\"",
            "harm = \"minor\"\nsafeguarding_referral = \"SG-2026-101\"",
        )
        .expect(
            error("incident-not-notified", D2)
                .at("harm = \"minor\"")
                .says("safeguarding referral"),
        )
        .check();
    case("police, notified")
        .replace(
            D2,
            "harm = \"minor\"",
            format!("harm = \"minor\"\npolice = true\nnotified_on = 2026-10-09{NO_REFERRAL}"),
        )
        .clean();
    case("referral \"none\" needs no notification")
        .replace(
            D2,
            "harm = \"minor\"",
            "harm = \"minor\"\nsafeguarding_referral = \"none\"",
        )
        .clean();
}

#[test]
fn incident_without_learning() {
    case("minor harm, no learning")
        .delete_line(D2, "learning =")
        .expect(
            warning("incident-without-learning", D2)
                .at("harm = \"minor\"")
                .says("minor harm")
                .help("learning"),
        )
        .check();
    case("no harm needs no learning")
        .delete_line(D2, "learning =")
        .line(D2, "harm = \"minor\"", "harm = \"none\"")
        .clean();
}

#[test]
fn plan_action_overdue() {
    case("due 17 April, not done")
        .delete_line(D2, "done_on =")
        .expect(
            warning("plan-action-overdue", D2)
                .at("due =")
                .says("17 April 2026")
                .says("198 days overdue")
                .help("done_on"),
        )
        .check();
    case("due on the as-of date, not done: not yet overdue")
        .delete_line(D2, "done_on =")
        .line(D2, "due =", "due = 2026-11-01")
        .clean();
    case("a closed record is exempt")
        .replace(
            D4,
            "[decision]",
            "[[plan]]\naction = \"Open a bank account\"\nowner = \"EF\"\ndue = 2026-01-01\n\n[decision]",
        )
        .clean();
}

#[test]
fn date_order_of_incidents_outcomes_and_plans() {
    case("an incident after the as-of date")
        .line(D2, D2_INCIDENT_ON, "on = 2026-11-02")
        .expect(
            error("date-order", D2)
                .at("on = 2026-11-02")
                .says("An incident is dated 2 November 2026"),
        )
        .check();
    case("notified after the as-of date, and before the incident")
        .replace(
            D2,
            "harm = \"minor\"",
            "harm = \"minor\"\nnotified_on = 2026-11-05",
        )
        .expect(
            error("date-order", D2)
                .at("notified_on")
                .says("A notification to CQC is dated 5 November 2026"),
        )
        .expect(warning("incident-notified-late", D2).at("notified_on"))
        .check();
    case("notified before the incident")
        .replace(
            D2,
            "harm = \"minor\"",
            "harm = \"minor\"\nnotified_on = 2026-10-01",
        )
        .expect(
            error("date-order", D2)
                .at("notified_on")
                .says("before the incident on 8 October 2026"),
        )
        .check();
    case("an outcome after the as-of date")
        .replace(
            D2,
            "on = 2026-10-20\nwellbeing",
            "on = 2026-12-01\nwellbeing",
        )
        .expect(
            error("date-order", D2)
                .at("on = 2026-12-01")
                .says("An outcome is dated 1 December 2026"),
        )
        .check();
    case("a plan action done after the as-of date")
        .line(D2, "done_on =", "done_on = 2026-11-20")
        .expect(
            error("date-order", D2)
                .at("done_on =")
                .says("20 November 2026"),
        )
        .check();
}

#[test]
fn example_composite_traceable() {
    let composite = "[consent]\nstatus = \"not-required\"\nreason = \"A composite of several people's stories.\"\n";
    let consent = "[consent]\nstatus = \"given\"\non = 2026-05-01\nscope = \"Anonymised use in tenders and inspection packs\"\n";
    case("a composite citing records shown in full")
        .replace(X2, consent, composite)
        .expect(
            warning("example-composite-traceable", X2)
                .at("status =")
                .says("D-002 and D-003")
                .help("[select]"),
        )
        .check();
    case("the same in a tender pack, which summarises the records")
        .replace(X2, consent, composite)
        .line(PACK, "audience =", "audience = \"tender\"")
        .clean();
    case("the same, with the records it cites left out by [select]")
        .replace(X2, consent, composite)
        .replace(
            PACK,
            "[examples]",
            "[select]\nids = [\"D-001\", \"PX-001\", \"PX-002\"]\n\n[examples]",
        )
        .clean();
}

#[test]
fn unknown_values_say_what_was_meant() {
    case("harm misspelt")
        .replace(D2, "harm = \"minor\"", "harm = \"minnor\"")
        .expect(
            error("invalid-record", D2)
                .at("\"minnor\"")
                .says("\"minnor\" is not one of the allowed values")
                .help("Did you mean \"minor\"?"),
        )
        .check();
    case("wellbeing misspelt")
        .replace(
            D2,
            "wellbeing = \"relationships\"",
            "wellbeing = \"relationshps\"",
        )
        .expect(
            error("invalid-record", D2)
                .at("\"relationshps\"")
                .help("Did you mean \"relationships\"?"),
        )
        .check();
    case("abuse_or_neglect misspelt")
        .line(
            D2,
            "abuse_or_neglect =",
            "abuse_or_neglect = \"exploitaton\"",
        )
        .expect(
            error("invalid-record", D2)
                .at("\"exploitaton\"")
                .help("Did you mean \"exploitation\"?"),
        )
        .check();
    case("a misspelt key in an incident")
        .replace(
            D2,
            "harm = \"minor\"",
            "harm = \"minor\"\nnotifed_on = 2026-10-09",
        )
        .expect(
            error("invalid-record", D2)
                .at("notifed_on")
                .help("Did you mean `notified_on`?"),
        )
        .check();
}

#[test]
fn blank_incident_and_outcome_summaries_are_invalid() {
    case("a blank incident summary")
        .line(D2, "summary = \"The friend's", "summary = \" \"")
        .expect(
            error("invalid-record", D2)
                .at("summary = \" \"")
                .says("`incidents[0].summary` is empty"),
        )
        .check();
    case("a blank outcome summary")
        .line(D2, "summary = \"CD has had", "summary = \"\"")
        .expect(
            error("invalid-record", D2)
                .at("summary = \"\"")
                .says("`outcomes[0].summary` is empty"),
        )
        .check();
}

#[test]
fn identifiers_in_incidents_outcomes_and_what_the_person_wants() {
    case("an NHS number in an incident")
        .line(
            D2,
            "summary = \"The friend's",
            "summary = \"CD (NHS 943 476 5919) came home an hour late.\"",
        )
        .expect(
            error("possible-identifier", D2)
                .at("summary = \"CD (NHS")
                .says("`incidents[0].summary`")
                .says("an NHS number"),
        )
        .check();
    case("a postcode in an outcome")
        .line(
            D2,
            "summary = \"CD has had",
            "summary = \"CD goes out near SW1A 1AA every week.\"",
        )
        .expect(
            error("possible-identifier", D2)
                .at("summary = \"CD goes")
                .says("`outcomes[0].summary`"),
        )
        .check();
    case("an e-mail address in what the person wants")
        .line(
            D2,
            "person_wants =",
            "person_wants = \"To e-mail cd@example.org when worried.\"",
        )
        .expect(
            error("possible-identifier", D2)
                .at("person_wants =")
                .says("`safeguarding.person_wants`"),
        )
        .check();
}

#[test]
fn the_schemas_know_the_new_fields() {
    let schema = |kind: &str| {
        let out = evidence_pack()
            .args(["schema", kind])
            .output()
            .expect("run evidence-pack");
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let decision = schema("decision");
    for field in [
        "\"incidents\"",
        "\"outcomes\"",
        "\"abuse_or_neglect\"",
        "\"person_wants\"",
        "\"done_on\"",
        "\"self-neglect\"",
        "\"social-economic\"",
        "\"serious\"",
        "\"notified_on\"",
    ] {
        assert!(decision.contains(field), "{field} in the decision schema");
    }
    let pack = schema("pack");
    for field in ["\"people_supported\"", "\"incident_review_days\""] {
        assert!(pack.contains(field), "{field} in the pack schema");
    }
}
