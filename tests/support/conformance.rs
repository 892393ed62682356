//! Engine vs real QEMU over the corpus: runs every case on both QEMU versions (original line
//! with firmware; the engine's emitted line without firmware), runs the engine on the imported
//! design, and lists every disagreement by area, with per-version agreement figures.
//!
//! QEMU outcomes are cached on disk under the build's test scratch directory, keyed by the
//! harness's own source text, the QEMU binary and firmware files (size and mtime), the version,
//! the mode and the argv — so the two conformance test binaries share one set of runs and a
//! change to any of those re-runs QEMU. `IOMMU_TOPO_CONFORMANCE_NO_CACHE=1` turns it off.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use iommu_topo::engine::{self, Report, Severity, TranslationKind};

use super::corpus::{self, Case};
use super::pool;
use super::qemu::{self, argv::Arch, Mode, Outcome, Version};

/// QEMU runs in parallel (the machine has 2 cores).
pub const WORKERS: usize = 2;

/// One case on one version: the engine's answer and QEMU's.
pub struct CaseRun {
    /// The corpus case.
    pub case: Case,
    /// The version.
    pub version: Version,
    /// Import diagnostics (errors make the engine call the line invalid).
    pub import_errors: Vec<String>,
    /// The engine's report for the imported design with the version set.
    pub report: Report,
    /// QEMU on the case's line, with firmware.
    pub qemu: Outcome,
}

impl CaseRun {
    /// The engine says QEMU starts.
    pub fn engine_valid(&self) -> bool {
        self.import_errors.is_empty() && self.report.valid
    }

    /// The engine's first error message.
    pub fn engine_error(&self) -> Option<String> {
        self.import_errors.first().cloned().or_else(|| {
            self.report
                .diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
                .map(|d| d.message.clone())
        })
    }

    /// `case@version`.
    pub fn label(&self) -> String {
        format!("{}@{}", self.case.name, self.version.as_str())
    }
}

fn engine_version(version: Version) -> engine::QemuVersion {
    match version {
        Version::V7_2 => engine::QemuVersion::V7_2,
        Version::V10_0 => engine::QemuVersion::V10_0,
    }
}

/// The harness sources, part of the cache key (a harness change re-runs QEMU).
const HARNESS_SOURCES: [&str; 5] = [
    include_str!("qemu/mod.rs"),
    include_str!("qemu/argv.rs"),
    include_str!("qemu/monitor.rs"),
    include_str!("qemu/parse.rs"),
    include_str!("qemu/acpi.rs"),
];

fn file_stamp(path: &Path, hasher: &mut impl Hasher) {
    if let Ok(meta) = std::fs::metadata(path) {
        meta.len().hash(hasher);
        if let Ok(modified) = meta.modified() {
            modified.hash(hasher);
        }
    }
    path.hash(hasher);
}

fn cache_path(version: Version, argv: &[String], mode: Mode) -> Option<PathBuf> {
    if std::env::var_os("IOMMU_TOPO_CONFORMANCE_NO_CACHE").is_some_and(|v| v != "0") {
        return None;
    }
    let dir = PathBuf::from(option_env!("CARGO_TARGET_TMPDIR")?).join("qemu-outcomes");
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    HARNESS_SOURCES.hash(&mut hasher);
    version.hash(&mut hasher);
    format!("{mode:?}").hash(&mut hasher);
    argv.hash(&mut hasher);
    let arch = Arch::of_binary(argv.first().map_or("", String::as_str));
    if let Ok(install) = qemu::install(version, arch) {
        file_stamp(&install.binary, &mut hasher);
    }
    for firmware in [
        "/usr/share/seabios/bios-256k.bin",
        qemu::AAVMF_CODE,
        "/usr/lib/ipxe/qemu/efi-e1000e.rom",
    ] {
        file_stamp(Path::new(firmware), &mut hasher);
    }
    Some(dir.join(format!("{:016x}.json", hasher.finish())))
}

/// Runs QEMU (or reads the cached outcome of the identical run). Unusable outcomes (harness
/// or runtime errors, unsettled firmware) are never cached.
pub fn run_qemu(version: Version, argv: &[String], mode: Mode) -> Outcome {
    let path = cache_path(version, argv, mode);
    if let Some(path) = &path {
        if let Ok(text) = std::fs::read_to_string(path) {
            if let Ok(outcome) = serde_json::from_str::<Outcome>(&text) {
                return outcome;
            }
        }
    }
    let outcome = qemu::run(version, argv, mode);
    dump(&outcome, argv);
    if let (Some(path), None) = (&path, outcome.problem()) {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
            let tmp = path.with_extension(format!("tmp{}", std::process::id()));
            if std::fs::write(&tmp, outcome.to_json()).is_ok() {
                let _ = std::fs::rename(&tmp, path);
            }
        }
    }
    outcome
}

/// With `IOMMU_TOPO_CONFORMANCE_DUMP=<dir>`, every fresh QEMU outcome is written there
/// (timing removed) under a name derived from the argv, so two uncached runs of the suite can
/// be diffed to prove the harness deterministic.
fn dump(outcome: &Outcome, argv: &[String]) {
    let Some(dir) = std::env::var_os("IOMMU_TOPO_CONFORMANCE_DUMP") else {
        return;
    };
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    argv.hash(&mut hasher);
    let mut copy = outcome.clone();
    copy.timing = Default::default();
    let dir = PathBuf::from(dir);
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(
        dir.join(format!(
            "{}-{}-{:016x}.json",
            outcome.version,
            outcome.mode,
            hasher.finish()
        )),
        copy.to_json(),
    );
}

/// The case as QEMU runs it here, for the engine: the harness runs TCG, so `accel=kvm` /
/// `-accel kvm` / `-enable-kvm` become TCG (under KVM QEMU differs: e.g. intremap defaults to
/// off with the in-kernel irqchip). Everything else, `vfio-pci` included, stays as written.
pub fn engine_text(argv: &[String]) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut iter = argv.iter().peekable();
    while let Some(word) = iter.next() {
        match word.as_str() {
            "-enable-kvm" | "--enable-kvm" => {}
            "-machine" | "-M" | "--machine" | "-accel" | "--accel" => {
                words.push(word.clone());
                if let Some(value) = iter.next() {
                    let value = value
                        .split(',')
                        .map(|part| {
                            if part == "kvm" || part.starts_with("accel=kvm") {
                                part.replacen("kvm", "tcg", 1)
                            } else {
                                part.to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(",");
                    words.push(value);
                }
            }
            _ => words.push(word.clone()),
        }
    }
    shlex::try_join(words.iter().map(String::as_str)).unwrap_or_default()
}

/// Every case on every version: engine + QEMU (original line, firmware). Computed once per
/// test binary.
pub fn runs() -> &'static [CaseRun] {
    static RUNS: OnceLock<Vec<CaseRun>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let cases = corpus::load().unwrap_or_else(|e| panic!("corpus: {e}"));
        for version in Version::ALL {
            for arch in [Arch::X86_64, Arch::Aarch64] {
                if let Err(e) = qemu::install(version, arch) {
                    panic!("{e}");
                }
            }
        }
        // longest first (AAVMF boots are the slow ones), so two workers finish together
        let mut jobs: Vec<(Case, Version)> = cases
            .iter()
            .flat_map(|c| Version::ALL.map(|v| (c.clone(), v)))
            .collect();
        jobs.sort_by_key(|(case, _)| {
            Arch::of_binary(case.argv.first().map_or("", String::as_str)) != Arch::Aarch64
        });
        pool::map(&jobs, WORKERS, |(case, version)| {
            let (mut design, diagnostics) = engine::cmdline::import(&engine_text(&case.argv));
            design.qemu_version = engine_version(*version);
            let report = engine::analyze(&design);
            CaseRun {
                case: case.clone(),
                version: *version,
                import_errors: diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| d.message.clone())
                    .collect(),
                report,
                qemu: run_qemu(*version, &case.argv, Mode::Firmware),
            }
        })
    })
}

/// QEMU on the engine's emitted command line (no firmware), parallel to [`runs`].
pub fn emitted_runs() -> &'static [Outcome] {
    static EMITTED: OnceLock<Vec<Outcome>> = OnceLock::new();
    EMITTED.get_or_init(|| {
        let runs = runs();
        pool::map(runs, WORKERS, |run| {
            run_qemu(run.version, &run.report.command_line, Mode::Structure)
        })
    })
}

/// One disagreement between the engine and QEMU.
#[derive(Clone, Debug)]
pub struct Disagreement {
    /// `case@version`.
    pub label: String,
    /// The area (`accept`, `error`, `bdf`, `translation`, `emitted`, `DMAR`, ...).
    pub area: String,
    /// What differs (a function key, a table, ...).
    pub field: String,
    /// The engine's value.
    pub engine: String,
    /// QEMU's value.
    pub qemu: String,
}

impl std::fmt::Display for Disagreement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} [{}] {}: engine {} vs QEMU {}",
            self.label, self.area, self.field, self.engine, self.qemu
        )
    }
}

/// Agreement counts of one area on one version.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tally {
    /// Items compared.
    pub total: usize,
    /// Items that agree.
    pub agree: usize,
}

/// The result of comparing: counts per (area, version) and every disagreement.
#[derive(Default)]
pub struct Comparison {
    /// (area, version) → tally.
    pub tallies: BTreeMap<(String, &'static str), Tally>,
    /// Every disagreement.
    pub disagreements: Vec<Disagreement>,
    /// Agreements that needed a looser comparison the engine asked for, one line each.
    pub notes: Vec<String>,
}

impl Comparison {
    fn count(
        &mut self,
        run: &CaseRun,
        area: &str,
        field: &str,
        agree: bool,
        engine: impl Into<String>,
        qemu: impl Into<String>,
    ) {
        let tally = self
            .tallies
            .entry((area.to_string(), run.version.as_str()))
            .or_default();
        tally.total += 1;
        if agree {
            tally.agree += 1;
        } else {
            self.disagreements.push(Disagreement {
                label: run.label(),
                area: area.to_string(),
                field: field.to_string(),
                engine: engine.into(),
                qemu: qemu.into(),
            });
        }
    }

    /// The disagreements of one area.
    pub fn of_area(&self, area: &str) -> Vec<&Disagreement> {
        self.disagreements
            .iter()
            .filter(|d| d.area == area)
            .collect()
    }
}

/// QEMU's functions by match key: the qdev id (with the type when an id is shared, as the
/// legacy pxb and its internal bridge do), else `type@slot.fn` for built-ins.
fn qemu_functions(outcome: &Outcome) -> BTreeMap<String, &qemu::Function> {
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &outcome.functions {
        if let Some(id) = &f.qdev_id {
            *ids.entry(id).or_default() += 1;
        }
    }
    outcome
        .functions
        .iter()
        .map(|f| {
            let key = match &f.qdev_id {
                Some(id) if ids.get(id.as_str()) == Some(&1) => id.clone(),
                Some(id) => format!("{id}#{}", f.qdev_type),
                None => format!("{}@{:02x}.{:x}", f.qdev_type, f.slot, f.function),
            };
            (key, f)
        })
        .collect()
}

/// The engine's functions by the same keys. An engine id QEMU does not know (the engine names
/// devices the command line left without an id) falls back to `driver@slot.fn` when QEMU has
/// such an id-less function.
fn engine_functions<'a>(
    report: &'a Report,
    qemu: &BTreeMap<String, &qemu::Function>,
) -> BTreeMap<String, &'a engine::DeviceReport> {
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &report.devices {
        if let Some(id) = &d.id {
            *ids.entry(id).or_default() += 1;
        }
    }
    report
        .devices
        .iter()
        .map(|d| {
            let slot_fn = d.bdf.get(3..).unwrap_or("??.?");
            let by_place = format!("{}@{slot_fn}", d.driver);
            let key = match &d.id {
                Some(id) if ids.get(id.as_str()) == Some(&1) => id.clone(),
                Some(id) => format!("{id}#{}", d.driver),
                None => by_place.clone(),
            };
            if !qemu.contains_key(&key) && qemu.contains_key(&by_place) {
                (by_place, d)
            } else {
                (key, d)
            }
        })
        .collect()
}

fn kind_name(kind: TranslationKind) -> &'static str {
    match kind {
        TranslationKind::Iommu => "iommu",
        TranslationKind::Bypass => "bypass",
        TranslationKind::None => "none",
    }
}

/// The areas [`compare`] knows, in report order.
pub const AREAS: [&str; 9] = [
    "accept",
    "error",
    "bdf",
    "translation",
    "emitted",
    "DMAR",
    "IVRS",
    "IORT",
    "VIOT",
];

/// Compares the engine with QEMU in every area (`emitted` only when those runs are given).
pub fn compare(runs: &[CaseRun], emitted: Option<&[Outcome]>) -> Comparison {
    let mut cmp = Comparison::default();
    for (index, run) in runs.iter().enumerate() {
        let q = &run.qemu;
        if let Some(problem) = q.problem() {
            cmp.count(run, "accept", "qemu run", false, "-", problem);
            continue;
        }
        let verdict = |accepted: bool| if accepted { "accepted" } else { "refused" };
        let engine_valid = run.engine_valid();
        cmp.count(
            run,
            "accept",
            "valid",
            engine_valid == q.accepted,
            format!(
                "{} ({})",
                verdict(engine_valid),
                run.engine_error().unwrap_or_default()
            ),
            format!(
                "{} ({})",
                verdict(q.accepted),
                q.error_message.clone().unwrap_or_default()
            ),
        );
        if !q.accepted {
            if !engine_valid {
                let engine_message = run.engine_error().unwrap_or_default();
                let qemu_message = q.error_message.clone().unwrap_or_default();
                let agree = !engine_message.is_empty()
                    && (qemu_message == engine_message
                        || q.error.as_deref().unwrap_or("").contains(&engine_message));
                cmp.count(run, "error", "message", agree, engine_message, qemu_message);
            }
            continue;
        }

        // functions: bdf and translation
        let qf = qemu_functions(q);
        let ef = engine_functions(&run.report, &qf);
        let keys: BTreeSet<&String> = qf.keys().chain(ef.keys()).collect();
        for key in keys {
            match (ef.get(key), qf.get(key)) {
                (Some(e), Some(f)) => {
                    cmp.count(run, "bdf", key, e.bdf == f.bdf, &e.bdf, &f.bdf);
                    let qt = f.translation.clone().unwrap_or_else(|| "?".to_string());
                    let et = kind_name(e.translation);
                    cmp.count(
                        run,
                        "translation",
                        key,
                        et == qt,
                        format!("{et} ({})", e.reason),
                        format!("{qt} ({})", f.dma_root.clone().unwrap_or_default()),
                    );
                }
                (Some(e), None) => {
                    cmp.count(run, "bdf", key, false, &e.bdf, "no such function");
                }
                (None, Some(f)) => {
                    cmp.count(run, "bdf", key, false, "no such function", &f.bdf);
                }
                (None, None) => {}
            }
        }

        // ACPI tables: presence and every byte
        for table in ["DMAR", "IVRS", "IORT", "VIOT"] {
            let e = run.report.acpi.get(table);
            let qh = q.acpi.get(table);
            if e.is_none() && qh.is_none() {
                continue;
            }
            // The engine's own `acpi-host-order-uncertain` warning says it cannot know the
            // order of PXB scopes (QOM hash order outside the verified range): then DMAR is
            // compared with its scope entries as a multiset (header bytes still exact).
            let order_uncertain = table == "DMAR"
                && run
                    .report
                    .diagnostics
                    .iter()
                    .any(|d| d.code == "acpi-host-order-uncertain");
            let unordered_equal = |a: &str, b: &str| {
                let split = |h: &str| -> Option<(String, Vec<String>)> {
                    let head = h.get(..128)?.to_string();
                    let rest = h.get(128..)?;
                    let mut chunks: Vec<String> = (0..rest.len())
                        .step_by(16)
                        .filter_map(|i| rest.get(i..(i + 16).min(rest.len())))
                        .map(str::to_string)
                        .collect();
                    chunks.sort();
                    Some((head, chunks))
                };
                split(a).is_some() && split(a) == split(b)
            };
            let (engine_text, qemu_text, agree) = match (e, qh) {
                (Some(e), Some(qh)) if e == qh => (String::new(), String::new(), true),
                (Some(e), Some(qh)) if order_uncertain && unordered_equal(e, qh) => {
                    cmp.notes.push(format!(
                        "{} [{table}] engine warned acpi-host-order-uncertain: same header and \
                         scope entries, different order (compared as a multiset)",
                        run.label()
                    ));
                    (String::new(), String::new(), true)
                }
                (Some(e), Some(qh)) => {
                    let (a, b) = first_difference(e, qh);
                    (a, b, false)
                }
                (Some(_), None) => ("present".to_string(), "absent".to_string(), false),
                (None, Some(_)) => ("absent".to_string(), "present".to_string(), false),
                (None, None) => unreachable!(),
            };
            cmp.count(run, table, "bytes", agree, engine_text, qemu_text);
        }

        // the engine's own command line builds the same machine
        if let Some(emitted) = emitted.and_then(|e| e.get(index)) {
            compare_emitted(&mut cmp, run, emitted);
        }
    }
    // refused cases: the emitted line must be refused too
    if let Some(emitted) = emitted {
        for (run, e) in runs.iter().zip(emitted) {
            if run.qemu.problem().is_none() && !run.qemu.accepted {
                cmp.count(
                    run,
                    "emitted",
                    "refused",
                    !e.accepted,
                    if e.accepted { "accepted" } else { "refused" },
                    "refused (original line)",
                );
            }
        }
    }
    cmp
}

/// Where two hex strings first differ: `@byte: engine…` / `@byte: qemu…`, with lengths.
fn first_difference(engine: &str, qemu: &str) -> (String, String) {
    let at = engine
        .as_bytes()
        .iter()
        .zip(qemu.as_bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(engine.len().min(qemu.len()));
    let at = at - at % 2;
    let window = |s: &str| s.get(at..(at + 32).min(s.len())).unwrap_or("").to_string();
    (
        format!(
            "len {} @{:#x}: {}",
            engine.len() / 2,
            at / 2,
            window(engine)
        ),
        format!("len {} @{:#x}: {}", qemu.len() / 2, at / 2, window(qemu)),
    )
}

fn compare_emitted(cmp: &mut Comparison, run: &CaseRun, emitted: &Outcome) {
    if let Some(problem) = emitted.problem() {
        cmp.count(run, "emitted", "qemu run", false, "-", problem);
        return;
    }
    if !emitted.accepted {
        cmp.count(
            run,
            "emitted",
            "accepted",
            false,
            format!(
                "refused: {}",
                emitted.error_message.clone().unwrap_or_default()
            ),
            "accepted (original line)",
        );
        return;
    }
    // by place (qdev bus, slot, function): ids may differ where the engine names a device
    // the original line left without an id
    let by_place = |o: &Outcome| -> BTreeMap<String, String> {
        o.functions
            .iter()
            .map(|f| {
                (
                    format!("{}/{:02x}.{:x}", f.qdev_bus, f.slot, f.function),
                    format!(
                        "{} ({})",
                        f.qdev_type,
                        f.translation.as_deref().unwrap_or("?")
                    ),
                )
            })
            .collect()
    };
    let original = by_place(&run.qemu);
    let rebuilt = by_place(emitted);
    let keys: BTreeSet<&String> = original.keys().chain(rebuilt.keys()).collect();
    let mut differences = Vec::new();
    for key in keys {
        let a = original.get(key);
        let b = rebuilt.get(key);
        if a != b {
            differences.push(format!(
                "{key}: {} instead of {}",
                b.map_or("nothing", String::as_str),
                a.map_or("nothing", String::as_str)
            ));
        }
    }
    cmp.count(
        run,
        "emitted",
        "functions",
        differences.is_empty(),
        format!("emitted line builds: {}", differences.join("; ")),
        "the original line's functions",
    );
}

/// The per-version agreement table.
pub fn summary(runs: &[CaseRun], emitted: Option<&[Outcome]>, cmp: &Comparison) -> String {
    let mut out = String::new();
    let versions: Vec<&str> = Version::ALL.iter().map(|v| v.as_str()).collect();
    let _ = writeln!(
        out,
        "Conformance: engine vs real QEMU ({} corpus cases)",
        runs.len() / versions.len().max(1)
    );
    for version in &versions {
        let cases: Vec<&CaseRun> = runs
            .iter()
            .filter(|r| r.version.as_str() == *version)
            .collect();
        let accepted = cases.iter().filter(|r| r.qemu.accepted).count();
        let _ = writeln!(
            out,
            "\nQEMU {version}: {} cases ({} accepted by QEMU, {} refused)",
            cases.len(),
            accepted,
            cases.len() - accepted
        );
        let _ = writeln!(
            out,
            "  {:<12} {:>9} {:>9} {:>8}",
            "area", "agree", "compared", "rate"
        );
        for area in AREAS {
            let Some(t) = cmp.tallies.get(&(area.to_string(), *version)) else {
                continue;
            };
            let _ = writeln!(
                out,
                "  {:<12} {:>9} {:>9} {:>7.1}%",
                area,
                t.agree,
                t.total,
                100.0 * t.agree as f64 / t.total.max(1) as f64
            );
        }
    }
    let _ = writeln!(
        out,
        "\nQEMU run times (seconds, as measured when run; cached outcomes keep their time):"
    );
    let _ = writeln!(
        out,
        "  {:<44} {:>5} {:>6} {:>6} {:>6}",
        "kind", "runs", "mean", "max", "sum"
    );
    let mut groups: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut add = |o: &Outcome, line: &str| {
        let arch = if o.argv.first().is_some_and(|b| b.contains("aarch64")) {
            "aarch64"
        } else {
            "x86_64"
        };
        let verdict = if o.accepted { "accepted" } else { "refused" };
        groups
            .entry(format!(
                "{line}, {} {arch} {}, {verdict}",
                o.mode, o.version
            ))
            .or_default()
            .push(o.timing.total_s);
    };
    for run in runs {
        add(&run.qemu, "original");
    }
    for outcome in emitted.unwrap_or_default() {
        add(outcome, "emitted");
    }
    for (kind, times) in &groups {
        let sum: f64 = times.iter().sum();
        let _ = writeln!(
            out,
            "  {:<44} {:>5} {:>6.2} {:>6.2} {:>6.1}",
            kind,
            times.len(),
            sum / times.len().max(1) as f64,
            times.iter().cloned().fold(0.0, f64::max),
            sum
        );
    }
    if !cmp.notes.is_empty() {
        let _ = writeln!(out, "\n{} notes", cmp.notes.len());
        for note in &cmp.notes {
            let _ = writeln!(out, "  {note}");
        }
    }
    let _ = writeln!(out, "\n{} disagreements", cmp.disagreements.len());
    for d in &cmp.disagreements {
        let _ = writeln!(out, "  {d}");
    }
    out
}

/// Writes `test-artifacts/<name>` (git-ignored).
pub fn write_artifact(name: &str, text: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-artifacts");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, text).is_ok() {
        let _ = std::fs::rename(&tmp, &path);
    }
}

/// Fails listing every disagreement of `area`.
pub fn assert_area(cmp: &Comparison, area: &str) {
    let list = cmp.of_area(area);
    if !list.is_empty() {
        let lines: Vec<String> = list.iter().map(|d| format!("  {d}")).collect();
        panic!(
            "{} disagreement(s) with real QEMU in area `{area}`:\n{}",
            list.len(),
            lines.join("\n")
        );
    }
}
