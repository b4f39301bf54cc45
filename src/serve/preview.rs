//! Builds the page `serve` shows: the pack as `build --html --draft` renders it, held in memory,
//! with each record's findings beside it and a banner summing them up. Record files whose bytes
//! have not changed since the last rebuild are taken from a cache; the rules across records run
//! on everything each time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;
use std::time::{Duration, Instant};

use super::page::{self, Banner, BannerLine};
use super::patch::{SCRIPT_SLOT, ServedParts};
use crate::checked::{CheckOptions, Checked};
use crate::diagnostics::Level;
use crate::error::Error;
use crate::load::{CacheStats, RecordCache};
use crate::model::Date;
use crate::render::RenderContext;
use crate::render::html::parts::PageParts;
use crate::render::templates::Templates;
use crate::view::{self, FindingView, PackView};

/// The pack's page as rendered, before the server adds its banner and script.
#[derive(Clone, Default)]
pub enum Rendered {
    /// No page has rendered yet.
    #[default]
    Nothing,
    /// The page in parts, so that an open page can be updated record by record.
    Parts(Arc<PageParts>),
    /// The page whole (the pack's own HTML templates place the records themselves).
    Whole(Arc<Vec<u8>>),
}

impl Rendered {
    /// The whole page (empty when none has rendered).
    pub fn html(&self) -> Vec<u8> {
        match self {
            Rendered::Nothing => Vec::new(),
            Rendered::Parts(parts) => {
                let mut out = Vec::new();
                crate::render::html::parts::fill(&parts.frame, &parts.lists, &mut out);
                out
            }
            Rendered::Whole(html) => html.to_vec(),
        }
    }
}

/// One rebuild's page and what the console says about it.
pub struct Built {
    pub page: Rendered,
    pub banner: Banner,
    pub title: String,
    pub provider: String,
    pub took: Duration,
    pub cache: CacheStats,
}

/// Rebuilds the preview of one pack, keeping what it can between rebuilds.
pub struct Preview {
    root: PathBuf,
    as_of: Option<Date>,
    cache: RecordCache,
    /// Each decision record's own findings, so that a rebuild checks only the records that changed.
    remembered: crate::rules::Remembered,
    /// The last page that rendered, shown under an error banner when a rebuild fails; its
    /// records' HTML is kept for the next rebuild.
    last_good: Rendered,
    /// The pack's title and provider as last read.
    title: String,
    provider: String,
    /// The last rebuild's pack and view, freed by [`Preview::tidy`] once its page is served
    /// (freeing 10,000 records takes a tenth of a second).
    leftovers: Option<(PackView, Checked)>,
}

impl Preview {
    pub fn new(root: &Path, as_of: Option<Date>) -> Preview {
        Preview {
            root: root.to_path_buf(),
            as_of,
            cache: RecordCache::new(),
            remembered: crate::rules::Remembered::new(),
            last_good: Rendered::Nothing,
            title: "Evidence pack".to_string(),
            provider: String::new(),
            leftovers: None,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The pack the last rebuild read, until [`Preview::tidy`] (`None` when it could not be read).
    pub fn pack(&self) -> Option<&crate::load::Pack> {
        self.leftovers.as_ref().map(|(_, checked)| &checked.pack)
    }

    /// Frees what the last rebuild no longer needs: call once its page is served.
    pub fn tidy(&mut self) {
        self.leftovers = None;
    }

    /// Reads and checks the pack again and renders it. Never fails: whatever goes wrong shows
    /// in the banner, over the last page that rendered (or on a page of its own).
    pub fn rebuild(&mut self) -> Built {
        let started = Instant::now();
        let (page, banner) = match self.render() {
            Ok((page, banner)) => {
                self.last_good = page.clone();
                (page, banner)
            }
            Err((failure, mut banner)) => {
                banner.failure = Some(failure);
                (self.last_good.clone(), banner)
            }
        };
        Built {
            page,
            banner,
            title: self.title.clone(),
            provider: self.provider.clone(),
            took: started.elapsed(),
            cache: self.cache.take_stats(),
        }
    }

    /// The page and its banner, or why it could not be rendered (with the findings known).
    fn render(&mut self) -> Result<(Rendered, Banner), (String, Banner)> {
        let checked = Checked::run(
            &self.root,
            &CheckOptions {
                as_of: self.as_of,
                hash: true,
                cache: Some(&self.cache),
                remembered: Some(&self.remembered),
                ..CheckOptions::default()
            },
        )
        .map_err(|e| (failure(&e), Banner::default()))?;
        let mut stages = crate::timings::Stages::start();
        self.title = checked.pack.config.pack.title.clone();
        self.provider = checked.pack.config.pack.provider.clone();
        let input = checked.view_input(true);
        let mut view = view::build(&input, None).map_err(|e| {
            (
                format!("The page could not be prepared: {e}"),
                Banner::default(),
            )
        })?;
        if checked.findings.is_empty()
            && let Some(draft) = view.draft.as_mut()
        {
            // Nothing to resolve: the page is a preview, not a draft with findings.
            draft.banner = "Preview — no problems found".to_string();
        }
        let (banner, cards) = attach_findings(&checked, &mut view);
        stages.end("building the view");
        if checked.settings_broken() {
            return Err((
                "pack.toml has an error (listed below), so its settings, including the privacy register, cannot be trusted. Fix pack.toml and save it; until then the page is not updated.".to_string(),
                banner,
            ));
        }
        let templates =
            Templates::for_pack(&self.root).map_err(|e| (failure(&e), banner.clone()))?;
        let cx = RenderContext {
            view: &view,
            pack_json: Path::new("pack.json"),
            templates: &templates,
        };
        let previous = match &self.last_good {
            Rendered::Parts(parts) => Some(parts.as_ref()),
            _ => None,
        };
        let renderer = crate::render::html::HtmlRenderer;
        let page = match renderer
            .render_parts(&cx, previous)
            .map_err(|e| (failure(&e), banner.clone()))?
        {
            Some(mut parts) => {
                super::unreadable::place(&mut parts, cards);
                Rendered::Parts(Arc::new(parts))
            }
            None => {
                let mut body = Vec::with_capacity(64 * 1024);
                renderer
                    .render_page(&cx, true, &mut body)
                    .map_err(|e| (failure(&e), banner.clone()))?;
                Rendered::Whole(Arc::new(body))
            }
        };
        stages.end("rendering HTML");
        self.leftovers = Some((view, checked));
        Ok((page, banner))
    }
}

/// Puts each finding beside its record or example on the page, and sums them up for the banner.
/// The findings shown are the draft appendix's (already made safe to show), in the same order.
fn attach_findings(
    checked: &Checked,
    view: &mut PackView,
) -> (Banner, Vec<super::unreadable::Card>) {
    let (pack, selected, findings) = (&checked.pack, &checked.selected, &checked.findings);
    let shown: Vec<FindingView> = view
        .draft
        .as_ref()
        .map(|d| d.findings.clone())
        .unwrap_or_default();
    // Which record on the page each file holds.
    let mut on_page: HashMap<&str, (bool, usize)> = HashMap::new();
    for (k, &i) in selected.decisions.iter().enumerate() {
        on_page.insert(
            pack.source(pack.decisions[i].source).rel.as_str(),
            (true, k),
        );
    }
    for (k, &i) in selected.examples.iter().enumerate() {
        on_page.insert(
            pack.source(pack.examples[i].source).rel.as_str(),
            (false, k),
        );
    }
    let rels = |items: &[usize], decisions: bool| -> Vec<&str> {
        items
            .iter()
            .map(|&i| {
                let source = if decisions {
                    pack.decisions[i].source
                } else {
                    pack.examples[i].source
                };
                pack.source(source).rel.as_str()
            })
            .collect()
    };
    let decisions_on_page = rels(&selected.decisions, true);
    let examples_on_page = rels(&selected.examples, false);
    let loaded: std::collections::HashSet<&str> = pack
        .decisions
        .iter()
        .map(|d| d.source)
        .chain(pack.examples.iter().map(|e| e.source))
        .map(|s| pack.source(s).rel.as_str())
        .collect();
    let mut cards = Vec::new();
    let mut carded: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut banner = Banner::default();
    // Banner lines in the order their first finding comes (findings are sorted by file).
    let mut line_of: HashMap<(bool, usize), usize> = HashMap::new();
    for (finding, view_finding) in findings.iter().zip(shown) {
        match finding.level {
            Level::Error => banner.errors += 1,
            Level::Warning => banner.warnings += 1,
        }
        let Some(&(is_decision, k)) = on_page.get(finding.file.as_str()) else {
            if finding.rule == crate::diagnostics::Rule::InvalidRecord
                && !loaded.contains(finding.file.as_str())
                && !carded.contains(&finding.file)
                && let Some(card) = super::unreadable::card(
                    &finding.file,
                    &view_finding,
                    &decisions_on_page,
                    &examples_on_page,
                )
            {
                carded.insert(finding.file.clone());
                cards.push(card);
            }
            banner.lines.push(BannerLine::File {
                file: view_finding.file.clone(),
                line: view_finding.line,
                level: view_finding.level,
                rule: view_finding.rule.clone(),
                message: view_finding.message.clone(),
                help: view_finding.help.clone(),
            });
            continue;
        };
        let (id, title, anchor, list) = if is_decision {
            let d = &mut view.decisions[k];
            (&d.id, &d.title, &d.anchor, &mut d.findings)
        } else {
            let e = &mut view.examples[k];
            (&e.id, &e.title, &e.anchor, &mut e.findings)
        };
        let index = *line_of.entry((is_decision, k)).or_insert_with(|| {
            banner.lines.push(BannerLine::Record {
                id: id.clone(),
                title: title.clone(),
                anchor: anchor.clone(),
                errors: 0,
                warnings: 0,
            });
            banner.lines.len() - 1
        });
        if let BannerLine::Record {
            errors, warnings, ..
        } = &mut banner.lines[index]
        {
            match finding.level {
                Level::Error => *errors += 1,
                Level::Warning => *warnings += 1,
            }
        }
        list.push(view_finding);
    }
    banner.unreadable = cards.len();
    (banner, cards)
}

/// What the banner shows of an error: its message, and the help under it.
fn failure(error: &Error) -> String {
    match &error.help {
        Some(help) => format!("{}\n{help}", error.message),
        None => error.message.clone(),
    }
}

/// A page as served: whole, or in parts that an open page can be updated from.
pub enum ServedPage {
    Whole(Bytes),
    /// The parts, and the reload script's tag for their slot.
    Parts {
        parts: Arc<ServedParts>,
        script: String,
    },
}

impl ServedPage {
    /// The page's HTML (made from its parts: 90 MB at 10,000 records, so only when asked for).
    pub fn html(&self) -> Bytes {
        match self {
            ServedPage::Whole(html) => html.clone(),
            ServedPage::Parts { parts, script } => Bytes::from(parts.page_html(script)),
        }
    }

    pub fn parts(&self) -> Option<&Arc<ServedParts>> {
        match self {
            ServedPage::Whole(_) => None,
            ServedPage::Parts { parts, .. } => Some(parts),
        }
    }
}

/// The finished page as served: the rendered pack with the server's banner, styles and script.
pub fn served_page(built: &Built, nonce: &str, version: u64) -> ServedPage {
    let script = page::reload_script(nonce, version);
    let banner = built.banner.html();
    match &built.page {
        Rendered::Nothing => {
            let title = if built.provider.is_empty() {
                "Live preview".to_string()
            } else {
                format!("Live preview: {} — {}", built.title, built.provider)
            };
            ServedPage::Whole(page::bare_page(&title, &banner, &script).into())
        }
        Rendered::Whole(body) => ServedPage::Whole(page::assemble(body, &banner, &script).into()),
        Rendered::Parts(parts) => {
            let frame = page::assemble(parts.frame.as_bytes(), &banner, SCRIPT_SLOT);
            let parts = ServedParts {
                frame: String::from_utf8(frame).expect("the page is UTF-8"),
                page: Arc::clone(parts),
            };
            ServedPage::Parts {
                parts: Arc::new(parts),
                script,
            }
        }
    }
}
