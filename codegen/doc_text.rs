//! The spec's descriptions and summaries as rustdoc shows them: as the text they are.
//!
//! They become doc comments (typify's types, the methods, the query parameters), where rustdoc
//! reads them as Markdown: `[PaymentLink]` would be a broken intra-doc link, a bare URL and an
//! HTML-like `<id>` warnings, and a fenced block without a language a Rust doctest that does not
//! compile. Each is written so that rustdoc shows the spec's words and nothing else.

/// `text` with `[`, `]`, `<`, `>` escaped, bare URLs made links, fences without a language
/// marked `text`, and indented code blocks fenced as `text`.
pub fn doc_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // The open fence's marker (three or more backticks or tildes), if any.
    let mut fence: Option<String> = None;
    let mut indented = false;
    let mut previous_blank = true;
    // The paragraph being read: code spans may run across its lines, not past it.
    let mut paragraph = String::new();
    let flush = |paragraph: &mut String, out: &mut String| {
        escape_line(paragraph, out);
        paragraph.clear();
    };
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        let blank = trimmed.is_empty();
        if let Some(marker) = &fence {
            out.push_str(line);
            out.push('\n');
            if trimmed.starts_with(marker.as_str())
                && trimmed.trim_start_matches(&marker[..1]).trim().is_empty()
            {
                fence = None;
            }
            previous_blank = blank;
            continue;
        }
        // An indented code block (four spaces or a tab, after a blank line) would be a Rust
        // doctest: fenced as text instead, blank lines inside it kept.
        let code_indent =
            (line.starts_with("    ") || line.starts_with('\t')) && fence_marker(trimmed).is_none();
        if code_indent && !blank && (previous_blank || indented) {
            flush(&mut paragraph, &mut out);
            if !indented {
                out.push_str("```text\n");
                indented = true;
            }
            let dedented = line
                .strip_prefix("    ")
                .or_else(|| line.strip_prefix('\t'));
            out.push_str(dedented.unwrap_or(line));
            out.push('\n');
            previous_blank = false;
            continue;
        }
        if indented && !blank {
            out.push_str("```\n");
            indented = false;
        }
        if let Some(marker) = fence_marker(trimmed) {
            flush(&mut paragraph, &mut out);
            // A fence with no language, or one rustdoc reads as Rust (`rust`, `no_run`,
            // `edition2021`, …), would be a doctest: every fence of the spec's is text.
            out.push_str(&line[..line.len() - trimmed.len()]);
            out.push_str(&marker);
            out.push_str("text");
            out.push('\n');
            fence = Some(marker);
        } else if blank {
            flush(&mut paragraph, &mut out);
            out.push_str(line);
            out.push('\n');
        } else {
            paragraph.push_str(line);
            paragraph.push('\n');
        }
        previous_blank = blank;
    }
    flush(&mut paragraph, &mut out);
    if indented {
        out.push_str("```\n");
    }
    // The text's own last line has no line break after it.
    out.pop();
    if let Some(marker) = fence {
        // An unclosed fence runs to the end of the doc: close it, so nothing after is code.
        out.push('\n');
        out.push_str(&marker);
    }
    out
}

/// The marker of a fence opening on `line` (three or more backticks or tildes), if any.
fn fence_marker(line: &str) -> Option<String> {
    let first = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let marker: String = line.chars().take_while(|c| *c == first).collect();
    (marker.len() >= 3).then_some(marker)
}

/// A paragraph of prose: brackets and angle brackets escaped, URLs as `<…>` autolinks; code
/// spans (a run of backticks up to the next run of as many in the paragraph, across its lines)
/// as they are. A run with no partner opens no span, and is text.
fn escape_line(line: &str, out: &mut String) {
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let run = rest.len() - rest.trim_start_matches('`').len();
            let span_end = closing_run(&rest[run..], run).map(|end| run + end + run);
            let verbatim = span_end.unwrap_or(run);
            out.push_str(&rest[..verbatim]);
            rest = &rest[verbatim..];
            continue;
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            // A URL runs to the next space or bracket, less what ends a sentence.
            let end = rest
                .find(|c: char| c.is_whitespace() || "<>[]\"`".contains(c))
                .unwrap_or(rest.len());
            let link = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', '\'', '!', '?']);
            out.push('<');
            out.push_str(link);
            out.push('>');
            rest = &rest[link.len()..];
            continue;
        }
        match c {
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// Where in `text` the next run of exactly `n` backticks starts, if any.
fn closing_run(text: &str, n: usize) -> Option<usize> {
    let mut at = 0;
    while let Some(start) = text[at..].find('`').map(|i| at + i) {
        let len = text[start..].len() - text[start..].trim_start_matches('`').len();
        if len == n {
            return Some(start);
        }
        at = start + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::doc_text;

    #[test]
    fn what_rustdoc_would_read_as_markdown_is_shown_as_text() {
        assert_eq!(
            doc_text("See [PaymentLink] at https://lomi.africa/docs. Ids are <id>."),
            r"See \[PaymentLink\] at <https://lomi.africa/docs>. Ids are &lt;id&gt;."
        );
        assert_eq!(doc_text("(http://x.y/a)"), "(<http://x.y/a>)");
        assert_eq!(
            doc_text("Body:\n```\n{\"a\": [1]}\n```\nthen [x]"),
            "Body:\n```text\n{\"a\": [1]}\n```\nthen \\[x\\]"
        );
        assert_eq!(doc_text("```json\n[1]\n```"), "```text\n[1]\n```");
        assert_eq!(doc_text("~~~\n[1]\n~~~"), "~~~text\n[1]\n~~~");
        assert_eq!(
            doc_text("```rust\nfn x() {}\n```"),
            "```text\nfn x() {}\n```"
        );
        assert_eq!(doc_text("~~~~\nopen"), "~~~~text\nopen\n~~~~");
        assert_eq!(doc_text("``a[0]`` and `b`"), "``a[0]`` and `b`");
        assert_eq!(
            doc_text("1. A list\n\n    ```\n    [x]\n    ```"),
            "1. A list\n\n    ```text\n    [x]\n    ```"
        );
        assert_eq!(
            doc_text("Body:\n\n    {\"a\": [1]}\n\n    [2]\nthen [x]"),
            "Body:\n\n```text\n{\"a\": [1]}\n\n[2]\n```\nthen \\[x\\]"
        );
        assert_eq!(doc_text("a lone ` then [x]"), r"a lone ` then \[x\]");
        assert_eq!(doc_text("```\nopen"), "```text\nopen\n```");
        assert_eq!(
            doc_text("`a[0]` and `<b>` at `https://x.y`, not [c]"),
            r"`a[0]` and `<b>` at `https://x.y`, not \[c\]"
        );
    }
}
