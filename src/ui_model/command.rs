//! Invertible edit commands: each stores what it needs to undo itself, so undo/redo is total
//! (`apply(c); apply(c.inverse())` restores the design exactly).

use crate::engine::{Design, Device};

/// One edit of a design.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Insert `device` at `index` of `Design::devices`.
    Insert {
        /// Position in `devices` (clamped to the end).
        index: usize,
        /// The new device.
        device: Device,
    },
    /// Remove the device at `index` (it must equal `device`, kept for undo).
    Remove {
        /// Position in `devices`.
        index: usize,
        /// The removed device.
        device: Device,
    },
    /// Replace the device at `index`.
    Update {
        /// Position in `devices`.
        index: usize,
        /// Before.
        old: Device,
        /// After.
        new: Device,
    },
    /// Replace everything but `devices` (machine, version, firmware, ...).
    Settings {
        /// Before (its `devices` are ignored).
        old: Box<Design>,
        /// After (its `devices` are ignored).
        new: Box<Design>,
    },
    /// Replace the whole design (a preset, an import).
    Replace {
        /// Before.
        old: Box<Design>,
        /// After.
        new: Box<Design>,
    },
    /// Several commands as one undo step (applied in order, undone in reverse).
    Batch(Vec<Command>),
}

impl Command {
    /// Applies the command. Never panics: an index out of range or a device that does not
    /// match leaves the design unchanged.
    pub fn apply(&self, design: &mut Design) {
        match self {
            Command::Insert { index, device } => {
                let at = (*index).min(design.devices.len());
                design.devices.insert(at, device.clone());
            }
            Command::Remove { index, device } => {
                if design.devices.get(*index) == Some(device) {
                    design.devices.remove(*index);
                }
            }
            Command::Update { index, new, .. } => {
                if let Some(slot) = design.devices.get_mut(*index) {
                    *slot = new.clone();
                }
            }
            Command::Settings { new, .. } => {
                let devices = std::mem::take(&mut design.devices);
                *design = Design {
                    devices,
                    ..(**new).clone()
                };
            }
            Command::Replace { new, .. } => *design = (**new).clone(),
            Command::Batch(steps) => steps.iter().for_each(|c| c.apply(design)),
        }
    }

    /// The command that undoes this one.
    pub fn inverse(&self) -> Command {
        match self {
            Command::Insert { index, device } => Command::Remove {
                index: *index,
                device: device.clone(),
            },
            Command::Remove { index, device } => Command::Insert {
                index: *index,
                device: device.clone(),
            },
            Command::Update { index, old, new } => Command::Update {
                index: *index,
                old: new.clone(),
                new: old.clone(),
            },
            Command::Settings { old, new } => Command::Settings {
                old: new.clone(),
                new: old.clone(),
            },
            Command::Replace { old, new } => Command::Replace {
                old: new.clone(),
                new: old.clone(),
            },
            Command::Batch(steps) => {
                Command::Batch(steps.iter().rev().map(Command::inverse).collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Driver;

    #[test]
    fn every_command_undoes_exactly() {
        let mut design = Design::default();
        design
            .devices
            .push(Device::new(Driver::PcieRootPort, "rp1", Some("pcie.0")));
        let before = design.clone();
        let nic = Device::new(Driver::VirtioNetPci, "nic1", Some("rp1"));
        let mut moved = before.devices[0].clone();
        moved.bus = Some("pcie.0".into());
        moved.props.chassis = Some(3);
        let mut settings = before.clone();
        settings.machine.default_bus_bypass_iommu = true;
        let commands = [
            Command::Insert {
                index: 1,
                device: nic.clone(),
            },
            Command::Batch(vec![
                Command::Insert {
                    index: 1,
                    device: nic,
                },
                Command::Remove {
                    index: 0,
                    device: before.devices[0].clone(),
                },
            ]),
            Command::Update {
                index: 0,
                old: before.devices[0].clone(),
                new: moved,
            },
            Command::Settings {
                old: Box::new(before.clone()),
                new: Box::new(settings),
            },
            Command::Replace {
                old: Box::new(before.clone()),
                new: Box::new(Design::default()),
            },
        ];
        for c in commands {
            let mut d = before.clone();
            c.apply(&mut d);
            assert_ne!(d, before, "{c:?} changed nothing");
            c.inverse().apply(&mut d);
            assert_eq!(d, before, "{c:?} did not undo");
        }
    }

    #[test]
    fn stale_commands_change_nothing() {
        let mut design = Design::default();
        let ghost = Device::new(Driver::E1000e, "x", None);
        Command::Remove {
            index: 4,
            device: ghost.clone(),
        }
        .apply(&mut design);
        Command::Update {
            index: 9,
            old: ghost.clone(),
            new: ghost,
        }
        .apply(&mut design);
        assert_eq!(design, Design::default());
    }
}
