//! ACPI vIOMMU tables (DMAR, IVRS, IORT, VIOT) exactly as the guest gets them, one module per
//! table over a shared table-header/checksum writer.
