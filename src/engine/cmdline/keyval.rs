//! QEMU option arguments (`driver,key=value,...`) and QEMU's value syntaxes: booleans,
//! integers, three-state switches and PCI addresses, with QEMU's own error texts.

/// One element of an option argument: `key=value`, or a bare word (`value == None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// The key as written (or the bare word).
    pub key: String,
    /// The value with `,,` unescaped; `None` for a bare word.
    pub value: Option<String>,
}

/// Splits an option argument into its elements. A comma inside a value is written `,,`
/// (util/qemu-option.c `get_opt_value`), so `a=x,,y,b=z` is `a`=`x,y` and `b`=`z`.
pub fn split(arg: &str) -> Vec<Pair> {
    let mut pairs = Vec::new();
    let mut chars = arg.chars().peekable();
    loop {
        let mut key = String::new();
        let mut has_value = false;
        while let Some(&c) = chars.peek() {
            chars.next();
            match c {
                '=' => {
                    has_value = true;
                    break;
                }
                ',' => break,
                _ => key.push(c),
            }
        }
        let value = if has_value {
            let mut value = String::new();
            while let Some(c) = chars.next() {
                if c == ',' {
                    if chars.peek() == Some(&',') {
                        chars.next();
                        value.push(',');
                    } else {
                        break;
                    }
                } else {
                    value.push(c);
                }
            }
            Some(value)
        } else {
            None
        };
        if !key.is_empty() || value.is_some() {
            pairs.push(Pair { key, value });
        }
        if chars.peek().is_none() {
            break;
        }
    }
    pairs
}

/// Escapes a value for an option argument (`,` → `,,`).
pub fn escape(value: &str) -> String {
    value.replace(',', ",,")
}

/// Joins `key=value` elements into one option argument, escaping commas in values.
pub fn join(head: Option<&str>, pairs: &[(String, String)]) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(pairs.len() + 1);
    if let Some(head) = head {
        parts.push(escape(head));
    }
    parts.extend(pairs.iter().map(|(k, v)| format!("{k}={}", escape(v))));
    parts.join(",")
}

/// QEMU's keyval dash normalisation of `-machine` keys (`default_bus_bypass_iommu` →
/// `default-bus-bypass-iommu`; softmmu/vl.c `keyval_dashify`).
pub fn dashify(key: &str) -> String {
    key.replace('_', "-")
}

/// A QEMU boolean (qapi/qapi-util.c `qapi_bool_parse`): `on/yes/true/y`, `off/no/false/n`.
pub fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "on" | "yes" | "true" | "y" => Some(true),
        "off" | "no" | "false" | "n" => Some(false),
        _ => None,
    }
}

/// QEMU's error for a bad boolean.
pub fn bool_error(key: &str) -> String {
    format!("Parameter '{key}' expects 'on' or 'off'")
}

/// `on`/`off` for a bool.
pub fn on_off(value: bool) -> &'static str {
    if value {
        "on"
    } else {
        "off"
    }
}

/// An unsigned integer the way QEMU reads option values (`qemu_strtou64` with base 0:
/// `0x` hex, leading `0` octal, else decimal).
pub fn parse_uint(value: &str) -> Option<u64> {
    let v = value.trim_start();
    if v.is_empty() {
        return None;
    }
    if let Some(hex) = v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).ok();
    }
    if v.len() > 1 && v.starts_with('0') {
        return u64::from_str_radix(&v[1..], 8).ok();
    }
    v.parse::<u64>().ok()
}

/// Parses an unsigned integer property of `bits` width, with QEMU's messages:
/// `Parameter 'k' expects integer` / `Parameter 'k' expects uint8_t`.
pub fn parse_uint_prop(key: &str, value: &str, bits: u32) -> Result<u64, String> {
    let n = parse_uint(value).ok_or_else(|| format!("Parameter '{key}' expects integer"))?;
    let max = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    if n > max {
        return Err(format!("Parameter '{key}' expects uint{bits}_t"));
    }
    Ok(n)
}

/// QEMU's error for an enum value it does not know (`OnOffAuto`, ...).
pub fn enum_error(key: &str, value: &str) -> String {
    format!("Parameter '{key}' does not accept value '{value}'")
}

/// Parses one hex number the way `strtoul(p, &e, 16)` does (an optional `0x`), returning the
/// value and the rest of the text.
fn strtoul16(text: &str) -> Option<(u32, &str)> {
    let body = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .filter(|b| b.starts_with(|c: char| c.is_ascii_hexdigit()))
        .unwrap_or(text);
    let end = body
        .find(|c: char| !c.is_ascii_hexdigit())
        .unwrap_or(body.len());
    if end == 0 {
        return None;
    }
    let digits = &body[..end];
    // Saturate instead of overflowing: any value this large is out of range anyway.
    let value = u32::from_str_radix(digits, 16).unwrap_or(u32::MAX);
    Some((value, &body[end..]))
}

/// Parses `addr=` (`slot[.function]`, both hex with optional `0x`;
/// hw/core/qdev-properties-system.c `set_pci_devfn`). `None` when QEMU refuses the value.
pub fn parse_pci_addr(value: &str) -> Option<crate::engine::design::PciAddr> {
    let (slot, rest) = strtoul16(value)?;
    let function = if rest.is_empty() {
        0
    } else {
        let after = rest.strip_prefix('.')?;
        let (function, tail) = strtoul16(after)?;
        if !tail.is_empty() {
            return None;
        }
        function
    };
    if slot > 0x1f || function > 7 {
        return None;
    }
    Some(crate::engine::design::PciAddr {
        slot: slot as u8,
        function: function as u8,
    })
}

/// QEMU's error for a bad `addr=`.
pub fn addr_error(driver: &str, value: &str) -> String {
    format!("Property '{driver}.addr' doesn't take value '{value}'")
}

/// The `addr=` spelling we emit: `0x3`, or `0x3.0x1` for a non-zero function (as in QEMU's
/// docs/bypass-iommu.txt).
pub fn format_pci_addr(addr: crate::engine::design::PciAddr) -> String {
    if addr.function == 0 {
        format!("{:#x}", addr.slot)
    } else {
        format!("{:#x}.{:#x}", addr.slot, addr.function)
    }
}

/// True when QEMU accepts `id` as a qdev / object id (util/id.c `id_wellformed`): letters,
/// digits, `-`, `.`, `_`, starting with a letter.
pub fn id_wellformed(id: &str) -> bool {
    let mut chars = id.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
}

/// QEMU's error for a malformed id.
pub const ID_ERROR: &str = "Parameter 'id' expects an identifier";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::design::PciAddr;

    fn p(k: &str, v: Option<&str>) -> Pair {
        Pair {
            key: k.into(),
            value: v.map(Into::into),
        }
    }

    #[test]
    fn splits_with_escaped_commas() {
        assert_eq!(
            split("e1000e,romfile=a,,b,id=x"),
            vec![
                p("e1000e", None),
                p("romfile", Some("a,b")),
                p("id", Some("x"))
            ]
        );
        assert_eq!(split("a="), vec![p("a", Some(""))]);
        assert_eq!(split(""), vec![]);
        assert_eq!(join(Some("x"), &[("a".into(), "1,2".into())]), "x,a=1,,2");
    }

    #[test]
    fn parses_addresses_like_qemu() {
        let a = |s, f| {
            Some(PciAddr {
                slot: s,
                function: f,
            })
        };
        assert_eq!(parse_pci_addr("0x3"), a(3, 0));
        assert_eq!(parse_pci_addr("3.1"), a(3, 1));
        assert_eq!(parse_pci_addr("0x3.0x1"), a(3, 1));
        assert_eq!(parse_pci_addr("1f.7"), a(0x1f, 7));
        assert_eq!(parse_pci_addr("10"), a(0x10, 0));
        assert_eq!(parse_pci_addr("0x20"), None);
        assert_eq!(parse_pci_addr("3.8"), None);
        assert_eq!(parse_pci_addr("3."), None);
        assert_eq!(parse_pci_addr("zz"), None);
        assert_eq!(
            format_pci_addr(PciAddr {
                slot: 3,
                function: 1
            }),
            "0x3.0x1"
        );
        assert_eq!(
            format_pci_addr(PciAddr {
                slot: 0x1f,
                function: 0
            }),
            "0x1f"
        );
    }

    #[test]
    fn parses_numbers_and_bools_like_qemu() {
        assert_eq!(parse_uint("0x10"), Some(16));
        assert_eq!(parse_uint("010"), Some(8));
        assert_eq!(parse_uint("16"), Some(16));
        assert_eq!(
            parse_uint_prop("bus_nr", "256", 8),
            Err("Parameter 'bus_nr' expects uint8_t".to_string())
        );
        assert_eq!(
            parse_uint_prop("bus_nr", "0x1g", 8),
            Err("Parameter 'bus_nr' expects integer".to_string())
        );
        assert_eq!(parse_bool("y"), Some(true));
        assert_eq!(parse_bool("1"), None);
        assert!(id_wellformed("pci.10"));
        assert!(!id_wellformed("1p"));
    }
}
