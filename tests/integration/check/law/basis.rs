//! The basis against the record: `basis-contradicts-record`, `basis-unspecified` and
//! `basis-not-a-power`.

use super::*;

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
