//! Who decides for a person who lacks capacity: `attorney-bypassed`,
//! `advance-decision-not-followed`, `advocacy-not-considered` and `capacity-assessment-stale`.

use super::*;

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
