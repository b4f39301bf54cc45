//! Identifiers in the layouts the scanner must see through, for the fuzz target and the
//! randomised test: each, planted in any surrounding text, must be found.

use super::IdentifierKind::{self, *};

/// The names register the planted names come from.
pub const REGISTER: &[&str] = &["Jane Smith", "Siân O'Brien", "Kwame Asante-Boateng"];

/// Identifiers laid out as people and editors write them.
pub const PLANTED: &[(&str, IdentifierKind)] = &[
    ("943 476 5919", NhsNumber),
    ("943.476.5919", NhsNumber),
    ("943\n476\n5919", NhsNumber),
    ("9434765919", NhsNumber),
    ("943&nbsp;476&nbsp;5919", NhsNumber),
    ("943\u{A0}476\u{2013}5919", NhsNumber),
    ("**943** 476 5919", NhsNumber),
    ("07700 900123", PhoneNumber),
    ("07700.900.123", PhoneNumber),
    ("(+44) 7700 900123", PhoneNumber),
    ("+44 (0)20 7946 0958", PhoneNumber),
    ("07700\n900\u{A0}123", PhoneNumber),
    ("SW1A 1AA", Postcode),
    ("SW1A\n1AA", Postcode),
    ("m1  1ae", Postcode),
    ("jo@example.org", Email),
    ("jo&#64;example.org", Email),
    ("jo.b&commat;example.org", Email),
    ("Jane Smith", RegisteredName),
    ("JANE\u{A0}SMITH", RegisteredName),
    ("Jane&nbsp;Smith", RegisteredName),
    ("**Jane**\nSmith", RegisteredName),
    ("<b>Jane</b>-Smith", RegisteredName),
    ("Sia\u{302}n O\u{2019}Brien", RegisteredName),
    ("kwame asante boateng", RegisteredName),
];

/// `planted` between `before` and `after`, with a delimiter either side that no identifier
/// can run across (so the identifier stays the same identifier whatever surrounds it).
pub fn plant(before: &str, planted: &str, after: &str) -> String {
    format!("{before} | {planted} | {after}")
}
