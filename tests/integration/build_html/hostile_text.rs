//! Hostile text in records is inert and reads as written.

use super::*;

#[test]
fn hostile_text_is_inert_and_reads_as_written() {
    let pack = fixture(HOSTILE);
    let (out, page) = build_page(&pack, &[]);
    let raw = std::fs::read_to_string(out.path().join("output/pack.html")).unwrap();

    // Nothing executable, framed, embedded or styled by the user survives.
    assert!(all(&page, "script").is_empty(), "no script element");
    for tag in [
        "iframe",
        "object",
        "embed",
        "form",
        "input",
        "button",
        "img",
        "marquee",
        "link",
        "base",
        "meta[http-equiv]",
    ] {
        assert!(all(&page, tag).is_empty(), "no {tag} element");
    }
    // No SVG: the chart of reviews in date is a table of bars.
    assert!(all(&page, "svg").is_empty(), "no svg element");
    assert_eq!(all(&page, "style").len(), 1, "only the pack's own styles");
    assert!(all(&page, "body style").is_empty());
    for el in all(&page, "*") {
        for (name, value) in el.value().attrs() {
            assert!(
                !name.to_ascii_lowercase().starts_with("on"),
                "event handler {name}={value:?} on <{}>",
                el.value().name()
            );
            if name == "href" || name == "src" || name == "action" {
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    v.starts_with('#') || v.starts_with("https://") || v.starts_with("http://"),
                    "unsafe address {value:?} on <{}>",
                    el.value().name()
                );
            }
            if name == "style" {
                // The only inline styles are the dashboard bars' widths.
                let ok = value.starts_with("width: ")
                    && value.ends_with('%')
                    && value[7..value.len() - 1].parse::<u32>().is_ok();
                assert!(ok, "style attribute {value:?} on <{}>", el.value().name());
            }
        }
    }
    // The page's own style element holds no markup; the running header escapes the title.
    let style = one(&page, "head style").inner_html();
    assert!(!style.contains('<'), "no markup inside the style element");
    assert!(style.contains(r"Choice \000026  risk \00003C script\00003E "));

    // Plain fields read exactly as written, markup and all, as text.
    let title = r#"Choice & risk <script>alert("title")</script> — Ŵyn ŷ â"#;
    assert_eq!(text(one(&page, "h1")), title);
    assert_eq!(
        text(one(&page, "title")),
        format!(
            "{title} — {}",
            r#"Gofal Cymru "Ltd" <img src=x onerror=alert(1)>"#
        )
    );
    assert_eq!(
        text(one(&page, ".cover-provider")),
        r#"Gofal Cymru "Ltd" <img src=x onerror=alert(1)>"#
    );
    let d1 = one(&page, "article#d-001");
    assert_eq!(
        text(one_in(d1, "h3")),
        r#"Going to the café <script>alert("d")</script> & "pub" 🍺 ŵ"#
    );
    assert_eq!(
        text(one_in(d1, "figure.voice blockquote")),
        r#"I said "no" & meant it — <b>not bold</b> &lt;b&gt; ŵ 👍"#
    );
    assert_eq!(
        text(one_in(d1, "figure.voice figcaption")),
        "A&B, in their own words"
    );
    assert_eq!(
        text(one_in(d1, "table.reviews q")),
        r#"&lt;b&gt; literal & "quoted" ŷ 🙂"#
    );
    let plan = table_captioned(&page, "Actions agreed for D-001 and who owns them");
    let plan_cells: Vec<String> = plan.select(&sel("tbody td")).map(text).collect();
    assert_eq!(
        plan_cells[0], "javascript:alert(14)",
        "a plain field is text, not a link"
    );
    assert_eq!(plan_cells[1], "<img src=x onerror=alert(15)>");
    assert!(text(d1).contains("decided with A&B and <img src=x onerror=alert(11)>."));
    let px1 = one(&page, "article#px-001");
    assert_eq!(
        text(one_in(px1, "h3")),
        "Cymraeg: Ŵyn a’r ŷd <svg onload=alert(17)>"
    );
    assert!(text(px1).contains("🏴󠁧󠁢󠁷󠁬󠁳󠁿"), "the Welsh flag emoji survives");

    // Markdown fields keep their text and safe formatting, and lose anything active.
    let summary = one(&page, ".cover-summary");
    let summary_text = text(summary);
    assert!(summary_text.contains("Entities: &lt;b&gt; and <i> and AT&T."));
    assert!(summary_text.contains("Emoji: 🙂 🏴󠁧󠁢󠁷󠁬󠁳󠁿. Welsh: Ŵ ŵ Ŷ ŷ â ê î ô û."));
    assert!(summary_text.contains("A Markdown javascript link, a DATA link and a safe link."));
    assert!(summary_text.contains("A styled paragraph"));
    assert!(!summary_text.contains("alert"), "{summary_text}");
    let links: Vec<(String, Option<&str>)> = summary
        .select(&sel("a"))
        .map(|a| (text(a), a.value().attr("href")))
        .collect();
    assert_eq!(
        links,
        [
            ("an HTML javascript link".to_string(), None),
            ("safe link".to_string(), Some("https://example.com/page")),
        ]
    );
    assert_eq!(
        text(one_in(summary, "strong")),
        "A heading in a field",
        "a Markdown heading is shown in bold, not as a heading"
    );
    assert!(text(one_in(d1, ".prose")).contains("A&B wants to go out alone — 😀"));
    assert_eq!(text(one_in(px1, "h4 + .prose em")), "nights out");

    // Entities in the source never reach the page undecoded twice, and nothing is double-escaped.
    assert!(!raw.contains("&amp;amp;"), "nothing is escaped twice");
    assert_heading_outline(&page);
}
