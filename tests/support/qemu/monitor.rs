//! The two line-based channels the harness speaks with QEMU: QMP (JSON) and qtest (text).
//! Every read is bounded by a timeout so a stuck QEMU cannot hang a test.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use serde_json::{json, Value};

/// How long one monitor command may take.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// A QMP connection (after the greeting and `qmp_capabilities`).
pub struct Qmp {
    reader: BufReader<UnixStream>,
    writer: UnixStream,
    /// The greeting's `QMP.version`.
    pub version: Value,
    /// Asynchronous events seen so far (name only).
    pub events: Vec<String>,
}

impl Qmp {
    /// Reads the greeting and negotiates capabilities. `Err` when QEMU closed the socket first
    /// (it refused the command line after connecting) or did not answer in time.
    pub fn handshake(stream: UnixStream, greeting_timeout: Duration) -> Result<Qmp, String> {
        stream
            .set_read_timeout(Some(greeting_timeout))
            .map_err(|e| e.to_string())?;
        let writer = stream.try_clone().map_err(|e| e.to_string())?;
        let mut qmp = Qmp {
            reader: BufReader::new(stream),
            writer,
            version: Value::Null,
            events: Vec::new(),
        };
        let greeting = qmp.read_message()?;
        qmp.version = greeting["QMP"]["version"].clone();
        qmp.reader
            .get_ref()
            .set_read_timeout(Some(COMMAND_TIMEOUT))
            .map_err(|e| e.to_string())?;
        qmp.execute("qmp_capabilities", json!({}))?;
        Ok(qmp)
    }

    fn read_message(&mut self) -> Result<Value, String> {
        let mut line = String::new();
        let n = self
            .reader
            .read_line(&mut line)
            .map_err(|e| format!("QMP read: {e}"))?;
        if n == 0 {
            return Err("QMP connection closed".to_string());
        }
        serde_json::from_str(&line).map_err(|e| format!("QMP: bad JSON {e}: {line}"))
    }

    /// Runs a command and returns its `return` value (`Err` with QEMU's error description).
    pub fn execute(&mut self, command: &str, arguments: Value) -> Result<Value, String> {
        let request = if arguments.as_object().is_some_and(|o| o.is_empty()) {
            json!({ "execute": command })
        } else {
            json!({ "execute": command, "arguments": arguments })
        };
        let mut text = request.to_string();
        text.push('\n');
        self.writer
            .write_all(text.as_bytes())
            .map_err(|e| format!("QMP write: {e}"))?;
        loop {
            let message = self.read_message()?;
            if let Some(event) = message.get("event") {
                self.events.push(event.as_str().unwrap_or("?").to_string());
                continue;
            }
            if let Some(value) = message.get("return") {
                return Ok(value.clone());
            }
            if let Some(error) = message.get("error") {
                return Err(format!("{command}: {}", error["desc"]));
            }
        }
    }

    /// Runs an HMP command and returns its text.
    pub fn hmp(&mut self, command_line: &str) -> Result<String, String> {
        let value = self.execute(
            "human-monitor-command",
            json!({ "command-line": command_line }),
        )?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }
}

/// A qtest connection: raw port and memory access to the (stopped) machine.
pub struct Qtest {
    reader: BufReader<UnixStream>,
    writer: UnixStream,
}

impl Qtest {
    /// Wraps an accepted qtest socket.
    pub fn new(stream: UnixStream) -> Result<Qtest, String> {
        stream
            .set_read_timeout(Some(COMMAND_TIMEOUT))
            .map_err(|e| e.to_string())?;
        let writer = stream.try_clone().map_err(|e| e.to_string())?;
        Ok(Qtest {
            reader: BufReader::new(stream),
            writer,
        })
    }

    /// Sends one command and returns the words after `OK`.
    pub fn command(&mut self, command: &str) -> Result<String, String> {
        self.writer
            .write_all(format!("{command}\n").as_bytes())
            .map_err(|e| format!("qtest write: {e}"))?;
        loop {
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .map_err(|e| format!("qtest read: {e}"))?;
            if n == 0 {
                return Err("qtest connection closed".to_string());
            }
            let line = line.trim_end();
            if line.starts_with("IRQ") {
                continue;
            }
            return match line.strip_prefix("OK") {
                Some(rest) => Ok(rest.trim().to_string()),
                None => Err(format!("qtest `{command}`: {line}")),
            };
        }
    }

    /// Reads guest memory.
    pub fn read(&mut self, address: u64, size: usize) -> Result<Vec<u8>, String> {
        if size == 0 {
            return Ok(Vec::new());
        }
        let text = self.command(&format!("read {address:#x} {size:#x}"))?;
        let hex = text.strip_prefix("0x").unwrap_or(&text);
        decode_hex(hex)
    }

    /// Writes guest memory.
    pub fn write(&mut self, address: u64, bytes: &[u8]) -> Result<(), String> {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.command(&format!("write {address:#x} {:#x} 0x{hex}", bytes.len()))
            .map(|_| ())
    }
}

/// Bytes of a hex string.
pub fn decode_hex(hex: &str) -> Result<Vec<u8>, String> {
    if !hex.len().is_multiple_of(2) {
        return Err(format!("odd hex length {}", hex.len()));
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| format!("bad hex at {i}"))
        })
        .collect()
}
