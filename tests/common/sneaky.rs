//! Text a hostile server sends to forge log lines or repaint a terminal: every character the
//! escaping promise names (C0 and C1 controls, DEL, the line and paragraph separators, the bidi
//! marks and overrides U+061C, U+200E/F, U+202A–E, U+2066–9, and tab).

pub const SNEAKY: [char; 22] = [
    '\u{1b}', '\n', '\r', '\u{0}', '\u{7f}', '\u{85}', '\u{9b}', '\u{2028}', '\u{2029}',
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\t',
];

/// Every sneaky character, each after an `x`.
pub fn sneaky_text() -> String {
    SNEAKY.iter().map(|c| format!("x{c}")).collect()
}

/// The sneaky characters shown raw in `text`, if any.
pub fn raw_sneaky(text: &str) -> Vec<char> {
    SNEAKY
        .iter()
        .copied()
        .filter(|c| text.contains(*c))
        .collect()
}
