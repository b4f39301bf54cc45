//! `check`: the rules about a decision record itself, each firing and not on a near-identical
//! input.

use super::*;

#[test]
fn invalid_record() {
    case("a misspelt key")
        .line(
            D1,
            "rationale =",
            D1_RATIONALE.replacen("rationale", "rationle", 1),
        )
        .expect(
            error("invalid-record", D1)
                .at("rationle")
                .says("`rationle`")
                .help("Did you mean `rationale`?"),
        )
        .check();
    case("closed without closed_on (the record is still checked)")
        .delete_line(D4, "closed_on =")
        .expect(
            error("invalid-record", D4)
                .at("status =")
                .says("closed_on")
                .help("closed_on = "),
        )
        .check();
    case("a blank title")
        .line(D3, "title =", "title = \"  \"")
        .expect(
            error("invalid-record", D3)
                .at("title =")
                .says("`title` is empty"),
        )
        .check();
    case("no risks")
        .replace(
            D3,
            "[[risks]]\ndescription = \"Missing the morning day-centre transport.\"\nto = \"self\"\nlikelihood = \"medium\"\nimpact = \"low\"\n\n",
            "",
        )
        .expect(error("invalid-record", D3).at("choice]").says("no risks"))
        .check();
    case("the key spelt right")
        .line(D1, "rationale =", D1_RATIONALE)
        .clean();
}

#[test]
fn duplicate_id() {
    case("two decision records")
        .line(D4, "id =", "id = \"D-001\"")
        .expect(
            error("duplicate-id", D4)
                .record(Some("D-001"))
                .at("id =")
                .says("D-001")
                .says("content/decisions/d-001.toml")
                .says("content/decisions/d-004.toml"),
        )
        .check();
    case("a record and an example share the id space")
        .line(X2, "id =", "id = \"D-004\"")
        .expect(
            error("duplicate-id", X2)
                .record(Some("D-004"))
                .at("id =")
                .says("content/decisions/d-004.toml")
                .says("content/examples/px-002.toml"),
        )
        .check();
    case("ids that only look alike")
        .line(D4, "id =", "id = \"D-001a\"")
        .clean();
}

#[test]
fn unknown_statement() {
    case("in a record")
        .line(D1, "statements =", "statements = [\"S4\", \"C3\", \"S9\"]")
        .expect(
            error("unknown-statement", D1)
                .at("\"S9\"")
                .says("\"S9\"")
                .says("no statement S9"),
        )
        .check();
    case("written in small letters")
        .line(D1, "statements =", "statements = [\"S4\", \"c3\"]")
        .expect(
            error("unknown-statement", D1)
                .at("\"c3\"")
                .says("\"c3\"")
                .help("Did you mean \"C3\"?"),
        )
        .check();
    case("in an example, with an unknown framework")
        .line(X1, "statements =", "statements = [\"hscs:1.2\"]")
        .expect(
            error("unknown-statement", X1)
                .at("\"hscs:1.2\"")
                .says("no framework called \"hscs\""),
        )
        .check();
    case("in required_statements")
        .line(
            PACK,
            "required_statements =",
            "required_statements = [\"S4\", \"Q1\"]",
        )
        .expect(error("unknown-statement", PACK).at("\"Q1\"").says("\"Q1\""))
        .check();
    case("the last statement of each group")
        .line(
            D1,
            "statements =",
            "statements = [\"S4\", \"S8\", \"E6\", \"C5\", \"R7\", \"W8\"]",
        )
        .clean();
    case("a statement of a framework in frameworks/")
        .line(X1, "statements =", "statements = [\"S4\", \"hscs:1.2\"]")
        .write(
            "frameworks/hscs.toml",
            "id = \"hscs\"\nname = \"Health and Social Care Standards\"\n\n[[groups]]\nid = \"1\"\nname = \"I experience high quality care and support that is right for me\"\n\n[[statements]]\nid = \"1.2\"\ngroup = \"1\"\nname = \"I am supported to make my own decisions\"\n",
        )
        .clean();
}

#[test]
fn unknown_reference() {
    case("an id no record has")
        .line(X1, "decisions =", "decisions = [\"D-001\", \"D-099\"]")
        .expect(error("unknown-reference", X1).at("\"D-099\"").says("D-099"))
        .check();
    case("a closed record is still a record")
        .line(X1, "decisions =", "decisions = [\"D-001\", \"D-004\"]")
        .clean();
    case("an example is not a decision record")
        .line(X1, "decisions =", "decisions = [\"PX-002\"]")
        .expect(
            error("unknown-reference", X1)
                .at("\"PX-002\"")
                .says("PX-002"),
        )
        .check();
}

#[test]
fn missing_rationale() {
    case("14 words")
        .line(D1, "rationale =", format!("rationale = \"{}\"", words(14)))
        .expect(
            error("missing-rationale", D1)
                .at("rationale =")
                .says("only 14 words")
                .says("15")
                .help("rationale"),
        )
        .check();
    case("exactly 15 words")
        .line(D1, "rationale =", format!("rationale = \"{}\"", words(15)))
        .clean();
    case("15 words once Markdown is taken away")
        .line(
            D1,
            "rationale =",
            format!(
                "rationale = \"**{}** [link](http://example.org/a/b)\"",
                words(14)
            ),
        )
        .clean();
    case("blank")
        .line(D1, "rationale =", "rationale = \"  \"")
        .expect(
            error("missing-rationale", D1)
                .at("rationale =")
                .says("no rationale"),
        )
        .check();
    case("missing")
        .delete_line(D1, "rationale =")
        .expect(
            error("missing-rationale", D1)
                .at("decision]")
                .says("no rationale"),
        )
        .check();
}

#[test]
fn missing_review_plan() {
    case("no every_days")
        .delete_line(D1, "every_days =")
        .expect(
            error("missing-review-plan", D1)
                .at("review]")
                .help("every_days"),
        )
        .check();
    case("no [review] table")
        .replace(D3, "[review]\nevery_days = 28\n", "")
        .expect(error("missing-review-plan", D3).at("decision]"))
        .check();
    case("an active record that was closed")
        .line(D4, "status = \"closed\"", "status = \"active\"")
        .delete_line(D4, "closed_on =")
        .expect(error("missing-review-plan", D4).at("decision]"))
        .check();
    // The clean pack's D-004 is closed and has no [review]: closed records are exempt.
    case("a closed record needs no review plan").clean();
}

#[test]
fn no_review_evidence() {
    case("first review due the day before the as-of date (next_due)")
        .line(D3, "every_days =", "every_days = 28\nnext_due = 2026-10-31")
        .expect(
            error("no-review-evidence", D3)
                .at("review]")
                .says("31 October 2026")
                .says("1 day overdue"),
        )
        .check();
    case("first review due on the as-of date (next_due)")
        .line(D3, "every_days =", "every_days = 28\nnext_due = 2026-11-01")
        .clean();
    case("first review due the day before (decided_on + every_days)")
        .line(D3, "every_days =", "every_days = 21")
        .expect(
            error("no-review-evidence", D3)
                .at("review]")
                .says("31 October 2026")
                .says("1 day overdue"),
        )
        .check();
    case("first review due on the as-of date (decided_on + every_days)")
        .line(D3, "every_days =", "every_days = 22")
        .clean();
    case("long overdue")
        .line(D3, "every_days =", "every_days = 7")
        .expect(
            error("no-review-evidence", D3)
                .at("review]")
                .says("17 October 2026")
                .says("15 days overdue"),
        )
        .check();
    case("a closed record is exempt")
        .line(D4, "rationale =", "rationale = \"\"\"GH can manage a weekly budget with a prepaid card. The appointee tops it up each Monday, so a bad week never empties the account.\"\"\"\n\n[review]\nevery_days = 28")
        .clean();
}

#[test]
fn review_overdue() {
    case("due the day before the as-of date")
        .line(D1, D1_REVIEW_2, "on = 2026-10-03")
        .expect(
            error("review-overdue", D1)
                .at_nth("[[reviews]]", 2)
                .says("due on 31 October 2026")
                .says("1 day overdue"),
        )
        .check();
    case("due on the as-of date is not overdue")
        .line(D1, D1_REVIEW_2, "on = 2026-10-04")
        .clean();
    case("the latest review is judged, whatever the order")
        .line(D1, D1_REVIEW_1, "on = 2026-10-03")
        .line(D1, D1_REVIEW_2, "on = 2026-09-20")
        .expect(
            error("review-overdue", D1)
                .at_nth("[[reviews]]", 1)
                .says("due on 31 October 2026")
                .says("1 day overdue"),
        )
        .check();
    case("an earlier review listed last does not make it overdue")
        .line(D1, D1_REVIEW_2, "on = 2026-09-27")
        .line(D1, D1_REVIEW_1, "on = 2026-10-26")
        .clean();
    case("many days overdue")
        .line(D1, D1_REVIEW_1, "on = 2026-05-04")
        .line(D1, D1_REVIEW_2, "on = 2026-06-01")
        .expect(
            error("review-overdue", D1)
                .at_nth("[[reviews]]", 2)
                .says("due on 29 June 2026")
                .says("125 days overdue"),
        )
        .check();
    case("a closed record is exempt")
        .line(
            D1,
            "status = \"active\"",
            "status = \"closed\"\nclosed_on = 2026-10-30",
        )
        .line(D1, D1_REVIEW_2, "on = 2026-08-01")
        .clean();
}

#[test]
fn review_without_person() {
    case("no person_view")
        .delete_line(D1, "person_view = \"It's going fine")
        .expect(
            warning("review-without-person", D1)
                .at_nth("[[reviews]]", 1)
                .says("28 September 2026")
                .help("person_view"),
        )
        .check();
    case("a blank person_view")
        .line(D1, "person_view = \"I don't", "person_view = \" \"")
        .expect(
            warning("review-without-person", D1)
                .at_nth("[[reviews]]", 2)
                .says("26 October 2026"),
        )
        .check();
    case("a short person_view is enough")
        .line(D1, "person_view = \"I don't", "person_view = \"Fine.\"")
        .clean();
    case("a closed record is exempt, like the other review rules")
        .line(
            D1,
            "status = \"active\"",
            "status = \"closed\"\nclosed_on = 2026-10-30",
        )
        .delete_line(D1, "person_view = \"It's going fine")
        .clean();
}

#[test]
fn missing_person_voice() {
    case("blank")
        .line(D1, "in_their_words =", "in_their_words = \"\"")
        .expect(
            warning("missing-person-voice", D1)
                .at("in_their_words")
                .help("in_their_words"),
        )
        .check();
    case("missing")
        .delete_line(D1, "in_their_words =")
        .expect(warning("missing-person-voice", D1).at("choice]"))
        .check();
    case("present")
        .line(D1, "in_their_words =", "in_their_words = \"Let me.\"")
        .clean();
}

#[test]
fn person_not_involved() {
    case("the person is not listed")
        .line(
            D1,
            "involved =",
            "involved = [\"Key worker\", \"Community pharmacist\"]",
        )
        .expect(
            warning("person-not-involved", D1)
                .at("involved")
                .says("AB")
                .help("\"AB\""),
        )
        .check();
    case("nobody is listed")
        .delete_line(D1, "involved =")
        .expect(
            warning("person-not-involved", D1)
                .at("decision]")
                .says("AB"),
        )
        .check();
    case("the person is listed, not first")
        .line(
            D1,
            "involved =",
            "involved = [\"Key worker\", \"AB\", \"Community pharmacist\"]",
        )
        .clean();
}

#[test]
fn missing_alternatives() {
    case("a restrictive outcome")
        .replace(D2, D2_ALTERNATIVES, "")
        .expect(
            error("missing-alternatives", D2)
                .at("outcome = \"limited\"")
                .says("limited")
                .help("[[alternatives]]"),
        )
        .check();
    case("a high risk (high x medium), supported")
        .line(D1, "likelihood =", "likelihood = \"high\"")
        .expect(
            error("missing-alternatives", D1)
                .at("outcome =")
                .says("risk is high"),
        )
        .expect(error("high-risk-not-escalated", D1).at("risks]]"))
        .check();
    case("a medium risk (high x low), supported")
        .line(D1, "likelihood =", "likelihood = \"high\"")
        .line(D1, "impact =", "impact = \"low\"")
        .clean();
}

#[test]
fn restrictive_without_justification() {
    case("limited without least_restrictive")
        .delete_line(D2, "least_restrictive =")
        .expect(
            error("restrictive-without-justification", D2)
                .at("outcome = \"limited\"")
                .says("Limited")
                .help("least_restrictive"),
        )
        .check();
    case("not supported, blank least_restrictive")
        .line(D2, "outcome = \"limited\"", "outcome = \"not-supported\"")
        .line(
            D2,
            "least_restrictive =",
            "least_restrictive = \"\"\"\n\"\"\"",
        )
        .expect(
            error("restrictive-without-justification", D2)
                .at("outcome = \"not-supported\"")
                .says("Not supported"),
        )
        .check();
    case("supported with conditions needs no justification")
        .line(
            D2,
            "outcome = \"limited\"",
            "outcome = \"supported-with-conditions\"",
        )
        .delete_line(D2, "least_restrictive =")
        .clean();
}

// limiting-capacitous-choice changed meaning in version 2: see check/lawful.rs.

#[test]
fn capacity_not_recorded() {
    case("no [capacity]")
        .replace(D1, "[capacity]\nstatus = \"presumed\"\n\n", "")
        .expect(
            error("capacity-not-recorded", D1)
                .at("decision]")
                .help("[capacity]"),
        )
        .check();
    case("assessed without a date")
        .delete_line(D3, "assessed_on =")
        .expect(
            error("capacity-not-recorded", D3)
                .at("status = \"assessed-has\"")
                .says("assessed_on"),
        )
        .check();
    case("assessed without an assessor")
        .line(D3, "assessed_by =", "assessed_by = \"\"")
        .expect(
            error("capacity-not-recorded", D3)
                .at("status = \"assessed-has\"")
                .says("assessed_by"),
        )
        .check();
    case("lacks capacity without a best-interests decision")
        .delete_line(D2, "best_interests =")
        .expect(
            error("capacity-not-recorded", D2)
                .at("status = \"assessed-lacks\"")
                .says("best-interests")
                .help("best_interests"),
        )
        .check();
    case("presumed capacity needs no assessment")
        .replace(
            D3,
            "status = \"assessed-has\"\nassessed_on = 2026-10-05\nassessed_by = \"Registered manager\"\n",
            "status = \"presumed\"\n",
        )
        .clean();
}

#[test]
fn high_risk_not_escalated() {
    case("high risk without [escalation]")
        .replace(D2, D2_ESCALATION, "")
        .expect(
            error("high-risk-not-escalated", D2)
                .at("risks]]")
                .says("risk level is high")
                .help("[escalation]"),
        )
        .expect(warning("restrictive-not-escalated", D2).at("outcome = \"limited\""))
        .check();
    case("the highest risk counts (medium x high)")
        .replace(
            D1,
            "[capacity]",
            "[[risks]]\ndescription = \"A fall when collecting tablets.\"\nto = \"self\"\nlikelihood = \"medium\"\nimpact = \"high\"\n\n[capacity]",
        )
        .expect(error("high-risk-not-escalated", D1).at("risks]]"))
        .expect(error("missing-alternatives", D1).at("outcome ="))
        .check();
    case("a medium risk (low x high) needs no escalation")
        .replace(D2, D2_ESCALATION, "")
        .line(D2, "likelihood =", "likelihood = \"low\"")
        .line(D2, "impact =", "impact = \"high\"")
        // A restriction still deserves senior oversight (version 2), at warning level.
        .expect(warning("restrictive-not-escalated", D2).at("outcome = \"limited\""))
        .check();
}

#[test]
fn escalation_incomplete() {
    case("no signed_off_by")
        .delete_line(D2, "signed_off_by =")
        .expect(
            error("escalation-incomplete", D2)
                .at("escalation]")
                .says("signed_off_by"),
        )
        .check();
    case("no date and a blank outcome")
        .delete_line(D2, "on = 2026-04-08")
        .line(D2, "outcome = \"Approved", "outcome = \"\"")
        .expect(
            error("escalation-incomplete", D2)
                .at("escalation]")
                .says("on, outcome"),
        )
        .check();
    case("a complete escalation of a medium risk")
        .line(D1, "[capacity]", "[escalation]\nto = \"Team leader\"\non = 2026-03-02\noutcome = \"Agreed.\"\nsigned_off_by = \"Registered manager\"\n\n[capacity]")
        .clean();
}

#[test]
fn safeguarding_not_considered() {
    case("considered = false")
        .line(D2, "considered =", "considered = false")
        .expect(
            error("safeguarding-not-considered", D2)
                .at("safeguarding]")
                .help("considered = true"),
        )
        .check();
    case("no outcome")
        .delete_line(D2, "outcome = \"Safeguarding")
        .expect(error("safeguarding-not-considered", D2).at("safeguarding]"))
        .check();
    // SPEC 7, version 3: a risk to others is a safeguarding matter only when it is to other
    // people the service supports or to children; to staff or the public it is health and safety.
    for who in ["people-we-support", "children"] {
        case(&format!("a risk to others ({who}) and no [safeguarding]"))
            .line(
                D1,
                "to = \"self\"",
                format!("to = \"others\"\nothers = [\"staff\", \"{who}\"]"),
            )
            .expect(
                error("safeguarding-not-considered", D1)
                    .at("risks]]")
                    .says("A risk to "),
            )
            .check();
    }
    case("a risk to staff with no safeguarding table")
        .line(
            D1,
            "to = \"self\"",
            "to = \"others\"\nothers = [\"staff\", \"public\"]",
        )
        .clean();
    case("a risk to others, not said who, with no safeguarding table")
        .line(D1, "to = \"self\"", "to = \"others\"")
        .clean();
    case("a risk to self needs no safeguarding record")
        .line(D2, "to = \"both\"", "to = \"self\"")
        .delete_line(D2, "abuse_or_neglect =")
        .replace(
            D2,
            "[safeguarding]\nconsidered = true\n",
            "[safeguarding]\nconsidered = false\n",
        )
        .clean();
}

#[test]
fn date_order() {
    case("decided before opened")
        .line(D1, "decided_on =", "decided_on = 2026-03-01")
        .expect(
            error("date-order", D1)
                .at("decided_on")
                .says("1 March 2026")
                .says("2 March 2026"),
        )
        .check();
    case("decided the day it was opened").clean();
    case("a review before the decision")
        .line(D1, D1_REVIEW_1, "on = 2026-03-01")
        .expect(
            error("date-order", D1)
                .at("on = 2026-03-01")
                .says("1 March 2026")
                .says("before the decision"),
        )
        .check();
    case("a review on the day of the decision")
        .line(D1, D1_REVIEW_1, "on = 2026-03-02")
        .clean();
    case("closed before opened")
        .line(D4, "closed_on =", "closed_on = 2026-01-04")
        .expect(
            error("date-order", D4)
                .at("closed_on")
                .says("4 January 2026")
                .says("5 January 2026"),
        )
        .check();
    case("a review after the as-of date")
        .line(D1, D1_REVIEW_2, "on = 2026-11-02")
        .expect(
            error("date-order", D1)
                .at("on = 2026-11-02")
                .says("2 November 2026")
                .says("1 November 2026"),
        )
        .check();
    case("a review on the as-of date")
        .line(D1, D1_REVIEW_2, "on = 2026-11-01")
        .clean();
    case("an escalation and an assessment after the as-of date")
        .line(D2, "on = 2026-04-08", "on = 2026-12-01")
        .line(D2, "assessed_on =", "assessed_on = 2027-01-01")
        .expect(
            error("date-order", D2)
                .at("on = 2026-12-01")
                .says("1 December 2026"),
        )
        .expect(
            error("date-order", D2)
                .at("assessed_on")
                .says("1 January 2027"),
        )
        .expect(warning("escalation-after-decision", D2).at("on = 2026-12-01"))
        .check();
    case("consent given and text checked after the as-of date")
        .line(X1, "on =", "on = 2026-11-02")
        .line(X1, "last_reviewed =", "last_reviewed = 2026-11-03")
        .expect(
            error("date-order", X1)
                .at("on = 2026-11-02")
                .says("2 November 2026"),
        )
        .expect(
            error("date-order", X1)
                .at("last_reviewed")
                .says("3 November 2026"),
        )
        .check();
    case("closed after the as-of date")
        .line(D4, "closed_on =", "closed_on = 2026-11-02")
        .expect(
            error("date-order", D4)
                .at("closed_on")
                .says("2 November 2026"),
        )
        .check();
    case("opened after the as-of date")
        .line(D3, "opened =", "opened = 2026-11-05")
        .line(D3, "decided_on =", "decided_on = 2026-11-05")
        .line(D3, "assessed_on =", "assessed_on = 2026-10-30")
        .expect(error("date-order", D3).at("opened").says("5 November 2026"))
        .expect(
            error("date-order", D3)
                .at("decided_on")
                .says("5 November 2026"),
        )
        .check();
}
