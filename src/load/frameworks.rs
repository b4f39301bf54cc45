//! The pack's own frameworks (`frameworks/*.toml`), beside the built-in CQC one. A file that
//! would silently replace another framework, or that lists a statement twice, is an
//! `invalid-framework` finding on that file.

use std::collections::HashSet;
use std::path::Path;

use super::read::{Parsed, parse_file};
use super::walk::find_toml_files;
use crate::diagnostics::{Finding, Rule, Sink};
use crate::model::framework::{BUILT_IN_ID, Framework};
use crate::source::SourceFile;

/// The built-in framework and each usable framework of the pack, in file order.
pub(super) fn load(
    root: &Path,
    canonical_root: &Path,
    sources: &mut Vec<std::sync::Arc<SourceFile>>,
    findings: &mut Vec<Finding>,
    input_files: &mut Vec<String>,
) -> Vec<Framework> {
    let mut all = vec![Framework::built_in()];
    // Which file each id came from, for the message about the second.
    let mut files_by_id: Vec<(String, String)> = Vec::new();
    for rel in find_toml_files(root, canonical_root, super::FRAMEWORKS_DIR, findings) {
        input_files.push(rel.clone());
        match parse_file::<Framework>(&root.join(&rel), &rel) {
            Parsed::Ok(source, mut fw) => {
                let mut sink = Sink::new(&source, None);
                let earlier = files_by_id.iter().find(|(id, _)| *id == fw.id);
                let usable = if fw.id == BUILT_IN_ID {
                    sink.report(
                        Rule::InvalidFramework,
                        &["id"],
                        format!(
                            "This framework's id is \"{BUILT_IN_ID}\", the built-in CQC framework's, so it is not used."
                        ),
                        "Give your framework an id of its own, such as \"our-standards\", and cite its statements as our-standards:ID.",
                    );
                    false
                } else if let Some((_, first)) = earlier {
                    sink.report(
                        Rule::InvalidFramework,
                        &["id"],
                        format!(
                            "{first} already defines a framework with the id \"{}\", so this file is not used.",
                            crate::text::printable(&fw.id)
                        ),
                        "Give each framework file its own id, or merge the two files into one.",
                    );
                    false
                } else {
                    true
                };
                if usable {
                    fw.file = Some(rel.clone());
                    drop_repeated_statements(&mut fw, &mut sink);
                    files_by_id.push((fw.id.clone(), rel.clone()));
                }
                findings.extend(sink.findings);
                super::push(sources, source);
                if usable {
                    all.push(fw);
                }
            }
            Parsed::Invalid(source, found) => {
                if let Some(s) = source {
                    super::push(sources, s);
                }
                findings.extend(found);
            }
        }
    }
    all
}

/// Keeps the first of statements that share an id (each would otherwise be counted twice), with
/// a finding at each repeat.
fn drop_repeated_statements(fw: &mut Framework, sink: &mut Sink) {
    let mut seen = HashSet::new();
    let mut index = 0;
    fw.statements.retain(|statement| {
        let first = seen.insert(statement.id.clone());
        if !first {
            sink.report(
                Rule::InvalidFramework,
                &[&format!("statements[{index}].id"), "statements"],
                format!(
                    "The statement id \"{}\" is used twice in this framework; only the first is used.",
                    crate::text::printable(&statement.id)
                ),
                "Give each statement its own id, or remove the repeat.",
            );
        }
        index += 1;
        first
    });
}
