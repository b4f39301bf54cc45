//! Tests: the legal footing of decisions outside `check` (SPEC 4a): `reviews` lists liberty
//! authorisations to act on, and the built pack shows the basis, the best-interests detail and
//! the liberty state (HTML and pack.json).

use serde_json::Value as Json;

use crate::support::{AS_OF, TempPack, evidence_pack};

const D2: &str = "content/decisions/d-002.toml";
const D2_LIBERTY: &str = "[liberty]\nconsidered_on = 2026-04-09\ndeprivation = \"no\"\n";

/// The clean pack with D-002's [liberty] replaced, and a copy of D-002 as D-005 with another.
fn pack_with_liberty(d2: &str, d5: &str) -> TempPack {
    let pack = TempPack::copy_of("rules-clean");
    let original = pack.read(D2);
    pack.replace(D2, D2_LIBERTY, d2);
    let copy = original
        .replace("id = \"D-002\"", "id = \"D-005\"")
        .replace("person = \"CD\"", "person = \"XY\"")
        .replace(D2_LIBERTY, d5);
    pack.write("content/decisions/d-005.toml", copy);
    pack
}

fn authorised(expires: &str) -> String {
    format!(
        "[liberty]\nconsidered_on = 2026-04-09\ndeprivation = \"yes\"\nroute = \"court-of-protection\"\napplied_on = 2026-04-12\nauthorised_on = 2026-06-01\nexpires_on = {expires}\nnotified_on = 2026-06-03\n"
    )
}

fn applied(applied: &str) -> String {
    format!(
        "[liberty]\nconsidered_on = 2026-04-09\ndeprivation = \"yes\"\nroute = \"dols\"\napplied_on = {applied}\nnotified_on = {applied}\n"
    )
}

fn reviews(pack: &TempPack, args: &[&str]) -> (String, Vec<Json>) {
    let run = |extra: &[&str]| {
        let out = evidence_pack()
            .arg("reviews")
            .arg(pack.path())
            .args(["--as-of", AS_OF])
            .args(args)
            .args(extra)
            .output()
            .expect("run reviews");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let human = run(&[]);
    let json: Json = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    (human, json.as_array().unwrap().clone())
}

fn liberty_entries(list: &[Json]) -> Vec<(String, String, i64)> {
    list.iter()
        .filter(|e| {
            e["kind"]
                .as_str()
                .is_some_and(|k| k.starts_with("liberty-"))
        })
        .map(|e| {
            let days = e["days_until_expiry"]
                .as_i64()
                .or_else(|| e["days_waiting"].as_i64())
                .unwrap();
            (
                e["kind"].as_str().unwrap().to_string(),
                e["id"].as_str().unwrap().to_string(),
                days,
            )
        })
        .collect()
}

#[test]
fn reviews_lists_expiring_and_expired_authorisations_soonest_first() {
    let pack = pack_with_liberty(&authorised("2026-11-29"), &authorised("2026-10-30"));
    let (human, list) = reviews(&pack, &[]);
    assert_eq!(
        liberty_entries(&list),
        [
            ("liberty-expired".to_string(), "D-005".to_string(), -2),
            ("liberty-expiring".to_string(), "D-002".to_string(), 28),
        ]
    );
    // Review entries keep their shape and say what they are.
    assert!(
        list.iter()
            .any(|e| e["kind"] == "review" && e["due"].is_string())
    );
    assert!(
        human.contains("Deprivation of liberty: 2 authorisations expired or expiring in the next 28 days (by 29 November 2026)"),
        "{human}"
    );
    let expired = human.find("expired 2 days ago").expect(&human);
    let expiring = human.find("expires in 28 days").expect(&human);
    assert!(expired < expiring, "soonest first:\n{human}");
    assert!(human.contains("Court of Protection"), "{human}");
}

#[test]
fn reviews_window_ends_on_its_last_day() {
    let pack = pack_with_liberty(&authorised("2026-11-30"), D2_LIBERTY);
    let (human, list) = reviews(&pack, &[]);
    assert!(liberty_entries(&list).is_empty(), "{list:?}");
    assert!(!human.contains("Deprivation of liberty"), "{human}");
    let (_, list) = reviews(&pack, &["--within", "29"]);
    assert_eq!(
        liberty_entries(&list),
        [("liberty-expiring".to_string(), "D-002".to_string(), 29)]
    );
}

#[test]
fn reviews_lists_applications_waiting_over_90_days() {
    let pack = pack_with_liberty(&applied("2026-08-02"), &applied("2026-08-03"));
    let (human, list) = reviews(&pack, &[]);
    assert_eq!(
        liberty_entries(&list),
        [("liberty-pending".to_string(), "D-002".to_string(), 91)]
    );
    assert!(
        human.contains("Deprivation of liberty: 1 application waiting more than 90 days"),
        "{human}"
    );
    assert!(human.contains("2 August 2026  91 days"), "{human}");
}

#[test]
fn closed_records_are_left_out_of_the_liberty_list() {
    let pack = pack_with_liberty(&authorised("2026-10-30"), D2_LIBERTY);
    pack.replace(
        D2,
        "opened = 2026-04-01\n",
        "opened = 2026-04-01\nstatus = \"closed\"\nclosed_on = 2026-10-31\n",
    );
    let (_, list) = reviews(&pack, &[]);
    assert!(liberty_entries(&list).is_empty(), "{list:?}");
}

fn build_json(pack: &TempPack) -> Json {
    let out_dir = pack.path().join("output");
    let out = evidence_pack()
        .arg("build")
        .arg(pack.path())
        .args(["--html", "--as-of", AS_OF, "--draft", "-o"])
        .arg(&out_dir)
        .output()
        .expect("run build");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(out_dir.join("pack.json")).unwrap()).unwrap()
}

#[test]
fn the_pack_shows_basis_best_interests_and_liberty() {
    let pack = pack_with_liberty(&authorised("2027-05-19"), &applied("2026-10-02"));
    let json = build_json(&pack);
    let d2 = json["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "D-002")
        .unwrap();
    assert_eq!(d2["decision"]["basis"], "best-interests");
    assert_eq!(
        d2["decision"]["basis_label"],
        "Best-interests decision by the registered manager"
    );
    assert_eq!(
        d2["decision"]["person_agrees_label"],
        "The person agrees with the outcome in part"
    );
    assert_eq!(d2["capacity"]["decision_maker"], "Registered manager");
    assert_eq!(
        d2["capacity"]["consulted"],
        serde_json::json!(["Sister", "Social worker"])
    );
    assert!(
        d2["capacity"]["wishes"]["html"]
            .as_str()
            .unwrap()
            .contains("evenings out")
    );
    assert_eq!(d2["liberty"]["state"], "authorised");
    assert_eq!(d2["liberty"]["state_label"], "Authorised until 19 May 2027");
    assert_eq!(d2["liberty"]["route_label"], "Court of Protection");
    assert_eq!(d2["escalation"]["independent"], true);

    let dash = &json["dashboard"];
    assert_eq!(dash["restrictions_in_place"], 2);
    assert_eq!(dash["restrictions_agreed"], 0);
    assert_eq!(dash["people_lacking_capacity"], 2);
    assert_eq!(dash["liberty_authorised"], 1);
    assert_eq!(dash["liberty_pending"], 1);
    assert_eq!(dash["liberty_expiring"], 0);
    assert_eq!(dash["liberty_expired"], 0);
    assert_eq!(dash["liberty_warning_days"], 28);

    let html = std::fs::read_to_string(pack.path().join("output/pack.html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    let text = |css: &str| -> Vec<String> {
        let sel = scraper::Selector::parse(css).unwrap();
        page.select(&sel)
            .map(|e| {
                e.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    let record = text("#d-002").concat();
    assert!(
        record.contains("Legal basis: Best-interests decision by the registered manager."),
        "{record}"
    );
    assert!(record.contains("Authorised until 19 May 2027"), "{record}");
    assert!(record.contains("CQC notified on 3 June 2026"), "{record}");
    assert!(
        record.contains("Consulted Sister and Social worker"),
        "{record}"
    );
    // The person's wishes are set apart as a block quote.
    let wishes = text("#d-002 figure.wishes blockquote").concat();
    assert!(
        wishes.contains("CD has always loved evenings out"),
        "{wishes}"
    );
    let d5 = text("#d-005").concat();
    assert!(
        d5.contains("Applied for on 2 October 2026: waiting for authorisation (30 days)"),
        "{d5}"
    );
    assert!(d5.contains("CQC notified on 2 October 2026"), "{d5}");
    let cover = text(".headlines").concat();
    assert!(
        cover.contains("2 restrictions in place, 0 agreed by the person"),
        "{cover}"
    );
    assert!(
        cover.contains("1 deprivation of liberty authorised; 1 applied for and waiting, 0 expiring within 28 days, none expired"),
        "{cover}"
    );
}

#[test]
fn oversight_by_someone_involved_is_shown_as_not_independent() {
    let pack = pack_with_liberty(D2_LIBERTY, D2_LIBERTY);
    pack.replace(
        D2,
        "signed_off_by = \"Head of Quality\"",
        "signed_off_by = \"Registered manager\"",
    );
    let json = build_json(&pack);
    let d2 = json["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "D-002")
        .unwrap();
    assert_eq!(d2["escalation"]["independent"], false);
    let html = std::fs::read_to_string(pack.path().join("output/pack.html")).unwrap();
    assert!(
        html.contains("Not independent"),
        "the HTML says so in words"
    );
}
