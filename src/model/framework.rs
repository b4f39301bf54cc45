//! Frameworks of quality statements (SPEC section 6).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const BUILT_IN_ID: &str = "cqc-saf";
pub const BUILT_IN_SOURCE: &str = include_str!("cqc-saf.toml");

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub statements: Vec<Statement>,
    /// The pack file it was read from (none for the built-in framework).
    #[serde(skip)]
    pub file: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub id: String,
    pub group: String,
    pub name: String,
}

impl Framework {
    pub fn built_in() -> Framework {
        toml::from_str(BUILT_IN_SOURCE).expect("the built-in framework is valid")
    }

    pub fn statement(&self, id: &str) -> Option<&Statement> {
        self.statements.iter().find(|s| s.id == id)
    }
}

/// The frameworks a pack can cite, with the primary one first.
#[derive(Debug, Clone)]
pub struct Frameworks {
    pub primary: String,
    pub all: Vec<Framework>,
}

/// A statement reference resolved to its framework.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatementRef {
    pub framework: String,
    pub id: String,
}

impl Frameworks {
    pub fn get(&self, id: &str) -> Option<&Framework> {
        self.all.iter().find(|f| f.id == id)
    }

    pub fn primary(&self) -> Option<&Framework> {
        self.get(&self.primary)
    }

    /// `"S4"` refers to the primary framework, `"fw:ID"` to another one.
    pub fn resolve(&self, reference: &str) -> StatementRef {
        match reference.split_once(':') {
            Some((framework, id)) => StatementRef {
                framework: framework.trim().to_string(),
                id: id.trim().to_string(),
            },
            None => StatementRef {
                framework: self.primary.clone(),
                id: reference.trim().to_string(),
            },
        }
    }

    pub fn lookup(&self, reference: &str) -> Option<(&Framework, &Statement)> {
        let r = self.resolve(reference);
        let framework = self.get(&r.framework)?;
        framework.statement(&r.id).map(|s| (framework, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_framework_has_34_statements() {
        let f = Framework::built_in();
        assert_eq!(f.id, BUILT_IN_ID);
        assert_eq!(f.statements.len(), 34);
        assert_eq!(f.groups.len(), 5);
    }
}
