//! The conformance corpus: one QEMU command line per file under `tests/conformance/accept/`
//! (real QEMU builds it) and `tests/conformance/reject/` (real QEMU refuses it). A file is
//! shell text; `#` lines are comments saying what the case teaches. Directives in comments:
//! `# expect-7.2: accept|reject` / `# expect-10.0: accept|reject` override the directory's
//! expectation for one version.

use std::path::{Path, PathBuf};

/// One corpus case.
#[derive(Clone, Debug)]
pub struct Case {
    /// File stem, e.g. `q35-intel-pxb-bypass`.
    pub name: String,
    /// The file.
    pub path: PathBuf,
    /// `accept` or `reject` (the directory).
    pub expect_accept: bool,
    /// Per-version overrides: (version text, accept).
    pub overrides: Vec<(String, bool)>,
    /// The command line as shell text, comments removed.
    pub text: String,
    /// The command line split into words (binary first).
    pub argv: Vec<String>,
}

impl Case {
    /// Whether QEMU `version` (`7.2` / `10.0`) is expected to accept it.
    pub fn expects_accept(&self, version: &str) -> bool {
        self.overrides
            .iter()
            .find(|(v, _)| v == version)
            .map_or(self.expect_accept, |(_, accept)| *accept)
    }
}

/// The command line of a case file's text: comment lines dropped, `\` continuations joined.
pub fn command_text(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .collect();
    lines
        .join("\n")
        .replace("\\\n", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads one case file.
pub fn read_case(path: &Path, expect_accept: bool) -> Result<Case, String> {
    let raw = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = command_text(&raw);
    let argv =
        shlex::split(&text).ok_or_else(|| format!("{}: bad shell quoting", path.display()))?;
    if argv.is_empty() {
        return Err(format!("{}: no command line", path.display()));
    }
    let overrides = raw
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix('#')?.trim();
            let rest = rest.strip_prefix("expect-")?;
            let (version, verdict) = rest.split_once(':')?;
            Some((version.trim().to_string(), verdict.trim() == "accept"))
        })
        .collect();
    Ok(Case {
        name: path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default(),
        path: path.to_path_buf(),
        expect_accept,
        overrides,
        text,
        argv,
    })
}

/// The corpus directory: `<repo>/tests/conformance`.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

/// Every case, accepted ones first, each directory sorted by name.
pub fn load() -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    for (sub, accept) in [("accept", true), ("reject", false)] {
        let dir = corpus_dir().join(sub);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "sh"))
            .collect();
        paths.sort();
        for path in paths {
            cases.push(read_case(&path, accept)?);
        }
    }
    Ok(cases)
}
