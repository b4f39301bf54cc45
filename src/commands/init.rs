//! `evidence-pack init`: a new pack folder with example content that passes `check` as it is.
//!
//! The example dates are set relative to the day the pack is created (the decisions a month
//! before, the latest review a few days before, the next review three months on), so the new pack
//! has no findings on the day it is made.
//!
//! Nothing is written into a folder that already holds anything: the pack is assembled in a
//! hidden folder (beside a new folder, or inside an empty one) and moved into place at the end,
//! so a failure leaves nothing half-made.

use std::fs;
use std::path::{Path, PathBuf};

use super::{EXIT_OK, today};
use crate::cli::InitArgs;
use crate::error::Error;
use crate::model::Date;

pub fn run(args: &InitArgs) -> Result<u8, Error> {
    let dir = &args.dir;
    refuse_existing(dir)?;
    let files = pack_files(today(), args.templates);

    // A new folder is assembled beside where it will be; an existing empty folder (perhaps the
    // current one, `.`) is filled from inside, so the folder itself, and a shell standing in it,
    // stay as they are.
    let existing = dir.is_dir();
    let stage_in = if existing {
        dir.to_path_buf()
    } else {
        match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    };
    fs::create_dir_all(&stage_in).map_err(|e| {
        Error::new(format!(
            "could not create the folder {}: {e}",
            stage_in.display()
        ))
    })?;
    let staging = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(&stage_in)
        .map_err(|e| {
            Error::new(format!(
                "could not write in {}: {e}. Check that you have permission to create folders there.",
                stage_in.display()
            ))
        })?;
    for (rel, text) in &files {
        let path = staging.path().join(rel);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)
                .map_err(|e| Error::new(format!("could not create {}: {e}", folder.display())))?;
        }
        fs::write(&path, text).map_err(|e| Error::new(format!("could not write {rel}: {e}")))?;
    }
    if existing {
        move_into(staging.path(), dir)?;
    } else {
        let staged = staging.keep();
        if let Err(e) = fs::rename(&staged, dir) {
            let _ = fs::remove_dir_all(&staged);
            return Err(Error::new(format!(
                "could not create {}: {e}",
                dir.display()
            )));
        }
    }

    print_summary(dir, &files, args.templates);
    Ok(EXIT_OK)
}

/// Moves everything in `staging` up into `dir`, the empty folder it sits in. If a move fails,
/// what was moved is taken out again, so the folder is left empty as it was.
fn move_into(staging: &Path, dir: &Path) -> Result<(), Error> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(staging)
        .and_then(|entries| entries.collect())
        .map_err(|e| Error::new(format!("could not read {}: {e}", staging.display())))?;
    let mut moved = Vec::new();
    for entry in entries {
        let to = dir.join(entry.file_name());
        if let Err(e) = fs::rename(entry.path(), &to) {
            for (from, to) in moved {
                let _ = fs::rename(to, from);
            }
            return Err(Error::new(format!(
                "could not create the pack in {}: {e}",
                dir.display()
            )));
        }
        moved.push((entry.path(), to));
    }
    Ok(())
}

/// The hidden folder a new pack is assembled in.
const STAGING_PREFIX: &str = ".evidence-pack-init-";

/// Exit 2, with nothing written, when `dir` is a file, holds a pack, or holds anything at all.
fn refuse_existing(dir: &Path) -> Result<(), Error> {
    if !dir.exists() {
        return Ok(());
    }
    let shown = dir.display();
    if !dir.is_dir() {
        return Err(Error::new(format!(
            "{shown} already exists and is a file, not a folder. Choose a new folder name for the pack."
        )));
    }
    if dir.join("pack.toml").exists() {
        return Err(Error::new(format!(
            "{shown} already holds a pack (it has a pack.toml), so nothing was changed. Choose a new folder name, or work in the existing pack with `evidence-pack check {shown}`."
        )));
    }
    let entries =
        fs::read_dir(dir).map_err(|e| Error::new(format!("could not read {shown}: {e}")))?;
    let mut others = false;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(STAGING_PREFIX) {
            // Left by an `init` that was stopped part-way: ours, and never a finished pack.
            let _ = fs::remove_dir_all(entry.path());
        } else {
            others = true;
        }
    }
    if others {
        return Err(Error::new(format!(
            "{shown} is not empty, so nothing was changed: `init` only creates a pack in a new or empty folder. Choose a new folder name."
        )));
    }
    Ok(())
}

fn print_summary(dir: &Path, files: &[(String, String)], templates: bool) {
    let shown = dir.display();
    println!("Created a new evidence pack in {shown}:");
    println!();
    let describe = |rel: &str| -> &str {
        match rel {
            "pack.toml" => "the pack's settings: title, provider, audience and more",
            "private/people.toml" => {
                "real names that must never appear in the pack (kept out of the output)"
            }
            ".gitignore" => "keeps the generated output/ folder out of version control",
            "templates/README.md" => "how to change the look of the pack",
            r if r.starts_with("content/decisions/") => "a sample decision record",
            r if r.starts_with("content/examples/") => "a sample practice example",
            r if r.starts_with("templates/") => "a copy of a built-in template, to edit",
            _ => "",
        }
    };
    let width = files.iter().map(|(rel, _)| rel.len()).max().unwrap_or(0);
    for (rel, _) in files {
        println!("  {rel:width$}  {}", describe(rel));
    }
    println!();
    println!("Next steps:");
    let mut steps = Vec::new();
    if dir != Path::new(".") {
        steps.push(format!("cd {shown}"));
    }
    steps.push("Put your organisation's name and the pack title in pack.toml.".to_string());
    steps.push("Run `evidence-pack check`: the example records pass with no problems.".to_string());
    steps.push("Add your own records with `evidence-pack new decision --title \"...\"`, and delete the examples when you no longer need them.".to_string());
    steps.push(
        "Run `evidence-pack build` to make output/pack.html and output/pack.pdf.".to_string(),
    );
    for (n, step) in steps.iter().enumerate() {
        println!("  {}. {step}", n + 1);
    }
    if templates {
        println!();
        println!(
            "The templates/ folder holds copies of the built-in templates: edit them to change the look of the pack, and delete any you do not change."
        );
    }
}

/// Every file of a new pack, (path relative to the pack, contents), in the order shown to the user.
pub fn pack_files(today: Date, with_templates: bool) -> Vec<(String, String)> {
    let mut files = vec![
        ("pack.toml".to_string(), pack_toml()),
        (
            "content/decisions/d-001-cooking-my-own-meals.toml".to_string(),
            decision_one(today),
        ),
        (
            "content/decisions/d-002-going-to-the-football-on-my-own.toml".to_string(),
            decision_two(today),
        ),
        (
            "content/examples/px-001-cooking-again.toml".to_string(),
            example_one(today),
        ),
        ("private/people.toml".to_string(), people_toml()),
        ("templates/README.md".to_string(), templates_readme()),
    ];
    if with_templates {
        for (name, text) in crate::render::templates::BUILT_IN {
            files.push((format!("templates/{name}"), text.to_string()));
        }
    }
    files.push((".gitignore".to_string(), gitignore()));
    files
}

fn pack_toml() -> String {
    r#"# The settings of this evidence pack. This folder is the pack root: decision records live in
# content/decisions and practice examples in content/examples. Lines starting with # are notes;
# remove the # from a setting to use it.

[pack]
# The title on the cover page and in the running header of the PDF.
title = "Balancing choice and duty of care"
# Your organisation's name.
provider = "Example Care Ltd"
# Who the pack is for: "commissioner", "inspection" or "tender".
audience = "commissioner"
# The date reviews are judged against. Leave it out to use today's date; `--as-of` overrides it.
# as_of = 2026-11-01
# The framework that statement ids such as "S4" refer to. "cqc-saf" is the CQC Single Assessment
# Framework; other frameworks can be added as frameworks/<id>.toml.
framework = "cqc-saf"
# Statements the pack must have evidence for. `check` reports a coverage gap for any statement that
# no record or example covers. S4 is "Involving people to manage risks"; C3 is "Independence,
# choice and control".
required_statements = ["S4", "C3"]
# How many people your services support: the cover says how many of them the records are about
# ("13 decisions about 13 of the 120 people we support").
# people_supported = 120
# Shown on the cover page. Markdown: **bold**, *italic*, lists and links work.
summary = """
This pack shows how we support the choices people make about their own lives, including choices
that carry risk, while meeting our duty of care. Each decision was made with the person, and is
reviewed with them.
"""

# Your own thresholds (the defaults are shown).
# [policy]
# incident_review_days = 7   # a review must follow an incident within this many days
# liberty_warning_days = 28  # warn this many days before a liberty authorisation expires

[examples]
# The most words a practice example may have (situation, action, outcome and learning together).
# An example can set its own word_limit.
word_limit = 300

[privacy]
# A file of real names that must never appear in the pack. `check` reports any it finds.
register = "private/people.toml"

# Which records and examples go into the built pack; `check` still checks them all. A record is
# included when it matches every key given here (any value within a key). Records listed in ids
# are always included. Remove the # from [select] and the keys you need.
# [select]
# services = ["Example supported living"]
# themes = ["daily-living", "community-access"]
# statements = ["S4"]
# status = ["active"]       # "active" or "closed"
# ids = ["D-002"]

# Change how seriously a rule is taken: "error", "warning" or "off". `evidence-pack check --help`
# lists the rules.
[rules]
# missing-person-voice = "error"
# example-stale = "off"
"#
    .to_string()
}

fn decision_one(today: Date) -> String {
    let opened = today.add_days(-35).iso();
    let decided = today.add_days(-30).iso();
    let reviewed = today.add_days(-2).iso();
    format!(
        r#"# An example decision record. Change it, or delete it once you have your own records.
# `evidence-pack new decision --title "..."` writes a new record with notes on each part.

id = "D-001"
title = "Cooking my own meals"
person = "JS"
service = "Example supported living"
status = "active"
opened = {opened}
statements = ["S4", "C3"]
themes = ["daily-living"]

[choice]
summary = "JS wants to cook their own evening meal on the hob, without staff in the kitchen."
in_their_words = "I used to cook for my whole family. I want to make my own tea again."
what_matters = "Choosing what to eat and when, and not being watched in the kitchen."

[[risks]]
description = "Leaving a pan on the hob unattended: one small pan fire last year, put out by JS."
to = "self"
likelihood = "medium"
impact = "medium"

[capacity]
status = "presumed"

[decision]
outcome = "supported-with-conditions"
decided_on = {decided}
involved = ["JS", "Key worker", "Occupational therapist"]
rationale = """
JS cooked safely for many years and understands the risk. The one pan fire was dealt with calmly.
A timer and an automatic hob cut-off reduce the risk to a level JS and the team are happy with,
without taking away a skill that matters a great deal to JS.
"""
least_restrictive = """
Cooking alone with a timer and a hob cut-off keeps JS in control. Staff cooking, or staff
watching every meal, would remove the independence JS asked for.
"""

[[alternatives]]
option = "Staff cook the evening meal"
why_not = "JS declined it: it takes away something JS values and can do."

[[alternatives]]
option = "Microwave meals only"
why_not = "JS wants to cook fresh food; a microwave does not meet what matters to JS."

[[plan]]
action = "Fit an automatic hob cut-off"
owner = "Housing provider"

[[plan]]
action = "Set the kitchen timer whenever a pan is on the hob"
owner = "JS"

[safeguarding]
considered = true
outcome = "No safeguarding concern: the risk is to JS alone."
referral = "none"

[review]
every_days = 90

[[reviews]]
on = {reviewed}
by = "Key worker"
outcome = "JS has cooked most evenings with the timer. No incidents. The plan continues."
person_view = "I'm eating better and I like choosing my own food."
"#
    )
}

fn decision_two(today: Date) -> String {
    let opened = today.add_days(-40).iso();
    let decided = today.add_days(-30).iso();
    let escalated = today.add_days(-28).iso();
    let reviewed = today.add_days(-3).iso();
    let plan_due = today.add_days(-16).iso();
    let plan_done = today.add_days(-20).iso();
    let incident = today.add_days(-6).iso();
    format!(
        r#"# An example decision record with a high risk: it shows alternatives, escalation to senior
# oversight, safeguarding, an incident and its review, and an outcome for the person. Change it, or delete it once you have your own records.

id = "D-002"
title = "Going to the football on my own"
person = "MT"
service = "Example supported living"
status = "active"
opened = {opened}
statements = ["S4", "C3", "S3"]
themes = ["community-access"]

[choice]
summary = "MT wants to go to home matches by bus, on their own, and come back after dark."
in_their_words = "I'm a grown man. I don't want staff with me at the match."
what_matters = "Being one of the fans, and going with friends from the supporters' club."

[[risks]]
description = "Getting lost or stranded after an evening match: this happened twice last season."
to = "self"
likelihood = "medium"
impact = "high"

[[risks]]
description = "Arguments with other fans when MT is upset: one incident last season, no one hurt."
to = "both"
likelihood = "low"
impact = "medium"

[capacity]
status = "assessed-has"
assessed_on = {opened}
assessed_by = "Registered manager"

[decision]
outcome = "supported-with-conditions"
decided_on = {decided}
involved = ["MT", "Key worker", "Registered manager", "Supporters' club liaison officer"]
rationale = """
MT has capacity for this decision and has been to matches for years. The risks are real but can
be reduced: a travel plan, a charged phone and a friend from the supporters' club on the way home
meet the risk of getting stranded, and MT agreed a plan for walking away when upset.
"""
least_restrictive = """
Travelling with a friend on the way home is the least restrictive way to meet the risk: staff
support at the match was considered and MT declined it.
"""
# Does MT agree with the outcome? yes | partly | no
person_agrees = "yes"
# A limited or not-supported outcome also needs its legal basis (the law allows no other):
# basis = "person-agreed"   # or best-interests (only when the person lacks capacity for it, MCA s4),
#                           # court-order, statutory-power, tenancy-condition, service-cannot-provide

[[alternatives]]
option = "A member of staff goes to every match with MT"
why_not = "MT declined it; it would single MT out among the other fans."

[[alternatives]]
option = "Watching matches on television at home"
why_not = "It does not meet what matters to MT: being one of the fans."

[[plan]]
action = "Travel home with a friend from the supporters' club after evening matches"
owner = "MT"

[[plan]]
action = "Text the staff team when home; staff call if no text by an agreed time"
owner = "Key worker"

# A one-off action can say when it is due and when it was done.
[[plan]]
action = "Save the taxi firm's number in MT's phone"
owner = "Key worker"
due = {plan_due}
done_on = {plan_done}

[safeguarding]
considered = true
outcome = "No safeguarding concern. The risk to others is low and MT has a plan for walking away."
referral = "none"

[escalation]
to = "Risk enablement panel"
on = {escalated}
outcome = "Approved with the travel plan, and a review every three months."
# Someone senior who took no part in the decision: oversight by a decision maker is not independent.
signed_off_by = "Head of Quality"

[review]
every_days = 90

[[reviews]]
on = {reviewed}
by = "Key worker"
outcome = "MT went to four matches and texted each time. The last bus was cancelled once; MT rang the staff team and got a taxi. The plan continues."
person_view = "It's been great. My mate gets the bus back with me."

# What happened after the decision, good or bad. A review should follow within 7 days
# ([policy] incident_review_days); serious harm, the police or a safeguarding referral must also be
# notified to CQC (notified_on).
[[incidents]]
on = {incident}
summary = "The last bus after an evening match was cancelled. MT rang the staff team and took a taxi home."
harm = "none"
police = false
safeguarding_referral = "none"
learning = "MT keeps the taxi firm's number in his phone, and the supporters' club shares cancellations."

# What changed for the person, under the Care Act 2014 area of wellbeing: dignity, health,
# protection, control, participation, social-economic, relationships, accommodation or contribution.
[[outcomes]]
on = {reviewed}
wellbeing = "participation"
summary = "MT has been to every home match this season with his friends from the supporters' club."
"#
    )
}

fn example_one(today: Date) -> String {
    let consent = today.add_days(-14).iso();
    let expires = today.add_days(2 * 365).iso();
    let reviewed = today.iso();
    format!(
        r#"# An example practice example: a short, anonymised story backed by decision records.
# `evidence-pack new example --title "..."` writes a new one with notes on each part.

id = "PX-001"
title = "Cooking again, with a plan for the risks"
descriptor = "Woman in her 60s with early dementia, supported living"
statements = ["S4", "C3"]
themes = ["daily-living"]
decisions = ["D-001"]

situation = """
After a small pan fire, staff had started cooking her evening meal. She missed cooking and felt
she had lost something she had done all her life.
"""

action = """
We sat down with her and an occupational therapist to look at what went wrong. Together we agreed
a kitchen timer, an automatic hob cut-off, and a review every three months.
"""

outcome = """
She now cooks most evenings with no incidents, and says she is eating better. Staff no longer
need to be in the kitchen.
"""

learning = """
Looking at the facts of an incident with the person led to a safer plan than taking the task away.
"""

last_reviewed = {reviewed}

[consent]
status = "given"
on = {consent}
expires = {expires}
scope = "Anonymised use in tenders and inspection packs"
"#
    )
}

fn people_toml() -> String {
    r#"# The privacy register: real names of the people you support, their families and staff.
# `evidence-pack check` reports any of these names found in a record or example, so that they
# never reach a pack. This file is never rendered. Example: names = ["Jane Smith", "John Brown"]
names = []
"#
    .to_string()
}

fn templates_readme() -> String {
    format!(
        "# Templates\n\nA file placed in this folder with the same name as a built-in template overrides it. The built-in templates are {}.\n\nTo get copies of them to edit, run `evidence-pack init --templates another-folder` and copy the files you want to change into this one.\n",
        crate::render::templates::BUILT_IN
            .iter()
            .map(|(name, _)| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn gitignore() -> String {
    "# The generated pack: rebuild it with `evidence-pack build`.\noutput/\n# Left beside it by a build that was stopped; the next build removes them.\n.output.building-*/\n.output.previous-*/\n".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_parse_as_the_loader_reads_them() {
        let today = Date::from_ymd(2026, 11, 1).unwrap();
        for (rel, text) in pack_files(today, false) {
            if rel == "pack.toml" {
                toml::from_str::<crate::model::PackConfig>(&text).expect("pack.toml parses");
            } else if rel.starts_with("content/decisions/") {
                toml::from_str::<crate::model::DecisionRecord>(&text).expect(&rel);
            } else if rel.starts_with("content/examples/") {
                toml::from_str::<crate::model::PracticeExample>(&text).expect(&rel);
            }
        }
    }

    #[test]
    fn templates_are_copied_only_when_asked() {
        let today = Date::from_ymd(2026, 11, 1).unwrap();
        let without = pack_files(today, false);
        let with = pack_files(today, true);
        assert_eq!(
            with.len(),
            without.len() + crate::render::templates::BUILT_IN.len()
        );
        assert!(with.iter().any(|(rel, _)| rel == "templates/pack.html"));
    }
}
