//! `evidence-pack new`: writes a new decision record or practice example with the next free id,
//! every section present and a note on what good evidence looks like there.
//!
//! The file loads as it is, and `check` then lists what is still to fill in (the rationale, the
//! person's words, capacity, the review plan, consent, …). It never overwrites a file.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::{EXIT_OK, resolve_as_of};
use crate::cli::{NewArgs, NewKind};
use crate::error::Error;
use crate::load::{DECISIONS_DIR, EXAMPLES_DIR, Pack, load};
use crate::model::Date;
use crate::model::placeholder::{
    ACTION as ACTION_PLACEHOLDER, CHOICE as CHOICE_PLACEHOLDER, PERSON as PERSON_PLACEHOLDER,
    RISK as RISK_PLACEHOLDER, SITUATION as SITUATION_PLACEHOLDER,
};

pub const DEFAULT_DECISION_PREFIX: &str = "D-";
pub const DEFAULT_EXAMPLE_PREFIX: &str = "PX-";
pub const DEFAULT_WIDTH: usize = 3;

pub fn run(args: &NewArgs) -> Result<u8, Error> {
    if matches!(args.kind, NewKind::Tender | NewKind::Answer) {
        return super::new_tender::run(args);
    }
    let title = clean_title(args.title.as_deref().unwrap_or_default())?;
    let root = &args.pack;
    if root.join("pack.toml").is_file() && !root.join("content").exists() {
        fs::create_dir_all(root.join(dir_for(args.kind))).map_err(|e| {
            Error::new(format!(
                "could not create the content folder in {}: {e}",
                root.display()
            ))
        })?;
    }
    let pack = load(root)?;
    refuse_identifiers(&title, &pack.privacy_names)?;
    let date = resolve_as_of(args.as_of, &pack);
    let (decision_ids, example_ids) = existing_ids(&pack);
    let id = next_id(args.kind, &decision_ids, &example_ids);
    let rel = format!("{}/{}", dir_for(args.kind), file_name(&id, &title));
    let text = match args.kind {
        NewKind::Decision => decision_template(&id, &title, date),
        NewKind::Example | NewKind::Tender | NewKind::Answer => example_template(&id, &title),
    };
    let path = root.join(&rel);
    write_new(&path, &text)?;

    let shown = shown_path(root, &rel);
    let what = match args.kind {
        NewKind::Decision => "decision record",
        NewKind::Example | NewKind::Tender | NewKind::Answer => "practice example",
    };
    println!("Created {what} {id}: {shown}");
    println!();
    println!(
        "Next: open the file and fill in each part, following the notes (the lines starting with #)."
    );
    println!("Then run `evidence-pack check` to see what is still missing.");
    println!(
        "It is marked `draft = true`, so it stays out of your pack until you delete that line."
    );
    Ok(EXIT_OK)
}

/// The title's words go into the file name, which every finding's `-->` line and the build's
/// manifest repeat: a title holding an identifier is refused before anything is written.
fn refuse_identifiers(title: &str, privacy_names: &[String]) -> Result<(), Error> {
    let kinds = crate::privacy::IdentifierScanner::new(privacy_names).scan(title);
    let Some(kind) = kinds.first() else {
        return Ok(());
    };
    Err(Error::new(format!(
        "The title contains what looks like {}, and its words would go into the file name, which findings and the manifest repeat.",
        kind.describe()
    ))
    .with_help(
        "Use the person's pseudonymous reference (initials or a code) or general words, for example --title \"Going to the gym alone\".",
    ))
}

fn dir_for(kind: NewKind) -> &'static str {
    match kind {
        NewKind::Decision => DECISIONS_DIR,
        NewKind::Example | NewKind::Tender | NewKind::Answer => EXAMPLES_DIR,
    }
}

/// The title on one line, refused when empty or when it holds hidden characters.
pub fn clean_title(title: &str) -> Result<String, Error> {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(Error::new(
            "The title is empty. Give one in the person's terms, for example --title \"Going to the gym alone\".".to_string(),
        ));
    }
    if crate::text::has_unsafe_chars(&title) {
        return Err(Error::new(format!(
            "The title contains hidden control or text-direction characters (it reads as \"{}\"). Retype it.",
            crate::text::printable(&title)
        )));
    }
    Ok(title)
}

fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| {
            Error::new(format!(
                "could not create the folder {}: {e}",
                parent.display()
            ))
        })?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::new(format!(
                    "{} already exists, and `new` never overwrites a file. Rename or move that file, or choose another title.",
                    path.display()
                ))
            } else {
                Error::new(format!("could not write {}: {e}", path.display()))
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("could not write {}: {e}", path.display())))
}

fn shown_path(root: &Path, rel: &str) -> String {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        rel.to_string()
    } else {
        let joined: PathBuf = root.join(rel);
        joined.display().to_string()
    }
}

/// The ids in the pack: (decision ids, example ids). Ids in files that could not be loaded are
/// found in their text as well, so that an id is never reused while a file is being fixed.
pub fn existing_ids(pack: &Pack) -> (Vec<String>, Vec<String>) {
    static ID_LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?m)^[ \t]*id[ \t]*=[ \t]*(?:"([^"\r\n]*)"|'([^'\r\n]*)')"#)
            .expect("valid regex")
    });
    let mut decisions: Vec<String> = pack.decisions.iter().map(|d| d.item.id.clone()).collect();
    let mut examples: Vec<String> = pack.examples.iter().map(|e| e.item.id.clone()).collect();
    for source in &pack.sources {
        let list = if source.rel.starts_with(&format!("{DECISIONS_DIR}/")) {
            &mut decisions
        } else if source.rel.starts_with(&format!("{EXAMPLES_DIR}/")) {
            &mut examples
        } else {
            continue;
        };
        // Only the first `id =` line before any table header is the record's id.
        let head = source
            .text
            .find("\n[")
            .map_or(source.text.as_str(), |i| &source.text[..i]);
        if let Some(c) = ID_LINE.captures(head) {
            let id = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
            if !list.iter().any(|known| known.trim() == id.trim()) {
                list.push(id.to_string());
            }
        }
    }
    (decisions, examples)
}

/// An id split into its prefix and trailing number, such as ("D-", 14, 3) for "D-014".
fn split_id(id: &str) -> Option<(&str, u64, usize)> {
    let id = id.trim();
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 18 {
        return None;
    }
    let (prefix, number) = id.split_at(id.len() - digits);
    Some((prefix, number.parse().ok()?, digits))
}

/// The next free id for a new decision record or practice example.
///
/// The prefix is the most common one among the existing ids of the same kind (ties go to the
/// default, then to the alphabetically first), or `D-` / `PX-` when there are none. The number is
/// one more than the highest number with that prefix among **all** ids, decisions and examples
/// alike (gaps are not filled), padded with zeros to the widest existing number with that prefix
/// (three digits by default). An id that is taken, in any case, is never returned.
pub fn next_id(kind: NewKind, decision_ids: &[String], example_ids: &[String]) -> String {
    let (own, default_prefix) = match kind {
        NewKind::Decision => (decision_ids, DEFAULT_DECISION_PREFIX),
        NewKind::Example | NewKind::Tender | NewKind::Answer => {
            (example_ids, DEFAULT_EXAMPLE_PREFIX)
        }
    };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for id in own {
        if let Some((prefix, _, _)) = split_id(id) {
            *counts.entry(prefix).or_default() += 1;
        }
    }
    let most = counts.values().copied().max().unwrap_or(0);
    let prefix = if most == 0 || counts.get(default_prefix) == Some(&most) {
        default_prefix
    } else {
        counts
            .iter()
            .find(|(_, n)| **n == most)
            .map_or(default_prefix, |(p, _)| *p)
    };

    let all = decision_ids.iter().chain(example_ids);
    let taken: HashSet<String> = all.clone().map(|id| id.trim().to_lowercase()).collect();
    let mut highest = 0;
    let mut width = 0;
    for id in all {
        if let Some((p, number, digits)) = split_id(id)
            && p.eq_ignore_ascii_case(prefix)
        {
            highest = highest.max(number);
            width = width.max(digits);
        }
    }
    if width == 0 {
        width = DEFAULT_WIDTH;
    }
    let mut number = highest.saturating_add(1);
    loop {
        let id = format!("{prefix}{number:0width$}");
        if !taken.contains(&id.to_lowercase()) {
            return id;
        }
        number = number.saturating_add(1);
    }
}

/// Lowercase letters and digits joined by single hyphens.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.chars() {
        if matches!(c, '\'' | '\u{2019}') {
            continue;
        }
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// `<id>-<title>.toml`, lowercase, with the title part cut at a word to keep names short.
pub fn file_name(id: &str, title: &str) -> String {
    const MAX_TITLE: usize = 50;
    let id = slug(id);
    let mut title = slug(title);
    if title.chars().count() > MAX_TITLE {
        let cut: String = title.chars().take(MAX_TITLE + 1).collect();
        title = match cut.rfind('-') {
            Some(i) if i > 0 => cut[..i].to_string(),
            _ => cut.chars().take(MAX_TITLE).collect(),
        };
    }
    let id = if id.is_empty() {
        "record".to_string()
    } else {
        id
    };
    if title.is_empty() {
        format!("{id}.toml")
    } else {
        format!("{id}-{title}.toml")
    }
}

/// A TOML string, quoted and escaped by the toml crate.
fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

pub fn decision_template(id: &str, title: &str, date: Date) -> String {
    let id = toml_str(id);
    let title = toml_str(title);
    let today = date.iso();
    let next = date.add_days(28).iso();
    format!(
        r#"# A co-produced decision record: one specific choice made by one person, and how it was
# supported or limited. Fill in each part with the person, then run `evidence-pack check`: it lists
# what is still missing. Lines starting with # are notes. To use a table that is a note, such as
# [capacity], remove the # from the start of its lines.

id = {id}
title = {title}
# Work in progress: `check` reports what is missing as warnings, and `build` leaves the record out of
# the pack. Delete this line when the record is complete.
draft = true
# The person: their initials or a code, never their real name.
person = "{PERSON_PLACEHOLDER}"
# The service the person uses, written the same way in every record (packs can select by service).
# service = "Riverside supported living"
# "active" while the decision stands; "closed", with closed_on = YYYY-MM-DD, when it no longer applies.
status = "active"
opened = {today}
# The quality statements this decision is evidence for, for example ["S4", "C3"].
# CQC statements are S1 to S8, E1 to E6, C1 to C5, R1 to R7 and W1 to W8.
statements = []
# Tags that group records, for example ["community-access"] (packs can select by theme).
themes = []

[choice]
# What the person wants to do, specific enough for a stranger to understand: what, where, how often.
summary = "{CHOICE_PLACEHOLDER}"
# The person's own words, quoted exactly as they said them. Do not paraphrase.
in_their_words = ""
# What matters to the person about this choice, and why.
# what_matters = ""

# One [[risks]] table for each risk. Describe what could happen and the facts behind it (for
# example incidents in the last year), not a general worry.
# to: "self", "others" or "both". likelihood and impact: "low", "medium" or "high".
# A high risk needs [escalation] and [[alternatives]]. For a risk to others or both, say who in
# others: a risk to other people you support or to children needs [safeguarding] (Care Act 2014
# s42); a risk only to staff or the public is health and safety, not safeguarding.
# When the risk is of abuse or neglect of the person (self-neglect included), say which kind:
# [safeguarding] is then needed whoever the risk is to (Care Act 2014 s42).
[[risks]]
description = "{RISK_PLACEHOLDER}"
to = "self"
likelihood = "low"
impact = "low"
# abuse_or_neglect = "financial-abuse"   # physical-abuse, domestic-abuse, sexual-abuse,
#   psychological-abuse, financial-abuse, modern-slavery, discriminatory-abuse,
#   organisational-abuse, neglect, self-neglect or exploitation (statutory guidance para 14.17)
# others = ["staff"]         # for a risk to others or both: people-we-support, children, staff or public

# Capacity is about this decision only. Presume it unless there is a reason to doubt it; if you
# assessed it, say when and who. An unwise choice is not a lack of capacity (Mental Capacity Act
# 2005, s1). If the person lacks capacity for this decision, record the best-interests decision
# (MCA s4): who made it, who was consulted (family, carers, an attorney or deputy), and the person's
# past and present wishes and feelings, in their words where you can.
# [capacity]
# status = "presumed"        # presumed, assessed-has, assessed-lacks or fluctuating
# assessed_on = {today}     # not needed when presumed
# assessed_by = "Registered manager"
# best_interests = ""        # needed when assessed-lacks: why this is in the person's best interests
# decision_maker = "Registered manager"      # needed when assessed-lacks
# consulted = ["Daughter", "GP"]             # needed when assessed-lacks (MCA s4(7))
# wishes = ""                # needed when assessed-lacks: what the person has said and felt (MCA s4(6))
# advocate = ""              # an independent advocate (IMCA), where one was instructed

[decision]
# supported, supported-with-conditions, limited or not-supported.
outcome = "supported"
decided_on = {today}
# Everyone who took part, the person first, for example ["XX", "Key worker", "Sister"].
involved = []
# Why the choice was supported or limited, and why that is proportionate to the risk. Good
# evidence names the facts that were weighed, the person's view, and what would change the decision.
rationale = ""
# Needed when the outcome is limited or not-supported: why no less restrictive option meets the risk.
# least_restrictive = ""
# Needed when the outcome is limited or not-supported: what allows the limit (the law). A person who
# has capacity can only be limited with their agreement, a court order, a statutory power or a
# condition of their tenancy; a risk to others alone gives no such power (MCA s1(4)).
# best-interests is only for someone who lacks capacity for this decision (MCA s4).
# basis = "person-agreed"    # person-agreed, best-interests, court-order, statutory-power,
#                            # tenancy-condition or service-cannot-provide
# Does the person agree with the outcome? "yes", "partly" or "no".
# person_agrees = "yes"

# Each other option considered, and why it was not chosen. Needed when the outcome is limited or
# not-supported, or the risk is high; good practice always.
# [[alternatives]]
# option = "Staff go with the person every time"
# why_not = "The person declined it: it takes away the independence they want."

# The measures agreed with the person that make the choice safer, and who does each one.
# A one-off action can say when it is due and when it was done; `check` warns when it is overdue.
# [[plan]]
# action = "Text the key worker when back home"
# owner = "XX"
# due = {next}              # optional: for a one-off action
# done_on = {today}         # when it was done

# Needed for a risk of abuse or neglect, a risk to other people you support or to children, and an
# incident of abuse or neglect, serious harm or the police: was safeguarding considered, and with
# what result (Care Act 2014 s42)?
# [safeguarding]
# considered = true
# outcome = ""
# referral = "none"          # "none", or the referral reference
# person_wants = ""          # needed with abuse_or_neglect: the outcome the person wants, in their
#                            # words where you can (Making Safeguarding Personal)

# Needed when the risk is high, and advised for every limited or not-supported outcome: who gave
# senior oversight, when, and what they decided. Escalate before the decision is made. Oversight is
# independent only when the person who signs off took no part in the decision or the capacity
# assessment ("Registered manager (J. Smith)" is the same person as "Registered manager").
# [escalation]
# to = "Risk enablement panel"
# on = {today}
# outcome = ""
# signed_off_by = "Head of Quality"
# urgent = true              # only when the decision could not wait for the panel: then say why
# reason = ""

# Needed when the person lacks capacity for this decision and the outcome is limited or
# not-supported: do the arrangements deprive them of their liberty? Since the Supreme Court's
# judgment of 2 June 2026 ([2026] UKSC 16) this is a judgement on several factors together: the
# type, duration, effects and manner of the restrictions, their purpose, and how normal they are for
# a person of that age and situation. A person who lacks capacity can still consent to them, by words
# or behaviour; an objection weighs heavily the other way. Write the reasons. If yes or possible, it
# must be authorised: DoLS in a care home or hospital (12 months at most), the Court of Protection
# anywhere else (MCA 2005 s16 and Schedule A1). Tell CQC of the outcome (authorised, refused or
# withdrawn), not of a pending application (2009 Registration Regulations, reg 18(4A)-(4B)).
# [liberty]
# considered_on = {today}
# deprivation = "no"         # yes, no or possible
# reasons = ""               # why, weighing the factors above (needed for no or possible)
# person_content = "yes"     # yes, no or mixed: does the person show they are content?
# reconsidered_on = {today} # for arrangements first considered before 2 June 2026
# route = "court-of-protection"   # dols or court-of-protection; needed when yes or possible
# requested_on = {today}    # Court of Protection: when you asked the council to apply
# applied_on = {today}      # needed when yes or possible; within 7 days of finding a deprivation
# outcome = "pending"        # pending, authorised, refused or withdrawn
# outcome_on = {today}      # when the outcome came (default: authorised_on)
# authorised_on = {today}   # when it was granted
# expires_on = {next}       # needed once authorised
# notified_on = {today}     # when CQC was told of the outcome
# representative = "Daughter"

# How often the decision will be reviewed with the person, in days, for example every_days = 28.
# The first review is due that many days after the decision, unless you give next_due.
[review]
# every_days = 28
# next_due = {next}

# Add a [[reviews]] table each time the decision is reviewed, with the person's own view.
# [[reviews]]
# on = {next}
# by = "Key worker"
# outcome = "What has happened since the decision, and whether it still stands."
# person_view = "What the person said, in their own words."

# Add an [[incidents]] table for anything that happened after the decision, good or bad. Review
# the decision within 7 days ([policy] incident_review_days). Serious harm, police involvement, a
# safeguarding referral, and abuse or an allegation of abuse must be notified to CQC without delay
# (2009 Registration Regulations, reg 18; [policy] notification_days, default 2): record when in
# notified_on. Abuse or neglect, serious harm or the police also need a safeguarding decision (Care
# Act 2014 s42): the council's reference, or "none" and why. Say what was learnt and changed.
# [[incidents]]
# on = {today}
# summary = "What happened."
# harm = "none"              # none, minor or serious
# police = false
# abuse_or_neglect = "neglect"     # when the incident is, or is alleged to be, abuse or neglect
# safeguarding_referral = "none"   # "none", or the council's reference
# safeguarding_reason = ""   # why no referral was made, when "none"
# notified_on = {today}     # when CQC was notified
# learning = "What changed because of it."

# Add an [[outcomes]] table for each thing that changed for the person, under its Care Act 2014
# area of wellbeing: dignity, health, protection, control, participation, social-economic,
# relationships, accommodation or contribution. Good evidence is specific and measured.
# [[outcomes]]
# on = {today}
# wellbeing = "control"
# summary = "What changed, with a measure where you can (for example six months without a missed dose)."
"#
    )
}

pub fn example_template(id: &str, title: &str) -> String {
    let id = toml_str(id);
    let title = toml_str(title);
    format!(
        r#"# A practice example: a short, anonymised story for tenders and inspection packs, backed by
# decision records. Fill in each part, then run `evidence-pack check`: it lists what is still
# missing. Lines starting with # are notes. To use a table that is a note, such as [consent],
# remove the # from the start of its lines.

id = {id}
title = {title}
# Work in progress: `check` reports what is missing as warnings, and `build` leaves the example out of
# the pack. Delete this line when the example is complete.
draft = true
# Who the story is about, with nothing that could identify them: age range, support need, service.
# descriptor = "Man in his 30s with a learning disability, supported living"
# The quality statements the story is evidence for, for example ["S4", "C3"].
statements = []
# Tags that group examples, for example ["community-access"] (packs can select by theme).
themes = []
# The ids of the decision records the story is based on, for example ["D-002"].
decisions = []
# The word limit for this example, if it differs from [examples] word_limit in pack.toml.
# word_limit = 250

# The situation before: what the person wanted and what stood in the way.
situation = """
{SITUATION_PLACEHOLDER}
"""

# What you did with the person, and how the risks were managed.
action = """
{ACTION_PLACEHOLDER}
"""

# The measurable result: what changed for the person (for example "no missed doses in six months").
outcome = ""

# What the service learned or changed as a result.
# learning = ""

# The date someone last checked the story against the records: YYYY-MM-DD.
# last_reviewed = 2026-01-31

# Consent to use the story. status: "given" (with the date, on), "withdrawn", or "not-required"
# (with the reason, for example a composite of several people's stories).
# [consent]
# status = "given"
# on = 2026-01-31
# expires = 2027-01-31
# scope = "Anonymised use in tenders and inspection packs"
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn follows_the_pattern_and_keeps_the_padding() {
        let d = ids(&["D-001", "D-014"]);
        assert_eq!(next_id(NewKind::Decision, &d, &[]), "D-015");
        assert_eq!(next_id(NewKind::Decision, &ids(&["DR-7"]), &[]), "DR-8");
        assert_eq!(next_id(NewKind::Decision, &ids(&["D-0099"]), &[]), "D-0100");
        assert_eq!(next_id(NewKind::Decision, &ids(&["D-999"]), &[]), "D-1000");
    }

    #[test]
    fn gaps_are_not_filled() {
        let d = ids(&["D-001", "D-002", "D-010"]);
        assert_eq!(next_id(NewKind::Decision, &d, &[]), "D-011");
    }

    #[test]
    fn no_records_yet_gives_the_defaults() {
        assert_eq!(next_id(NewKind::Decision, &[], &[]), "D-001");
        assert_eq!(next_id(NewKind::Example, &[], &[]), "PX-001");
        // Ids without a number do not set a pattern.
        let d = ids(&["medication"]);
        assert_eq!(next_id(NewKind::Decision, &d, &[]), "D-001");
    }

    #[test]
    fn mixed_patterns_use_the_most_common_prefix() {
        let d = ids(&["RSL-004", "RSL-005", "D-020", "HC-1"]);
        assert_eq!(next_id(NewKind::Decision, &d, &[]), "RSL-006");
        // A tie goes to the default prefix.
        let d = ids(&["RSL-004", "D-020"]);
        assert_eq!(next_id(NewKind::Decision, &d, &[]), "D-021");
        // A tie without the default goes to the alphabetically first.
        let d = ids(&["RSL-004", "HC-020"]);
        assert_eq!(next_id(NewKind::Decision, &d, &[]), "HC-021");
    }

    #[test]
    fn decisions_and_examples_share_one_id_space() {
        // An example that (wrongly) took a D- id is not reused.
        let d = ids(&["D-001", "D-002"]);
        let e = ids(&["PX-001", "D-003"]);
        assert_eq!(next_id(NewKind::Decision, &d, &e), "D-004");
        assert_eq!(next_id(NewKind::Example, &d, &e), "PX-002");
        // With no examples yet, PX- is still checked against every id.
        let d = ids(&["D-001", "PX-001"]);
        assert_eq!(next_id(NewKind::Example, &d, &[]), "PX-002");
    }

    #[test]
    fn ids_in_another_case_count_as_taken() {
        // A tie between "D-" and "d-" goes to the default; numbers count in either case.
        let d = ids(&["D-001", "d-002"]);
        assert_eq!(next_id(NewKind::Decision, &d, &[]), "D-003");
        let e = ids(&["px-004"]);
        assert_eq!(next_id(NewKind::Example, &ids(&["PX-001"]), &e), "px-005");
    }

    #[test]
    fn file_names_are_short_lowercase_slugs() {
        assert_eq!(
            file_name("D-015", "Going to the gym alone"),
            "d-015-going-to-the-gym-alone.toml"
        );
        assert_eq!(
            file_name("PX-002", "  Don't stop me — I'm going OUT!  "),
            "px-002-dont-stop-me-im-going-out.toml"
        );
        assert_eq!(
            file_name("D-001", "../../etc/passwd"),
            "d-001-etc-passwd.toml"
        );
        assert_eq!(file_name("D-001", "!!!"), "d-001.toml");
        let long = file_name("D-001", &"word ".repeat(40));
        assert!(long.len() <= "d-001-".len() + 50 + ".toml".len(), "{long}");
        assert!(long.ends_with("word.toml"));
    }

    #[test]
    fn templates_escape_the_title_and_parse() {
        let date = Date::from_ymd(2026, 11, 1).unwrap();
        for title in [
            "Going to the gym alone",
            "He said \"no\" \\ then \"\"\" and '''",
            "Tabs\tand unicode é ✓",
        ] {
            let text = decision_template("D-015", title, date);
            let record: crate::model::DecisionRecord = toml::from_str(&text).expect("parses");
            assert_eq!(record.title, title);
            assert_eq!(record.opened, date);
            let text = example_template("PX-002", title);
            let example: crate::model::PracticeExample = toml::from_str(&text).expect("parses");
            assert_eq!(example.title, title);
        }
    }

    #[test]
    fn titles_are_one_line_and_never_empty() {
        assert_eq!(clean_title("  a\nb  ").unwrap(), "a b");
        assert!(clean_title("   ").is_err());
        assert!(clean_title("a\u{202E}b").is_err());
    }
}
