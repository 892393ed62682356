//! The ACPI tables QEMU hands the firmware through fw_cfg (`etc/acpi/tables`, `etc/acpi/rsdp`):
//! find each table through the RSDT/XSDT, whose pointers hold offsets into the blob before the
//! firmware's loader adds the blob's address, and fill in the checksum the loader would write.

use std::collections::BTreeMap;

/// The signatures compared by the conformance tests.
pub const VIOMMU_TABLES: [&str; 4] = ["DMAR", "IVRS", "IORT", "VIOT"];

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// The tables of a blob: (signature, bytes with checksum filled in), in RSDT/XSDT order.
pub fn tables(blob: &[u8], rsdp: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    if rsdp.get(0..8) != Some(b"RSD PTR ".as_slice()) {
        return Err("etc/acpi/rsdp has no RSD PTR signature".to_string());
    }
    let revision = rsdp.get(15).copied().unwrap_or(0);
    let xsdt = if revision >= 2 {
        u64_at(rsdp, 24).unwrap_or(0)
    } else {
        0
    };
    let (root, entry_size) = if xsdt != 0 {
        (xsdt as usize, 8)
    } else {
        (u32_at(rsdp, 16).ok_or("short RSDP")? as usize, 4)
    };
    let root_len = u32_at(blob, root + 4).ok_or("root table outside the blob")? as usize;
    let mut out = Vec::new();
    let mut at = root + 36;
    while at + entry_size <= root + root_len {
        let offset = if entry_size == 8 {
            u64_at(blob, at).ok_or("short XSDT")? as usize
        } else {
            u32_at(blob, at).ok_or("short RSDT")? as usize
        };
        at += entry_size;
        let length = u32_at(blob, offset + 4).ok_or("table outside the blob")? as usize;
        let mut table = blob
            .get(offset..offset + length)
            .ok_or("table runs past the blob")?
            .to_vec();
        let signature = String::from_utf8_lossy(table.get(0..4).unwrap_or_default()).to_string();
        fill_checksum(&mut table);
        out.push((signature, table));
    }
    Ok(out)
}

/// Sets byte 9 so the table's bytes sum to 0 (what the firmware's loader does).
pub fn fill_checksum(table: &mut [u8]) {
    if table.len() < 10 {
        return;
    }
    table[9] = 0;
    let sum = table.iter().fold(0u8, |acc, b| acc.wrapping_add(*b));
    table[9] = 0u8.wrapping_sub(sum);
}

/// The vIOMMU tables among `tables`, as lowercase hex.
pub fn viommu_hex(tables: &[(String, Vec<u8>)]) -> BTreeMap<String, String> {
    tables
        .iter()
        .filter(|(sig, _)| VIOMMU_TABLES.contains(&sig.as_str()))
        .map(|(sig, bytes)| {
            (
                sig.clone(),
                bytes.iter().map(|b| format!("{b:02x}")).collect(),
            )
        })
        .collect()
}
