//! `evidence-pack new tender --title "…"` and `evidence-pack new answer --tender ID --question Q`
//! (SPEC section 10): a tender folder with one example question, and an answer file with the
//! question's text, its limit and a draft status. Nothing is ever overwritten.

use std::fs;

use super::new::clean_title;
use super::{EXIT_OK, resolve_as_of};
use crate::authoring::ids::slug;
use crate::cli::{NewArgs, NewKind};
use crate::error::Error;
use crate::load::load;
use crate::model::Date;
use crate::tender::load::TENDERS_DIR;

pub fn run(args: &NewArgs) -> Result<u8, Error> {
    match args.kind {
        NewKind::Answer => new_answer(args),
        _ => new_tender(args),
    }
}

/// A TOML string, quoted and escaped.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Text as comment lines, each starting `# `.
fn commented(text: &str) -> String {
    text.lines()
        .map(|l| format!("# {}", crate::text::printable(l.trim_end())))
        .collect::<Vec<_>>()
        .join("\n")
}

fn new_tender(args: &NewArgs) -> Result<u8, Error> {
    let title = clean_title(args.title.as_deref().unwrap_or_default())?;
    let pack = load(&args.pack)?;
    let date = resolve_as_of(args.as_of, &pack);
    let id = folder_name(&title);
    if id.is_empty() {
        return Err(Error::new(
            "The title has no letters or digits to name the tender's folder after. Give one such as --title \"Supported living framework 2027\".".to_string(),
        ));
    }
    let rel = format!("{TENDERS_DIR}/{id}");
    let dir = args.pack.join(&rel);
    if dir.exists() {
        return Err(Error::new(format!(
            "{rel} already exists, so nothing was written. Give the new tender a different title, or add questions to {rel}/tender.toml."
        )));
    }
    fs::create_dir_all(dir.join("answers"))
        .map_err(|e| Error::new(format!("could not create {rel}: {e}")))?;
    let text = tender_template(&title, date.add_days(28));
    fs::write(dir.join("tender.toml"), text)
        .map_err(|e| Error::new(format!("could not write {rel}/tender.toml: {e}")))?;
    println!("Created tender {id}: {rel}/tender.toml, with an empty {rel}/answers/ folder.");
    println!();
    println!(
        "Next: fill in the buyer and the deadline, and copy each quality question from the tender documents, with its limit."
    );
    println!(
        "Then write an answer to each: `evidence-pack new answer --tender {id} --question Q1`."
    );
    Ok(EXIT_OK)
}

/// The tender's folder name: its title in lower case with dashes, cut at a word to keep it short.
fn folder_name(title: &str) -> String {
    const MAX: usize = 60;
    let full = slug(title);
    if full.chars().count() <= MAX {
        return full;
    }
    let mut out = String::new();
    for word in full.split('-') {
        if out.chars().count() + word.chars().count() + 1 > MAX {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = full.chars().take(MAX).collect();
    }
    out
}

fn tender_template(title: &str, deadline: Date) -> String {
    format!(
        r#"# A tender: its questions here, one answer file per question in answers/.
# `evidence-pack check` checks the answers; `evidence-pack tender {slug}` writes them out.

[tender]
title = {title}
# The council or other body buying the service.
buyer = "{buyer}"
# When the response must be submitted (YYYY-MM-DD).
deadline = {deadline}   # {deadline_note}
# The date figures such as {{{{supported_percent}}}} are computed at (default: the pack's as-of date).
# figures_as_of = {deadline}
# true when answers are marked without knowing who wrote them: then they must not name you or your services.
name_blind = false

# One [[questions]] table per quality question, copied from the tender documents.
[[questions]]
id = "Q1"
text = "Describe how you support people to take positive risks while meeting your duty of care."
# The limit, and how the portal counts it: words, characters or characters-no-spaces.
limit = 750
count = "words"
# For characters: what a line break counts as (2 for most web portals, which send CR LF).
# line_break = 2
# The question's weight, in percent, and what the evaluator looks for (from the scoring guide).
weight = 10
criteria = ["co-production", "review"]
"#,
        slug = folder_name(title),
        title = quoted(title),
        deadline = deadline.iso(),
        buyer = crate::model::placeholder::BUYER,
        deadline_note = crate::model::placeholder::DEADLINE_NOTE,
    )
}

fn new_answer(args: &NewArgs) -> Result<u8, Error> {
    let (Some(tender_id), Some(question_id)) = (args.tender.as_deref(), args.question.as_deref())
    else {
        return Err(Error::new(
            "Say which tender and question the answer is for, for example: evidence-pack new answer --tender supported-living-2027 --question Q3.2".to_string(),
        ));
    };
    let mut pack = load(&args.pack)?;
    let tenders = crate::tender::load_tenders(&mut pack);
    let Some(tender) = tenders.get(tender_id) else {
        let ids = tenders.ids();
        return Err(Error::new(if ids.is_empty() {
            format!(
                "There is no tender \"{}\": this pack has no tenders yet. Create one with `evidence-pack new tender --title \"…\"`.",
                crate::text::printable(tender_id)
            )
        } else {
            format!(
                "There is no tender \"{}\" in tenders/. The tenders there are: {}.",
                crate::text::printable(tender_id),
                ids.join(", ")
            )
        }));
    };
    let Some(file) = &tender.file else {
        return Err(Error::new(format!(
            "{}/tender.toml cannot be read: run `evidence-pack check` to see why, and fix it first.",
            tender.dir
        )));
    };
    let questions = &file.item.questions;
    let Some(question) = questions.iter().find(|q| q.id.trim() == question_id.trim()) else {
        let ids: Vec<&str> = questions.iter().map(|q| q.id.trim()).collect();
        return Err(Error::new(format!(
            "The tender {} has no question \"{}\". Its questions are: {}.",
            tender.id,
            crate::text::printable(question_id),
            if ids.is_empty() {
                "none yet".to_string()
            } else {
                ids.join(", ")
            }
        )));
    };
    if let Some(existing) = tender
        .answers
        .iter()
        .find(|a| a.item.question.trim() == question.id.trim())
    {
        return Err(Error::new(format!(
            "{} already has an answer: {}. Nothing was written.",
            question.id.trim(),
            pack.source(existing.source).rel
        )));
    }
    let rel = format!("{}/answers/{}.toml", tender.dir, slug(&question.id));
    let path = args.pack.join(&rel);
    if path.exists() {
        return Err(Error::new(format!(
            "{rel} already exists, so nothing was written."
        )));
    }
    let text = answer_template(question);
    fs::create_dir_all(args.pack.join(&tender.dir).join("answers"))
        .map_err(|e| Error::new(format!("could not create {}/answers: {e}", tender.dir)))?;
    fs::write(&path, text).map_err(|e| Error::new(format!("could not write {rel}: {e}")))?;
    println!("Created the answer to {}: {rel}", question.id.trim());
    println!();
    println!(
        "Next: write the answer in body, list the examples and decision records it draws on, and set status = \"ready\" once it is reviewed."
    );
    println!("`evidence-pack check` counts it against the limit as the portal will.");
    Ok(EXIT_OK)
}

fn answer_template(q: &crate::model::tender::Question) -> String {
    let mut limit = format!("# Limit: {}", q.count.of(q.limit as usize));
    if q.count == crate::model::tender::CountUnit::Characters {
        limit.push_str(&format!(", a line break counting as {}", q.line_break));
    }
    let criteria = if q.criteria.is_empty() {
        String::new()
    } else {
        format!(
            "\n# The evaluator looks for: {}",
            crate::text::printable(&q.criteria.join(", "))
        )
    };
    format!(
        r#"# {id}:
{text}
{limit}.{criteria}
question = {quoted_id}
# draft until the answer has been reviewed, then "ready".
status = "draft"
# The question's criteria this answer addresses.
covers = []
# Practice examples (PX-…) and decision records (D-…) the answer draws on.
examples = []
decisions = []
# The answer, in Markdown. {{{{supported_percent}}}} and the other figures are filled in from the
# records; {{{{example PX-001}}}} on a line of its own is replaced by that practice example.
body = """
{placeholder}
"""
"#,
        id = crate::text::printable(q.id.trim()),
        text = commented(&q.text),
        quoted_id = quoted(q.id.trim()),
        placeholder = crate::tender::validate::BODY_PLACEHOLDER,
    )
}

#[cfg(test)]
mod tests {
    use super::folder_name;

    #[test]
    fn folder_names_are_short_and_cut_at_a_word() {
        assert_eq!(
            folder_name("Supported living framework 2027, Lot 2"),
            "supported-living-framework-2027-lot-2"
        );
        let long = folder_name(&"community support ".repeat(10));
        assert!(
            long.chars().count() <= 60 && long.ends_with("support"),
            "{long}"
        );
        assert_eq!(folder_name("!!!"), "");
        assert_eq!(folder_name("Gwasanaethau dŵr"), "gwasanaethau-dŵr");
    }
}
