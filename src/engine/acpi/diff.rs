//! Structural diff of two designs' (or ours vs real QEMU's) decoded tables: structures matched
//! by their stable key (`scope bridge 10:00.0`, `map 0x1000 -> SMMUv3`, ...) rather than by
//! position, so one added device reads as one added scope, not as every later scope changed.

use serde::Serialize;

use super::decode::{decode, DecodedTable, Structure};
use super::AcpiTables;

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Change {
    /// A structure only on the right side.
    Added {
        /// Path of the parent structure (keys joined by ` / `).
        path: String,
        /// The structure's key.
        key: String,
        /// Its summary.
        summary: String,
    },
    /// A structure only on the left side.
    Removed {
        /// Path of the parent structure.
        path: String,
        /// The structure's key.
        key: String,
        /// Its summary.
        summary: String,
    },
    /// A field whose value differs in a structure present on both sides.
    Changed {
        /// Path of the structure.
        path: String,
        /// The field's name.
        field: String,
        /// Left value (display form).
        old: String,
        /// Right value.
        new: String,
        /// Right meaning.
        meaning: String,
    },
}

/// The differences of one table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TableDiff {
    /// `DMAR`, `IVRS`, `IORT`, `VIOT`.
    pub signature: String,
    /// Present on the left side.
    pub left: bool,
    /// Present on the right side.
    pub right: bool,
    /// Structural changes (empty if equal or if the table exists on one side only).
    pub changes: Vec<Change>,
}

impl TableDiff {
    /// True when both sides have the table and nothing differs (the checksum is ignored).
    pub fn is_same(&self) -> bool {
        self.left == self.right && self.changes.is_empty()
    }
}

/// Fields that follow from others and would only add noise.
fn ignored(field: &str) -> bool {
    field == "Checksum"
}

/// Diffs two decoded tables.
pub fn diff_tables(left: &DecodedTable, right: &DecodedTable) -> Vec<Change> {
    let mut out = Vec::new();
    diff_structure(&left.root, &right.root, "", &mut out);
    out
}

fn diff_structure(a: &Structure, b: &Structure, parent: &str, out: &mut Vec<Change>) {
    let path = if parent.is_empty() {
        a.key.clone()
    } else {
        format!("{parent} / {}", a.key)
    };
    // Fields: pair by (name, occurrence).
    let mut used = vec![false; b.fields.len()];
    for fa in &a.fields {
        if ignored(&fa.name) {
            continue;
        }
        let fb = b
            .fields
            .iter()
            .enumerate()
            .find(|(i, f)| !used.get(*i).copied().unwrap_or(true) && f.name == fa.name);
        match fb {
            Some((i, fb)) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                if fa.value != fb.value || fa.display != fb.display {
                    out.push(Change::Changed {
                        path: path.clone(),
                        field: fa.name.clone(),
                        old: fa.display.clone(),
                        new: fb.display.clone(),
                        meaning: fb.meaning.clone(),
                    });
                }
            }
            None => out.push(Change::Changed {
                path: path.clone(),
                field: fa.name.clone(),
                old: fa.display.clone(),
                new: "(absent)".into(),
                meaning: String::new(),
            }),
        }
    }
    for (i, fb) in b.fields.iter().enumerate() {
        if !used.get(i).copied().unwrap_or(true) && !ignored(&fb.name) {
            out.push(Change::Changed {
                path: path.clone(),
                field: fb.name.clone(),
                old: "(absent)".into(),
                new: fb.display.clone(),
                meaning: fb.meaning.clone(),
            });
        }
    }
    // Children: pair by key, in left order; order changes show up as nothing (keys match).
    let mut used = vec![false; b.children.len()];
    for ca in &a.children {
        let cb = b
            .children
            .iter()
            .enumerate()
            .find(|(i, c)| !used.get(*i).copied().unwrap_or(true) && c.key == ca.key);
        match cb {
            Some((i, cb)) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                diff_structure(ca, cb, &path, out);
            }
            None => out.push(Change::Removed {
                path: path.clone(),
                key: ca.key.clone(),
                summary: ca.summary.clone(),
            }),
        }
    }
    for (i, cb) in b.children.iter().enumerate() {
        if !used.get(i).copied().unwrap_or(true) {
            out.push(Change::Added {
                path: path.clone(),
                key: cb.key.clone(),
                summary: cb.summary.clone(),
            });
        }
    }
}

/// Diffs every table of two designs (DMAR, IVRS, IORT, VIOT order; tables absent on both
/// sides are left out).
pub fn diff(left: &AcpiTables, right: &AcpiTables) -> Vec<TableDiff> {
    let pick = |t: &AcpiTables, sig: &str| -> Option<Vec<u8>> {
        t.present()
            .into_iter()
            .find(|(s, _)| *s == sig)
            .map(|(_, b)| b.to_vec())
    };
    ["DMAR", "IVRS", "IORT", "VIOT"]
        .into_iter()
        .filter_map(|sig| {
            let (a, b) = (pick(left, sig), pick(right, sig));
            if a.is_none() && b.is_none() {
                return None;
            }
            let changes = match (&a, &b) {
                (Some(a), Some(b)) => diff_tables(&decode(a), &decode(b)),
                _ => Vec::new(),
            };
            Some(TableDiff {
                signature: sig.into(),
                left: a.is_some(),
                right: b.is_some(),
                changes,
            })
        })
        .collect()
}

/// The diff as text, one change per line.
pub fn render_text(diffs: &[TableDiff]) -> String {
    let mut out = String::new();
    for d in diffs {
        match (d.left, d.right) {
            (true, false) => out.push_str(&format!("{}: only on the left\n", d.signature)),
            (false, true) => out.push_str(&format!("{}: only on the right\n", d.signature)),
            _ if d.changes.is_empty() => out.push_str(&format!("{}: same\n", d.signature)),
            _ => {
                out.push_str(&format!("{}: {} changes\n", d.signature, d.changes.len()));
                for c in &d.changes {
                    let line = match c {
                        Change::Added { path, key, summary } => {
                            format!("  + {path} / {key}: {summary}")
                        }
                        Change::Removed { path, key, summary } => {
                            format!("  - {path} / {key}: {summary}")
                        }
                        Change::Changed {
                            path,
                            field,
                            old,
                            new,
                            meaning,
                        } => format!("  ~ {path} / {field}: {old} → {new} ({meaning})"),
                    };
                    out.push_str(&line);
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::acpi::dmar::{build, DmarOptions};
    use crate::engine::acpi::testutil::TopoBuilder;

    fn dmar(pxb_bypass: bool) -> Vec<u8> {
        let mut b = TopoBuilder::q35(false);
        let (_, p) = b.pxb(0x08, 0x10, pxb_bypass, 1);
        b.bridge(p, 0, "pcie-root-port", 0x11, 0x11, true);
        let o = DmarOptions {
            host_address_width: 47,
            intremap: true,
            device_iotlb: false,
        };
        build(&Default::default(), &b.t, &[0, 1], &o)
    }

    #[test]
    fn bypassing_a_pxb_removes_its_bridge_scope() {
        let left = AcpiTables {
            dmar: Some(dmar(false)),
            ..Default::default()
        };
        let right = AcpiTables {
            dmar: Some(dmar(true)),
            ..Default::default()
        };
        let d = diff(&left, &right);
        assert_eq!(d.len(), 1);
        let removed: Vec<&Change> = d[0]
            .changes
            .iter()
            .filter(|c| matches!(c, Change::Removed { .. }))
            .collect();
        assert_eq!(removed.len(), 1);
        assert!(matches!(removed[0], Change::Removed { key, .. } if key == "scope bridge 10:00.0"));
        let text = render_text(&d);
        assert!(
            text.contains("- DMAR / drhd / scope bridge 10:00.0"),
            "{text}"
        );
        assert!(diff(&left, &left).iter().all(TableDiff::is_same));
    }

    #[test]
    fn table_on_one_side_only() {
        let left = AcpiTables {
            dmar: Some(dmar(false)),
            ..Default::default()
        };
        let d = diff(&left, &AcpiTables::default());
        assert_eq!((d[0].left, d[0].right), (true, false));
        assert!(!d[0].is_same());
    }
}
