//! Templates: built-in defaults embedded in the binary, overridden file by file by the pack's own
//! `templates/` folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::error::{Error, ErrorContext};

/// The built-in templates, by file name.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("pack.html", include_str!("../../templates/pack.html")),
    (
        "decision.html",
        include_str!("../../templates/decision.html"),
    ),
    ("example.html", include_str!("../../templates/example.html")),
    // Added for incidents, outcomes and the first page (SPEC 4a).
    (
        "first_page.html",
        include_str!("../../templates/first_page.html"),
    ),
    (
        "review_chart.html",
        include_str!("../../templates/review_chart.html"),
    ),
    (
        "summary_outcomes.html",
        include_str!("../../templates/summary_outcomes.html"),
    ),
    (
        "decision_summary.html",
        include_str!("../../templates/decision_summary.html"),
    ),
    // The registers (SPEC 9a).
    (
        "registers.html",
        include_str!("../../templates/registers.html"),
    ),
    (
        "decision_outcomes.html",
        include_str!("../../templates/decision_outcomes.html"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
    // The review page of `evidence-pack tender ID`.
    ("tender.html", include_str!("../../templates/tender.html")),
    ("pack.typ", include_str!("../../templates/pack.typ")),
    // Its parts, which it imports: written beside it for Typst.
    (
        "pack_base.typ",
        include_str!("../../templates/pack_base.typ"),
    ),
    (
        "pack_records.typ",
        include_str!("../../templates/pack_records.typ"),
    ),
];

/// The built-in template of this name.
pub fn built_in(name: &str) -> Option<&'static str> {
    BUILT_IN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// A template's text and where it came from (for error messages and the manifest).
#[derive(Debug, Clone)]
pub struct Template {
    pub text: String,
    /// `templates/NAME` for a pack's override, `built-in NAME` otherwise.
    pub origin: String,
    pub overridden: bool,
}

/// The largest template file read: far above any real template, far below a backup file.
const MAX_TEMPLATE_BYTES: u64 = 10_000_000;

/// A `templates/` folder that is a link, or that leads outside the pack: its files would replace
/// the built-in templates with files from elsewhere.
fn refuse_linked_folder(root: &Path, dir: &Path) -> Result<(), Error> {
    let is_link = fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
    let outside = dir
        .canonicalize()
        .ok()
        .zip(root.canonicalize().ok())
        .is_some_and(|(d, r)| !d.starts_with(r));
    if is_link || outside {
        return Err(Error::new(
            "templates/ is a link to a folder elsewhere, so its templates are not used.".to_string(),
        )
        .with_help(
            "Make templates/ an ordinary folder in the pack folder and copy the templates you changed into it, or remove the link to use the built-in templates.",
        ));
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Templates {
    by_name: BTreeMap<String, Template>,
}

impl Templates {
    pub fn built_in() -> Templates {
        let by_name = BUILT_IN
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    Template {
                        text: text.to_string(),
                        origin: format!("built-in {name}"),
                        overridden: false,
                    },
                )
            })
            .collect();
        Templates { by_name }
    }

    /// The built-in templates with the pack's `templates/` files layered over them. Only files
    /// named like a built-in template are used; a file that cannot be read stops the build.
    pub fn for_pack(root: &Path) -> Result<Templates, Error> {
        let mut templates = Templates::built_in();
        let dir = root.join("templates");
        if !dir.is_dir() {
            return Ok(templates);
        }
        refuse_linked_folder(root, &dir)?;
        for (name, _) in BUILT_IN {
            let path = dir.join(name);
            if !path.is_file() {
                continue;
            }
            let meta = fs::symlink_metadata(&path)
                .context(|| format!("templates/{name} could not be read"))?;
            if meta.file_type().is_symlink() {
                return Err(Error::new(format!("templates/{name} is a link."))
                    .with_help("Copy the template file itself into templates/."));
            }
            if meta.len() > MAX_TEMPLATE_BYTES {
                return Err(Error::new(format!(
                    "templates/{name} is {} MB, far larger than any template.",
                    meta.len() / 1_000_000
                ))
                .with_help(format!(
                    "A template is a few kilobytes (at most {} MB): check that templates/{name} is the template you meant, or remove it to use the built-in one.",
                    MAX_TEMPLATE_BYTES / 1_000_000
                )));
            }
            let bytes =
                fs::read(&path).context(|| format!("templates/{name} could not be read"))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Error::new(format!("templates/{name} is not UTF-8 text."))
                    .with_help("Save it as UTF-8.")
            })?;
            let text = text
                .strip_prefix('\u{FEFF}')
                .map(str::to_string)
                .unwrap_or(text);
            templates.by_name.insert(
                name.to_string(),
                Template {
                    text,
                    origin: format!("templates/{name}"),
                    overridden: true,
                },
            );
        }
        Ok(templates)
    }

    pub fn get(&self, name: &str) -> &Template {
        self.by_name
            .get(name)
            .expect("every built-in template name is present")
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Template)> {
        self.by_name.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Pack template files used in this build, relative to the pack root (for the manifest).
    pub fn overrides(&self) -> Vec<String> {
        self.by_name
            .values()
            .filter(|t| t.overridden)
            .map(|t| t.origin.clone())
            .collect()
    }
}
