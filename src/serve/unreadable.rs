//! A record or example file that could not be read shows on the live page as a card in the place
//! its record would have ("D-003 could not be read: …"), so that a record never just vanishes
//! while the headline figures change; the banner says the figures leave it out.

use super::page::{UNREADABLE, render};
use crate::render::html::parts::PageParts;
use crate::view::FindingView;

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
    let mut context = tera::Context::new();
    context.insert("anchor", &anchor);
    context.insert("name", &name);
    context.insert("message", &finding.message);
    context.insert("help", &finding.help);
    context.insert("file", &finding.file);
    context.insert("line", &finding.line);
    let html = render(UNREADABLE, &context);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_reads_exactly_as_written_with_every_value_escaped() {
        let finding = FindingView {
            rule: "invalid-record".into(),
            level: "error",
            file: "content/decisions/D-002 <b>.toml".into(),
            line: 7,
            record: Some("D-002 & 'x'".into()),
            message: "expected \"=\" <here>".into(),
            help: "Add the =.".into(),
        };
        let placed = card(
            "content/decisions/D-002 <b>.toml",
            &finding,
            &[
                "content/decisions/D-001.toml",
                "content/decisions/D-003.toml",
            ],
            &[],
        )
        .unwrap();
        assert!(placed.decisions);
        assert_eq!(placed.at, 1);
        assert_eq!(placed.anchor, "unreadable-content-decisions-d-002--b--toml");
        assert_eq!(
            placed.html,
            "<article id=\"unreadable-content-decisions-d-002--b--toml\" class=\"record serve-unreadable\" aria-labelledby=\"unreadable-content-decisions-d-002--b--toml-heading\"><h3 id=\"unreadable-content-decisions-d-002--b--toml-heading\">D-002 &amp; &#39;x&#39; could not be read: expected &quot;=&quot; &lt;here&gt;</h3><p class=\"finding-help\">Add the =.</p><p><code>content/decisions/D-002 &lt;b&gt;.toml, line 7</code>. Until it can be read, it is not on this page and the figures leave it out.</p></article>"
        );
        assert!(card("pack.toml", &finding, &[], &[]).is_none());
    }
}
