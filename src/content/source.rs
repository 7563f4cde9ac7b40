//! Reading the user's text files: UTF-8 only, a BOM and CRLF accepted, other encodings named.

use camino::Utf8Path;

use crate::diagnostics::Diagnostic;

/// Decodes a file's bytes as UTF-8 text with `\n` line ends. `path` names the file in errors.
pub fn decode(path: &Utf8Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || looks_like_utf16(bytes)
    {
        return Err(Diagnostic::error(path, None, "the file is encoded in UTF-16, not UTF-8")
            .with_hint("save it as “UTF-8” (in Notepad: 另存为 → 编码 → UTF-8; in WPS/VS Code: 以 UTF-8 编码保存)"));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(if text.contains('\r') {
            normalize_newlines(text)
        } else {
            text.to_string()
        }),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let col = std::str::from_utf8(
                &valid[valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..],
            )
            .map_or(1, |s| s.chars().count() as u32 + 1);
            let (_, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            let message = if had_errors {
                "the file is not valid UTF-8".to_string()
            } else {
                "the file is not UTF-8; it looks like GBK/GB18030 (a Windows Chinese encoding)"
                    .to_string()
            };
            Err(Diagnostic::error(path, Some(crate::diagnostics::Span::new(line, col)), message)
                .with_hint("save it as “UTF-8” (in Notepad: 另存为 → 编码 → UTF-8), or convert it: iconv -f GBK -t UTF-8"))
        }
    }
}

fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64)];
    sample.len() >= 4 && sample.iter().filter(|&&b| b == 0).count() * 4 >= sample.len()
}

/// CRLF and lone CR → LF; line numbers stay the same.
fn normalize_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                continue;
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = decode(
            Utf8Path::new("a.md"),
            b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\n",
        )
        .unwrap();
        assert_eq!(text, "---\ntitle: a\n---\n");
    }

    #[test]
    fn gbk_is_named() {
        let (gbk, _, _) = encoding_rs::GBK.encode("---\ntitle: 党建\n---\n");
        let err = decode(Utf8Path::new("a.md"), &gbk).unwrap_err();
        assert!(err.message.contains("GBK"), "{}", err.message);
        assert_eq!(err.location(), "a.md:2:8");
    }

    #[test]
    fn utf16_is_named() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "title: 党建".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let err = decode(Utf8Path::new("a.md"), &bytes).unwrap_err();
        assert!(err.message.contains("UTF-16"));
    }
}
