//! The editor: the design, the engine's report for it, undo/redo stacks of [`Command`]s, the
//! selection and the last refusal. One `dispatch(Action)` is the whole state transition, so the
//! Yew reducer is a thin wrapper and native tests drive the same code.

use std::rc::Rc;

use crate::engine::acpi::diff::{diff, TableDiff};
use crate::engine::{analyze, cmdline, Design, Driver, Report};

use super::command::Command;
use super::edits::{self, MachineField, PropField, Viommu};
use super::presets;

/// The engine's report, shared; equal when it is the same analysis (pointer equality), so
/// Yew props can carry it without comparing whole reports.
#[derive(Clone, Debug)]
pub struct SharedReport(pub Rc<Report>);

impl PartialEq for SharedReport {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for SharedReport {
    type Target = Report;
    fn deref(&self) -> &Report {
        &self.0
    }
}

/// A message for the user (a refused edit, a restored or corrupt save).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// True for a refusal/error, false for information.
    pub error: bool,
    /// The text (the engine's own message for a refused edit).
    pub text: String,
}

/// Everything the UI can ask of the editor.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Drop a palette driver on a bus.
    Add {
        /// The driver.
        driver: Driver,
        /// Target bus name.
        bus: String,
    },
    /// Move a device (and its subtree) onto a bus.
    Move {
        /// Device id.
        id: String,
        /// Target bus name.
        bus: String,
    },
    /// Delete a device and its subtree.
    Delete(String),
    /// Toggle bypass of a host bridge node (`pcie.0` or a PXB id).
    ToggleBypass(String),
    /// Pick the vIOMMU.
    SetViommu(Viommu),
    /// Change a machine-bar field.
    SetMachine(MachineField),
    /// Set a device property from inspector text.
    SetProp {
        /// Device id.
        id: String,
        /// The field.
        field: PropField,
        /// New text.
        value: String,
    },
    /// Load a preset by name.
    LoadPreset(String),
    /// Replace the design (import).
    Load(Box<Design>),
    /// Undo the last command.
    Undo,
    /// Redo the last undone command.
    Redo,
    /// Select a node (device id or bus name) or nothing.
    Select(Option<String>),
    /// Hide the notice.
    Dismiss,
    /// Show a notice.
    Notify(Notice),
}

/// The editor state.
#[derive(Clone, Debug)]
pub struct Editor {
    /// The current design.
    pub design: Design,
    /// The engine's report for `design`.
    pub report: SharedReport,
    /// Changes of the vIOMMU tables made by the last edit (engine's structural diff).
    pub acpi_changes: Rc<Vec<TableDiff>>,
    /// Hex of each table before the last edit (signature → hex), for byte highlighting.
    pub previous_hex: Rc<std::collections::BTreeMap<String, String>>,
    /// Commands to undo, oldest first.
    pub undo: Vec<Rc<Command>>,
    /// Commands to redo, most recently undone last.
    pub redo: Vec<Rc<Command>>,
    /// The selected node.
    pub selected: Option<String>,
    /// The last message.
    pub notice: Option<Notice>,
    /// The preset last loaded, if the design still comes from it.
    pub preset: Option<String>,
    /// Bumped on every design change (autosave, change detection).
    pub revision: u64,
}

impl PartialEq for Editor {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && self.selected == other.selected
            && self.notice == other.notice
            && self.design == other.design
    }
}

impl Default for Editor {
    fn default() -> Self {
        Editor::new(presets::default_design())
    }
}

impl Editor {
    /// An editor on `design` with empty history.
    pub fn new(design: Design) -> Editor {
        let report = SharedReport(Rc::new(analyze(&design)));
        Editor {
            design,
            previous_hex: Rc::new(report.acpi.clone()),
            report,
            acpi_changes: Rc::new(Vec::new()),
            undo: Vec::new(),
            redo: Vec::new(),
            selected: None,
            notice: None,
            preset: None,
            revision: 0,
        }
    }

    /// Restores an autosaved design (JSON). A corrupt value gives the default design and a
    /// message, never a panic.
    pub fn restore(saved: Option<&str>) -> Editor {
        match saved {
            None => Editor::default(),
            Some(text) => match serde_json::from_str::<Design>(text) {
                Ok(design) => Editor::new(design),
                Err(e) => Editor {
                    notice: Some(Notice {
                        error: true,
                        text: format!("The saved design could not be read ({e}); started from the default design."),
                    }),
                    ..Editor::default()
                },
            },
        }
    }

    /// The design as JSON (the autosave format).
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.design).unwrap_or_default()
    }

    fn commit(&mut self, command: Command, report: Option<Report>) {
        let before = self.report.clone();
        command.apply(&mut self.design);
        self.undo.push(Rc::new(command));
        self.redo.clear();
        self.refresh(&before, report);
    }

    fn refresh(&mut self, before: &Report, report: Option<Report>) {
        let report = report.unwrap_or_else(|| analyze(&self.design));
        self.acpi_changes = Rc::new(diff(&before.tables, &report.tables));
        self.previous_hex = Rc::new(before.acpi.clone());
        self.report = SharedReport(Rc::new(report));
        self.revision += 1;
        self.preset = None;
        if let Some(sel) = &self.selected {
            let root = self.design.machine.machine_type.root_bus_name();
            if sel != root && self.design.device(sel).is_none() {
                self.selected = None;
            }
        }
    }

    fn refuse(&mut self, text: String) {
        if !text.is_empty() {
            self.notice = Some(Notice { error: true, text });
        }
    }

    /// Performs one action.
    pub fn dispatch(&mut self, action: Action) {
        match action {
            Action::Add { driver, bus } => {
                match edits::add_device(&self.design, &self.report, driver, &bus) {
                    Ok((c, report)) => {
                        let id = match &c {
                            Command::Insert { device, .. } => Some(device.id.clone()),
                            _ => None,
                        };
                        self.notice = None;
                        self.commit(c, Some(report));
                        self.selected = id;
                    }
                    Err(e) => self.refuse(e),
                }
            }
            Action::Move { id, bus } => {
                match edits::move_device(&self.design, &self.report, &id, &bus) {
                    Ok((c, report)) => {
                        self.notice = None;
                        self.commit(c, Some(report));
                    }
                    Err(e) => self.refuse(e),
                }
            }
            Action::Delete(id) => {
                if let Some(c) = edits::delete_device(&self.design, &id) {
                    self.commit(c, None);
                }
            }
            Action::ToggleBypass(node) => {
                if let Some(c) = edits::toggle_bypass(&self.design, &node) {
                    self.commit(c, None);
                }
            }
            Action::SetViommu(v) => {
                let c = edits::set_viommu(&self.design, v);
                self.commit(c, None);
            }
            Action::SetMachine(field) => {
                let c = edits::set_machine(&self.design, &field);
                self.commit(c, None);
            }
            Action::SetProp { id, field, value } => {
                match edits::set_prop(&self.design, &id, field, &value) {
                    Ok(c) => {
                        if field == PropField::Id {
                            self.selected = Some(value.trim().to_string());
                        }
                        self.commit(c, None);
                    }
                    Err(e) => self.refuse(e),
                }
            }
            Action::LoadPreset(name) => match presets::find(&name) {
                Some(p) => {
                    let (design, _) = cmdline::import(p.command_line);
                    self.dispatch(Action::Load(Box::new(design)));
                    self.preset = Some(name);
                    self.notice = None;
                }
                None => self.refuse(format!("no preset {name}")),
            },
            Action::Load(design) => {
                let c = Command::Replace {
                    old: Box::new(self.design.clone()),
                    new: design,
                };
                self.selected = None;
                self.commit(c, None);
            }
            Action::Undo => {
                if let Some(c) = self.undo.pop() {
                    let before = self.report.clone();
                    c.inverse().apply(&mut self.design);
                    self.redo.push(c);
                    self.refresh(&before, None);
                }
            }
            Action::Redo => {
                if let Some(c) = self.redo.pop() {
                    let before = self.report.clone();
                    c.apply(&mut self.design);
                    self.undo.push(c);
                    self.refresh(&before, None);
                }
            }
            Action::Select(node) => self.selected = node,
            Action::Dismiss => self.notice = None,
            Action::Notify(n) => self.notice = Some(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::TranslationKind;

    fn translation(e: &Editor, id: &str) -> Option<TranslationKind> {
        e.report
            .devices
            .iter()
            .find(|d| d.id.as_deref() == Some(id))
            .map(|d| d.translation)
    }

    #[test]
    fn drag_story_with_undo_redo() {
        let mut e = Editor::default();
        e.dispatch(Action::SetMachine(MachineField::Machine(
            crate::engine::MachineType::Q35,
        )));
        e.dispatch(Action::SetViommu(Viommu::Intel));
        e.dispatch(Action::Add {
            driver: Driver::PxbPcie,
            bus: "pcie.0".into(),
        });
        e.dispatch(Action::Add {
            driver: Driver::PcieRootPort,
            bus: "pxb1".into(),
        });
        e.dispatch(Action::Add {
            driver: Driver::VirtioNetPci,
            bus: "rp1".into(),
        });
        assert_eq!(translation(&e, "nic1"), Some(TranslationKind::Iommu));
        let dmar = e.report.acpi.get("DMAR").cloned();
        e.dispatch(Action::ToggleBypass("pxb1".into()));
        assert_eq!(translation(&e, "nic1"), Some(TranslationKind::Bypass));
        assert_ne!(e.report.acpi.get("DMAR").cloned(), dmar);
        assert!(e.report.shell_command.contains("bypass_iommu=on"));
        assert!(e.acpi_changes.iter().any(|t| !t.is_same()));
        // A refused drop changes nothing and says why.
        let before = e.design.clone();
        e.dispatch(Action::Add {
            driver: Driver::VirtioNetPci,
            bus: "pxb1".into(),
        });
        assert_eq!(e.design, before);
        assert!(e
            .notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("Only PCI/PCIe bridges")));
        e.dispatch(Action::Undo);
        assert_eq!(translation(&e, "nic1"), Some(TranslationKind::Iommu));
        e.dispatch(Action::Redo);
        assert_eq!(translation(&e, "nic1"), Some(TranslationKind::Bypass));
        for _ in 0..10 {
            e.dispatch(Action::Undo);
        }
        assert_eq!(e.design, presets::default_design());
    }

    #[test]
    fn corrupt_save_gives_default_and_message() {
        let e = Editor::restore(Some("{not json"));
        assert_eq!(e.design, presets::default_design());
        assert!(e.notice.is_some());
        let saved = Editor::default().to_json();
        assert!(Editor::restore(Some(&saved)).notice.is_none());
    }
}
