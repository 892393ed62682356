//! The shared ACPI system-description-table writer: the 36-byte header QEMU writes for every
//! table, little-endian field appenders, and the checksum the firmware fills in.
//!
//! QEMU itself leaves the checksum byte 0 in fw_cfg `etc/acpi/tables`; the firmware
//! (SeaBIOS / EDK2) computes it when it installs the table (`hw/acpi/aml-build.c
//! acpi_table_end` adds a checksum command to the linker). We emit the installed form.

/// Byte offset of the length field in the header.
pub const LENGTH_OFFSET: usize = 4;
/// Byte offset of the checksum byte in the header.
pub const CHECKSUM_OFFSET: usize = 9;
/// Size of the common header.
pub const HEADER_LEN: usize = 36;

/// QEMU's default OEM id (`hw/acpi/aml-build.h ACPI_BUILD_APPNAME6`).
pub const DEFAULT_OEM_ID: &str = "BOCHS ";
/// QEMU's default OEM table id (`ACPI_BUILD_APPNAME8`).
pub const DEFAULT_OEM_TABLE_ID: &str = "BXPC    ";

/// The OEM identity written into every header (`-machine x-oem-id=`, `x-oem-table-id=`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OemIds {
    /// 6 bytes, NUL padded.
    pub oem_id: [u8; 6],
    /// 8 bytes, NUL padded.
    pub oem_table_id: [u8; 8],
}

impl Default for OemIds {
    fn default() -> Self {
        OemIds::new(DEFAULT_OEM_ID, DEFAULT_OEM_TABLE_ID)
    }
}

impl OemIds {
    /// Pads with NULs or truncates (QEMU `hw/acpi/aml-build.c build_append_padded_str` with
    /// '\0'; measured: `x-oem-id=ABCDEF,x-oem-table-id=TBL` gives "TBL\0\0\0\0\0"). The
    /// defaults carry their own spaces.
    pub fn new(oem_id: &str, oem_table_id: &str) -> OemIds {
        OemIds {
            oem_id: padded(oem_id),
            oem_table_id: padded(oem_table_id),
        }
    }
}

fn padded<const N: usize>(text: &str) -> [u8; N] {
    let mut out = [0u8; N];
    for (slot, byte) in out.iter_mut().zip(text.bytes()) {
        *slot = byte;
    }
    out
}

/// Appends one table: header first, then fields; [`SdtWriter::finish`] patches length and
/// checksum.
#[derive(Clone, Debug)]
pub struct SdtWriter {
    bytes: Vec<u8>,
}

impl SdtWriter {
    /// Starts a table with QEMU's header (`hw/acpi/aml-build.c acpi_table_begin`):
    /// signature, length (patched), revision, checksum (patched), OEM id, OEM table id,
    /// OEM revision 1, creator id `BXPC`, creator revision 1.
    pub fn new(signature: &[u8; 4], revision: u8, oem: &OemIds) -> SdtWriter {
        let mut w = SdtWriter {
            bytes: Vec::with_capacity(128),
        };
        w.bytes(signature);
        w.u32(0);
        w.u8(revision);
        w.u8(0);
        w.bytes(&oem.oem_id);
        w.bytes(&oem.oem_table_id);
        w.u32(1);
        w.bytes(b"BXPC");
        w.u32(1);
        w
    }

    /// Current length in bytes (offset of the next field from the table start).
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True when nothing was written (never after `new`).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Appends one byte.
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    /// Appends a little-endian u16.
    pub fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// Appends a little-endian u32.
    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// Appends a little-endian u64.
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// Appends raw bytes.
    pub fn bytes(&mut self, v: &[u8]) {
        self.bytes.extend_from_slice(v);
    }

    /// Appends `n` zero bytes.
    pub fn zeros(&mut self, n: usize) {
        self.bytes.resize(self.bytes.len() + n, 0);
    }

    /// Overwrites a little-endian u16 at `offset` (for a structure length known only later).
    pub fn patch_u16(&mut self, offset: usize, v: u16) {
        if let Some(slot) = self.bytes.get_mut(offset..offset + 2) {
            slot.copy_from_slice(&v.to_le_bytes());
        }
    }

    /// Patches the length and the checksum and returns the installed table.
    pub fn finish(mut self) -> Vec<u8> {
        let len = u32::try_from(self.bytes.len()).unwrap_or(u32::MAX);
        if let Some(slot) = self.bytes.get_mut(LENGTH_OFFSET..LENGTH_OFFSET + 4) {
            slot.copy_from_slice(&len.to_le_bytes());
        }
        fill_checksum(&mut self.bytes);
        self.bytes
    }
}

/// Sets the checksum byte so that all bytes of the table sum to 0 (mod 256).
pub fn fill_checksum(table: &mut [u8]) {
    if table.len() <= CHECKSUM_OFFSET {
        return;
    }
    table[CHECKSUM_OFFSET] = 0;
    let sum = table.iter().fold(0u8, |acc, b| acc.wrapping_add(*b));
    table[CHECKSUM_OFFSET] = 0u8.wrapping_sub(sum);
}

/// The byte sum of a table (0 for a valid installed table).
pub fn byte_sum(table: &[u8]) -> u8 {
    table.iter().fold(0u8, |acc, b| acc.wrapping_add(*b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_layout_and_checksum() {
        let mut w = SdtWriter::new(b"TEST", 2, &OemIds::default());
        w.u16(0x1234);
        let t = w.finish();
        assert_eq!(t.len(), 38);
        assert_eq!(&t[0..4], b"TEST");
        assert_eq!(&t[4..8], &38u32.to_le_bytes());
        assert_eq!(t[8], 2);
        assert_eq!(&t[10..16], b"BOCHS ");
        assert_eq!(&t[16..24], b"BXPC    ");
        assert_eq!(&t[24..28], &[1, 0, 0, 0]);
        assert_eq!(&t[28..32], b"BXPC");
        assert_eq!(&t[32..36], &[1, 0, 0, 0]);
        assert_eq!(byte_sum(&t), 0);
    }

    #[test]
    fn oem_ids_are_padded_and_truncated() {
        let ids = OemIds::new("AB", "0123456789");
        assert_eq!(&ids.oem_id, b"AB\0\0\0\0");
        assert_eq!(&ids.oem_table_id, b"01234567");
    }
}
