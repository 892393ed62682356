//! Shell syntax: turning pasted text into words (quotes, `\`-newline continuations, `#`
//! comments) and an argv back into one copyable line or a multi-line script.

use super::options;

/// Splits shell text into words with `shlex` (POSIX quoting, `\`-newline continuations and
/// `#` comments). Carriage returns from pasted Windows text are dropped first. On an
/// unterminated quote or trailing backslash, returns the words before it and `Err` with them.
pub fn split_words(text: &str) -> Result<Vec<String>, Vec<String>> {
    let unix = text.replace("\r\n", "\n").replace('\r', "\n");
    let cleaned = join_continuations(&drop_comment_lines(&unix));
    let mut lexer = shlex::Shlex::new(&cleaned);
    let words: Vec<String> = lexer.by_ref().collect();
    if lexer.had_error {
        Err(words)
    } else {
        Ok(words)
    }
}

/// Drops whole `#` comment lines (first non-blank character `#`), newline included, so that a
/// comment line between `\`-continued lines (as in pasted documentation) neither ends the
/// command nor has its apostrophes read as quotes.
fn drop_comment_lines(text: &str) -> String {
    text.split_inclusive('\n')
        .filter(|line| !line.trim_start().starts_with('#'))
        .collect()
}

/// Removes `\`-newline line continuations outside single quotes, as a POSIX shell does before
/// splitting words (`shlex` would otherwise leave an empty word where a continuation follows a
/// space).
fn join_continuations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut single = false;
    let mut double = false;
    while let Some(c) = chars.next() {
        match c {
            // A trailing comment: `#` starting a word outside quotes runs to the end of the
            // line (its apostrophes are not quotes); the newline stays a word separator.
            '#' if !single && !double && out.chars().last().is_none_or(char::is_whitespace) => {
                while chars.peek().is_some_and(|&next| next != '\n') {
                    chars.next();
                }
                continue;
            }
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '\\' if !single => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                    continue;
                }
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// One word quoted for a POSIX shell: left bare when it only has characters no shell treats
/// specially (QEMU's `a=b,c=d` stays readable), otherwise quoted by `shlex`. A word `shlex`
/// cannot quote (a NUL byte) becomes empty.
pub fn quote(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || ",._+:@%/=-".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        return word.to_string();
    }
    shlex::try_quote(word)
        .map(|q| q.into_owned())
        .unwrap_or_default()
}

/// The argv as one shell-quoted line.
pub fn to_shell_line(argv: &[String]) -> String {
    argv.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
}

/// The argv as a multi-line shell command: the binary on the first line, then one option
/// (with its argument) per line, each line but the last ending in ` \`.
pub fn to_shell_lines(argv: &[String]) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut words = argv.iter().peekable();
    if let Some(binary) = words.next() {
        lines.push(quote(binary));
    }
    while let Some(word) = words.next() {
        let mut line = format!("    {}", quote(word));
        let takes_arg = options::normalize(word).is_some_and(|o| options::takes_argument(&o));
        if takes_arg {
            if let Some(arg) = words.next_if(|next| options::normalize(next).is_none()) {
                line.push(' ');
                line.push_str(&quote(arg));
            }
        }
        lines.push(line);
    }
    lines.join(" \\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_lines_between_continuations_are_transparent() {
        let text = "# the seed's q35 example\nqemu-system-x86_64 \\\n  -machine q35 \\\n  # it's a comment\n  -device intel-iommu # don't mind me\n";
        assert_eq!(
            split_words(text),
            Ok(vec![
                "qemu-system-x86_64".to_string(),
                "-machine".to_string(),
                "q35".to_string(),
                "-device".to_string(),
                "intel-iommu".to_string(),
            ])
        );
    }

    #[test]
    fn splits_continuations_and_comments() {
        let text =
            "# a comment\nqemu-system-x86_64 \\\n  -machine q35 \\\r\n  -device 'e1000e,id=a b'\n";
        assert_eq!(
            split_words(text),
            Ok(vec![
                "qemu-system-x86_64".to_string(),
                "-machine".into(),
                "q35".into(),
                "-device".into(),
                "e1000e,id=a b".into()
            ])
        );
        assert!(split_words("-device 'e1000e").is_err());
    }

    #[test]
    fn formats_lines() {
        let argv: Vec<String> = [
            "qemu-system-x86_64",
            "-machine",
            "q35",
            "-nodefaults",
            "-device",
            "a b",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            to_shell_line(&argv),
            "qemu-system-x86_64 -machine q35 -nodefaults -device 'a b'"
        );
        assert_eq!(
            to_shell_lines(&argv),
            "qemu-system-x86_64 \\\n    -machine q35 \\\n    -nodefaults \\\n    -device 'a b'"
        );
        assert_eq!(split_words(&to_shell_lines(&argv)), Ok(argv));
    }
}
