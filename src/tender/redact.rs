//! `tender --draft` of a pack with identifiers in it: every text the outputs are made from (the
//! records and examples the figures and `{{example ...}}` come from, pack.toml, tender.toml and
//! the answers) has its identifiers replaced by a note of what was removed, whatever field it is
//! in, before anything is filled in or written. So answers.docx, matrix.xlsx, tender.html and the
//! portal files (their names too) never carry one, as a draft pack does not.

use crate::error::Error;
use crate::load::Pack;
use crate::privacy::IdentifierScanner;

use super::LoadedTender;

/// Redacts `pack` and `tender` in place. An error (nothing is to be written) when a text could
/// not be redacted.
pub fn redact_for_draft(pack: &mut Pack, tender: &mut LoadedTender) -> Result<(), Error> {
    let scanner = &pack.identifiers;
    for d in &mut pack.decisions {
        d.item = redacted(scanner, &*d.item)?.into();
    }
    for e in &mut pack.examples {
        e.item = redacted(scanner, &*e.item)?.into();
    }
    pack.config = redacted(scanner, &pack.config)?;
    if let Some(file) = &mut tender.file {
        file.item = redacted(scanner, &*file.item)?.into();
    }
    for a in &mut tender.answers {
        a.item = redacted(scanner, &*a.item)?.into();
    }
    Ok(())
}

fn redacted<T>(scanner: &IdentifierScanner, value: &T) -> Result<T, Error>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    scanner.redact_every_text(value).ok_or_else(|| {
        Error::new(
            "The draft was not written: its identifiers could not be taken out of every text. Remove the identifiers `check` reports, then try again."
                .to_string(),
        )
    })
}
