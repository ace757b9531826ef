//! The configuration document (`schemaVersion` 1) and its validation.

use serde::{Deserialize, Serialize};

/// One problem in a configuration document: where (JSON pointer) and what to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigProblem {
    pub pointer: String,
    pub message: String,
}
