//! `evidence-pack init`: a new pack folder with example content that passes `check` as it is.
//!
//! The files are in the repository's `init/` folder. The example dates are set relative to the
//! day the pack is created (the decisions a month before, the latest review a few days before,
//! the next review three months on), so the new pack has no findings on the day it is made.
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

/// The files of a new pack, as they are in the repository's `init/` folder. Where a date goes,
/// the file says `{{name}}`; [`fill`] puts the date in.
const PACK_TOML: &str = include_str!("../../init/pack.toml");
const DECISION_ONE: &str =
    include_str!("../../init/content/decisions/d-001-cooking-my-own-meals.toml");
const DECISION_TWO: &str =
    include_str!("../../init/content/decisions/d-002-going-to-the-football-on-my-own.toml");
const EXAMPLE_ONE: &str = include_str!("../../init/content/examples/px-001-cooking-again.toml");
const PEOPLE_TOML: &str = include_str!("../../init/private/people.toml");
const TEMPLATES_README: &str = include_str!("../../init/templates/README.md");
/// Named without its dot, so that it does not act as this repository's own ignore file.
const GITIGNORE: &str = include_str!("../../init/gitignore");

/// Every file of a new pack, (path relative to the pack, contents), in the order shown to the user.
/// The example dates are set relative to `today`, so the new pack has no findings on that day.
pub fn pack_files(today: Date, with_templates: bool) -> Vec<(String, String)> {
    let day = |offset: i64| today.add_days(offset).iso();
    let built_in = crate::render::templates::BUILT_IN
        .iter()
        .map(|(name, _)| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut files = vec![
        ("pack.toml".to_string(), PACK_TOML.to_string()),
        (
            "content/decisions/d-001-cooking-my-own-meals.toml".to_string(),
            fill(
                DECISION_ONE,
                &[
                    ("opened", day(-35)),
                    ("decided", day(-30)),
                    ("reviewed", day(-2)),
                ],
            ),
        ),
        (
            "content/decisions/d-002-going-to-the-football-on-my-own.toml".to_string(),
            fill(
                DECISION_TWO,
                &[
                    ("opened", day(-40)),
                    ("decided", day(-30)),
                    ("escalated", day(-31)),
                    ("reviewed", day(-3)),
                    ("plan_due", day(-16)),
                    ("plan_done", day(-20)),
                    ("incident", day(-6)),
                ],
            ),
        ),
        (
            "content/examples/px-001-cooking-again.toml".to_string(),
            fill(
                EXAMPLE_ONE,
                &[
                    ("consent", day(-14)),
                    ("expires", day(2 * 365)),
                    ("reviewed", day(0)),
                ],
            ),
        ),
        ("private/people.toml".to_string(), PEOPLE_TOML.to_string()),
        (
            "templates/README.md".to_string(),
            fill(TEMPLATES_README, &[("built_in_templates", built_in)]),
        ),
    ];
    if with_templates {
        for (name, text) in crate::render::templates::BUILT_IN {
            files.push((format!("templates/{name}"), text.to_string()));
        }
    }
    files.push((".gitignore".to_string(), GITIGNORE.to_string()));
    files
}

/// `template` with each `{{name}}` replaced by its value. The values are made here (dates, the
/// names of the built-in templates), never taken from the user.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut text = template.to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{{{name}}}}}"), value);
    }
    text
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

    #[test]
    fn every_placeholder_is_filled() {
        let today = Date::from_ymd(2026, 11, 1).unwrap();
        for (rel, text) in pack_files(today, false) {
            assert!(!text.contains("{{"), "{rel} has a placeholder left");
        }
        let files = pack_files(today, false);
        let d002 = &files[2].1;
        assert!(d002.contains("opened = 2026-09-22\n"), "{d002}");
        assert!(d002.contains("assessed_on = 2026-09-22\n"), "{d002}");
        // Escalated the day before the decision (rule escalation-after-decision).
        assert!(d002.contains("decided_on = 2026-10-02\n"), "{d002}");
        assert!(d002.contains("on = 2026-10-01\n"), "{d002}");
        assert!(files[3].1.contains("expires = 2028-10-31\n"));
        assert!(files[5].1.contains("`pack.html`, `decision.html`"));
    }
}
