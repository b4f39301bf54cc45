//! Tests: the rules of SPEC section 4a (version 2): the basis of a restriction, best interests,
//! deprivation of liberty and independent oversight, each firing and not firing on the clean pack
//! with one change. D-002 of the clean pack is a limited, best-interests decision for CD, who
//! lacks capacity for it, escalated to the panel, with a [liberty] table that finds no deprivation.

use super::*;

/// D-002's `[liberty]` table as the clean pack has it.
pub(super) const D2_LIBERTY: &str = "[liberty]\nconsidered_on = 2026-04-09\ndeprivation = \"no\"\nreasons = \"CD goes out most evenings with a friend of their choosing and is free to go anywhere; no one stops them or decides where they go.\"\n";
/// D-002's capacity assessment, for cases that make capacity presumed.
const D2_LACKS: &str =
    "status = \"assessed-lacks\"\nassessed_on = 2026-03-25\nassessed_by = \"Social worker\"\n";

/// Why the arrangements of the liberty cases deprive CD of liberty.
pub(super) const REASONS: &str = "reasons = \"Staff go everywhere with CD and decide when CD comes home, every day, for months; CD asks to go out alone.\"\n";

/// An authorised deprivation of liberty that expires on `expires`, notified to CQC of the
/// outcome, and considered again under the 2026 test.
pub(super) fn authorised(expires: &str) -> String {
    format!(
        "[liberty]\nconsidered_on = 2026-04-09\ndeprivation = \"yes\"\n{REASONS}reconsidered_on = 2026-06-20\nroute = \"dols\"\napplied_on = 2026-04-12\nauthorised_on = 2026-06-01\nexpires_on = {expires}\nnotified_on = 2026-06-03\n"
    )
}

/// An application made on `applied`, the day the deprivation was found, not yet granted (and so
/// not notified to CQC).
pub(super) fn applied(applied: &str) -> String {
    format!(
        "[liberty]\nconsidered_on = {applied}\ndeprivation = \"yes\"\n{REASONS}route = \"dols\"\napplied_on = {applied}\n"
    )
}

#[test]
fn the_rules_of_version_2_are_known_with_their_default_level() {
    let added = [
        ("restriction-without-basis", "error"),
        ("best-interests-without-incapacity", "error"),
        ("best-interests-incomplete", "error"),
        ("liberty-not-considered", "error"),
        ("liberty-incomplete", "error"),
        ("liberty-expired", "error"),
        ("liberty-expiring", "warning"),
        ("liberty-pending", "warning"),
        ("escalation-not-independent", "warning"),
        ("restrictive-not-escalated", "warning"),
    ];
    for (name, level) in added {
        let rule = evidence_pack::diagnostics::Rule::from_name(name)
            .unwrap_or_else(|| panic!("{name} is a rule"));
        assert_eq!(rule.default_level().as_str(), level, "{name}");
    }
}

#[test]
fn restriction_without_basis() {
    case("limited with no basis")
        .delete_line(D2, "basis =")
        .expect(
            error("restriction-without-basis", D2)
                .at("outcome = \"limited\"")
                .says("legal basis")
                .help("decision.basis"),
        )
        .check();
    case("not supported with no basis")
        .delete_line(D2, "basis =")
        .line(D2, "outcome = \"limited\"", "outcome = \"not-supported\"")
        .expect(
            error("restriction-without-basis", D2)
                .at("outcome = \"not-supported\"")
                .says("Not supported"),
        )
        .check();
    case("supported with conditions needs no basis")
        .delete_line(D2, "basis =")
        .line(
            D2,
            "outcome = \"limited\"",
            "outcome = \"supported-with-conditions\"",
        )
        .clean();
}

#[test]
fn limiting_capacitous_choice() {
    // SPEC 7, version 2: a risk to others no longer silences the rule.
    case("risk to others, capacity presumed, limited, no basis")
        .replace(D2, D2_LACKS, "status = \"presumed\"\n")
        .line(D2, "to = \"both\"", "to = \"others\"")
        .delete_line(D2, "basis =")
        .expect(
            warning("limiting-capacitous-choice", D2)
                .at("outcome = \"limited\"")
                .says("unwise decision is not a lack of capacity")
                .says("section 1(4)")
                .says("risk to other people gives no power"),
        )
        .expect(error("restriction-without-basis", D2).at("outcome = \"limited\""))
        .check();
    // Version 3: a tenancy term is enforced by the landlord through the courts, not by care
    // staff, so it never clears the rule (SPEC 4b).
    case("the same with basis = tenancy-condition and its clause")
        .replace(D2, D2_LACKS, "status = \"presumed\"\n")
        .line(D2, "to = \"both\"", "to = \"others\"")
        .line(
            D2,
            "basis =",
            "basis = \"tenancy-condition\"\nauthority = \"Tenancy agreement, clause 4\"",
        )
        .expect(
            warning("limiting-capacitous-choice", D2)
                .at("basis =")
                .says("landlord"),
        )
        .check();
    let has = |c: Case| {
        c.line(
            D2,
            "status = \"assessed-lacks\"",
            "status = \"assessed-has\"",
        )
    };
    has(case("assessed as having capacity, agreeing"))
        .line(D2, "basis =", "basis = \"person-agreed\"")
        .line(D2, "person_agrees =", "person_agrees = \"yes\"")
        .clean();
    for (basis, authority) in [
        ("court-order", "Court of Protection order, 3 March 2026"),
        (
            "statutory-power",
            "Mental Health Act 1983 s7 (guardianship)",
        ),
    ] {
        has(case(&format!("assessed as having capacity, basis {basis}")))
            .line(
                D2,
                "basis =",
                format!("basis = \"{basis}\"\nauthority = \"{authority}\""),
            )
            .clean();
    }
    // A label alone does not clear it: a person-agreed basis the person does not agree with, or
    // a statutory power that is a duty of care.
    has(case("assessed as having capacity, agreeing only in part"))
        .line(D2, "basis =", "basis = \"person-agreed\"")
        .expect(
            warning("limiting-capacitous-choice", D2)
                .at("basis =")
                .says("does not show the person agrees"),
        )
        .expect(error("basis-contradicts-record", D2).at("person_agrees ="))
        .check();
    has(case(
        "assessed as having capacity, a duty of care as the power",
    ))
    .line(
        D2,
        "basis =",
        "basis = \"statutory-power\"\nauthority = \"Our duty of care\"",
    )
    .expect(warning("limiting-capacitous-choice", D2).at("basis ="))
    .expect(error("basis-not-a-power", D2).at("authority ="))
    .check();
    // The service cannot provide it: the service is limited, not the person.
    has(case(
        "assessed as having capacity, the service cannot provide it",
    ))
    .line(D2, "outcome = \"limited\"", "outcome = \"not-supported\"")
    .line(
        D2,
        "basis =",
        "basis = \"service-cannot-provide\"\ncommissioner_told_on = 2026-04-12",
    )
    .clean();
    // Fluctuating capacity counts as the record says it was for this decision.
    case("capacity fluctuating, lacking it for this decision")
        .line(
            D2,
            "status = \"assessed-lacks\"",
            "status = \"fluctuating\"\nfor_this_decision = \"lacks\"",
        )
        .clean();
    case("capacity fluctuating, having it for this decision, no basis that binds")
        .line(
            D2,
            "status = \"assessed-lacks\"",
            "status = \"fluctuating\"\nfor_this_decision = \"has\"",
        )
        .expect(warning("limiting-capacitous-choice", D2).at("basis ="))
        .expect(error("best-interests-without-incapacity", D2).at("basis ="))
        .check();
}

#[test]
fn best_interests_without_incapacity() {
    case("best interests while capacity is assessed as present")
        .line(
            D2,
            "status = \"assessed-lacks\"",
            "status = \"assessed-has\"",
        )
        .expect(
            error("best-interests-without-incapacity", D2)
                .at("basis =")
                .says("only be made for someone who lacks capacity")
                .says("s4")
                .help("Record the capacity assessment under [capacity]"),
        )
        .expect(warning("limiting-capacitous-choice", D2).at("basis ="))
        .check();
    case("best interests while capacity is presumed")
        .replace(D2, D2_LACKS, "status = \"presumed\"\n")
        .expect(error("best-interests-without-incapacity", D2).at("basis ="))
        .expect(warning("limiting-capacitous-choice", D2).at("basis ="))
        .check();
    case("best interests for a person who lacks capacity").clean();
}

#[test]
fn best_interests_incomplete() {
    case("no decision maker")
        .delete_line(D2, "decision_maker =")
        .expect(
            error("best-interests-incomplete", D2)
                .at("status = \"assessed-lacks\"")
                .says("decision_maker")
                .says("MCA 2005 s4")
                .help("consulted"),
        )
        .check();
    case("nobody consulted, and no wishes")
        .line(D2, "consulted =", "consulted = []")
        .delete_line(D2, "wishes =")
        .expect(
            error("best-interests-incomplete", D2)
                .at("status = \"assessed-lacks\"")
                .says(
                    "who was consulted (consulted) and the person's wishes and feelings (wishes)",
                ),
        )
        .check();
    case("consulted holds only blanks")
        .line(D2, "consulted =", "consulted = [\"  \"]")
        .expect(
            error("best-interests-incomplete", D2)
                .at("status = \"assessed-lacks\"")
                .says("consulted"),
        )
        .check();
    case("capacity presumed needs no best-interests detail")
        .replace(D2, D2_LACKS, "status = \"presumed\"\n")
        .delete_line(D2, "decision_maker =")
        .delete_line(D2, "wishes =")
        .line(D2, "basis =", "basis = \"person-agreed\"")
        .line(D2, "person_agrees =", "person_agrees = \"yes\"")
        .clean();
}

#[test]
fn liberty_not_considered() {
    case("lacks capacity, limited, no [liberty]")
        .replace(D2, D2_LIBERTY, "")
        .expect(
            error("liberty-not-considered", D2)
                .at("outcome = \"limited\"")
                .says("deprive them of their liberty")
                .help("[liberty]"),
        )
        .check();
    case("lacks capacity, supported with conditions, no [liberty]")
        .replace(D2, D2_LIBERTY, "")
        .line(
            D2,
            "outcome = \"limited\"",
            "outcome = \"supported-with-conditions\"",
        )
        .clean();
}

#[test]
fn liberty_incomplete() {
    case("a possible deprivation with no date, route or application")
        .replace(
            D2,
            D2_LIBERTY,
            format!("[liberty]\ndeprivation = \"possible\"\n{REASONS}"),
        )
        .expect(
            error("liberty-incomplete", D2)
                .at("liberty]")
                .says("considered_on, route and applied_on")
                .help("court-of-protection"),
        )
        .check();
    case("an empty [liberty]")
        .replace(D2, D2_LIBERTY, "[liberty]\n")
        .expect(
            error("liberty-incomplete", D2)
                .at("liberty]")
                .says("considered_on and deprivation"),
        )
        .check();
    case("authorised with no expiry date")
        .replace(
            D2,
            D2_LIBERTY,
            authorised("2027-05-19").replace("expires_on = 2027-05-19\n", ""),
        )
        .expect(
            error("liberty-incomplete", D2)
                .at("liberty]")
                .says("expires_on"),
        )
        .check();
    case("no deprivation, considered").clean();
    case("authorised until 19 May 2027")
        .replace(D2, D2_LIBERTY, authorised("2027-05-19"))
        .clean();
}

#[test]
fn liberty_expired() {
    case("expired two days before the as-of date")
        .replace(D2, D2_LIBERTY, authorised("2026-10-30"))
        .expect(
            error("liberty-expired", D2)
                .at("expires_on")
                .says("30 October 2026, 2 days ago")
                .help("new authorisation"),
        )
        .check();
    case("expires on the as-of date: not yet expired")
        .replace(D2, D2_LIBERTY, authorised("2026-11-01"))
        .expect(
            warning("liberty-expiring", D2)
                .at("expires_on")
                .says("1 November 2026, today"),
        )
        .check();
    case("an expired authorisation on a closed record")
        .replace(D2, D2_LIBERTY, authorised("2026-10-30"))
        .line(
            D2,
            "opened =",
            "opened = 2026-04-01\nstatus = \"closed\"\nclosed_on = 2026-10-31",
        )
        .clean();
}

#[test]
fn liberty_expiring() {
    case("expires exactly liberty_warning_days (28) after the as-of date")
        .replace(D2, D2_LIBERTY, authorised("2026-11-29"))
        .expect(
            warning("liberty-expiring", D2)
                .at("expires_on")
                .says("29 November 2026, in 28 days")
                .help("renewal"),
        )
        .check();
    case("expires 29 days after the as-of date")
        .replace(D2, D2_LIBERTY, authorised("2026-11-30"))
        .clean();
    case("[policy] liberty_warning_days = 60")
        .replace(D2, D2_LIBERTY, authorised("2026-12-31"))
        .replace(
            PACK,
            "[examples]",
            "[policy]\nliberty_warning_days = 60\n\n[examples]",
        )
        .expect(
            warning("liberty-expiring", D2)
                .at("expires_on")
                .says("in 60 days"),
        )
        .check();
    case("[policy] liberty_warning_days = 59")
        .replace(D2, D2_LIBERTY, authorised("2026-12-31"))
        .replace(
            PACK,
            "[examples]",
            "[policy]\nliberty_warning_days = 59\nincident_review_days = 7\n\n[examples]",
        )
        .clean();
}

#[test]
fn liberty_pending() {
    case("applied for 91 days before the as-of date")
        .replace(D2, D2_LIBERTY, applied("2026-08-02"))
        .expect(
            warning("liberty-pending", D2)
                .at("applied_on")
                .says("2 August 2026, 91 days ago")
                .help("Chase"),
        )
        .check();
    case("applied for exactly 90 days before the as-of date")
        .replace(D2, D2_LIBERTY, applied("2026-08-03"))
        .clean();
    case("applied for long ago and authorised")
        .replace(D2, D2_LIBERTY, authorised("2027-05-19"))
        .clean();
}

#[test]
fn liberty_dates_in_date_order() {
    case("applied for before it was considered")
        .replace(
            D2,
            D2_LIBERTY,
            applied("2026-07-01")
                .replace("considered_on = 2026-07-01", "considered_on = 2026-07-09"),
        )
        .expect(
            error("date-order", D2)
                .at("applied_on")
                .says("1 July 2026, before it was considered on 9 July 2026"),
        )
        .expect(warning("liberty-pending", D2).at("applied_on"))
        .check();
    case("authorised before it was applied for")
        .replace(
            D2,
            D2_LIBERTY,
            authorised("2027-04-09")
                .replace("authorised_on = 2026-06-01", "authorised_on = 2026-04-10"),
        )
        .expect(
            error("date-order", D2)
                .at("authorised_on")
                .says("10 April 2026, before it was applied for on 12 April 2026"),
        )
        .check();
    case("CQC told after the as-of date")
        .replace(
            D2,
            D2_LIBERTY,
            authorised("2027-05-19")
                .replace("notified_on = 2026-06-03", "notified_on = 2026-11-02"),
        )
        .expect(
            error("date-order", D2)
                .at("notified_on")
                .says("2 November 2026"),
        )
        .check();
    case("considered on the day it was applied for")
        .replace(
            D2,
            D2_LIBERTY,
            authorised("2027-05-19")
                .replace("considered_on = 2026-04-09", "considered_on = 2026-04-12"),
        )
        .clean();
}

#[test]
fn escalation_not_independent() {
    case("signed off by someone involved, in another case")
        .line(
            D2,
            "signed_off_by =",
            "signed_off_by = \"registered MANAGER\"",
        )
        .expect(
            warning("escalation-not-independent", D2)
                .at("signed_off_by =")
                .says("not independent")
                .says("decision.involved")
                .help("took no part"),
        )
        .check();
    case("signed off by someone involved, with spaces around")
        .line(
            D2,
            "signed_off_by =",
            "signed_off_by = \"  Registered manager \"",
        )
        .expect(warning("escalation-not-independent", D2).at("signed_off_by ="))
        .check();
    case("signed off by the capacity assessor")
        .line(
            D3,
            "[review]",
            "[escalation]\nto = \"Team leader\"\non = 2026-10-10\noutcome = \"Agreed.\"\nsigned_off_by = \"Registered Manager\"\n\n[review]",
        )
        .expect(
            warning("escalation-not-independent", D3)
                .at("signed_off_by =")
                .says("capacity.assessed_by"),
        )
        .check();
    case("signed off by someone outside the decision").clean();
    case("a name that only contains an involved one")
        .line(
            D2,
            "signed_off_by =",
            "signed_off_by = \"Registered manager's line manager\"",
        )
        .clean();
}

#[test]
fn restrictive_not_escalated() {
    case("limited, medium risk, no escalation")
        .replace(D2, D2_ESCALATION, "")
        .line(D2, "likelihood =", "likelihood = \"low\"")
        .line(D2, "impact =", "impact = \"high\"")
        .expect(
            warning("restrictive-not-escalated", D2)
                .at("outcome = \"limited\"")
                .says("senior oversight")
                .help("[escalation]"),
        )
        .check();
    case("supported with conditions, medium risk, no escalation")
        .replace(D2, D2_ESCALATION, "")
        .line(D2, "likelihood =", "likelihood = \"low\"")
        .line(D2, "impact =", "impact = \"high\"")
        .line(
            D2,
            "outcome = \"limited\"",
            "outcome = \"supported-with-conditions\"",
        )
        .clean();
}

#[test]
fn new_text_is_scanned_for_identifiers() {
    case("an e-mail address in the person's wishes")
        .line(
            D2,
            "wishes =",
            "wishes = \"CD wrote to cd.smith@example.com to say so.\"",
        )
        .expect(
            error("possible-identifier", D2)
                .at("wishes =")
                .says("capacity.wishes")
                .says("e-mail address"),
        )
        .check();
    case("a phone number for the representative")
        .line(
            D2,
            "deprivation =",
            "deprivation = \"no\"\nrepresentative = \"Sister, 07700 900123\"",
        )
        .expect(
            error("possible-identifier", D2)
                .at("representative =")
                .says("liberty.representative"),
        )
        .check();
}

#[test]
fn unknown_values_get_did_you_mean() {
    case("a misspelt basis")
        .line(D2, "basis =", "basis = \"best-interest\"")
        .expect(
            error("invalid-record", D2)
                .at("\"best-interest\"")
                .help("Did you mean \"best-interests\"?"),
        )
        .check();
    case("a misspelt route")
        .line(
            D2,
            "deprivation =",
            "deprivation = \"yes\"\nroute = \"dol\"",
        )
        .expect(
            error("invalid-record", D2)
                .at("\"dol\"")
                .help("Did you mean \"dols\"?"),
        )
        .check();
    case("a misspelt key in [policy]")
        .replace(
            PACK,
            "[examples]",
            "[policy]\nliberty_warning_day = 60\n\n[examples]",
        )
        .expect(
            error("invalid-record", PACK)
                .at("liberty_warning_day")
                .help("Did you mean `liberty_warning_days`?"),
        )
        .check();
}
