//! One checked pack: the pipeline every command and the live preview share.
//!
//! [`Checked::run`] reads a pack (optionally with unsaved text in place of some files: see
//! [`Overlay`]), resolves the as-of date, runs every rule on the records and on the tenders, runs
//! `[select]` once and judges what it chose. What a command then asks is answered here, once:
//!
//! - is the build blocked, as a draft or not? ([`Checked::blocked`], [`Checked::settings_broken`]);
//! - what does the pack show? ([`Checked::view_input`]);
//! - which findings does `check` print? ([`Checked::all_findings`]);
//! - which findings are one tender's? ([`Checked::tender`]).
//!
//! ```no_run
//! use evidence_pack::checked::{CheckOptions, Checked};
//! use evidence_pack::load::Overlay;
//!
//! // The editor's unsaved text for one record, checked with the rest of the pack as saved.
//! let overlay = Overlay::new().with("content/decisions/dr-001.toml", "id = \"DR-001\"\n");
//! let checked = Checked::run(
//!     std::path::Path::new("my-pack"),
//!     &CheckOptions { overlay: Some(&overlay), ..CheckOptions::default() },
//! )?;
//! for finding in checked.all_findings() {
//!     println!("{}:{} {}", finding.file, finding.line, finding.message);
//! }
//! # Ok::<(), evidence_pack::error::Error>(())
//! ```

use std::path::Path;

use crate::diagnostics::{Finding, Level, Rule, sort_findings};
use crate::error::Error;
pub use crate::load::Overlay;
use crate::load::{LoadOptions, Pack, RecordCache};
use crate::model::Date;
use crate::select::Selected;
use crate::tender::rules::TenderFindings;
use crate::tender::{LoadedTender, Tenders};
use crate::view::ViewInput;

/// How to read and check a pack. The default reads every file from disk, as saved, and judges
/// reviews at `pack.as_of` or today.
#[derive(Default, Clone, Copy)]
pub struct CheckOptions<'a> {
    /// `--as-of`: wins over `as_of` in pack.toml, which wins over today.
    pub as_of: Option<Date>,
    /// Keep each file's SHA-256, for a build's manifest.
    pub hash: bool,
    /// Take unchanged record files from this cache (`serve`).
    pub cache: Option<&'a RecordCache>,
    /// Unsaved texts read in place of their files.
    pub overlay: Option<&'a Overlay>,
    /// Only the findings about this file (the editor's form shows one record's): each record's
    /// own rules run on it alone, the rules across the pack run in full, and the tenders are not
    /// checked. `None`: every finding.
    pub about: Option<&'a str>,
    /// Each decision record's own findings from the last check, for the next (`serve`'s preview).
    pub remembered: Option<&'a crate::rules::Remembered>,
}

impl CheckOptions<'_> {
    /// Every file read from disk, as saved, judged at `as_of` (`--as-of`) when given.
    pub fn at(as_of: Option<Date>) -> Self {
        CheckOptions {
            as_of,
            ..CheckOptions::default()
        }
    }

    /// The same, keeping each file's SHA-256 for a build's manifest.
    pub fn hashed(self) -> Self {
        CheckOptions { hash: true, ..self }
    }
}

/// Why a pack (or a tender's answers) may not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    /// pack.toml has an error (a broken file, or an unknown rule name in `[rules]`), so its
    /// settings, including the privacy register, cannot be trusted: not even a draft is built.
    Settings,
    /// This many errors, and the build is not a draft.
    Errors(usize),
}

/// A pack read and checked: everything a command needs to report on it or build it.
#[derive(Debug)]
pub struct Checked {
    pub pack: Pack,
    /// The date reviews and figures are judged at.
    pub as_of: Date,
    /// What `[select]` puts in the pack (everything when there is no `[select]`).
    pub selected: Selected,
    /// The pack's findings: from reading the files and `[rules]`, from every rule, and the
    /// required statements the selected records do not evidence. Levels applied, sorted.
    pub findings: Vec<Finding>,
    /// The pack's tenders as read.
    pub tenders: Tenders,
    /// The tenders' findings, each tender's apart.
    pub tender_findings: TenderFindings,
}

impl Checked {
    /// Reads the pack at `root` and checks it. Fails (exit 2) only when `root` is not a pack
    /// folder; a broken file is a finding.
    pub fn run(root: &Path, options: &CheckOptions) -> Result<Checked, Error> {
        let mut stages = crate::timings::Stages::start();
        let pack = crate::load::load_with(
            root,
            &LoadOptions {
                hash: options.hash,
                cache: options.cache,
                overlay: options.overlay,
            },
        )?;
        stages.end("loading the pack");
        let checked = Checked::of_pack_with(pack, options);
        stages.end("checking the records");
        Ok(checked)
    }

    /// Checks a pack already read.
    pub fn of_pack(pack: Pack, as_of: Option<Date>) -> Checked {
        Checked::of_pack_with(
            pack,
            &CheckOptions {
                as_of,
                ..CheckOptions::default()
            },
        )
    }

    /// Checks a pack already read, as `options` say (`as_of`, `about` and `remembered`).
    fn of_pack_with(mut pack: Pack, options: &CheckOptions) -> Checked {
        let about = options.about;
        let tenders = crate::tender::load_tenders(&mut pack);
        let as_of = resolve_as_of(options.as_of, &pack);
        let mut findings = crate::rules::check_about(&pack, as_of, about, options.remembered);
        let selected = crate::select::select(&pack);
        if pack.config.select.is_some() {
            let (decisions, examples) = selected.items(&pack);
            crate::rules::add_selection_findings(&pack, &mut findings, &decisions, &examples);
            if let Some(rel) = about {
                findings.retain(|f| f.file == rel);
            }
        }
        let tender_findings = match about {
            None => crate::tender::rules::check(&pack, &tenders, &selected, as_of),
            Some(_) => TenderFindings::default(),
        };
        Checked {
            pack,
            as_of,
            selected,
            findings,
            tenders,
            tender_findings,
        }
    }

    /// Whether pack.toml has an error (a broken file, or an unknown rule in `[rules]`), so that
    /// its settings cannot be trusted.
    pub fn settings_broken(&self) -> bool {
        self.settings_errors().next().is_some()
    }

    /// The errors in pack.toml that make its settings untrustworthy.
    pub fn settings_errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| {
            f.file == "pack.toml" && f.rule == Rule::InvalidRecord && f.level == Level::Error
        })
    }

    /// Whether the pack may not be built: as a draft only when its settings are broken,
    /// otherwise whenever it has an error.
    pub fn blocked(&self, draft: bool) -> Option<Blocked> {
        blocked(self.settings_broken(), &self.findings, draft)
    }

    /// Whether `[select]` is there and chooses nothing at all (nothing to build).
    pub fn selects_nothing(&self) -> bool {
        self.pack.config.select.is_some()
            && self.selected.decisions.is_empty()
            && self.selected.examples.is_empty()
    }

    /// What the pack shows: the selected records with the pack's findings.
    pub fn view_input(&self, draft: bool) -> ViewInput<'_> {
        let (decisions, examples) = self.selected.items(&self.pack);
        ViewInput {
            pack: &self.pack,
            decisions,
            examples,
            as_of: self.as_of,
            findings: &self.findings,
            draft,
        }
    }

    /// Every finding, the pack's and the tenders', sorted by file and line (what `check` shows).
    pub fn all_findings(&self) -> Vec<Finding> {
        let mut all = self.findings.clone();
        if !self.tenders.list.is_empty() || !self.tender_findings.other.is_empty() {
            all.extend(self.tender_findings.all());
            sort_findings(&mut all);
        }
        all
    }

    /// The tender `id` and its findings, when the pack has it.
    pub fn tender(&self, id: &str) -> Option<(&LoadedTender, &[Finding])> {
        let index = self.tenders.list.iter().position(|t| t.id == id)?;
        Some((&self.tenders.list[index], &self.tender_findings.each[index]))
    }

    /// Whether one tender's answers may not be written: as a draft only when the pack's settings
    /// are broken, otherwise whenever the tender has an error.
    pub fn tender_blocked(&self, findings: &[Finding], draft: bool) -> Option<Blocked> {
        blocked(self.settings_broken(), findings, draft)
    }
}

fn blocked(settings_broken: bool, findings: &[Finding], draft: bool) -> Option<Blocked> {
    if settings_broken {
        return Some(Blocked::Settings);
    }
    let errors = findings.iter().filter(|f| f.level == Level::Error).count();
    (errors > 0 && !draft).then_some(Blocked::Errors(errors))
}

/// The date reviews are judged against: `--as-of`, then pack.as_of, then today.
pub fn resolve_as_of(cli: Option<Date>, pack: &Pack) -> Date {
    cli.or(pack.config.pack.as_of).unwrap_or_else(Date::today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Rule;

    fn clean_pack() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules-clean")
    }

    const RECORD: &str = "content/decisions/d-001.toml";

    fn check(overlay: Option<&Overlay>) -> Checked {
        Checked::run(
            &clean_pack(),
            &CheckOptions {
                overlay,
                ..CheckOptions::default()
            },
        )
        .expect("the fixture is a pack")
    }

    #[test]
    fn a_record_in_the_overlay_is_checked_as_the_overlay_says_not_as_its_file() {
        let saved = check(None);
        assert!(saved.findings.is_empty(), "{:?}", saved.findings);

        let file = std::fs::read_to_string(clean_pack().join(RECORD)).expect("the record");
        let unsaved = file.replace("id = \"D-001\"", "id = \"D-002\"");
        assert_ne!(file, unsaved);
        let overlay = Overlay::new().with(RECORD, unsaved.clone());
        let checked = check(Some(&overlay));
        let duplicate: Vec<&Finding> = checked
            .findings
            .iter()
            .filter(|f| f.rule == Rule::DuplicateId)
            .collect();
        assert!(!duplicate.is_empty(), "{:?}", checked.findings);
        // The finding's line is the overlay's, and the source shown is the overlay's text.
        let source = checked.pack.source_by_rel(RECORD).expect("the source");
        assert_eq!(source.text, unsaved);
        assert!(checked.blocked(false).is_some());
        assert_eq!(checked.blocked(true), None);
    }

    #[test]
    fn a_broken_overlay_is_a_finding_at_its_line_and_the_file_is_left_alone() {
        let file = std::fs::read_to_string(clean_pack().join(RECORD)).expect("the record");
        let overlay = Overlay::new().with(RECORD, format!("{file}\n[decision\n"));
        let checked = check(Some(&overlay));
        let broken: Vec<&Finding> = checked
            .findings
            .iter()
            .filter(|f| f.rule == Rule::InvalidRecord)
            .collect();
        assert_eq!(broken.len(), 1, "{:?}", checked.findings);
        assert_eq!(broken[0].file, RECORD);
        assert!(broken[0].line > file.lines().count());
        assert_eq!(
            std::fs::read_to_string(clean_pack().join(RECORD)).expect("the record"),
            file
        );
    }

    #[test]
    fn a_record_only_in_the_overlay_is_read_as_if_saved() {
        let file = std::fs::read_to_string(clean_pack().join(RECORD)).expect("the record");
        let new = "content/decisions/d-009.toml";
        let overlay = Overlay::new().with(new, file);
        let checked = check(Some(&overlay));
        assert_eq!(
            checked.pack.decision_files,
            check(None).pack.decision_files + 1
        );
        assert!(
            checked
                .findings
                .iter()
                .any(|f| f.rule == Rule::DuplicateId && f.file == new),
            "{:?}",
            checked.findings
        );
    }

    #[test]
    fn an_overlaid_pack_toml_with_a_misspelt_rule_blocks_even_a_draft() {
        let file = std::fs::read_to_string(clean_pack().join("pack.toml")).expect("pack.toml");
        let overlay = Overlay::new().with(
            "pack.toml",
            format!("{file}\n[rules]\nmising-review = \"off\"\n"),
        );
        let checked = check(Some(&overlay));
        assert!(checked.settings_broken());
        assert_eq!(checked.blocked(true), Some(Blocked::Settings));
        assert!(!check(None).settings_broken());
    }

    #[test]
    fn the_findings_about_one_file_are_those_the_whole_check_makes_about_it() {
        // The editor's check: each record's rules run on the one file, the rules across the pack
        // in full. On a pack with mistakes in many files, of every kind, nothing may differ.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/planted-defects");
        let whole = Checked::run(&root, &CheckOptions::default()).expect("a pack");
        let mut files: Vec<&str> = whole.findings.iter().map(|f| f.file.as_str()).collect();
        files.sort();
        files.dedup();
        assert!(files.len() > 5, "{files:?}");
        let clean = whole
            .pack
            .sources
            .iter()
            .map(|s| s.rel.as_str())
            .find(|rel| !files.contains(rel))
            .expect("a file with no findings");
        for rel in files.iter().copied().chain([clean]) {
            let about = Checked::run(
                &root,
                &CheckOptions {
                    about: Some(rel),
                    ..CheckOptions::default()
                },
            )
            .expect("a pack");
            let expected: Vec<&Finding> = whole.findings.iter().filter(|f| f.file == rel).collect();
            let got: Vec<&Finding> = about.findings.iter().collect();
            assert_eq!(got, expected, "{rel}");
        }
    }

    #[test]
    fn a_check_with_remembered_findings_finds_what_a_fresh_check_finds() {
        // The live preview: the same cache and the same remembered findings from one check to the
        // next, while a record changes, then pack.toml, then the as-of date.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/planted-defects");
        let cache = RecordCache::new();
        let remembered = crate::rules::Remembered::new();
        let record = "content/decisions/d-010.toml";
        let text = std::fs::read_to_string(root.join(record)).expect("the record");
        let config = std::fs::read_to_string(root.join("pack.toml")).expect("pack.toml");
        let later = Date::from_ymd(2027, 6, 1).expect("a date");
        // A rationale too short: a finding of the record's own rules, which must not be missed.
        let short: String = text
            .lines()
            .map(|l| {
                if l.starts_with("rationale = ") {
                    "rationale = \"Too short.\""
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert_ne!(short, text);
        let steps: Vec<(Option<Overlay>, Option<Date>)> = vec![
            (None, None),
            (None, None),
            (Some(Overlay::new().with(record, short.clone())), None),
            (
                Some(Overlay::new().with(record, format!("{text}\n[decision\n"))),
                None,
            ),
            (
                Some(Overlay::new().with(
                    "pack.toml",
                    format!("{config}\n[rules]\nmissing-review = \"off\"\n"),
                )),
                None,
            ),
            (None, Some(later)),
            (None, None),
        ];
        for (i, (overlay, as_of)) in steps.iter().enumerate() {
            let options = |remembered| CheckOptions {
                as_of: *as_of,
                cache: Some(&cache),
                overlay: overlay.as_ref(),
                remembered,
                ..CheckOptions::default()
            };
            let with = Checked::run(&root, &options(Some(&remembered))).expect("a pack");
            let fresh = Checked::run(&root, &options(None)).expect("a pack");
            assert!(!fresh.findings.is_empty());
            assert_eq!(with.findings, fresh.findings, "step {i}");
        }
    }

    #[test]
    fn the_as_of_date_is_the_flag_then_the_pack_then_today() {
        let pack = check(None).pack;
        let flag = Date::from_ymd(2027, 1, 2).expect("a date");
        assert_eq!(resolve_as_of(Some(flag), &pack), flag);
        assert_eq!(
            resolve_as_of(None, &pack),
            Date::from_ymd(2026, 11, 1).expect("a date")
        );
    }
}
