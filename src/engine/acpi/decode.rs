//! A decoded view of the vIOMMU tables for people: every structure and field with its name
//! from the spec (VT-d 3.x §8, AMD IOMMU §5.2, Arm DEN 0049E, virtio VIOT), offset, length,
//! value and meaning, plus an annotated hex dump where every byte range points to its field.
//!
//! It parses bytes (ours or real QEMU's) rather than re-deriving them from the design, so the
//! same view serves the app, `--output text` and diffs against QEMU. Truncated or unknown
//! input never panics: what cannot be read becomes a `problems` entry.

use serde::Serialize;

use super::sdt::byte_sum;
use super::AcpiTables;
use crate::engine::topology::Topology;

/// One field of a structure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The spec's name for the field.
    pub name: String,
    /// Offset from the start of the table.
    pub offset: usize,
    /// Length in bytes.
    pub length: usize,
    /// The raw value (little-endian integer; 0 for text or byte-array fields).
    pub value: u64,
    /// The value as people read it (`0x2f`, `"BOCHS "`, `00:1f.2`).
    pub display: String,
    /// What the value means here.
    pub meaning: String,
}

/// A structure (the header, a DRHD, a device scope, an IVHD entry, an IORT node, ...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Structure {
    /// The spec's name for the structure.
    pub name: String,
    /// A stable identity for diffs (e.g. `scope bridge 10:00.0`), unique among siblings in
    /// well-formed tables.
    pub key: String,
    /// Offset from the start of the table.
    pub offset: usize,
    /// Length in bytes.
    pub length: usize,
    /// One line saying what it does.
    pub summary: String,
    /// Its own fields.
    pub fields: Vec<Field>,
    /// Nested structures.
    pub children: Vec<Structure>,
}

/// A decoded table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecodedTable {
    /// `DMAR`, `IVRS`, `IORT`, `VIOT` (or whatever the bytes say).
    pub signature: String,
    /// Byte length of the input.
    pub length: usize,
    /// The header (with the table-specific fixed fields) and every structure below it.
    pub root: Structure,
    /// Things that could not be decoded (truncation, unknown types, bad checksum).
    pub problems: Vec<String>,
}

/// Bounds-checked little-endian reader.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn uint(&self, offset: usize, length: usize) -> Option<u64> {
        let slice = self.bytes.get(offset..offset.checked_add(length)?)?;
        Some(
            slice
                .iter()
                .rev()
                .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)),
        )
    }

    fn text(&self, offset: usize, length: usize) -> Option<String> {
        let slice = self.bytes.get(offset..offset.checked_add(length)?)?;
        Some(slice.iter().map(|b| char::from(*b)).collect())
    }
}

/// Builds a structure while reading fields; a missing field records a problem.
struct Builder<'r, 'a> {
    reader: &'r Reader<'a>,
    problems: &'r mut Vec<String>,
    structure: Structure,
}

impl<'r, 'a> Builder<'r, 'a> {
    fn new(
        reader: &'r Reader<'a>,
        problems: &'r mut Vec<String>,
        name: &str,
        key: String,
        offset: usize,
        length: usize,
    ) -> Self {
        Builder {
            reader,
            problems,
            structure: Structure {
                name: name.into(),
                key,
                offset,
                length,
                summary: String::new(),
                fields: Vec::new(),
                children: Vec::new(),
            },
        }
    }

    /// Reads an integer field; `meaning` turns the value into words.
    fn int(
        &mut self,
        name: &str,
        offset: usize,
        length: usize,
        meaning: impl FnOnce(u64) -> String,
    ) -> u64 {
        match self.reader.uint(offset, length) {
            Some(value) => {
                let display = format!("{value:#0width$x}", width = 2 + 2 * length);
                self.structure.fields.push(Field {
                    name: name.into(),
                    offset,
                    length,
                    value,
                    display,
                    meaning: meaning(value),
                });
                value
            }
            None => {
                self.problems
                    .push(format!("{name} at offset {offset:#x}: table is truncated"));
                0
            }
        }
    }

    /// Reads a text field.
    fn text(&mut self, name: &str, offset: usize, length: usize, meaning: &str) {
        if let Some(text) = self.reader.text(offset, length) {
            self.structure.fields.push(Field {
                name: name.into(),
                offset,
                length,
                value: 0,
                display: format!("\"{text}\""),
                meaning: meaning.into(),
            });
        } else {
            self.problems
                .push(format!("{name} at offset {offset:#x}: table is truncated"));
        }
    }

    fn reserved(&mut self, offset: usize, length: usize) {
        if length <= 8 {
            self.int("Reserved", offset, length, |v| {
                if v == 0 { "must be zero" } else { "NOT zero" }.into()
            });
        } else if let Some(slice) = self.reader.bytes.get(offset..offset + length) {
            let zero = slice.iter().all(|b| *b == 0);
            self.structure.fields.push(Field {
                name: "Reserved".into(),
                offset,
                length,
                value: 0,
                display: if zero {
                    "0…".into()
                } else {
                    "non-zero".into()
                },
                meaning: if zero { "must be zero" } else { "NOT zero" }.into(),
            });
        }
    }

    fn summary(mut self, summary: String) -> Structure {
        self.structure.summary = summary;
        self.structure
    }
}

/// `bb:dd.f` of a 16-bit requester id.
pub fn bdf_text(id: u64) -> String {
    format!(
        "{:02x}:{:02x}.{:x}",
        (id >> 8) & 0xff,
        (id >> 3) & 0x1f,
        id & 7
    )
}

fn on_off(bit: bool) -> &'static str {
    if bit {
        "set"
    } else {
        "clear"
    }
}

/// Decodes one table from its bytes (dispatching on the signature).
pub fn decode(bytes: &[u8]) -> DecodedTable {
    let reader = Reader { bytes };
    let mut problems = Vec::new();
    let signature = reader.text(0, 4).unwrap_or_default();
    let mut root = header(&reader, &mut problems, &signature, bytes.len());
    match signature.as_str() {
        "DMAR" => dmar(&reader, &mut problems, &mut root),
        "IVRS" => ivrs(&reader, &mut problems, &mut root),
        "IORT" => iort(&reader, &mut problems, &mut root),
        "VIOT" => viot(&reader, &mut problems, &mut root),
        other => problems.push(format!("unknown table signature {other:?}")),
    }
    DecodedTable {
        signature,
        length: bytes.len(),
        root,
        problems,
    }
}

/// Decodes every present table, DMAR, IVRS, IORT, VIOT order.
pub fn decode_all(tables: &AcpiTables) -> Vec<DecodedTable> {
    tables
        .present()
        .into_iter()
        .map(|(_, bytes)| decode(bytes))
        .collect()
}

fn header(reader: &Reader, problems: &mut Vec<String>, sig: &str, len: usize) -> Structure {
    let mut b = Builder::new(reader, problems, "Table header", sig.to_string(), 0, 36);
    b.text("Signature", 0, 4, "which table this is");
    b.int("Length", 4, 4, |v| {
        if v as usize == len {
            format!("{v} bytes, the whole table")
        } else {
            format!("{v} bytes, but {len} bytes were given")
        }
    });
    b.int("Revision", 8, 1, |v| format!("table revision {v}"));
    let sum = byte_sum(reader.bytes);
    b.int("Checksum", 9, 1, |_| {
        if sum == 0 {
            "all bytes sum to 0: valid (filled in by the firmware; QEMU leaves 0 in fw_cfg)".into()
        } else {
            format!("bytes sum to {sum:#04x}: INVALID")
        }
    });
    b.text(
        "OEM ID",
        10,
        6,
        "QEMU's default is \"BOCHS \" (-machine x-oem-id=)",
    );
    b.text(
        "OEM Table ID",
        16,
        8,
        "QEMU's default is \"BXPC    \" (-machine x-oem-table-id=)",
    );
    b.int("OEM Revision", 24, 4, |_| "always 1 in QEMU".into());
    b.text(
        "Creator ID",
        28,
        4,
        "the ASL compiler vendor; QEMU writes \"BXPC\"",
    );
    b.int("Creator Revision", 32, 4, |_| "always 1 in QEMU".into());
    b.summary(format!("{sig} table, {len} bytes"))
}

// ---------------------------------------------------------------- DMAR

fn dmar(r: &Reader, problems: &mut Vec<String>, root: &mut Structure) {
    let mut b = Builder::new(r, problems, "DMAR fields", "dmar".into(), 36, 12);
    b.int("Host Address Width", 36, 1, |v| {
        format!(
            "{}-bit DMA addresses (intel-iommu aw-bits={})",
            v + 1,
            v + 1
        )
    });
    b.int("Flags", 37, 1, |v| {
        format!(
            "INTR_REMAP {}: interrupt remapping {}; X2APIC_OPT_OUT {}",
            on_off(v & 1 != 0),
            if v & 1 != 0 { "supported" } else { "off" },
            on_off(v & 2 != 0)
        )
    });
    b.reserved(38, 10);
    root.fields.extend(b.summary(String::new()).fields);

    let mut offset = 48;
    let mut index = 0;
    while offset + 4 <= r.bytes.len() {
        let kind = r.uint(offset, 2).unwrap_or(0);
        let len = r.uint(offset + 2, 2).unwrap_or(0) as usize;
        if len < 4 || offset + len > r.bytes.len() {
            problems.push(format!(
                "DMAR structure at {offset:#x} has bad length {len}"
            ));
            break;
        }
        let s = match kind {
            0 => dmar_drhd(r, problems, offset, len),
            2 => dmar_atsr(r, problems, offset, len),
            _ => {
                let mut b = Builder::new(
                    r,
                    problems,
                    "Remapping structure",
                    format!("type {kind} #{index}"),
                    offset,
                    len,
                );
                b.int("Type", offset, 2, |v| {
                    format!("type {v} (not built by QEMU)")
                });
                b.int("Length", offset + 2, 2, |v| format!("{v} bytes"));
                b.summary(format!("remapping structure type {kind}"))
            }
        };
        root.children.push(s);
        offset += len;
        index += 1;
    }
}

fn dmar_drhd(r: &Reader, problems: &mut Vec<String>, offset: usize, len: usize) -> Structure {
    let mut b = Builder::new(
        r,
        problems,
        "DRHD (DMA Remapping Hardware Unit Definition)",
        "drhd".into(),
        offset,
        len,
    );
    b.int("Type", offset, 2, |_| "0: DRHD".into());
    b.int("Length", offset + 2, 2, |v| {
        format!("{v} bytes incl. device scopes")
    });
    let flags = b.int("Flags", offset + 4, 1, |v| {
        if v & 1 != 0 {
            "INCLUDE_PCI_ALL: every PCI device not claimed elsewhere is behind this unit".into()
        } else {
            "INCLUDE_PCI_ALL clear: only the devices in the scopes below are behind this unit (QEMU never sets it)".into()
        }
    });
    b.reserved(offset + 5, 1);
    b.int("Segment Number", offset + 6, 2, |v| {
        format!("PCI segment {v}")
    });
    let base = b.int("Register Base Address", offset + 8, 8, |v| {
        format!("VT-d registers at {v:#x} (Q35_HOST_BRIDGE_IOMMU_ADDR)")
    });
    let mut scope_offset = offset + 16;
    let end = offset + len;
    while scope_offset + 2 <= end {
        let slen = r.uint(scope_offset + 1, 1).unwrap_or(0) as usize;
        if slen < 6 || scope_offset + slen > end {
            b.problems.push(format!(
                "device scope at {scope_offset:#x} has bad length {slen}"
            ));
            break;
        }
        let scope = dmar_scope(r, b.problems, scope_offset, slen);
        b.structure.children.push(scope);
        scope_offset += slen;
    }
    let n = b.structure.children.len();
    b.summary(format!(
        "the remapping unit at {base:#x}: {} ({n} device scopes)",
        if flags & 1 != 0 {
            "all devices"
        } else {
            "only the listed devices"
        }
    ))
}

fn dmar_scope(r: &Reader, problems: &mut Vec<String>, offset: usize, len: usize) -> Structure {
    let kind = r.uint(offset, 1).unwrap_or(0);
    let bus = r.uint(offset + 5, 1).unwrap_or(0);
    let dev = r.uint(offset + 6, 1).unwrap_or(0);
    let func = r.uint(offset + 7, 1).unwrap_or(0);
    let bdf = format!("{bus:02x}:{dev:02x}.{func:x}");
    let (kind_name, summary) = match kind {
        1 => (
            "endpoint",
            format!("device scope: endpoint {bdf}, this function only"),
        ),
        2 => (
            "bridge",
            format!("device scope: bridge {bdf}, covers everything below it"),
        ),
        3 => (
            "ioapic",
            format!(
                "device scope: IOAPIC (enumeration id {}) at {bdf}, source of remapped interrupts",
                r.uint(offset + 4, 1).unwrap_or(0)
            ),
        ),
        4 => ("hpet", format!("device scope: HPET at {bdf}")),
        5 => (
            "acpi-namespace",
            format!("device scope: ACPI namespace device at {bdf}"),
        ),
        _ => ("unknown", format!("device scope of unknown type {kind}")),
    };
    let key = if kind == 3 {
        "scope ioapic".to_string()
    } else {
        format!("scope {kind_name} {bdf}")
    };
    let mut b = Builder::new(r, problems, "Device Scope", key, offset, len);
    b.int("Type", offset, 1, |v| {
        match v {
            1 => "1: PCI endpoint device",
            2 => "2: PCI sub-hierarchy (a bridge and all devices below it)",
            3 => "3: IOAPIC",
            4 => "4: MSI-capable HPET",
            5 => "5: ACPI namespace device",
            _ => "reserved type",
        }
        .into()
    });
    b.int("Length", offset + 1, 1, |v| {
        format!("{v} bytes (one path entry)")
    });
    b.int("Flags", offset + 2, 1, |_| "reserved in VT-d < 3.4".into());
    b.reserved(offset + 3, 1);
    b.int("Enumeration ID", offset + 4, 1, |v| {
        if kind == 3 {
            format!("IOAPIC id {v}")
        } else {
            "unused for PCI devices".into()
        }
    });
    b.int("Start Bus Number", offset + 5, 1, |v| {
        if kind == 3 {
            format!("bus {v:#04x}: QEMU's pseudo bus for platform devices")
        } else {
            format!("bus {v:#04x}: the root bus the path starts on")
        }
    });
    let mut path = offset + 6;
    while path + 2 <= offset + len {
        b.int("Path: Device", path, 1, |v| format!("device {v:#04x}"));
        b.int("Path: Function", path + 1, 1, |v| format!("function {v}"));
        path += 2;
    }
    b.summary(summary)
}

fn dmar_atsr(r: &Reader, problems: &mut Vec<String>, offset: usize, len: usize) -> Structure {
    let mut b = Builder::new(
        r,
        problems,
        "ATSR (Root Port ATS Capability Reporting)",
        "atsr".into(),
        offset,
        len,
    );
    b.int("Type", offset, 2, |_| "2: ATSR".into());
    b.int("Length", offset + 2, 2, |v| format!("{v} bytes"));
    let flags = b.int("Flags", offset + 4, 1, |v| {
        if v & 1 != 0 {
            "ALL_PORTS: every root port in the segment supports ATS".into()
        } else {
            "ALL_PORTS clear: only the listed root ports support ATS".into()
        }
    });
    b.reserved(offset + 5, 1);
    b.int("Segment Number", offset + 6, 2, |v| {
        format!("PCI segment {v}")
    });
    b.summary(format!(
        "device IOTLBs (ATS) allowed{} (intel-iommu device-iotlb=on)",
        if flags & 1 != 0 {
            " below all root ports"
        } else {
            ""
        }
    ))
}

// ---------------------------------------------------------------- IVRS

fn ivrs(r: &Reader, problems: &mut Vec<String>, root: &mut Structure) {
    let mut b = Builder::new(r, problems, "IVRS fields", "ivrs".into(), 36, 12);
    b.int("IVinfo", 36, 4, |v| {
        format!(
            "physical address size {} bits, virtual address size {} bits, EFRSup {}",
            (v >> 8) & 0x7f,
            (v >> 15) & 0x7f,
            on_off(v & 1 != 0)
        )
    });
    b.reserved(40, 8);
    root.fields.extend(b.summary(String::new()).fields);
    let mut offset = 48;
    while offset + 4 <= r.bytes.len() {
        let kind = r.uint(offset, 1).unwrap_or(0);
        let len = r.uint(offset + 2, 2).unwrap_or(0) as usize;
        if len < 4 || offset + len > r.bytes.len() {
            problems.push(format!("IVRS block at {offset:#x} has bad length {len}"));
            break;
        }
        root.children.push(ivhd(r, problems, offset, len, kind));
        offset += len;
    }
}

fn ivhd(r: &Reader, problems: &mut Vec<String>, offset: usize, len: usize, kind: u64) -> Structure {
    let name = format!("IVHD type {kind:#04x}");
    let mut b = Builder::new(r, problems, &name, format!("ivhd {kind:#04x}"), offset, len);
    b.int("Type", offset, 1, |v| match v {
        0x10 => "0x10: IVHD with feature reporting (legacy)".into(),
        0x11 => "0x11: IVHD with EFR image".into(),
        0x40 => "0x40: IVHD with EFR image and ACPI HID".into(),
        _ => format!("{v:#04x}: not an IVHD type QEMU builds"),
    });
    b.int("Flags", offset + 1, 1, |v| {
        let names = [
            (0, "HtTunEn"),
            (1, "PassPW"),
            (2, "ResPassPW"),
            (3, "Isoc"),
            (4, "IotlbSup"),
            (5, "Coherent"),
            (6, "PreFSup"),
            (7, "PPRSup"),
        ];
        let set: Vec<&str> = names
            .iter()
            .filter(|(bit, _)| v & (1 << bit) != 0)
            .map(|(_, n)| *n)
            .collect();
        set.join(" | ")
    });
    b.int("Length", offset + 2, 2, |v| {
        format!("{v} bytes incl. device entries")
    });
    let devid = b.int("IOMMU DeviceID", offset + 4, 2, |v| {
        format!("the IOMMU's own PCI function {} (AMDVI-PCI)", bdf_text(v))
    });
    b.int("Capability Offset", offset + 6, 2, |v| {
        format!("IOMMU capability block at config offset {v:#x}")
    });
    b.int("IOMMU Base Address", offset + 8, 8, |v| {
        format!("MMIO registers at {v:#x}")
    });
    b.int("PCI Segment Group", offset + 16, 2, |v| {
        format!("segment {v}")
    });
    b.int("IOMMU Info", offset + 18, 2, |v| {
        format!("MSI number {}, unit id {}", v & 0x1f, (v >> 8) & 0x1f)
    });
    let header = if kind == 0x10 {
        b.int("IOMMU Feature Reporting", offset + 20, 4, |v| {
            format!(
                "XTSup {}, GTSup {}, GASup {}, HATS/GATS bits as QEMU truncates them",
                on_off(v & 1 != 0),
                on_off(v & 4 != 0),
                on_off(v & 0x40 != 0)
            )
        });
        24
    } else {
        b.int("IOMMU Attributes", offset + 20, 4, |v| {
            if v == 0 {
                "none".into()
            } else {
                format!("{v:#x}")
            }
        });
        b.int("EFR Register Image", offset + 24, 8, |v| {
            format!(
                "extended features as the IOMMU reports them (XTSup {})",
                on_off(v & 4 != 0)
            )
        });
        b.reserved(offset + 32, 8);
        40
    };
    let mut e = offset + header;
    let end = offset + len;
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    while e < end {
        let t = r.uint(e, 1).unwrap_or(0);
        let size = match t {
            0..=0x3f => 4,
            0x40..=0x7f => 8,
            _ => {
                // Variable-length (ACPI HID) entries are not built by QEMU.
                b.problems
                    .push(format!("IVHD entry type {t:#04x} at {e:#x} not decoded"));
                break;
            }
        };
        if e + size > end {
            b.problems
                .push(format!("IVHD entry at {e:#x} runs past the block"));
            break;
        }
        let mut entry = ivhd_entry(r, b.problems, e, size, t);
        let n = counts.entry(entry.key.clone()).or_default();
        if *n > 0 {
            entry.key = format!("{} #{n}", entry.key);
        }
        *n += 1;
        b.structure.children.push(entry);
        e += size;
    }
    let n = b.structure.children.len();
    b.summary(format!(
        "AMD IOMMU at {} with {n} device entries ({})",
        bdf_text(devid),
        if kind == 0x10 {
            "read by guests that predate type 0x11"
        } else {
            "preferred by current guests"
        }
    ))
}

fn ivhd_entry(r: &Reader, problems: &mut Vec<String>, e: usize, size: usize, t: u64) -> Structure {
    let id = r.uint(e + 1, 2).unwrap_or(0);
    let bdf = bdf_text(id);
    let (name, key, summary) = match t {
        0x01 => ("All", "all".to_string(), "every device on the segment is behind this IOMMU (QEMU: no root bus is translated, so nothing was listed)".to_string()),
        0x02 => ("Select", format!("select {bdf}"), format!("device {bdf} is behind this IOMMU")),
        0x03 => ("Start of Range", format!("range-start {bdf}"), format!("devices from {bdf} up to the next End of Range are behind this IOMMU")),
        0x04 => ("End of Range", format!("range-end {bdf}"), format!("range ends at {bdf}")),
        0x42 => ("Alias Select", format!("alias-select {bdf}"), format!("device {bdf} uses an alias requester id")),
        0x43 => {
            let alias = r.uint(e + 5, 2).unwrap_or(0);
            ("Alias Start of Range", format!("alias-range {bdf}"), format!("devices from {bdf} to the next End of Range are seen with requester id {} (conventional PCI bus behind a bridge)", bdf_text(alias)))
        }
        0x48 => {
            let handle = r.uint(e + 4, 1).unwrap_or(0);
            let src = r.uint(e + 5, 2).unwrap_or(0);
            ("Special Device", "special ioapic".to_string(), format!("IOAPIC id {handle} sends interrupts with requester id {} (interrupt remapping)", bdf_text(src)))
        }
        _ => ("Device entry", format!("type {t:#04x} {bdf}"), format!("entry type {t:#04x}")),
    };
    let mut b = Builder::new(r, problems, name, key, e, size);
    b.int("Type", e, 1, |v| format!("{v:#04x}: {name}"));
    if t == 0x48 {
        b.int("Reserved", e + 1, 2, |_| "must be zero".into());
        b.int("DTE Setting", e + 3, 1, |v| format!("{v:#04x}"));
        b.int("Handle", e + 4, 1, |v| format!("IOAPIC id {v}"));
        b.int("Source DeviceID", e + 5, 2, |v| {
            format!("requester id {}", bdf_text(v))
        });
        b.int("Variety", e + 7, 1, |v| {
            match v {
                1 => "1: IOAPIC",
                2 => "2: HPET",
                _ => "other",
            }
            .into()
        });
    } else {
        b.int("DeviceID", e + 1, 2, |v| {
            if t == 1 {
                "unused".into()
            } else {
                format!(
                    "{} (bus {:#04x}, devfn {:#04x})",
                    bdf_text(v),
                    v >> 8,
                    v & 0xff
                )
            }
        });
        b.int("DTE Setting", e + 3, 1, |v| {
            if v == 0 {
                "no special device-table settings".into()
            } else {
                format!("{v:#04x}")
            }
        });
        if size == 8 {
            b.reserved(e + 4, 1);
            b.int("Alias DeviceID", e + 5, 2, |v| {
                format!("requester id {}", bdf_text(v))
            });
            b.reserved(e + 7, 1);
        }
    }
    b.summary(summary)
}

// ---------------------------------------------------------------- IORT

fn iort(r: &Reader, problems: &mut Vec<String>, root: &mut Structure) {
    let mut b = Builder::new(r, problems, "IORT fields", "iort".into(), 36, 12);
    let count = b.int("Number of IORT Nodes", 36, 4, |v| format!("{v} nodes"));
    let first = b.int("Offset to Array of IORT Nodes", 40, 4, |v| {
        format!("first node at {v:#x}")
    });
    b.reserved(44, 4);
    root.fields.extend(b.summary(String::new()).fields);
    let mut offset = first as usize;
    for _ in 0..count.min(256) {
        let kind = r.uint(offset, 1).unwrap_or(0);
        let len = r.uint(offset + 1, 2).unwrap_or(0) as usize;
        if len < 16 || offset + len > r.bytes.len() {
            problems.push(format!("IORT node at {offset:#x} has bad length {len}"));
            break;
        }
        root.children
            .push(iort_node(r, problems, offset, len, kind));
        offset += len;
    }
}

fn iort_node_name(r: &Reader, offset: u64) -> String {
    match r.uint(offset as usize, 1) {
        Some(0) => "ITS group".into(),
        Some(1) => "named component".into(),
        Some(2) => "root complex".into(),
        Some(3) => "SMMUv1/v2".into(),
        Some(4) => "SMMUv3".into(),
        Some(5) => "PMCG".into(),
        Some(6) => "RMR".into(),
        _ => format!("node at {offset:#x}"),
    }
}

fn iort_node(
    r: &Reader,
    problems: &mut Vec<String>,
    offset: usize,
    len: usize,
    kind: u64,
) -> Structure {
    let (name, key) = match kind {
        0 => ("ITS Group node", "its-group"),
        2 => ("Root Complex node", "root-complex"),
        4 => ("SMMUv3 node", "smmuv3"),
        _ => ("IORT node", "node"),
    };
    let mut b = Builder::new(
        r,
        problems,
        name,
        format!("{key} @{offset:#x}"),
        offset,
        len,
    );
    if kind != 4 {
        b.structure.key = key.into();
    }
    b.int("Type", offset, 1, |v| {
        format!("{v}: {}", iort_node_name(r, offset as u64))
    });
    b.int("Length", offset + 1, 2, |v| {
        format!("{v} bytes incl. ID mappings")
    });
    b.int("Revision", offset + 3, 1, |v| format!("node revision {v}"));
    b.int("Identifier", offset + 4, 4, |v| {
        format!("unique node id {v}")
    });
    let maps = b.int("Number of ID mappings", offset + 8, 4, |v| format!("{v}"));
    let maps_at = b.int("Reference to ID Array", offset + 12, 4, |v| {
        format!("ID mappings start {v:#x} bytes into the node")
    });
    let summary = match kind {
        0 => {
            let n = b.int("Number of ITSs", offset + 16, 4, |v| format!("{v}"));
            for i in 0..n.min(16) as usize {
                b.int("GIC ITS Identifier", offset + 20 + 4 * i, 4, |v| {
                    format!("ITS {v} in the MADT")
                });
            }
            "the GICv3 ITS: MSIs from devices not behind an SMMU go straight here".to_string()
        }
        4 => {
            let base = b.int("Base Address", offset + 16, 8, |v| {
                format!("SMMUv3 registers at {v:#x}")
            });
            b.int("Flags", offset + 24, 4, |v| {
                format!(
                    "COHACC override {}, HTTU override {}, proximity domain valid {}",
                    on_off(v & 1 != 0),
                    (v >> 1) & 3,
                    on_off(v & 8 != 0)
                )
            });
            b.reserved(offset + 28, 4);
            b.int("VATOS Address", offset + 32, 8, |v| {
                if v == 0 {
                    "no VATOS".into()
                } else {
                    format!("{v:#x}")
                }
            });
            b.int("Model", offset + 40, 4, |v| {
                if v == 0 {
                    "0: generic SMMUv3".into()
                } else {
                    format!("model {v}")
                }
            });
            b.int("Event GSIV", offset + 44, 4, |v| {
                format!("event queue interrupt {v}")
            });
            b.int("PRI GSIV", offset + 48, 4, |v| {
                format!("PRI queue interrupt {v}")
            });
            b.int("GERR GSIV", offset + 52, 4, |v| {
                format!("global error interrupt {v}")
            });
            b.int("Sync GSIV", offset + 56, 4, |v| {
                format!("CMD_SYNC interrupt {v}")
            });
            b.int("Proximity Domain", offset + 60, 4, |v| format!("{v}"));
            b.int("DeviceID Mapping Index", offset + 64, 4, |v| {
                format!("{v} (unused: wired interrupts)")
            });
            format!("the SMMUv3 at {base:#x}: translates DMA of the RIDs mapped to it")
        }
        2 => {
            b.int("Cache Coherent Attribute", offset + 16, 4, |v| {
                if v == 1 {
                    "1: fully coherent".into()
                } else {
                    format!("{v}")
                }
            });
            b.int("Allocation Hints", offset + 20, 1, |v| format!("{v:#x}"));
            b.reserved(offset + 21, 2);
            b.int("Memory Access Flags", offset + 23, 1, |v| {
                format!("CPM {}, DACS {}", on_off(v & 1 != 0), on_off(v & 2 != 0))
            });
            b.int("ATS Attribute", offset + 24, 4, |v| {
                if v & 1 != 0 {
                    "ATS supported".into()
                } else {
                    "ATS not supported".into()
                }
            });
            b.int("PCI Segment number", offset + 28, 4, |v| {
                format!("segment {v} (MCFG)")
            });
            b.int("Memory address size limit", offset + 32, 1, |v| {
                format!("{v}-bit DMA addresses")
            });
            b.reserved(offset + 33, 3);
            "the PCI root complex: its ID mappings say which requester ids go through the SMMU"
                .into()
        }
        _ => format!("node type {kind} (not built by QEMU)"),
    };
    let mut m = offset + maps_at as usize;
    for _ in 0..maps.min(256) {
        if m + 20 > offset + len {
            b.problems
                .push(format!("ID mapping at {m:#x} runs past the node"));
            break;
        }
        let mapping = iort_mapping(r, b.problems, m);
        b.structure.children.push(mapping);
        m += 20;
    }
    b.summary(summary)
}

fn iort_mapping(r: &Reader, problems: &mut Vec<String>, m: usize) -> Structure {
    let input = r.uint(m, 4).unwrap_or(0);
    let num = r.uint(m + 4, 4).unwrap_or(0);
    let out_ref = r.uint(m + 12, 4).unwrap_or(0);
    let target = iort_node_name(r, out_ref);
    let last = input + num;
    let buses = format!("buses {:02x}–{:02x}", input >> 8, (last >> 8).min(0xff));
    let mut b = Builder::new(
        r,
        problems,
        "ID mapping",
        format!("map {input:#06x} -> {target}"),
        m,
        20,
    );
    b.int("Input base", m, 4, |v| {
        format!("first requester id {v:#06x} ({})", bdf_text(v))
    });
    b.int("Number of IDs", m + 4, 4, |v| {
        format!("{v:#x}: per spec the range has {v:#x}+1 ids, last {:#06x} (QEMU ≤ 9.0 wrote the count here, one too many)", input + v)
    });
    b.int("Output base", m + 8, 4, |v| {
        format!("first output id {v:#06x}")
    });
    b.int("Output reference", m + 12, 4, |v| {
        format!("node at {v:#x}: {target}")
    });
    b.int("Flags", m + 16, 4, |v| {
        if v & 1 != 0 {
            "single mapping".into()
        } else {
            "range mapping".into()
        }
    });
    let verdict = if target == "SMMUv3" {
        "translated by the SMMUv3"
    } else if target == "ITS group" {
        "MSIs straight to the ITS, DMA not translated (bypass or no IOMMU)"
    } else {
        "mapped"
    };
    b.summary(format!(
        "RIDs {input:#06x}–{last:#06x} ({buses}) → {target}: {verdict}"
    ))
}

// ---------------------------------------------------------------- VIOT

fn viot(r: &Reader, problems: &mut Vec<String>, root: &mut Structure) {
    let mut b = Builder::new(r, problems, "VIOT fields", "viot".into(), 36, 12);
    let count = b.int("Node count", 36, 2, |v| format!("{v} nodes"));
    let first = b.int("Node offset", 38, 2, |v| format!("first node at {v:#x}"));
    b.reserved(40, 8);
    root.fields.extend(b.summary(String::new()).fields);
    let mut offset = first as usize;
    for _ in 0..count {
        let kind = r.uint(offset, 1).unwrap_or(0);
        let len = r.uint(offset + 2, 2).unwrap_or(0) as usize;
        if len < 4 || offset + len > r.bytes.len() {
            problems.push(format!("VIOT node at {offset:#x} has bad length {len}"));
            break;
        }
        root.children
            .push(viot_node(r, problems, offset, len, kind));
        offset += len;
    }
}

fn viot_node(
    r: &Reader,
    problems: &mut Vec<String>,
    offset: usize,
    len: usize,
    kind: u64,
) -> Structure {
    match kind {
        1 => {
            let start = r.uint(offset + 12, 2).unwrap_or(0);
            let end = r.uint(offset + 14, 2).unwrap_or(0);
            let mut b = Builder::new(
                r,
                problems,
                "PCI range node",
                format!("pci-range {start:#06x}"),
                offset,
                len,
            );
            b.int("Type", offset, 1, |_| "1: PCI range".into());
            b.reserved(offset + 1, 1);
            b.int("Length", offset + 2, 2, |v| format!("{v} bytes"));
            b.int("Endpoint start", offset + 4, 4, |v| {
                format!("endpoint id of the first BDF: {v:#x}")
            });
            b.int("PCI Segment start", offset + 8, 2, |v| {
                format!("segment {v}")
            });
            b.int("PCI Segment end", offset + 10, 2, |v| {
                format!("segment {v}")
            });
            b.int("PCI BDF start", offset + 12, 2, bdf_text);
            b.int("PCI BDF end", offset + 14, 2, bdf_text);
            b.int("Output node", offset + 16, 2, |v| {
                format!("the virtio-iommu node at {v:#x}")
            });
            b.reserved(offset + 18, 6);
            b.summary(format!(
                "requester ids {}–{} (buses {:02x}–{:02x}, one root bus's range) are translated by virtio-iommu",
                bdf_text(start),
                bdf_text(end),
                start >> 8,
                end >> 8
            ))
        }
        3 => {
            let bdf = r.uint(offset + 6, 2).unwrap_or(0);
            let mut b = Builder::new(
                r,
                problems,
                "virtio-pci IOMMU node",
                "virtio-pci-iommu".into(),
                offset,
                len,
            );
            b.int("Type", offset, 1, |_| "3: virtio-pci IOMMU".into());
            b.reserved(offset + 1, 1);
            b.int("Length", offset + 2, 2, |v| format!("{v} bytes"));
            b.int("PCI Segment", offset + 4, 2, |v| format!("segment {v}"));
            b.int("PCI BDF number", offset + 6, 2, |v| {
                format!("the virtio-iommu-pci function {}", bdf_text(v))
            });
            b.reserved(offset + 8, 8);
            b.summary(format!("the virtio-iommu device at {}", bdf_text(bdf)))
        }
        _ => {
            let mut b = Builder::new(
                r,
                problems,
                "VIOT node",
                format!("type {kind} @{offset:#x}"),
                offset,
                len,
            );
            b.int("Type", offset, 1, |v| format!("{v} (not built by QEMU)"));
            b.summary(format!("node type {kind}"))
        }
    }
}

// ---------------------------------------------------------------- names

/// Adds the design's device names to structures that name one function (DMAR scopes, IVRS
/// select/range entries, VIOT's IOMMU node), e.g. `… endpoint 00:02.0 … [pxb-pcie pxb1]`.
pub fn annotate(table: &mut DecodedTable, topology: &Topology) {
    let mut names = std::collections::BTreeMap::new();
    for (index, f) in topology.functions.iter().enumerate() {
        let label = match &f.id {
            Some(id) => format!("{} {id}", f.driver),
            None => f.driver.clone(),
        };
        names.insert(u64::from(super::bdf_of(topology, index)), label);
    }
    annotate_structure(&mut table.root, &names);
}

fn annotate_structure(s: &mut Structure, names: &std::collections::BTreeMap<u64, String>) {
    let value = |name: &str| s.fields.iter().find(|f| f.name == name).map(|f| f.value);
    let bdf = if s.name == "Device Scope" && value("Type") != Some(3) {
        match (
            value("Start Bus Number"),
            value("Path: Device"),
            value("Path: Function"),
        ) {
            (Some(bus), Some(dev), Some(func)) => Some((bus << 8) | (dev << 3) | func),
            _ => None,
        }
    } else if matches!(
        s.name.as_str(),
        "Select" | "Start of Range" | "Alias Select"
    ) {
        value("DeviceID")
    } else if s.name == "virtio-pci IOMMU node" {
        value("PCI BDF number")
    } else {
        None
    };
    if let Some(label) = bdf.and_then(|b| names.get(&b)) {
        s.summary = format!("{} [{label}]", s.summary);
    }
    for c in &mut s.children {
        annotate_structure(c, names);
    }
}

// ---------------------------------------------------------------- rendering

/// The readable view: structures indented, one field per line with its meaning.
pub fn render_text(table: &DecodedTable) -> String {
    let mut out = String::new();
    render_structure(&table.root, 0, &mut out);
    for p in &table.problems {
        out.push_str(&format!("  problem: {p}\n"));
    }
    out
}

fn render_structure(s: &Structure, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    out.push_str(&format!(
        "{pad}[{:04x}+{:<3}] {}{}{}\n",
        s.offset,
        s.length,
        s.name,
        if s.summary.is_empty() { "" } else { " — " },
        s.summary
    ));
    for f in &s.fields {
        out.push_str(&format!(
            "{pad}  {:04x} {:<28} {:<20} {}\n",
            f.offset, f.name, f.display, f.meaning
        ));
    }
    for c in &s.children {
        render_structure(c, depth + 1, out);
    }
}

/// Every field with its path (`DRHD / Device Scope / Start Bus Number`), in offset order.
pub fn fields_with_paths(table: &DecodedTable) -> Vec<(String, &Field)> {
    fn walk<'a>(s: &'a Structure, prefix: &str, out: &mut Vec<(String, &'a Field)>) {
        let path = if prefix.is_empty() {
            s.name.clone()
        } else {
            format!("{prefix} / {}", s.name)
        };
        for f in &s.fields {
            out.push((format!("{path} / {}", f.name), f));
        }
        for c in &s.children {
            walk(c, &path, out);
        }
    }
    let mut out = Vec::new();
    walk(&table.root, "", &mut out);
    out.sort_by_key(|(_, f)| f.offset);
    out
}

/// One line of the annotated hex dump: up to 16 bytes and the fields that start on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HexLine {
    /// Offset of the first byte.
    pub offset: usize,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// For each byte, the index into [`fields_with_paths`] of the field covering it.
    pub field_of_byte: Vec<Option<usize>>,
}

/// The annotated hex dump: 16 bytes per line, each byte pointing to its field.
pub fn annotated_hex(table: &DecodedTable, bytes: &[u8]) -> Vec<HexLine> {
    let fields = fields_with_paths(table);
    let mut owner: Vec<Option<usize>> = vec![None; bytes.len()];
    for (i, (_, f)) in fields.iter().enumerate() {
        for slot in owner.iter_mut().skip(f.offset).take(f.length) {
            *slot = Some(i);
        }
    }
    bytes
        .chunks(16)
        .enumerate()
        .map(|(line, chunk)| HexLine {
            offset: line * 16,
            bytes: chunk.to_vec(),
            field_of_byte: owner
                .iter()
                .skip(line * 16)
                .take(chunk.len())
                .copied()
                .collect(),
        })
        .collect()
}

/// The annotated hex dump as text: each field's bytes on a line with its path and value.
pub fn render_hex(table: &DecodedTable, bytes: &[u8]) -> String {
    let mut out = String::new();
    for (path, f) in fields_with_paths(table) {
        let hex: Vec<String> = bytes
            .iter()
            .skip(f.offset)
            .take(f.length.min(16))
            .map(|b| format!("{b:02x}"))
            .collect();
        let more = if f.length > 16 { " …" } else { "" };
        out.push_str(&format!(
            "{:04x}  {:<48} {} = {}\n",
            f.offset,
            format!("{}{more}", hex.join(" ")),
            path,
            f.display
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::acpi::testutil::unhex;

    /// The notes' all-bypass DMAR with aw-bits=39 and device-iotlb=on.
    fn dmar_all_bypass() -> Vec<u8> {
        let mut t = unhex(
            "444d4152500000000100424f43485320425850432020202001000000425850430100000026000000
             000000000000000000001800000000000000d9fe000000000308000000ff00000200080001000000",
        );
        crate::engine::acpi::sdt::fill_checksum(&mut t);
        t
    }

    #[test]
    fn dmar_fields_and_scopes() {
        let t = dmar_all_bypass();
        let d = decode(&t);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(d.signature, "DMAR");
        let drhd = &d.root.children[0];
        assert_eq!(drhd.children.len(), 1);
        assert!(drhd.children[0].summary.contains("IOAPIC"));
        assert_eq!(d.root.children[1].key, "atsr");
        let haw = d
            .root
            .fields
            .iter()
            .find(|f| f.name == "Host Address Width");
        assert_eq!(haw.map(|f| f.value), Some(0x26));
        let text = render_text(&d);
        assert!(text.contains("39-bit DMA addresses"));
        // every byte of the table belongs to some field
        let hex = annotated_hex(&d, &t);
        assert!(hex
            .iter()
            .all(|l| l.field_of_byte.iter().all(Option::is_some)));
    }

    #[test]
    fn bridge_scope_meaning() {
        let mut b = crate::engine::acpi::testutil::TopoBuilder::q35(false);
        let (_, p) = b.pxb(0x08, 0x10, false, 1);
        b.bridge(p, 0, "pcie-root-port", 0x11, 0x11, true);
        let opts = crate::engine::acpi::dmar::DmarOptions {
            host_address_width: 47,
            intremap: false,
            device_iotlb: false,
        };
        let t = crate::engine::acpi::dmar::build(&Default::default(), &b.t, &[0, 1], &opts);
        let d = decode(&t);
        let scopes = &d.root.children[0].children;
        assert!(scopes
            .iter()
            .any(|s| s.summary == "device scope: bridge 10:00.0, covers everything below it"));
        let mut named = d.clone();
        annotate(&mut named, &b.t);
        let scopes = &named.root.children[0].children;
        assert!(scopes.iter().any(|s| s.summary
            == "device scope: bridge 10:00.0, covers everything below it [pcie-root-port f5]"));
    }

    #[test]
    fn truncated_input_reports_problems_without_panicking() {
        let t = dmar_all_bypass();
        for cut in 0..t.len() {
            let d = decode(&t[..cut]);
            let _ = render_text(&d);
            let _ = render_hex(&d, &t[..cut]);
        }
        let d = decode(&[]);
        assert!(!d.problems.is_empty());
    }

    #[test]
    fn iort_and_viot_and_ivrs_decode_cleanly() {
        for hex in [
            "494f5254ec0000000355424f43485320425850432020202001000000425850430100000003000000300000000000000000180001000000000000000000000000010000000000000004580004010000000100000044000000000005090000000001000000000000000000000000000000000000006a0000006b0000006d0000006c000000000000000000000000000000ffff0000000000003000000000000000024c00030200000002000000240000000100000000000003000000000000000040000000000000000001000000000000480000000000000000010000fffe0000000100003000000000000000",
            "56494f54580000000066424f434853204258504320202020010000004258504301000000020030000000000000000000030010000000080000000000000000000100180000000000000000000000ff003000000000000000",
            "49565253a800000001b8424f43485320425850432020202001000000425850430100000001280000000000000000000010d13400080040000000d8fe000000000000000044000000020000000208000002f8000002fa000002fb00004800000000a0000111114400080040000000d8fe000000000000000000000000d3290000000000000000000000000000020000000208000002f8000002fa000002fb00004800000000a00001",
        ] {
            let t = unhex(hex);
            let d = decode(&t);
            assert!(d.problems.is_empty(), "{}: {:?}", d.signature, d.problems);
            let hex = annotated_hex(&d, &t);
            let uncovered: Vec<usize> = hex
                .iter()
                .flat_map(|l| {
                    l.field_of_byte
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.is_none())
                        .map(move |(i, _)| l.offset + i)
                })
                .collect();
            assert!(uncovered.is_empty(), "{}: {uncovered:?}", d.signature);
        }
    }
}
