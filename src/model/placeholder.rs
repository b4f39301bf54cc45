//! What `evidence-pack new` writes in required text fields, to be replaced: a field still
//! holding one is reported as not filled in, so a template's words never reach a pack.

pub const CHOICE: &str = "Describe the choice the person wants to make.";
pub const RISK: &str = "Describe the risk and the facts behind it.";
pub const SITUATION: &str = "Describe the situation.";
pub const ACTION: &str = "Describe what you did.";
/// The person's reference: no one's initials are XX.
pub const PERSON: &str = "XX";
pub const ALL: &[&str] = &[CHOICE, RISK, SITUATION, ACTION, PERSON];
