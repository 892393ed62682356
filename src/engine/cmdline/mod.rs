//! The QEMU command line: emitting it from a design, and importing a design from one.

use super::design::Design;

/// The QEMU argv for a design, binary first.
pub fn emit(design: &Design) -> Vec<String> {
    vec![design.machine.machine_type.binary().to_string()]
}

/// The argv as one shell-quoted line.
pub fn to_shell_line(argv: &[String]) -> String {
    shlex::try_join(argv.iter().map(String::as_str)).unwrap_or_default()
}
