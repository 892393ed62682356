//! Diagnostics: what QEMU would refuse (errors, with QEMU's own message text) and what it
//! accepts but users regret (warnings), each with a stable code.
//!
//! Invariants: codes are stable strings (tests and other tools match on them); an `Error` means
//! real QEMU refuses to start; `message` for an error is QEMU's own wording where QEMU has one.

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Real QEMU refuses to start with this design.
    Error,
    /// QEMU starts, but the result is probably not what the user wants.
    Warning,
    /// Something worth knowing.
    Info,
}

/// One finding about a design.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error, warning or info.
    pub severity: Severity,
    /// Stable code, e.g. `bus-nr-in-use` (see `docs/cli.md` for the list).
    pub code: String,
    /// The message (QEMU's own text for errors QEMU reports).
    pub message: String,
    /// The design node (device id, or a bus name such as `pcie.0`, or `machine`) it concerns.
    pub node: Option<String>,
}

impl Diagnostic {
    /// An error: QEMU refuses to start.
    pub fn error(code: &str, message: impl Into<String>, node: Option<&str>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message, node)
    }

    /// A warning: QEMU starts but the user probably regrets it.
    pub fn warning(code: &str, message: impl Into<String>, node: Option<&str>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message, node)
    }

    /// Something worth knowing.
    pub fn info(code: &str, message: impl Into<String>, node: Option<&str>) -> Diagnostic {
        Diagnostic::new(Severity::Info, code, message, node)
    }

    fn new(
        severity: Severity,
        code: &str,
        message: impl Into<String>,
        node: Option<&str>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code: code.to_string(),
            message: message.into(),
            node: node.map(str::to_string),
        }
    }
}
