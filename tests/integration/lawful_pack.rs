//! Tests: the legal footing of decisions outside `check` (SPEC 4a): `reviews` lists liberty
//! authorisations to act on, and the built pack shows the basis, the best-interests detail and
//! the liberty state (HTML and pack.json).

use serde_json::Value as Json;

use crate::support::{AS_OF, TempPack, evidence_pack};

const D2: &str = "content/decisions/d-002.toml";
const D2_LIBERTY: &str = "[liberty]\nconsidered_on = 2026-04-09\ndeprivation = \"no\"\nreasons = \"CD goes out most evenings with a friend of their choosing and is free to go anywhere; no one stops them or decides where they go.\"\n";

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

/// An application made on `applied`, with no outcome yet (so nothing owed to CQC).
fn applied(applied: &str) -> String {
    format!(
        "[liberty]\nconsidered_on = 2026-04-09\ndeprivation = \"yes\"\nroute = \"dols\"\napplied_on = {applied}\n"
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
        human.contains("Liberty authorisations: 2 expired or expiring in the next 28 days (by 29 November 2026)"),
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
    assert!(
        record.contains("CQC told of the outcome on 3 June 2026"),
        "{record}"
    );
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
    // A pending application owes CQC nothing: no notification is asked for.
    assert!(!d5.contains("CQC told"), "{d5}");
    let cover = text(".headlines").concat();
    assert!(
        cover.contains("0 of 2 restrictions in place agreed by the person"),
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

/// Issue 20: with an `expires_on` in the past and no `authorised_on`, `check` and `reviews` said
/// "expired" while the pack said "pending" and counted none expired. All three read one derived
/// liberty state now, and agree: the application is pending.
#[test]
fn check_reviews_and_the_pack_agree_on_the_liberty_state() {
    let pending_with_expiry = format!("{}expires_on = 2026-10-01\n", applied("2026-08-02"));
    let pack = pack_with_liberty(&pending_with_expiry, D2_LIBERTY);
    let (_, report) = crate::support::check_json(pack.path(), &[]);
    let rules: Vec<&str> = report
        .of("liberty-pending")
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(rules, ["liberty-pending"], "{:#?}", report.findings);
    assert!(
        report.of("liberty-expired").is_empty(),
        "{:#?}",
        report.findings
    );
    assert!(
        report.of("liberty-expiring").is_empty(),
        "{:#?}",
        report.findings
    );

    let (_, list) = reviews(&pack, &[]);
    assert_eq!(
        liberty_entries(&list),
        [("liberty-pending".to_string(), "D-002".to_string(), 91)]
    );

    let json = build_json(&pack);
    let d2 = json["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "D-002")
        .unwrap();
    assert_eq!(d2["liberty"]["state"], "pending");
    assert_eq!(d2["liberty"]["outcome"], "pending");
    let dash = &json["dashboard"];
    assert_eq!(dash["liberty_pending"], 1);
    assert_eq!(dash["liberty_expired"], 0);
    assert_eq!(dash["liberty_authorised"], 0);
}

/// SPEC 9a's figures in pack.json: escalations before the decision, days deprived of liberty
/// without an authorisation, and advocates for restrictive decisions about people who lack
/// capacity.
#[test]
fn the_dashboard_counts_escalation_timing_unauthorised_days_and_advocates() {
    // D-002: authorised 53 days after it was found (9 April to 1 June 2026), escalated before the
    // decision; D-005: found on 9 April and still pending on 1 November (206 days), escalated
    // after the decision, with an advocate.
    let pack = pack_with_liberty(&authorised("2027-05-19"), &applied("2026-10-02"));
    pack.replace(
        "content/decisions/d-005.toml",
        "on = 2026-04-08",
        "on = 2026-04-12",
    );
    pack.replace(
        "content/decisions/d-005.toml",
        "wishes = ",
        "advocate = \"IMCA, Voiceability\"\nwishes = ",
    );
    let json = build_json(&pack);
    let dash = &json["dashboard"];
    assert_eq!(dash["escalations_dated"], 2);
    assert_eq!(dash["escalated_before_decision"], 1);
    assert_eq!(dash["escalated_before_decision_percent"], 50);
    assert_eq!(dash["liberty_days_without_authorisation"], 53 + 206);
    assert_eq!(dash["advocate_needed"], 2);
    assert_eq!(dash["advocate_instructed"], 1);
    assert_eq!(dash["advocate_percent"], 50);
    let d5 = json["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "D-005")
        .unwrap();
    assert_eq!(d5["liberty"]["days_without_authorisation"], 206);
    assert_eq!(d5["liberty"]["considered_before_2026_test"], true);
    let html = std::fs::read_to_string(pack.path().join("output/pack.html")).unwrap();
    let cover: String = html.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        cover.contains("50% of dated escalations came before the decision (1 of 2)"),
        "the first page says when escalation came"
    );
    assert!(
        cover.contains("259 days deprived of liberty without authorisation"),
        "the first page says how long people were deprived without authorisation"
    );
    assert!(
        cover.contains("1 of 2</span> <span class=\"figure-label\">restrictive decisions for people who lack capacity with an independent advocate (50%)"),
        "the first page says how many have an advocate"
    );
}
