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

mod basis;
mod consent;
mod deciding;
mod restrictions;

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
