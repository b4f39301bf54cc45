//! How `serve` tells an open page what changed: after a save, the patch from the page before
//! holds the HTML of the records that changed and nothing else, the page around the records only
//! when it changed, and each list's records in order; a page that cannot be patched reloads.

use evidence_pack::model::Date;
use evidence_pack::serve::patch::patch;
use evidence_pack::serve::preview::{Preview, ServedPage, served_page};
use serde_json::Value;

use crate::support::AS_OF;

const RECORD: &str = "content/decisions/d-001.toml";

fn page(preview: &mut Preview, version: u64) -> ServedPage {
    served_page(&preview.rebuild(), "n0nce", version)
}

/// The patch from `old` to `new`, as the open page gets it.
fn patch_between(old: &ServedPage, new: &ServedPage) -> Value {
    let json = patch(old.parts().map(|p| &**p), new.parts().map(|p| &**p), 2);
    serde_json::from_str(&json).expect("a patch is JSON")
}

fn changed_records(patch: &Value) -> Vec<String> {
    patch["records"]
        .as_object()
        .expect("records")
        .keys()
        .cloned()
        .collect()
}

fn decisions_list(patch: &Value) -> (Vec<String>, Vec<String>) {
    let list = &patch["lists"][0];
    assert_eq!(list["marker"], "<!--evidence-pack:decisions_html-->");
    let ids = |key: &str| -> Vec<String> {
        list[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    (ids("from"), ids("to"))
}

fn preview_of(pack: &crate::support::TempPack) -> Preview {
    Preview::new(pack.path(), Some(Date::parse_iso(AS_OF).unwrap()))
}

#[test]
fn a_new_title_sends_that_record_and_the_page_around_it() {
    let pack = crate::support::clean_html_pack();
    let mut preview = preview_of(&pack);
    let before = page(&mut preview, 1);
    let text = pack.read(RECORD);
    pack.write(
        RECORD,
        text.replacen("title = \"", "title = \"Renamed: ", 1),
    );
    let after = page(&mut preview, 2);
    let patch = patch_between(&before, &after);
    assert_eq!(patch["version"], 2);
    assert_eq!(patch["reload"], false);
    // The record, and the practice example that names it with its title.
    assert_eq!(changed_records(&patch), ["d-001", "px-001"]);
    assert!(
        patch["records"]["d-001"]
            .as_str()
            .unwrap()
            .contains("Renamed: ")
    );
    assert!(
        patch["records"]["px-001"]
            .as_str()
            .unwrap()
            .contains("Renamed: ")
    );
    // The contents list shows titles, so the page around the records changed too.
    let frame = patch["frame"].as_str().expect("the frame changed");
    assert!(frame.contains("Renamed: "));
    assert!(frame.contains("<!--evidence-pack:decisions_html-->"));
    assert!(frame.contains("<!--evidence-pack:reload-script-->"));
    let (from, to) = decisions_list(&patch);
    assert_eq!(from, to);
    assert_eq!(from.len(), 6);
    // The page served is the frame with its records and the script in place.
    let html = String::from_utf8(after.html().to_vec()).unwrap();
    assert!(!html.contains("<!--evidence-pack:"), "no marker left");
    assert!(html.contains("data-version=\"2\""));
}

#[test]
fn a_change_inside_a_record_sends_only_that_record() {
    let pack = crate::support::clean_html_pack();
    let mut preview = preview_of(&pack);
    let before = page(&mut preview, 1);
    let unchanged = page(&mut preview, 2);
    let nothing = patch_between(&before, &unchanged);
    assert!(changed_records(&nothing).is_empty());
    assert!(nothing.get("frame").is_none(), "the frame is the same");
    let text = pack.read(RECORD);
    pack.write(
        RECORD,
        text.replacen("in_their_words = \"", "in_their_words = \"Changed: ", 1),
    );
    let after = page(&mut preview, 3);
    let patch = patch_between(&unchanged, &after);
    assert_eq!(changed_records(&patch), ["d-001"]);
    assert!(patch.get("frame").is_none(), "{}", patch["frame"]);
}

#[test]
fn a_new_record_and_a_deleted_one_change_the_list() {
    let pack = crate::support::clean_html_pack();
    let mut preview = preview_of(&pack);
    let before = page(&mut preview, 1);
    let text = pack.read(RECORD);
    pack.write(
        "content/decisions/d-000.toml",
        text.replacen("id = \"D-001\"", "id = \"D-000\"", 1),
    );
    let added = page(&mut preview, 2);
    let patch = patch_between(&before, &added);
    assert_eq!(changed_records(&patch), ["d-000"]);
    let (from, to) = decisions_list(&patch);
    assert_eq!(to.len(), from.len() + 1);
    assert_eq!(to[0], "d-000");
    assert_eq!(&to[1..], &from[..]);

    pack.remove("content/decisions/d-000.toml");
    pack.remove(RECORD);
    let removed = page(&mut preview, 3);
    let patch = patch_between(&added, &removed);
    // Only the example that drew on D-001 changes (it can no longer link to it).
    assert_eq!(changed_records(&patch), ["px-001"]);
    let (from, to) = decisions_list(&patch);
    assert_eq!(from.len(), 7);
    assert_eq!(to, &from[2..]);
}

#[test]
fn a_page_that_cannot_be_patched_reloads() {
    let pack = crate::support::clean_html_pack();
    let mut preview = preview_of(&pack);
    let before = page(&mut preview, 1);
    // A pack's own page template may place the records anywhere: the page is only whole.
    let own = evidence_pack::render::templates::built_in("pack.html")
        .unwrap()
        .replace("<main id=\"main\"", "<main data-own=\"yes\" id=\"main\"");
    pack.write("templates/pack.html", own);
    let whole = page(&mut preview, 2);
    assert!(whole.parts().is_none());
    assert!(
        String::from_utf8(whole.html().to_vec())
            .unwrap()
            .contains("data-own=\"yes\"")
    );
    assert_eq!(patch_between(&before, &whole)["reload"], true);
    // A version the server no longer keeps.
    let json = patch(None, before.parts().map(|p| &**p), 1);
    assert_eq!(
        serde_json::from_str::<Value>(&json).unwrap()["reload"],
        true
    );
}

#[test]
fn two_records_with_one_anchor_make_the_page_reload() {
    let pack = crate::support::clean_html_pack();
    let mut preview = preview_of(&pack);
    let before = page(&mut preview, 1);
    // "D 001" and "D-001" have one anchor, d-001.
    let text = pack.read(RECORD);
    pack.write(
        "content/decisions/d-001-copy.toml",
        text.replacen("id = \"D-001\"", "id = \"D 001\"", 1),
    );
    let after = page(&mut preview, 2);
    assert_eq!(patch_between(&before, &after)["reload"], true);
}

#[test]
fn a_new_finding_sends_its_record_and_the_banner_not_every_record() {
    let pack = crate::support::clean_html_pack();
    let mut preview = preview_of(&pack);
    let before = page(&mut preview, 1);
    let text = pack.read(RECORD);
    let gap = regex::Regex::new(r#"(?m)^in_their_words = .*$"#)
        .unwrap()
        .replace(&text, "in_their_words = \"\"")
        .into_owned();
    assert_ne!(gap, text);
    pack.write(RECORD, gap);
    let after = page(&mut preview, 2);
    let patch = patch_between(&before, &after);
    assert_eq!(changed_records(&patch), ["d-001"]);
    assert!(
        patch["records"]["d-001"]
            .as_str()
            .unwrap()
            .contains("missing-person-voice")
    );
    let frame = patch["frame"].as_str().expect("the banner changed");
    assert!(frame.contains("d-001-findings"), "the banner links to it");
}
