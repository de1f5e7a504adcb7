//! Server text made safe to show: cut, and escaped.

use std::borrow::Cow;

/// At most this many bytes of server text are quoted in an error message.
pub(crate) const QUOTE_LIMIT: usize = 500;

/// Server text made safe to show in one line of a message or a log: cut to [`QUOTE_LIMIT`]
/// bytes, with control characters (ESC, NUL, CR, LF…) and bidirectional overrides escaped
/// (`\u{1b}`, `\n`), so a server cannot forge log lines or repaint a terminal.
pub(crate) fn quote(text: &str) -> Cow<'_, str> {
    let cut = if text.len() <= QUOTE_LIMIT {
        text
    } else {
        let mut end = QUOTE_LIMIT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    };
    if cut.len() == text.len() && !cut.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(cut.len() + 8);
    for c in cut.chars() {
        if needs_escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if cut.len() < text.len() {
        out.push('…');
    }
    Cow::Owned(out)
}

/// Control characters, the line and paragraph separators (which end a line in JavaScript and
/// many log viewers), and the marks and overrides that reorder text (bidi: U+061C, U+200E/F,
/// U+202A–E, U+2066–9).
pub(crate) fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// The first `limit` bytes of `bytes` as text (invalid UTF-8 replaced), cut at a character
/// boundary, with `…` when something was cut.
pub(crate) fn excerpt(bytes: &[u8], limit: usize) -> String {
    let head = &bytes[..bytes.len().min(limit)];
    let mut text = String::from_utf8_lossy(head).into_owned();
    if head.len() < bytes.len() {
        // A multi-byte character cut in half shows as U+FFFD; drop it.
        if text.ends_with('\u{FFFD}') {
            text.pop();
        }
        text.push('…');
    }
    text
}
