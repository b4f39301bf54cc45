//! A record or example file that could not be read shows on the live page as a card in the place
//! its record would have ("D-003 could not be read: …"), so that a record never just vanishes
//! while the headline figures change; the banner says the figures leave it out.

use crate::render::html::parts::PageParts;
use crate::view::FindingView;

fn esc(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    crate::render::html::escape_html(text, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

/// One card, and where it goes.
pub struct Card {
    decisions: bool,
    /// Before the record at this index of its list on the page.
    at: usize,
    anchor: String,
    html: String,
}

/// The card for `finding` about the unreadable file `file`, placed before the first record on
/// the page whose file comes after it (`on_page`: the files of the page's records, in page
/// order). `None` for a file that is not a record or an example.
pub fn card(
    file: &str,
    finding: &FindingView,
    decisions_on_page: &[&str],
    examples_on_page: &[&str],
) -> Option<Card> {
    let decisions = if file.starts_with("content/decisions/") {
        true
    } else if file.starts_with("content/examples/") {
        false
    } else {
        return None;
    };
    let on_page = if decisions {
        decisions_on_page
    } else {
        examples_on_page
    };
    let at = on_page
        .iter()
        .position(|rel| *rel > file)
        .unwrap_or(on_page.len());
    let anchor: String = std::iter::once("unreadable-".to_string())
        .chain(file.chars().map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase().to_string()
            } else {
                "-".to_string()
            }
        }))
        .collect();
    let name = finding
        .record
        .clone()
        .unwrap_or_else(|| finding.file.clone());
    let html = format!(
        "<article id=\"{anchor}\" class=\"record serve-unreadable\" aria-labelledby=\"{anchor}-heading\"><h3 id=\"{anchor}-heading\">{} could not be read: {}</h3><p class=\"finding-help\">{}</p><p><code>{}, line {}</code>. Until it can be read, it is not on this page and the figures leave it out.</p></article>",
        esc(&name),
        esc(&finding.message),
        esc(&finding.help),
        esc(&finding.file),
        finding.line
    );
    Some(Card {
        decisions,
        at,
        anchor,
        html,
    })
}

/// Puts each card in its place among the page's records.
pub fn place(parts: &mut PageParts, mut cards: Vec<Card>) {
    cards.sort_by_key(|c| (c.decisions, c.at));
    let mut placed = [0usize; 2];
    for card in cards {
        let before = &mut placed[usize::from(card.decisions)];
        parts.insert_card(card.decisions, card.at + *before, card.anchor, card.html);
        *before += 1;
    }
}
