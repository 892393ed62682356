//! Which QEMU command-line options take an argument (qemu-options.hx: options without
//! `HAS_ARG`), so unknown options can be kept verbatim with their argument.

/// QEMU options that take no argument (qemu-options.hx entries without `HAS_ARG`).
const FLAGS: &[&str] = &[
    "-S",
    "-s",
    "-snapshot",
    "-nographic",
    "-no-user-config",
    "-nodefaults",
    "-enable-kvm",
    "-no-reboot",
    "-no-shutdown",
    "-daemonize",
    "-no-hpet",
    "-no-acpi",
    "-no-fd-bootchk",
    "-usb",
    "-full-screen",
    "-alt-grab",
    "-ctrl-grab",
    "-no-quit",
    "-no-frame",
    "-sdl",
    "-curses",
    "-portrait",
    "-win2k-hack",
    "-old-param",
    "-only-migratable",
    "-preconfig",
    "-enable-fips",
    "-h",
    "-help",
    "-version",
    "-xen-attach",
    "-xen-domid-restrict",
    "-semihosting",
    "-singlestep",
    "-mem-prealloc",
    "-perfmap",
    "-enable-sync-profile",
];

/// The option name with QEMU's optional second dash removed (`--device` → `-device`).
pub fn normalize(word: &str) -> Option<String> {
    if let Some(rest) = word.strip_prefix("--") {
        if rest.is_empty() {
            return None;
        }
        return Some(format!("-{rest}"));
    }
    if word.len() > 1 && word.starts_with('-') {
        return Some(word.to_string());
    }
    None
}

/// True when the (normalised) option takes an argument.
pub fn takes_argument(option: &str) -> bool {
    !FLAGS.contains(&option)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_flags() {
        assert!(!takes_argument("-nodefaults"));
        assert!(takes_argument("-device"));
        assert_eq!(normalize("--device").as_deref(), Some("-device"));
        assert_eq!(normalize("x"), None);
        assert_eq!(normalize("-"), None);
    }
}
