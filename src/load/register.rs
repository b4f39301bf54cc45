//! The privacy register (`[privacy] register`): the real names that must never appear in the pack.

use std::fs;
use std::path::Path;

use super::config::{named_file, pack_toml_finding};
use super::read::{Parsed, io_reason, parse_file};
use super::walk::special_file_kind;
use crate::diagnostics::Finding;
use crate::model::PackConfig;
use crate::model::pack_config::PrivacyRegister;
use crate::source::SourceFile;

pub(super) fn load(
    root: &Path,
    config: &PackConfig,
    sources: &mut Vec<std::sync::Arc<SourceFile>>,
    findings: &mut Vec<Finding>,
    input_files: &mut Vec<String>,
) -> Vec<String> {
    let Some(register) = config.privacy.register.as_deref() else {
        return Vec::new();
    };
    let (rel, path, outside) = named_file(root, register);
    if outside {
        findings.push(pack_toml_finding(sources, "privacy.register",
            "The privacy register must be a file inside the pack folder, such as private/people.toml.".to_string(),
            "Move the register into the pack's private/ folder and name it relative to pack.toml.",
        ));
        return Vec::new();
    }
    // What is there, found without opening it: opening a named pipe would wait for ever.
    let problem = match fs::metadata(&path) {
        Ok(meta) if meta.is_file() => None,
        Ok(meta) if meta.is_dir() => Some((
            "is a folder, not a file".to_string(),
            "Name the register file itself, for example private/people.toml holding names = [\"Jane Smith\"], or remove privacy.register from pack.toml.",
        )),
        Ok(meta) => Some((
            format!("is {}, not an ordinary file", special_file_kind(&meta)),
            "Replace it with an ordinary file that lists the names, for example: names = [\"Jane Smith\"].",
        )),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Some((
            "does not exist".to_string(),
            "Create it with a list of names, for example: names = [\"Jane Smith\"], or remove privacy.register from pack.toml.",
        )),
        Err(err) => Some((
            format!("could not be read ({})", io_reason(Some(&err))),
            "Check that the file is there and that you have permission to read it.",
        )),
    };
    if let Some((what, help)) = problem {
        findings.push(pack_toml_finding(
            sources,
            "privacy.register",
            format!("The privacy register {rel} {what}, so real names cannot be checked."),
            help,
        ));
        return Vec::new();
    }
    input_files.push(rel.clone());
    match parse_file::<PrivacyRegister>(&path, &rel) {
        Parsed::Ok(source, register) => {
            super::push(sources, source);
            register
                .names
                .into_iter()
                .flat_map(|n| n.into_names())
                .filter(|n| !n.trim().is_empty())
                .collect()
        }
        Parsed::Invalid(source, found) => {
            if let Some(s) = source {
                super::push(sources, s);
            }
            findings.extend(found);
            Vec::new()
        }
    }
}

/// Takes out of `files` any that is the privacy register itself (a link to it from content/):
/// reading it as a record would show its lines, names and all, in the findings.
pub(super) fn leave_out_register(
    root: &Path,
    config: &PackConfig,
    files: &mut Vec<String>,
    findings: &mut Vec<Finding>,
) {
    let Some(register) = config.privacy.register.as_deref() else {
        return;
    };
    let Ok(register) = root.join(register.replace('\\', "/")).canonicalize() else {
        return;
    };
    let Ok(size) = fs::metadata(&register).map(|m| m.len()) else {
        return;
    };
    files.retain(|rel| {
        let path = root.join(rel);
        // One look at each file's size first: resolving every path in full took a system call
        // for each folder on the way, 11,000 times over for a large pack.
        let is_register = fs::metadata(&path).is_ok_and(|m| m.len() == size)
            && path.canonicalize().is_ok_and(|path| path == register);
        if is_register {
            findings.push(super::walk::skipped_with_help(
                rel,
                "it is the privacy register (a link to it), which is never read as a record",
                "Remove the link: the register lists real names and stays in private/.",
            ));
        }
        !is_register
    });
}
