//! The spec's descriptions and summaries as rustdoc shows them: as the text they are.
//!
//! They become doc comments (typify's types, the methods, the query parameters), where rustdoc
//! reads them as Markdown: `[PaymentLink]` would be a broken intra-doc link, a bare URL and an
//! HTML-like `<id>` warnings, and a fenced block without a language a Rust doctest that does not
//! compile. Each is written so that rustdoc shows the spec's words and nothing else.

/// `text` with `[`, `]`, `<`, `>` escaped, bare URLs made links, every fence marked `text`,
/// and indented code blocks fenced as `text`.
pub fn doc_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // The open fence: its marker (three or more backticks or tildes) and its indentation.
    let mut fence: Option<(String, usize)> = None;
    // The indented code block being read, its lines without their indentation.
    let mut block: Vec<&str> = Vec::new();
    // In a list, the column its items' text starts at: lines indented that far continue an
    // item, and a code block or fence in the item is indented from there.
    let mut list: Option<usize> = None;
    let mut previous_blank = true;
    // The paragraph being read: code spans may run across its lines, not past it.
    let mut paragraph = String::new();
    let flush = |paragraph: &mut String, out: &mut String| {
        escape_line(paragraph, out);
        paragraph.clear();
    };
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        let indent = indentation(line);
        let blank = trimmed.is_empty();
        if let Some((marker, opened_at)) = &fence {
            out.push_str(line);
            out.push('\n');
            // Closed by as long a run of its character, indented at most three more.
            if indent <= opened_at + 3
                && trimmed.starts_with(marker.as_str())
                && trimmed.trim_start_matches(&marker[..1]).trim().is_empty()
            {
                fence = None;
            }
            previous_blank = blank;
            continue;
        }
        // An indented code block (four spaces or a tab, after a blank line) would be a Rust
        // doctest: fenced as text instead, blank lines inside it kept.
        let base = list.unwrap_or(0);
        if !blank && indent >= base + 4 && (previous_blank || !block.is_empty()) {
            flush(&mut paragraph, &mut out);
            block.push(dedented(line, base + 4));
            previous_blank = false;
            continue;
        }
        if !block.is_empty() {
            if blank {
                block.push("");
                previous_blank = true;
                continue;
            }
            fence_block(&mut block, base, &mut out);
        }
        if let Some(width) = list_item(trimmed).filter(|_| indent <= base + 3) {
            list = Some(indent + width);
        } else if !blank && indent == 0 {
            list = None;
        }
        let base = list.unwrap_or(0);
        let fence_here = (indent <= base + 3)
            .then(|| fence_marker(trimmed))
            .flatten();
        if let Some(marker) = fence_here {
            flush(&mut paragraph, &mut out);
            // A fence with no language, or one rustdoc reads as Rust (`rust`, `no_run`,
            // `edition2021`, …), would be a doctest: every fence of the spec's is text.
            out.push_str(&line[..line.len() - trimmed.len()]);
            out.push_str(&marker);
            out.push_str("text");
            out.push('\n');
            fence = Some((marker, indent));
        } else if blank {
            flush(&mut paragraph, &mut out);
            out.push_str(line);
            out.push('\n');
        } else if indent <= 3 && trimmed.starts_with('>') {
            // A block quote line is prose of its own (its `>` escaped): no fence or code span
            // opens in it or runs into the next.
            flush(&mut paragraph, &mut out);
            paragraph.push_str(line);
            paragraph.push('\n');
            flush(&mut paragraph, &mut out);
        } else {
            paragraph.push_str(line);
            paragraph.push('\n');
        }
        previous_blank = blank;
    }
    flush(&mut paragraph, &mut out);
    fence_block(&mut block, list.unwrap_or(0), &mut out);
    // The text's own last line has no line break after it.
    out.pop();
    if let Some((marker, _)) = fence {
        // An unclosed fence runs to the end of the doc: close it, so nothing after is code.
        out.push('\n');
        out.push_str(&marker);
    }
    out
}

/// Writes an indented code block's lines in a `text` fence longer than any backtick run they
/// start with (so none closes it), indented `base` columns (a list item's), then the blank
/// lines that ended it.
fn fence_block(block: &mut Vec<&str>, base: usize, out: &mut String) {
    let indent = " ".repeat(base);
    let trailing = block.iter().rev().take_while(|l| l.is_empty()).count();
    let lines = &block[..block.len() - trailing];
    if !lines.is_empty() {
        let longest = lines
            .iter()
            .map(|l| l.trim_start().len() - l.trim_start().trim_start_matches('`').len())
            .max()
            .unwrap_or(0);
        let marker = "`".repeat((longest + 1).max(3));
        out.push_str(&format!("{indent}{marker}text\n"));
        for line in lines {
            out.push_str(&indent);
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&format!("{indent}{marker}\n"));
    }
    for _ in 0..trailing {
        out.push('\n');
    }
    block.clear();
}

/// How far `line` is indented, a tab counting four.
fn indentation(line: &str) -> usize {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// `line` without its first `columns` columns of indentation (a tab counting four).
fn dedented(line: &str, columns: usize) -> &str {
    let mut seen = 0;
    for (at, c) in line.char_indices() {
        if seen >= columns || !(c == ' ' || c == '\t') {
            return &line[at..];
        }
        seen += if c == '\t' { 4 } else { 1 };
    }
    ""
}

/// The width of the list marker `line` (indentation removed) starts with, and its space:
/// `- `, `* `, `+ `, `1. ` or `1) `; `None` for another line.
fn list_item(line: &str) -> Option<usize> {
    let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = line.len() - rest.len();
    if digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ")) {
        return Some(digits + 2);
    }
    ["- ", "* ", "+ "]
        .iter()
        .any(|m| line.starts_with(m))
        .then_some(2)
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
        if rest.starts_with("\\`") {
            // An escaped backtick is text, and opens no code span.
            out.push_str("\\`");
            rest = &rest[2..];
            continue;
        }
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
