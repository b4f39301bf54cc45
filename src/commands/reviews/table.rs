//! The to-do list as people read it: one aligned table per kind of item, each line at most
//! [`WIDTH`] characters (the longest text column is shortened with "…" to fit).

use super::{Item, Kind, Report};
use crate::diagnostics::plural;
use crate::model::liberty::LIBERTY_PENDING_DAYS;
use crate::model::{Date, DecisionRecord};

/// The widest line the list prints, so it reads in an ordinary terminal and in an email.
pub const WIDTH: usize = 100;

/// The readable list.
pub fn human(report: &Report) -> String {
    let mut out = String::new();
    let within = report.within;
    let window = format!("the next {}", plural(within as usize, "day", "days"));
    let last_day = report.as_of.add_days(within.into());

    let reviews = report.of(|k| k == Kind::Review);
    if reviews.is_empty() {
        out.push_str(&format!(
            "No reviews are overdue or due in {window} (by {last_day}), as of {}.\n",
            report.as_of
        ));
    } else {
        let overdue = reviews.iter().filter(|d| d.overdue()).count();
        out.push_str(&format!(
            "{} overdue or due in {window} (by {last_day}), as of {}",
            match reviews.len() {
                1 => "1 review is".to_string(),
                n => format!("{n} reviews are"),
            },
            report.as_of
        ));
        out.push('.');
        if overdue > 0 {
            out.push_str(&format!(
                "\n{} overdue.",
                if overdue == 1 && reviews.len() == 1 {
                    "It is".to_string()
                } else {
                    format!("{overdue} {}", if overdue == 1 { "is" } else { "are" })
                }
            ));
        }
        out.push_str("\n\n");
        out.push_str(&table(
            ["Due", "When", "Record", "Person", "Title", "Owner"],
            reviews.iter().map(|i| {
                [
                    date(i),
                    when(i.days),
                    one_line(&i.record.id),
                    one_line(&i.record.person),
                    one_line(&i.record.title),
                    owner(i),
                ]
            }),
            &[4, 5],
        ));
    }

    let no_plan = report.of(|k| k == Kind::NoPlan);
    if !no_plan.is_empty() {
        out.push_str(&format!(
            "\nNo review plan ({}): add a [review] table with every_days, for example every_days = 28.\n\n",
            plural(no_plan.len(), "record", "records")
        ));
        out.push_str(&table(
            ["Record", "Person", "Title", "File"],
            no_plan.iter().map(|i| {
                [
                    one_line(&i.record.id),
                    one_line(&i.record.person),
                    one_line(&i.record.title),
                    crate::text::printable(i.file),
                ]
            }),
            &[2, 3],
        ));
    }

    let plans = report.of(|k| matches!(k, Kind::Plan { .. }));
    if !plans.is_empty() {
        let overdue = plans.iter().filter(|i| i.overdue()).count();
        out.push_str(&format!(
            "\nPlan actions: {} overdue or due in {window} (by {last_day}){}.\nWhen one is done, give it a done_on date.\n\n",
            plural(plans.len(), "action", "actions"),
            if overdue > 0 {
                format!(", {overdue} overdue")
            } else {
                String::new()
            }
        ));
        out.push_str(&table(
            ["Due", "When", "Record", "Person", "Action", "Owner"],
            plans.iter().map(|i| {
                [
                    date(i),
                    when(i.days),
                    one_line(&i.record.id),
                    one_line(&i.record.person),
                    one_line(&i.what),
                    owner(i),
                ]
            }),
            &[4, 5],
        ));
    }

    let expiry = report.of(|k| matches!(k, Kind::LibertyExpired | Kind::LibertyExpiring));
    if !expiry.is_empty() {
        out.push_str(&format!(
            "\nLiberty authorisations: {} expired or expiring in {window} (by {last_day}).\nApply for renewal before an authorisation ends.\n\n",
            expiry.len(),
        ));
        out.push_str(&table(
            [
                "Expires",
                "When",
                "Record",
                "Person",
                "Authorised by",
                "Owner",
            ],
            expiry.iter().map(|i| {
                [
                    date(i),
                    match i.days {
                        d if d < 0 => format!(
                            "expired {} ago",
                            plural(d.unsigned_abs() as usize, "day", "days")
                        ),
                        0 => "expires today".to_string(),
                        1 => "expires tomorrow".to_string(),
                        d => format!("expires in {d} days"),
                    },
                    one_line(&i.record.id),
                    one_line(&i.record.person),
                    route(i.record),
                    owner(i),
                ]
            }),
            &[4, 5],
        ));
    }

    let pending = report.of(|k| k == Kind::LibertyPending);
    if !pending.is_empty() {
        out.push_str(&format!(
            "\nDeprivation of liberty: {} waiting more than {LIBERTY_PENDING_DAYS} days.\nChase the supervisory body or the Court of Protection.\n\n",
            plural(pending.len(), "application", "applications"),
        ));
        out.push_str(&table(
            [
                "Applied for",
                "Waiting",
                "Record",
                "Person",
                "Authorised by",
                "Owner",
            ],
            pending.iter().map(|i| {
                [
                    date(i),
                    plural(i.days as usize, "day", "days"),
                    one_line(&i.record.id),
                    one_line(&i.record.person),
                    route(i.record),
                    owner(i),
                ]
            }),
            &[4, 5],
        ));
    }
    wrap(&out)
}

/// The list with each line of prose (a line not indented as a table's is) wrapped at spaces to
/// at most [`WIDTH`] characters; the tables already fit.
fn wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.starts_with("  ") || line.trim_end().chars().count() <= WIDTH {
            out.push_str(line);
            continue;
        }
        let mut width = 0;
        for word in line.split_whitespace() {
            let n = word.chars().count();
            if width > 0 && width + 1 + n > WIDTH {
                out.push('\n');
                width = 0;
            } else if width > 0 {
                out.push(' ');
                width += 1;
            }
            out.push_str(word);
            width += n;
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

fn date(i: &Item) -> String {
    i.date.map(Date::long).unwrap_or_default()
}

fn owner(i: &Item) -> String {
    i.owner
        .filter(|o| !o.is_empty())
        .map_or_else(|| "not named".to_string(), one_line)
}

/// "12 days overdue", "due today", "due tomorrow", "due in 5 days".
pub fn when(days: i64) -> String {
    match days {
        d if d < 0 => format!(
            "{} overdue",
            plural(d.unsigned_abs() as usize, "day", "days")
        ),
        0 => "due today".to_string(),
        1 => "due tomorrow".to_string(),
        d => format!("due in {d} days"),
    }
}

fn route(record: &DecisionRecord) -> String {
    record
        .liberty
        .as_ref()
        .and_then(|l| l.route)
        .map_or("not recorded", |r| r.label())
        .to_string()
}

/// User text on one line, with hidden characters made visible.
pub(super) fn one_line(text: &str) -> String {
    crate::text::printable(&crate::text::single_spaced(text))
}

/// The narrowest a shortened column becomes.
const MIN_SHRUNK: usize = 10;

/// A header and rows as aligned columns, two spaces apart, indented by two. When a line would
/// be wider than [`WIDTH`], the widest of the `shrink` columns is narrowed, one character at a
/// time (to no less than [`MIN_SHRUNK`] or its header), and its longer cells end in "…".
pub(super) fn table<const N: usize>(
    header: [&str; N],
    rows: impl Iterator<Item = [String; N]>,
    shrink: &[usize],
) -> String {
    let mut rows: Vec<[String; N]> = std::iter::once(header.map(str::to_string))
        .chain(rows)
        .collect();
    let width = |s: &str| s.chars().count();
    let mut widths = [0usize; N];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let floor = |c: usize| MIN_SHRUNK.max(width(header[c]));
    let mut total = 2 + widths.iter().sum::<usize>() + 2 * (N - 1);
    while total > WIDTH {
        let Some(&c) = shrink
            .iter()
            .filter(|&&c| widths[c] > floor(c))
            .max_by_key(|&&c| (widths[c], std::cmp::Reverse(c)))
        else {
            break;
        };
        widths[c] -= 1;
        total -= 1;
    }
    for &c in shrink {
        for row in rows.iter_mut().skip(1) {
            let cell = &mut row[c];
            if width(cell) > widths[c] {
                let kept: String = cell.chars().take(widths[c] - 1).collect();
                *cell = format!("{}…", kept.trim_end());
            }
        }
    }
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < N {
                let pad = widths[i].saturating_sub(width(cell)) + 2;
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str("  ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_words() {
        assert_eq!(when(-12), "12 days overdue");
        assert_eq!(when(-1), "1 day overdue");
        assert_eq!(when(0), "due today");
        assert_eq!(when(1), "due tomorrow");
        assert_eq!(when(28), "due in 28 days");
    }

    #[test]
    fn long_prose_lines_are_wrapped_and_tables_left_alone() {
        let long = format!("{}\n", "word ".repeat(30).trim_end());
        let table = format!("  {}\n", "x".repeat(120));
        let out = wrap(&format!("{long}{table}Short.\n"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        assert!(lines[0].chars().count() <= WIDTH && lines[1].starts_with("word"));
        assert_eq!(
            lines[0].split(' ').count() + lines[1].split(' ').count(),
            30
        );
        assert_eq!(lines[2], table.trim_end());
        assert_eq!(lines[3], "Short.");
    }

    #[test]
    fn columns_line_up() {
        let rows = [["1 November 2026".to_string(), "Café".to_string()]];
        assert_eq!(
            table(["Due", "Title"], rows.into_iter(), &[1]),
            "  Due              Title\n  1 November 2026  Café\n"
        );
    }

    #[test]
    fn a_long_column_is_shortened_to_fit_the_width() {
        let long = "word ".repeat(40);
        let rows = [
            ["D-001".to_string(), long.clone(), "Key worker".to_string()],
            [
                "D-002".to_string(),
                "Short".to_string(),
                "Nurse".to_string(),
            ],
        ];
        let out = table(["Record", "Title", "Owner"], rows.into_iter(), &[1]);
        for line in out.lines() {
            assert!(line.chars().count() <= WIDTH, "{line}");
        }
        let first = out.lines().nth(1).unwrap();
        assert!(
            first.contains('…') && first.ends_with("Key worker"),
            "{out}"
        );
        assert!(out.lines().nth(2).unwrap().contains("Short"), "{out}");
        // Short rows are left as they are.
        let short = table(
            ["Record", "Title"],
            [["D-1".to_string(), "Going out".to_string()]].into_iter(),
            &[1],
        );
        assert!(!short.contains('…'));
    }
}
