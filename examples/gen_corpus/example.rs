//! One practice example citing the records, with a planted defect when asked.

use std::fmt::Write as _;

use super::phrases::*;
use super::*;

pub(crate) const EXAMPLE_DEFECTS: usize = 6;

pub(crate) fn example(
    j: usize,
    width: usize,
    decisions: usize,
    d_width: usize,
    rng: &mut Rng,
    defect: Option<usize>,
) -> String {
    let topic = &TOPICS[rng.below(TOPICS.len())];
    let as_of = as_of();
    let mut t = String::with_capacity(2500);
    let _ = writeln!(t, "id = {}", quote(&format!("PX-{j:0width$}")));
    let _ = writeln!(
        t,
        "title = {}",
        quote(&format!("{}: what we learned", topic.title))
    );
    let _ = writeln!(
        t,
        "descriptor = {}",
        quote(
            [
                "Man in his thirties with a learning disability, supported living",
                "Woman in her seventies living with dementia, home care",
                "Young man with autism, supported living",
                "Woman in her fifties with a physical disability, extra care",
            ][rng.below(4)]
        )
    );
    let _ = writeln!(t, "statements = [\"S4\", \"C3\", \"R4\"]");
    let _ = writeln!(t, "themes = [{}]", quote(topic.theme));
    if defect != Some(0) {
        let mut cited = Vec::new();
        for _ in 0..rng.range(1, 3) {
            if decisions > 0 {
                cited.push(format!("D-{:0d_width$}", rng.range(1, decisions)));
            }
        }
        if defect == Some(1) {
            cited.push("D-99999999".to_string());
        }
        let _ = writeln!(
            t,
            "decisions = [{}]",
            cited
                .iter()
                .map(|s| quote(s))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    t.push('\n');
    let _ = writeln!(
        t,
        "situation = {}",
        block(&format!(
            "A person we support {}. {}",
            topic.want,
            paragraph(rng, 2)
        ))
    );
    let mut action = String::new();
    let _ = writeln!(action, "Together we agreed a plan:\n");
    for a in topic.actions.iter().take(3) {
        let _ = writeln!(action, "- {a}");
    }
    let _ = write!(action, "\n{}.", PRINCIPLES[rng.below(PRINCIPLES.len())]);
    if defect == Some(2) {
        for _ in 0..40 {
            action.push_str(" We kept talking it through with the person and their family.");
        }
    }
    let _ = writeln!(t, "action = {}", block(&action));
    if defect != Some(3) {
        let _ = writeln!(
            t,
            "outcome = {}",
            block(
                "After six months the plan is working. There have been no serious incidents, and the person says they feel **more in control**."
            )
        );
    }
    let _ = writeln!(
        t,
        "learning = {}",
        quote("Small measures that the person chooses work better than rules we set.")
    );
    let reviewed = if defect == Some(4) {
        day(as_of, -500)
    } else {
        day(as_of, -(rng.range(10, 200) as i64))
    };
    let _ = writeln!(t, "last_reviewed = {reviewed}");
    t.push('\n');
    if defect != Some(5) {
        let _ = writeln!(t, "[consent]");
        let _ = writeln!(t, "status = \"given\"");
        let _ = writeln!(t, "on = {}", day(reviewed, -30));
        let _ = writeln!(t, "expires = {}", day(as_of, 365));
        let _ = writeln!(
            t,
            "scope = \"Anonymised use in tenders and inspection packs\""
        );
        let _ = writeln!(t, "given_by = \"person\"");
        let _ = writeln!(t, "capacity_checked_on = {}", day(reviewed, -30));
        let _ = writeln!(t, "uses = [\"tender\", \"inspection\", \"commissioner\"]");
    }
    t
}
