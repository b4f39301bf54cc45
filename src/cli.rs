//! The command line (SPEC section 8).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::Date;

/// Checks co-produced decision records and practice examples for the gaps an inspector or tender
/// evaluator would find, and builds a commissioner-ready evidence pack (HTML and PDF).
#[derive(Debug, Parser)]
#[command(name = "evidence-pack", version, propagate_version = true)]
#[command(
    after_help = "Start with `evidence-pack init my-pack`, then `evidence-pack check` inside the folder.\nExit codes: 0 no errors (or a successful build), 1 error-level findings, 2 the command could not run."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every record and example for gaps an inspector or evaluator would find.
    #[command(
        after_help = "Example:\n  evidence-pack check --as-of 2026-11-01\n  evidence-pack check my-pack --format json\n\n`evidence-pack check --help` lists every rule.",
        after_long_help = crate::diagnostics::rules_help()
    )]
    Check(CheckArgs),
    /// Build the evidence pack: output/pack.html and output/pack.pdf.
    #[command(
        after_help = "Example:\n  evidence-pack build --html\n  evidence-pack build --draft --as-of 2026-11-01"
    )]
    Build(BuildArgs),
    /// Create a new pack folder with example content that passes `check`.
    #[command(
        after_help = "Examples:\n  evidence-pack init my-pack\n  evidence-pack init --templates my-pack    also copy the built-in templates into templates/ to edit\n\nThe folder must be new or empty: init never changes an existing pack."
    )]
    Init(InitArgs),
    /// Write a new decision record or practice example with the next free id, or a tender or an answer.
    #[command(
        after_help = "Examples:\n  evidence-pack new decision --title \"Going to the gym alone\"\n  evidence-pack new example my-pack --title \"Travelling independently\"\n  evidence-pack new tender --title \"Supported living framework 2027\"\n  evidence-pack new answer --tender supported-living-framework-2027 --question Q1\n\nThe new file is named after its id and title, for example content/decisions/d-015-going-to-the-gym-alone.toml. It has notes on what good evidence looks like in each part; `evidence-pack check` then lists what is still missing. An existing file is never overwritten."
    )]
    New(NewArgs),
    /// List what is overdue or due soon, with its owner: reviews, plan actions and liberty authorisations.
    #[command(
        after_help = "Examples:\n  evidence-pack reviews\n  evidence-pack reviews --within 14\n  evidence-pack reviews my-pack --as-of 2026-11-01 --format json\n  evidence-pack reviews --format ics > reviews.ics\n  evidence-pack reviews --format csv > reviews.csv\n\nOverdue reviews are always listed. Then plan actions not yet done that are overdue or due within the same window, deprivation-of-liberty authorisations that have expired or expire within it, soonest first, and applications waiting more than 90 days. Closed records are left out. The .ics file imports into Outlook or Google Calendar: one all-day event per item, and importing a newer file moves the events rather than adding them twice. Exit code 0 unless the pack cannot be read."
    )]
    Reviews(ReviewsArgs),
    /// Print a JSON Schema so editors can check and complete your TOML files.
    #[command(
        after_help = "Example:\n  evidence-pack schema decision > decision.schema.json\n\nThen put `#:schema ../../decision.schema.json` (the path from the record to the schema) as the first line of a record, and an editor with a TOML plugin (for example Even Better TOML) will complete and check its fields."
    )]
    Schema(SchemaArgs),
    /// Show the pack in your browser, with each record's findings beside it, updated as you save.
    #[command(
        after_help = "Examples:\n  evidence-pack serve\n  evidence-pack serve my-pack --open\n  evidence-pack serve --port 8080 --poll\n\nThe page is the pack as `build --html --draft` makes it. Save a file in the pack and the page updates itself. Only this computer can see it (it answers on 127.0.0.1 only), and nothing is written to output/. Press Ctrl-C to stop."
    )]
    Serve(ServeArgs),
    /// Check one tender's answers and write them for submission: Word, Excel, a review page and a text file per question.
    #[command(
        after_help = "Examples:\n  evidence-pack tender supported-living-2027\n  evidence-pack tender supported-living-2027 --draft --as-of 2026-11-01\n\nWrites output/tenders/<ID>/: answers.docx, matrix.xlsx, tender.html, a <question id>.txt for each answer (ready to paste into the portal) and manifest.json. While the tender has errors it writes nothing, unless --draft is given."
    )]
    Tender(TenderArgs),
    /// Bring in a sheet you already keep: a risk register, an incident log or a buyer's questionnaire.
    #[command(
        after_help = "Examples:\n  evidence-pack import map decisions risk-register.xlsx        writes risk-register.map.toml to check\n  evidence-pack import decisions risk-register.xlsx --map risk-register.map.toml --dry-run\n  evidence-pack import incidents incident-log.csv --map incidents.map.toml\n  evidence-pack import questions questionnaire.xlsx --tender supported-living-2027 --map questions.map.toml\n\nRecords are written as drafts with the next free ids. Importing the same sheet again updates the drafts it made while nobody has edited them, and never makes a second copy. A row that cannot be read is listed with its row number and column, and the other rows are still imported."
    )]
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub what: ImportCommand,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// One draft decision record per row of a risk register.
    Decisions(ImportFileArgs),
    /// Each row added as an [[incidents]] entry of the decision record it belongs to.
    Incidents(ImportFileArgs),
    /// Each row added as a question of a tender (tenders/<ID>/tender.toml).
    Questions(ImportQuestionsArgs),
    /// Write a starting map from the sheet's header row, with its best guesses, for you to check.
    Map(ImportMapArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportFileArgs {
    /// The sheet: .xlsx, .xls, .ods or .csv.
    pub file: PathBuf,
    /// The pack folder (the one holding pack.toml). Default: the current folder.
    #[arg(default_value = ".")]
    pub pack: PathBuf,
    /// The map: which column holds each field (`evidence-pack import map` writes one to start from).
    #[arg(long, value_name = "MAP.toml")]
    pub map: PathBuf,
    /// The workbook's sheet to read (default: the map's sheet, then the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Print what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Date new records with this day (YYYY-MM-DD) where the sheet has no date, instead of pack.as_of or today.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub as_of: Option<Date>,
    /// Print only the rows that could not be imported.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct ImportQuestionsArgs {
    #[command(flatten)]
    pub common: ImportFileArgs,
    /// The tender: the name of its folder in tenders/.
    #[arg(long, value_name = "ID")]
    pub tender: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    /// A risk register: one decision record per row.
    Decisions,
    /// An incident log.
    Incidents,
    /// A buyer's questionnaire.
    Questions,
}

#[derive(Debug, clap::Args)]
pub struct ImportMapArgs {
    /// What the sheet holds.
    #[arg(value_enum)]
    pub kind: ImportKind,
    /// The sheet: .xlsx, .xls, .ods or .csv.
    pub file: PathBuf,
    /// The workbook's sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Where to write the map (default: the sheet's name with .map.toml, in the current folder; - for the screen).
    #[arg(short, long, value_name = "MAP.toml")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct TenderArgs {
    /// The tender: the name of its folder in tenders/.
    pub id: String,
    /// The pack folder (the one holding pack.toml). Default: the current folder.
    #[arg(default_value = ".")]
    pub pack: PathBuf,
    /// Where to write the answers. Default: output/tenders/<ID>/ in the pack folder.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Compute figures and judge dates as on this day (YYYY-MM-DD), unless the tender sets figures_as_of.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub as_of: Option<Date>,
    /// Write the answers even with unresolved errors, marked "Draft — not for submission".
    #[arg(long)]
    pub draft: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The pack folder (the one holding pack.toml). Default: the current folder.
    #[arg(default_value = ".")]
    pub pack: PathBuf,
    /// Judge reviews and dates as on this day (YYYY-MM-DD) instead of pack.as_of or today.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub as_of: Option<Date>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors (exit 1 when there are any).
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print only the findings, without the summary line.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The pack folder (the one holding pack.toml). Default: the current folder.
    #[arg(default_value = ".")]
    pub pack: PathBuf,
    /// Where to write the pack. Default: output/ in the pack folder.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Build the HTML pack (output/pack.html). With neither --html nor --pdf, both are built.
    #[arg(long)]
    pub html: bool,
    /// Build the PDF pack (output/pack.pdf) with the Typst CLI.
    #[arg(long)]
    pub pdf: bool,
    /// Build even with unresolved errors, marked "Draft — not for submission".
    #[arg(long)]
    pub draft: bool,
    /// Judge reviews and dates as on this day (YYYY-MM-DD) instead of pack.as_of or today.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub as_of: Option<Date>,
    /// The Typst program to use. Default: $EVIDENCE_PACK_TYPST, then `typst` on PATH.
    #[arg(long, value_name = "PATH")]
    pub typst: Option<PathBuf>,
    /// Print nothing but errors (no progress bar).
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create.
    pub dir: PathBuf,
    /// Also copy the built-in templates into templates/ for editing.
    #[arg(long)]
    pub templates: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// A co-produced decision record (content/decisions).
    Decision,
    /// A practice example (content/examples).
    Example,
    /// A tender folder (tenders/<slug>/) with a tender.toml and an empty answers/ folder.
    Tender,
    /// An answer to one question of a tender (needs --tender and --question).
    Answer,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// The pack folder. Default: the current folder.
    #[arg(default_value = ".")]
    pub pack: PathBuf,
    /// Words after the pack folder: the rest of a title or question typed without quotes.
    #[arg(hide = true)]
    pub stray_words: Vec<String>,
    /// The title, in the person's terms (for a tender: the tender's title).
    #[arg(long)]
    pub title: Option<String>,
    /// For `new answer`: the tender, by the name of its folder in tenders/.
    #[arg(long, value_name = "ID")]
    pub tender: Option<String>,
    /// For `new answer`: the question's id, for example Q3.2.
    #[arg(long, value_name = "ID")]
    pub question: Option<String>,
    /// Date the new file with this day (YYYY-MM-DD) instead of pack.as_of or today.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub as_of: Option<Date>,
}

#[derive(Debug, clap::Args)]
pub struct ReviewsArgs {
    /// The pack folder. Default: the current folder.
    #[arg(default_value = ".")]
    pub pack: PathBuf,
    /// List reviews due within this many days of the as-of date (overdue ones are always listed).
    #[arg(long, default_value_t = crate::model::review::DUE_SOON_DAYS, value_name = "DAYS")]
    pub within: u32,
    /// Judge reviews as on this day (YYYY-MM-DD) instead of pack.as_of or today.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub as_of: Option<Date>,
    /// How to print the list.
    #[arg(long, value_enum, default_value_t = ReviewsFormat::Human)]
    pub format: ReviewsFormat,
}

/// The forms `reviews` prints its list in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ReviewsFormat {
    /// Aligned tables for people.
    #[default]
    Human,
    Json,
    /// A spreadsheet: one row per item.
    Csv,
    /// An iCalendar file (.ics) for Outlook or Google Calendar: one event per dated item.
    Ics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// content/decisions/*.toml
    Decision,
    /// content/examples/*.toml
    Example,
    /// pack.toml
    Pack,
    /// output/pack.json, the data a build writes for the templates and other tools
    PackJson,
    /// tenders/<id>/tender.toml
    Tender,
    /// tenders/<id>/answers/*.toml
    Answer,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which file the schema describes.
    #[arg(value_enum)]
    pub kind: SchemaKind,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The pack folder (the one holding pack.toml). Default: the current folder.
    #[arg(default_value = ".")]
    pub pack: PathBuf,
    /// The port to listen on. Default: 4111, or the next free one if it is taken (0: any free port).
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Open the page in your default browser.
    #[arg(long)]
    pub open: bool,
    /// Look for changes every half second instead of being told of them: for network
    /// drives, OneDrive and WSL folders, where saves may otherwise go unnoticed.
    #[arg(long)]
    pub poll: bool,
    /// Judge reviews and dates as on this day (YYYY-MM-DD) instead of pack.as_of or today.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub as_of: Option<Date>,
    /// Show the pack only: turn off editing the records in the browser.
    #[arg(long)]
    pub read_only: bool,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse_iso(text)
}
