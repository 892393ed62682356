//! A harness that asks real QEMU (7.2 or 10.0, under TCG) what it builds for a command line:
//! accepted or not (with QEMU's first error line), every PCI function with its guest bus
//! number after firmware and its DMA address-space root, and the vIOMMU ACPI tables.
//!
//! Method (see /work/shared/qemu-howto.md): QEMU connects to a QMP and a qtest socket the
//! harness listens on. In firmware mode the guest runs SeaBIOS (x86) or AAVMF (virt); the
//! harness polls `query-pci` until a firmware marker was seen (SeaBIOS: an RSDP in the
//! F-segment, written after its PCI setup and ACPI download; EDK2: its first console output)
//! and `query-pci` stayed unchanged over one more poll, then stops the VM. It then reads
//! `info qtree` (live bus numbers, types, ids), `info mtree -o -D` (each function's `bus
//! master` alias: `system` = untranslated, otherwise the vIOMMU's region) and the fw_cfg file
//! `etc/acpi/tables` through qtest with the fw_cfg DMA interface — the same bytes the firmware
//! installed except the checksum byte, which the harness fills in. Without firmware QEMU runs
//! with `-S` (bridges unnumbered; tables built on the harness's first read).
//!
//! Every wait is bounded and QEMU is always killed (on every path, by a drop guard).

pub mod acpi;
pub mod argv;
pub mod monitor;
pub mod parse;

use std::collections::BTreeMap;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use argv::Arch;
use monitor::{Qmp, Qtest};

/// How long QEMU may take to accept or refuse the command line.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the firmware may take to enumerate PCI and install the ACPI tables.
pub const FIRMWARE_TIMEOUT: Duration = Duration::from_secs(60);
/// Interval between `query-pci` polls while the firmware runs.
const POLL_INTERVAL: Duration = Duration::from_millis(100);
/// AAVMF, the aarch64 EDK2 build Debian ships (`qemu-efi-aarch64`).
pub const AAVMF_CODE: &str = "/usr/share/AAVMF/AAVMF_CODE.fd";

/// A QEMU release the project targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Version {
    /// Debian bookworm's 7.2 in /usr/bin.
    #[serde(rename = "7.2")]
    V7_2,
    /// 10.0 unpacked under `.qemu/10.0`.
    #[serde(rename = "10.0")]
    V10_0,
}

impl Version {
    /// Both versions, oldest first.
    pub const ALL: [Version; 2] = [Version::V7_2, Version::V10_0];

    /// `7.2` / `10.0`.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V7_2 => "7.2",
            Version::V10_0 => "10.0",
        }
    }

    /// Parses `7.2`, `7`, `10.0`, `10`.
    pub fn parse(text: &str) -> Option<Version> {
        match text.split('.').next()? {
            "7" => Some(Version::V7_2),
            "10" => Some(Version::V10_0),
            _ => None,
        }
    }
}

/// The prefix of the QEMU 10.0 unpack: `$IOMMU_TOPO_QEMU10_PREFIX`, else `<repo>/.qemu/10.0`.
pub fn qemu10_prefix() -> PathBuf {
    match std::env::var_os("IOMMU_TOPO_QEMU10_PREFIX") {
        Some(prefix) if !prefix.is_empty() => PathBuf::from(prefix),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join(".qemu/10.0"),
    }
}

/// How to start one QEMU binary.
#[derive(Clone, Debug)]
pub struct Install {
    /// The binary.
    pub binary: PathBuf,
    /// Arguments it always needs (`-L` for the 10.0 unpack).
    pub args: Vec<String>,
    /// Environment it needs (`QEMU_MODULE_DIR`).
    pub env: Vec<(String, String)>,
}

/// Where a version's binary for `arch` is. `Err` (with what to do) when it is not installed.
pub fn install(version: Version, arch: Arch) -> Result<Install, String> {
    match version {
        Version::V7_2 => {
            let binary = Path::new("/usr/bin").join(arch.binary());
            if !binary.exists() {
                return Err(format!(
                    "QEMU 7.2 not found at {} (Debian package qemu-system-x86 / qemu-system-arm)",
                    binary.display()
                ));
            }
            Ok(Install {
                binary,
                args: Vec::new(),
                env: Vec::new(),
            })
        }
        Version::V10_0 => {
            let prefix = qemu10_prefix();
            let binary = prefix.join("usr/bin").join(arch.binary());
            if !binary.exists() {
                return Err(format!(
                    "QEMU 10.0 not found at {}: run scripts/setup.sh (or set IOMMU_TOPO_QEMU10_PREFIX \
                     to the unpacked prefix)",
                    binary.display()
                ));
            }
            Ok(Install {
                binary,
                args: vec![
                    "-L".to_string(),
                    prefix.join("usr/share/qemu").display().to_string(),
                ],
                env: vec![(
                    "QEMU_MODULE_DIR".to_string(),
                    prefix
                        .join("usr/lib/x86_64-linux-gnu/qemu")
                        .display()
                        .to_string(),
                )],
            })
        }
    }
}

/// Whether the guest runs its firmware.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Boot SeaBIOS / AAVMF and wait until PCI bus numbers settle.
    Firmware,
    /// `-S`: no guest code runs; bridges keep bus number 0.
    NoFirmware,
    /// `-S`, and only accept/refuse, the PCI functions and their DMA roots (no qtest, no
    /// ACPI tables): the cheapest run, for checking that a command line builds a machine.
    Structure,
}

/// One PCI function as QEMU built it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Function {
    /// Guest bus number (live).
    pub bus: u8,
    /// Slot.
    pub slot: u8,
    /// Function.
    pub function: u8,
    /// `bb:dd.f`, lowercase hex.
    pub bdf: String,
    /// qdev id.
    pub qdev_id: Option<String>,
    /// qdev type.
    pub qdev_type: String,
    /// qdev bus name.
    pub qdev_bus: String,
    /// Vendor id.
    pub vendor_id: u16,
    /// Device id.
    pub device_id: u16,
    /// Class description.
    pub class_desc: String,
    /// Root of the bus-master address space (`system` or a vIOMMU region), if found.
    pub dma_root: Option<String>,
    /// `iommu`, `bypass` (a vIOMMU exists, `dma_root` is `system`) or `none` (no vIOMMU).
    pub translation: Option<String>,
}

/// What the firmware wait saw.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FirmwareInfo {
    /// `seabios`, `edk2` or null (no firmware mode).
    pub kind: Option<String>,
    /// The marker seen, if any.
    pub marker: Option<String>,
    /// True when PCI settled after the marker within the timeout.
    pub settled: bool,
}

/// Seconds spent in each phase.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Timing {
    /// Spawn → QMP greeting (or exit).
    pub startup_s: f64,
    /// Firmware wait.
    pub firmware_s: f64,
    /// qtree, mtree, ACPI.
    pub collect_s: f64,
    /// Everything.
    pub total_s: f64,
}

/// Everything one run found out.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Outcome {
    /// QEMU version asked for.
    pub version: String,
    /// `firmware` / `no-firmware`.
    pub mode: String,
    /// The binary and arguments actually run (scratch paths included).
    pub argv: Vec<String>,
    /// Changes made to the user's words.
    pub rewrites: Vec<String>,
    /// Options added by the harness.
    pub added_args: Vec<String>,
    /// QEMU accepted the command line (the machine was built).
    pub accepted: bool,
    /// QEMU's first non-warning stderr line, verbatim, when it refused.
    pub error: Option<String>,
    /// The same without the `qemu-system-…: ` prefix and the `-device …: ` context.
    pub error_message: Option<String>,
    /// All of stderr.
    pub stderr: String,
    /// Exit code when refused.
    pub exit_code: Option<i32>,
    /// `major.minor.micro` from the QMP greeting.
    pub qemu_version: Option<String>,
    /// The vIOMMU qdev type present (`intel-iommu`, `amd-iommu`, `virtio-iommu-pci`,
    /// `arm-smmuv3`), if any.
    pub viommu: Option<String>,
    /// Firmware wait.
    pub firmware: FirmwareInfo,
    /// Every PCI function, in qtree order.
    pub functions: Vec<Function>,
    /// Signatures of every ACPI table, in RSDT/XSDT order.
    pub tables_present: Vec<String>,
    /// DMAR / IVRS / IORT / VIOT as the guest sees them (checksum filled in), lowercase hex.
    pub acpi: BTreeMap<String, String>,
    /// Phase times.
    pub timing: Timing,
    /// QEMU died or misbehaved after accepting the command line.
    pub runtime_error: Option<String>,
    /// The harness itself failed (QEMU missing, socket trouble, ...).
    pub harness_error: Option<String>,
}

impl Outcome {
    /// The outcome as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A problem that makes the run unusable for comparison (harness or runtime error, or a
    /// firmware that did not settle).
    pub fn problem(&self) -> Option<String> {
        if let Some(e) = &self.harness_error {
            return Some(format!("harness error: {e}"));
        }
        if let Some(e) = &self.runtime_error {
            return Some(format!("runtime error: {e}"));
        }
        if self.accepted && self.firmware.kind.is_some() && !self.firmware.settled {
            return Some("firmware did not settle".to_string());
        }
        None
    }
}

/// Kills QEMU when dropped, whatever happened.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Scratch> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        // Short: unix socket paths are limited to 108 bytes.
        let dir = std::env::temp_dir().join(format!("itq-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The first error line of QEMU's stderr (warnings skipped), verbatim.
pub fn first_error_line(stderr: &str) -> Option<String> {
    stderr
        .lines()
        .map(str::trim)
        .find(|line| {
            !line.is_empty()
                && !strip_context(line).starts_with("warning:")
                // QEMU 10.0 from the unpack also probes the system's 7.2 modules on error
                // paths and complains about them; not about the command line.
                && !line.contains("failed to initialize module:")
                && *line != "Only modules from the same build can be loaded."
        })
        .map(str::to_string)
}

/// `qemu-system-x86_64: -device pxb-pcie,bus_nr=16: Bus 16 is already in use` →
/// `Bus 16 is already in use`.
pub fn strip_context(line: &str) -> String {
    let mut text = line;
    if let Some((program, rest)) = text.split_once(": ") {
        if program.contains("qemu-system") {
            text = rest;
        }
    }
    if text.starts_with('-') {
        if let Some((_, rest)) = text.split_once(": ") {
            text = rest;
        }
    }
    text.to_string()
}

/// Accepts one connection within `timeout`, giving up early when QEMU exits.
fn accept(
    listener: &UnixListener,
    child: &mut Child,
    timeout: Duration,
) -> Result<Option<UnixStream>, String> {
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let start = Instant::now();
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).map_err(|e| e.to_string())?;
                return Ok(Some(stream));
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(format!("accept: {e}")),
        }
        if let Ok(Some(_)) = child.try_wait() {
            return Ok(None);
        }
        if start.elapsed() > timeout {
            return Err(format!("QEMU did not connect within {timeout:?}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Waits up to `timeout` for QEMU to exit; its exit code.
fn wait_exit(child: &mut Child, timeout: Duration) -> Option<i32> {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if let Ok(Some(status)) = child.try_wait() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

/// Runs QEMU `version` on `user_argv` (binary first, e.g. the engine's `command_line`).
pub fn run(version: Version, user_argv: &[String], mode: Mode) -> Outcome {
    let started = Instant::now();
    let mut outcome = Outcome {
        version: version.as_str().to_string(),
        mode: match mode {
            Mode::Firmware => "firmware".to_string(),
            Mode::NoFirmware => "no-firmware".to_string(),
            Mode::Structure => "structure".to_string(),
        },
        ..Outcome::default()
    };
    if let Err(e) = run_into(version, user_argv, mode, &mut outcome) {
        outcome.harness_error = Some(e);
    }
    outcome.timing.total_s = started.elapsed().as_secs_f64();
    outcome
}

fn run_into(
    version: Version,
    user_argv: &[String],
    mode: Mode,
    outcome: &mut Outcome,
) -> Result<(), String> {
    let binary_name = user_argv.first().ok_or("empty command line")?;
    let arch = Arch::of_binary(binary_name);
    let install = install(version, arch)?;
    let scratch = Scratch::new().map_err(|e| format!("scratch dir: {e}"))?;
    let qmp_path = scratch.0.join("qmp.sock");
    let qtest_path = scratch.0.join("qtest.sock");
    let serial_path = scratch.0.join("serial.log");
    let stderr_path = scratch.0.join("stderr.txt");
    let firmware = mode == Mode::Firmware;
    // qtest reads the tables, and SeaBIOS's marker in the F-segment
    let use_qtest = mode != Mode::Structure;

    let mut rewritten = argv::rewrite(
        user_argv.get(1..).unwrap_or_default(),
        arch,
        &qmp_path,
        use_qtest.then_some(qtest_path.as_path()),
        firmware,
    );
    let mut add = |words: &[String]| {
        rewritten.added.push(words.join(" "));
        rewritten.args.extend(words.iter().cloned());
    };
    // Which marker tells that the firmware enumerated PCI and installed the ACPI tables.
    let edk2 = arch == Arch::Aarch64 || rewritten.has_firmware_arg;
    if arch == Arch::Aarch64 && !rewritten.has_firmware_arg {
        add(&["-bios".to_string(), AAVMF_CODE.to_string()]);
    }
    let serial_marker = edk2 && !rewritten.has_serial;
    if serial_marker {
        add(&[
            "-serial".to_string(),
            format!("file:{}", serial_path.display()),
        ]);
    }
    let mut args = install.args.clone();
    args.extend(rewritten.args.iter().cloned());
    outcome.argv = std::iter::once(install.binary.display().to_string())
        .chain(
            args.iter()
                .map(|a| a.replace(&scratch.0.display().to_string(), "<scratch>")),
        )
        .collect();
    outcome.rewrites = rewritten.rewrites.clone();
    outcome.added_args = rewritten
        .added
        .iter()
        .map(|a| a.replace(&scratch.0.display().to_string(), "<scratch>"))
        .collect();

    let qmp_listener = UnixListener::bind(&qmp_path).map_err(|e| format!("bind qmp: {e}"))?;
    let qtest_listener = UnixListener::bind(&qtest_path).map_err(|e| format!("bind qtest: {e}"))?;
    let stderr_file =
        std::fs::File::create(&stderr_path).map_err(|e| format!("stderr file: {e}"))?;
    let mut command = Command::new(&install.binary);
    command
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr_file);
    for (key, value) in &install.env {
        command.env(key, value);
    }
    let start = Instant::now();
    let child = command
        .spawn()
        .map_err(|e| format!("spawn {}: {e}", install.binary.display()))?;
    let mut guard = Guard(child);

    let read_stderr = || std::fs::read_to_string(&stderr_path).unwrap_or_default();
    let refused = |outcome: &mut Outcome, guard: &mut Guard| {
        outcome.exit_code = wait_exit(&mut guard.0, Duration::from_secs(10));
        outcome.stderr = read_stderr();
        outcome.accepted = false;
        outcome.error = first_error_line(&outcome.stderr);
        outcome.error_message = outcome.error.as_deref().map(strip_context);
    };

    let Some(qmp_stream) = accept(&qmp_listener, &mut guard.0, STARTUP_TIMEOUT)? else {
        refused(outcome, &mut guard);
        outcome.timing.startup_s = start.elapsed().as_secs_f64();
        return Ok(());
    };
    let mut qmp = match Qmp::handshake(qmp_stream, STARTUP_TIMEOUT) {
        Ok(qmp) => qmp,
        Err(_) => {
            refused(outcome, &mut guard);
            outcome.timing.startup_s = start.elapsed().as_secs_f64();
            return Ok(());
        }
    };
    outcome.timing.startup_s = start.elapsed().as_secs_f64();
    outcome.accepted = true;
    let v = &qmp.version["qemu"];
    outcome.qemu_version = Some(format!("{}.{}.{}", v["major"], v["minor"], v["micro"]));
    let mut qtest = if use_qtest {
        let stream = accept(&qtest_listener, &mut guard.0, Duration::from_secs(10))?
            .ok_or("QEMU exited before the qtest connection")?;
        Some(Qtest::new(stream)?)
    } else {
        None
    };

    let result = collect(
        &mut qmp,
        qtest.as_mut(),
        &mut guard,
        arch,
        firmware,
        edk2,
        serial_marker.then_some(serial_path.as_path()),
        outcome,
    );
    let _ = qmp.execute("quit", json!({}));
    if wait_exit(&mut guard.0, Duration::from_secs(3)).is_none() {
        let _ = guard.0.kill();
    }
    outcome.stderr = read_stderr();
    if let Err(e) = result {
        if let Ok(Some(_)) = guard.0.try_wait() {
            outcome.runtime_error = Some(format!("{e}; stderr: {}", outcome.stderr.trim()));
        } else {
            return Err(e);
        }
    }
    Ok(())
}

/// SeaBIOS: a valid RSDP in the F-segment means PCI setup and the ACPI download are done.
fn seabios_rsdp(qtest: &mut Qtest) -> Result<bool, String> {
    let segment = qtest.read(0xf0000, 0x10000)?;
    Ok((0..segment.len().saturating_sub(20)).step_by(16).any(|at| {
        segment.get(at..at + 8) == Some(b"RSD PTR ".as_slice())
            && segment
                .get(at..at + 20)
                .is_some_and(|r| r.iter().fold(0u8, |a, b| a.wrapping_add(*b)) == 0)
    }))
}

/// EDK2: its first console output comes after PCI enumeration and the ACPI download.
fn edk2_console(serial: &Path) -> Option<String> {
    let log = std::fs::read(serial).ok()?;
    let text = String::from_utf8_lossy(&log);
    ["\u{1b}[2J", "BdsDxe", ">>Start PXE", "Shell>"]
        .into_iter()
        .find(|m| text.contains(m))
        .map(|m| m.escape_debug().to_string())
}

#[allow(clippy::too_many_arguments)]
fn collect(
    qmp: &mut Qmp,
    mut qtest: Option<&mut Qtest>,
    guard: &mut Guard,
    arch: Arch,
    firmware: bool,
    edk2: bool,
    serial: Option<&Path>,
    outcome: &mut Outcome,
) -> Result<(), String> {
    let start = Instant::now();
    if firmware {
        outcome.firmware.kind = Some(if edk2 { "edk2" } else { "seabios" }.to_string());
        let mut last: Option<Value> = None;
        let mut stable_since = Instant::now();
        loop {
            std::thread::sleep(POLL_INTERVAL);
            if let Ok(Some(status)) = guard.0.try_wait() {
                return Err(format!("QEMU exited during firmware ({status})"));
            }
            let pci = qmp.execute("query-pci", json!({}))?;
            if outcome.firmware.marker.is_none() {
                outcome.firmware.marker = if edk2 {
                    serial.and_then(edk2_console)
                } else if let Some(qtest) = qtest.as_deref_mut() {
                    seabios_rsdp(qtest)?.then(|| "RSDP in F-segment".to_string())
                } else {
                    None
                };
            }
            let unchanged = last.as_ref() == Some(&pci);
            if !unchanged {
                stable_since = Instant::now();
            }
            let marker_ok = outcome.firmware.marker.is_some()
                // no marker available (user's own serial): PCI unchanged for 5 s
                || (edk2 && serial.is_none() && stable_since.elapsed() > Duration::from_secs(5));
            if marker_ok && unchanged {
                outcome.firmware.settled = true;
                break;
            }
            if start.elapsed() > FIRMWARE_TIMEOUT {
                break;
            }
            last = Some(pci);
        }
        qmp.execute("stop", json!({}))?;
        outcome.timing.firmware_s = start.elapsed().as_secs_f64();
    }
    let collect_start = Instant::now();
    let qtree = parse::qtree(&qmp.hmp("info qtree")?);
    let mtree = qmp.hmp("info mtree -o -D")?;
    let masters = parse::bus_masters(&mtree);
    outcome.viommu = qtree
        .devices
        .iter()
        .map(|(t, _)| t.as_str())
        .find(|t| {
            matches!(
                *t,
                "intel-iommu" | "amd-iommu" | "virtio-iommu-pci" | "arm-smmuv3"
            )
        })
        .map(str::to_string);
    // devfn of each address space owned by a path (devices without an id)
    let mut path_devfn: BTreeMap<String, i64> = BTreeMap::new();
    for master in &masters {
        if let parse::Owner::Path(path) = &master.owner {
            if !path_devfn.contains_key(path) {
                let addr = qmp.execute("qom-get", json!({ "path": path, "property": "addr" }))?;
                path_devfn.insert(path.clone(), addr.as_i64().unwrap_or(-1));
            }
        }
    }
    for f in &qtree.functions {
        let devfn = i64::from(f.slot) << 3 | i64::from(f.function);
        let root = masters
            .iter()
            .find(|m| {
                m.as_name == f.qdev_type
                    && match (&m.owner, &f.qdev_id) {
                        (parse::Owner::Id(id), Some(fid)) => id == fid,
                        (parse::Owner::Path(path), None) => path_devfn.get(path) == Some(&devfn),
                        _ => false,
                    }
            })
            .map(|m| m.target.clone());
        let translation = root.as_ref().map(|r| {
            if r != "system" {
                "iommu"
            } else if outcome.viommu.is_some() {
                "bypass"
            } else {
                "none"
            }
            .to_string()
        });
        outcome.functions.push(Function {
            bus: f.bus_nr,
            slot: f.slot,
            function: f.function,
            bdf: format!("{:02x}:{:02x}.{:x}", f.bus_nr, f.slot, f.function),
            qdev_id: f.qdev_id.clone(),
            qdev_type: f.qdev_type.clone(),
            qdev_bus: f.qdev_bus.clone(),
            vendor_id: f.vendor_id,
            device_id: f.device_id,
            class_desc: f.class_desc.clone(),
            dma_root: root,
            translation,
        });
    }
    let Some(qtest) = qtest else {
        outcome.timing.collect_s = collect_start.elapsed().as_secs_f64();
        return Ok(());
    };
    let fw_cfg = match arch {
        Arch::X86_64 => FwCfg::Io,
        Arch::Aarch64 => FwCfg::Mmio(
            parse::region_start(&mtree, "fwcfg.dma").ok_or("no fwcfg.dma region in mtree")?,
        ),
    };
    let ram = match arch {
        Arch::X86_64 => 0,
        Arch::Aarch64 => 0x4000_0000,
    };
    let (tables, rsdp) = read_acpi(qtest, fw_cfg, ram)?;
    let tables = acpi::tables(&tables, &rsdp)?;
    outcome.tables_present = tables.iter().map(|(s, _)| s.clone()).collect();
    outcome.acpi = acpi::viommu_hex(&tables);
    outcome.timing.collect_s = collect_start.elapsed().as_secs_f64();
    Ok(())
}

/// Where the fw_cfg DMA address register is.
#[derive(Clone, Copy)]
enum FwCfg {
    /// x86: I/O ports 0x514 (high) / 0x518 (low, triggers).
    Io,
    /// MMIO address of the 64-bit DMA register (virt).
    Mmio(u64),
}

/// One fw_cfg DMA read of `len` bytes of item `selector` into scratch guest RAM at `ram`+16 MiB.
fn fw_cfg_read(
    qtest: &mut Qtest,
    fw_cfg: FwCfg,
    ram: u64,
    selector: u16,
    len: usize,
) -> Result<Vec<u8>, String> {
    // FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ
    let control: u32 = (u32::from(selector) << 16) | 0x08 | 0x02;
    let access = ram + 0x100_0000;
    let data = access + 0x1000;
    let mut request = Vec::with_capacity(16);
    request.extend(control.to_be_bytes());
    request.extend((len as u32).to_be_bytes());
    request.extend(data.to_be_bytes());
    qtest.write(access, &request)?;
    // The register is big-endian: a guest writes the byte-swapped address.
    match fw_cfg {
        FwCfg::Io => {
            qtest.command(&format!(
                "outl 0x514 {:#x}",
                ((access >> 32) as u32).swap_bytes()
            ))?;
            qtest.command(&format!("outl 0x518 {:#x}", (access as u32).swap_bytes()))?;
        }
        FwCfg::Mmio(register) => {
            qtest.command(&format!("writeq {register:#x} {:#x}", access.swap_bytes()))?;
        }
    }
    let status = qtest.read(access, 4)?;
    if status != [0, 0, 0, 0] {
        return Err(format!(
            "fw_cfg DMA of item {selector:#x} failed: {status:?}"
        ));
    }
    qtest.read(data, len)
}

/// Reads `etc/acpi/tables` and `etc/acpi/rsdp` through fw_cfg DMA.
fn read_acpi(qtest: &mut Qtest, fw_cfg: FwCfg, ram: u64) -> Result<(Vec<u8>, Vec<u8>), String> {
    const FILE_DIR: u16 = 0x19;
    let count = fw_cfg_read(qtest, fw_cfg, ram, FILE_DIR, 4)?;
    let count = u32::from_be_bytes(count.try_into().map_err(|_| "short file dir")?) as usize;
    let dir = fw_cfg_read(qtest, fw_cfg, ram, FILE_DIR, 4 + 64 * count)?;
    let mut files = BTreeMap::new();
    for entry in dir.get(4..).unwrap_or_default().chunks_exact(64) {
        let size = u32::from_be_bytes([entry[0], entry[1], entry[2], entry[3]]) as usize;
        let select = u16::from_be_bytes([entry[4], entry[5]]);
        let name: Vec<u8> = entry[8..].iter().copied().take_while(|b| *b != 0).collect();
        files.insert(String::from_utf8_lossy(&name).to_string(), (select, size));
    }
    let mut read = |name: &str| -> Result<Vec<u8>, String> {
        let (select, size) = files
            .get(name)
            .copied()
            .ok_or_else(|| format!("fw_cfg has no {name}"))?;
        fw_cfg_read(qtest, fw_cfg, ram, select, size)
    };
    let tables = read("etc/acpi/tables")?;
    let rsdp = read("etc/acpi/rsdp")?;
    Ok((tables, rsdp))
}
