//! Who consented to an example's use: `example-consent-capacity` and the consent's scope.

use super::*;

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
