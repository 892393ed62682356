//! Turns a user's QEMU command line into one the harness can run here: TCG instead of KVM, no
//! display, no user config, the harness's own monitors, and a stand-in for host devices.

use std::path::Path;

/// The guest architecture, from the binary name (`qemu-system-aarch64` vs `qemu-system-x86_64`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Arch {
    /// `qemu-system-x86_64` (q35, pc).
    X86_64,
    /// `qemu-system-aarch64` (virt).
    Aarch64,
}

impl Arch {
    /// The binary's file name.
    pub fn binary(self) -> &'static str {
        match self {
            Arch::X86_64 => "qemu-system-x86_64",
            Arch::Aarch64 => "qemu-system-aarch64",
        }
    }

    /// The architecture of a binary name or path; x86_64 unless it names aarch64.
    pub fn of_binary(name: &str) -> Arch {
        if name.contains("aarch64") || name.contains("arm64") {
            Arch::Aarch64
        } else {
            Arch::X86_64
        }
    }
}

/// The driver that stands in for `vfio-pci` (no host device can be passed through here): an
/// emulated PCIe endpoint at the same place, with the same id.
pub const VFIO_STAND_IN: &str = "e1000e";

/// What the harness does to a command line.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Rewritten {
    /// The arguments (binary excluded) to run.
    pub args: Vec<String>,
    /// Every change to the user's words, readable.
    pub rewrites: Vec<String>,
    /// Options the harness added.
    pub added: Vec<String>,
    /// The user gave `-bios` or a pflash drive.
    pub has_firmware_arg: bool,
    /// The user gave `-cpu`.
    pub has_cpu: bool,
    /// The user gave `-serial`.
    pub has_serial: bool,
}

/// Options whose argument is a separate word (so the argument is never mistaken for an option).
fn takes_argument(option: &str) -> bool {
    !matches!(
        option,
        "-enable-kvm"
            | "-S"
            | "-daemonize"
            | "-nodefaults"
            | "-nographic"
            | "-no-user-config"
            | "-no-reboot"
            | "-no-shutdown"
            | "-snapshot"
            | "-no-hpet"
            | "-no-acpi"
            | "-full-screen"
            | "-enable-fips"
            | "-s"
    )
}

/// Replaces `accel=kvm...` inside a `-machine` option string by `accel=tcg`.
fn tcg_in_machine(value: &str) -> (String, bool) {
    let mut changed = false;
    let parts: Vec<String> = value
        .split(',')
        .map(|part| match part.strip_prefix("accel=") {
            Some(accel) if accel != "tcg" => {
                changed = true;
                "accel=tcg".to_string()
            }
            _ => part.to_string(),
        })
        .collect();
    (parts.join(","), changed)
}

/// `-device vfio-pci,host=...,id=x,bus=y` → `-device e1000e,id=x,bus=y`.
fn vfio_stand_in(value: &str) -> Option<String> {
    let mut parts = value.split(',');
    let driver = parts.next()?;
    let driver = driver.strip_prefix("driver=").unwrap_or(driver);
    if driver != "vfio-pci" {
        return None;
    }
    let kept: Vec<&str> = parts
        .filter(|p| {
            ![
                "host=",
                "sysfsdev=",
                "x-",
                "rombar=",
                "romfile=",
                "display=",
                "iommufd=",
            ]
            .iter()
            .any(|prefix| p.starts_with(prefix))
        })
        .collect();
    let mut out = VFIO_STAND_IN.to_string();
    for part in kept {
        out.push(',');
        out.push_str(part);
    }
    Some(out)
}

/// Rewrites the user's arguments (binary excluded) for a harness run. `firmware` = let the
/// guest run its firmware (no `-S`).
pub fn rewrite(
    user: &[String],
    arch: Arch,
    qmp: &Path,
    qtest: Option<&Path>,
    firmware: bool,
) -> Rewritten {
    let mut out = Rewritten::default();
    let mut has_accel = false;
    let mut index = 0;
    while let Some(word) = user.get(index) {
        let option: String = match word.strip_prefix("--") {
            Some(rest) => format!("-{rest}"),
            None => word.clone(),
        };
        let is_option = option.len() > 1 && option.starts_with('-');
        let value = if is_option && takes_argument(&option) {
            user.get(index + 1).cloned()
        } else {
            None
        };
        index += 1 + usize::from(value.is_some());
        match (option.as_str(), value) {
            ("-enable-kvm", _) => out.rewrites.push("dropped -enable-kvm".to_string()),
            ("-S", _) | ("-daemonize", _) => out.rewrites.push(format!("dropped {option}")),
            ("-qmp" | "-qtest" | "-monitor" | "-qtest-log" | "-pidfile", Some(v)) => {
                out.rewrites.push(format!("dropped {option} {v}"))
            }
            ("-display" | "-vnc" | "-spice", Some(v)) => {
                out.rewrites.push(format!("dropped {option} {v}"))
            }
            ("-machine" | "-M", Some(v)) => {
                let (machine, changed) = tcg_in_machine(&v);
                if changed {
                    out.rewrites.push(format!("{v} → {machine}"));
                }
                has_accel |= machine.split(',').any(|p| p.starts_with("accel="));
                out.args.push(option.to_string());
                out.args.push(machine);
            }
            ("-accel", Some(v)) => {
                has_accel = true;
                let accel = v.split(',').next().unwrap_or("");
                if accel == "tcg" {
                    out.args.extend(["-accel".to_string(), v]);
                } else {
                    out.rewrites.push(format!("-accel {v} → -accel tcg"));
                    out.args.extend(["-accel".to_string(), "tcg".to_string()]);
                }
            }
            ("-cpu", Some(v)) => {
                out.has_cpu = true;
                let model = v.split(',').next().unwrap_or("");
                if model == "host" {
                    out.rewrites.push(format!("-cpu {v} → -cpu max"));
                    out.args.extend(["-cpu".to_string(), "max".to_string()]);
                } else {
                    out.args.extend(["-cpu".to_string(), v]);
                }
            }
            ("-device", Some(v)) => {
                let device = match vfio_stand_in(&v) {
                    Some(stand_in) => {
                        out.rewrites
                            .push(format!("-device {v} → -device {stand_in}"));
                        stand_in
                    }
                    None => v,
                };
                out.args.extend(["-device".to_string(), device]);
            }
            ("-bios", Some(v)) => {
                out.has_firmware_arg = true;
                out.args.extend(["-bios".to_string(), v]);
            }
            ("-drive", Some(v)) => {
                out.has_firmware_arg |= v.split(',').any(|p| p == "if=pflash");
                out.args.extend(["-drive".to_string(), v]);
            }
            ("-serial", Some(v)) => {
                out.has_serial = true;
                out.args.extend(["-serial".to_string(), v]);
            }
            (_, value) => {
                out.args.push(word.clone());
                out.args.extend(value);
            }
        }
    }
    let mut add = |words: &[&str]| {
        out.added.push(words.join(" "));
        out.args.extend(words.iter().map(|w| w.to_string()));
    };
    if !has_accel {
        add(&["-accel", "tcg"]);
    }
    add(&["-display", "none"]);
    add(&["-no-user-config"]);
    if arch == Arch::Aarch64 && !out.has_cpu {
        add(&["-cpu", "max"]);
    }
    let qmp_arg = format!("unix:{}", qmp.display());
    add(&["-qmp", &qmp_arg]);
    if let Some(qtest) = qtest {
        let qtest_arg = format!("unix:{}", qtest.display());
        add(&["-qtest", &qtest_arg, "-qtest-log", "none"]);
    }
    if !firmware {
        add(&["-S"]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vfio_gets_a_stand_in() {
        assert_eq!(
            vfio_stand_in("vfio-pci,host=0000:3b:00.0,id=gpu,bus=rp1").as_deref(),
            Some("e1000e,id=gpu,bus=rp1")
        );
        assert_eq!(vfio_stand_in("e1000e,id=n"), None);
    }
}
