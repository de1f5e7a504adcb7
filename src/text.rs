//! Bounded, printable excerpts of bodies for error messages.

/// At most this many bytes of a body are quoted in an error message.
pub(crate) const QUOTE_LIMIT: usize = 500;

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

/// `text` cut to [`QUOTE_LIMIT`] bytes, for messages.
pub(crate) fn quote(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= QUOTE_LIMIT {
        return text.into();
    }
    let mut end = QUOTE_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end]).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_cuts_at_the_limit() {
        assert_eq!(excerpt(b"hello", 10), "hello");
        assert_eq!(excerpt(b"hello", 3), "hel…");
        assert_eq!(excerpt(&[0xff, b'a'], 10), "\u{FFFD}a");
        // "é" is two bytes; cutting inside it drops the half.
        assert_eq!(excerpt("aé".as_bytes(), 2), "a…");
    }

    #[test]
    fn quote_respects_char_boundaries() {
        let long = "é".repeat(400);
        let q = quote(&long);
        assert!(q.len() <= QUOTE_LIMIT + '…'.len_utf8());
        assert!(q.ends_with('…'));
        assert_eq!(quote("short"), "short");
    }
}
