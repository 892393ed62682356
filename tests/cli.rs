//! The `iommu-topo` binary on files and standard input: exit codes and the JSON contract of
//! `docs/cli.md`.
// Native only: it runs programs (QEMU, the CLI) or uses native-only crates; the wasm
// build of every test target (`wasm-pack test`) compiles it to nothing.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iommu-topo"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start iommu-topo");
    if let Some(mut pipe) = child.stdin.take() {
        pipe.write_all(stdin.unwrap_or("").as_bytes())
            .expect("write stdin");
    }
    child.wait_with_output().expect("wait for iommu-topo")
}

fn json(output: &Output) -> serde_json::Value {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON object")
}

/// The fields docs/cli.md promises, with their types.
fn assert_report_shape(report: &serde_json::Value) {
    assert!(report["valid"].is_boolean());
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        let severity = d["severity"].as_str().expect("severity");
        assert!(["error", "warning", "info"].contains(&severity));
        assert!(d["code"].is_string() && d["message"].is_string());
        assert!(d["node"].is_string() || d["node"].is_null());
    }
    let argv = report["command_line"].as_array().expect("command_line");
    assert!(argv[0]
        .as_str()
        .expect("binary")
        .starts_with("qemu-system-"));
    for device in report["devices"].as_array().expect("devices") {
        assert!(device["id"].is_string() || device["id"].is_null());
        assert!(device["driver"].is_string() && device["root_bus"].is_string());
        assert!(device["reason"].is_string());
        let bdf = device["bdf"].as_str().expect("bdf");
        assert_eq!(bdf.len(), 7, "{bdf}");
        assert_eq!(bdf, bdf.to_lowercase());
        let translation = device["translation"].as_str().expect("translation");
        assert!(["iommu", "bypass", "none"].contains(&translation));
        assert!(device["iommu"].is_string() || device["iommu"].is_null());
    }
    for (signature, hex) in report["acpi"].as_object().expect("acpi") {
        assert!(["DMAR", "IVRS", "IORT", "VIOT"].contains(&signature.as_str()));
        let hex = hex.as_str().expect("hex");
        assert!(hex
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }
}

#[test]
fn reports_a_qemu_command_line_file() {
    let path = data("seed-q35.sh");
    let report = json(&run(&["report", path.to_str().unwrap()], None));
    assert_report_shape(&report);
    assert_eq!(report["command_line"][0], "qemu-system-x86_64");
    assert_eq!(
        report["command_line"][2],
        "q35,default_bus_bypass_iommu=on,accel=kvm"
    );
}

#[test]
fn reports_a_design_from_stdin_with_auto_detection() {
    let design = std::fs::read_to_string(data("q35-design.json")).unwrap();
    let report = json(&run(&["report", "-"], Some(&design)));
    assert_report_shape(&report);
    let argv: Vec<&str> = report["command_line"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .collect();
    assert!(argv.contains(&"e1000e,id=nic1,bus=rp1,addr=0x0,netdev=net-nic1"));
}

#[test]
fn reports_qemu_errors_as_invalid_with_exit_zero() {
    let line =
        "qemu-system-x86_64 -M q35 -device pxb-pcie,id=p,bus=pcie.0,bus_nr=0x10,bypass_iommu=1";
    let report = json(&run(&["report", "--from", "qemu"], Some(line)));
    assert_report_shape(&report);
    assert_eq!(report["valid"], false);
    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(
        diagnostic["message"],
        "Parameter 'bypass_iommu' expects 'on' or 'off'"
    );
    assert_eq!(diagnostic["node"], "p");
}

#[test]
fn qemu_flag_overrides_the_version() {
    let design = r#"{"qemu_version": "10.0", "machine": {"type": "q35"}}"#;
    let report = json(&run(&["report", "--qemu", "7.2"], Some(design)));
    assert_report_shape(&report);
    let text = run(
        &["report", "--qemu", "7.2", "--output", "text"],
        Some(design),
    );
    assert_eq!(text.status.code(), Some(0));
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("QEMU 7.2"), "{text}");
    assert!(text.contains("Devices:") && text.contains("Command line:"));
}

#[test]
fn text_report_shows_devices_and_decoded_tables() {
    let path = data("q35-design.json");
    let output = run(
        &["report", "--output", "text", path.to_str().unwrap()],
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    let nic = text
        .lines()
        .find(|l| l.contains(" nic1 "))
        .expect("a row for nic1");
    assert!(nic.trim_start().starts_with("11:00.0"), "{nic}");
    assert!(nic.contains("iommu"), "{nic}");
    assert!(text.contains("firmware SeaBIOS"), "{text}");
    assert!(
        text.contains("Signature") && text.contains("\"DMAR\""),
        "{text}"
    );
    assert!(text.contains("DMAR hex (80 bytes)"), "{text}");
}

#[test]
fn unreadable_input_exits_2_with_one_line() {
    for (args, stdin) in [
        (vec!["report", "/nonexistent/design.json"], None),
        (vec!["report"], Some("{ not json")),
        (vec!["report", "--from", "design"], Some("-M q35")),
        (vec!["report", "--from", "qemu"], Some("  \n")),
    ] {
        let output = run(&args, stdin);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn import_then_emit_round_trips() {
    let path = data("seed-virt.sh");
    let imported = run(&["import", path.to_str().unwrap()], None);
    let design = json(&imported);
    assert_eq!(design["machine"]["type"], "virt");
    assert_eq!(design["devices"][1]["props"]["bypass_iommu"], true);
    let design_text = String::from_utf8_lossy(&imported.stdout).to_string();
    let emitted = run(&["emit"], Some(&design_text));
    assert_eq!(emitted.status.code(), Some(0));
    let line = String::from_utf8_lossy(&emitted.stdout).trim().to_string();
    assert_eq!(
        line,
        "qemu-system-aarch64 -machine virt,default_bus_bypass_iommu=on,iommu=smmuv3,kernel-irqchip=on \
         -bios /usr/share/AAVMF/AAVMF_CODE.fd \
         -device pxb-pcie,id=pci.10,bus=pcie.0,addr=0x3.0x1,bus_nr=0x10 \
         -device pxb-pcie,id=pci.20,bus=pcie.0,addr=0x3.0x2,bus_nr=0x20,bypass_iommu=on"
    );
    let again = json(&run(&["import"], Some(&line)));
    assert_eq!(again, design);
}
