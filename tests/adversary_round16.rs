//! Round 16 of the adversarial review: the fixes of round 15 (56e276f) attacked. Each test
//! failed on the code it was written against (2043341) and passes since its fix, but the count
//! of what remains, accepted as a limit; its comment names the promise it holds the crate to,
//! what was observed, and what is expected. Runtime tests talk only to servers on
//! 127.0.0.1 that they start; doc text tests call `codegen::doc_text::doc_text` directly.

mod common;

#[path = "../codegen/mod.rs"]
#[allow(dead_code, reason = "build.rs uses all of it; these tests a part")]
mod codegen;

use codegen::doc_text::doc_text;
use common::pages::{assert_walked_exactly, counting, sessions, silently_lost, walk_from};
use common::*;

// =============================================================================================
// Pagination: every item once or a typed `Error::Pagination`, never silent loss, never a false
// `Error::Pagination` from an honest server.

/// BREAK (pagination: never silent loss; round 15's fix, CHANGELOG: "a running count that
/// grows from the first page marks the list as moved"; README: "A `total` that grows between
/// pages (a running count included) is read the same way: items were added, so it can no
/// longer end the walk").
///
/// The running count (`offset + data.length`) is caught only from the start of the list, where
/// the first page's count equals the page's length and is dropped, so the second one is seen
/// to grow. Walked from a saved offset (a job resuming at 30, pages of 10), the first page's
/// running count is 40: not the page's length, not below the 40 walked with it, nothing to
/// compare it with, so it is taken for the whole count and the walk ends at offset 40 with no
/// error. Observed (both clients, 1 request): `cs_30`…`cs_39`, then `None`; `cs_40`…`cs_44`
/// never handed out. A full page whose `total` is exactly where it ends is the same ambiguity
/// as a `total` equal to the page's length at offset 0, which the crate pays one request to
/// resolve.
///
/// Expected: `cs_30`…`cs_44` (one more request: a full page whose `total` is only its end
/// proves nothing), or `Error::Pagination`.
#[test]
fn a_running_count_walked_from_a_saved_offset_loses_no_item_silently() {
    let expected = sessions(30..45);
    let mut lost = Vec::new();
    for_each_kind(|kind| {
        let server = counting(45, |offset, len| offset + len);
        let client = kind.client(server.builder());
        let walked = walk_from(&client, 30, 10);
        let missing = silently_lost(&walked, &expected);
        if !missing.is_empty() {
            lost.push(format!(
                "{kind:?}: ended with {:?} after {} sessions ({} requests); never handed out: \
                 {missing:?}",
                walked.1,
                walked.0.len(),
                server.hits()
            ));
        }
    });
    assert!(lost.is_empty(), "{}", lost.join("\n"));
}

/// BREAK (pagination: no false `Error::Pagination` from a static list; CHANGELOG, round 15:
/// "only a `total` that can be the whole count is compared for a fall (one counting what
/// remains gave a false `Error::Pagination`)"; README: "one below the items already walked
/// counts something else (what remains, say) … None of those ends the walk").
///
/// Round 15 fixed the count of what remains only where it is already below the items walked
/// (its test walks from offset 30 of 60). Walked from the start, the same server's count is
/// above the items walked for the first half of the list, so it "can be the whole count",
/// and it falls by a page on every page. 45 static sessions, pages of 10, `total` = what
/// remains after the page: 35 on the first page, 25 (≥ the 20 walked) on the second: "the
/// list's total fell from 35 to 25 while it was walked (at offset 10)". Observed (both
/// clients, 2 requests): 10 sessions, then `Error::Pagination`. Nothing moved. (A list that
/// loses a page of items from its front on every page gives the same totals, so this may be
/// a limit to document rather than fix; but the CHANGELOG and README say this server is
/// walked.)
///
/// Expected: all 45 sessions and no error, or the README and CHANGELOG no longer claiming it.
#[test]
#[ignore = "open, accepted as a limit (RELIABILITY.md): a count of what remains that is not yet \
            below the items walked falls like the whole count of a list shrinking at its front \
            by a page a page; the walk ends with Error::Pagination, never a silent loss"]
fn a_count_of_what_remains_walked_from_the_start_is_no_error() {
    assert_walked_exactly(0, &sessions(0..45), || {
        counting(45, |offset, len| 45usize.saturating_sub(offset + len))
    });
}

// =============================================================================================
// doc_text: no rustdoc warning, no Rust doctest from spec text, the spec's words as written.

/// BREAK (doc text: "no rustdoc warning …, no Rust doctest made from spec text").
///
/// Round 15 keeps a fence indented four spaces as a fence (for one nested in a list item), and
/// never looks whether a list item holds it. At the top level, after a blank line, four spaces
/// make an indented code block, whose content is the fence lines themselves: rustdoc takes it
/// for Rust. `doc_text("Body:\n\n    ```\n    {\"a\": [1]}\n    ```\n\nAfter [x].")` is
/// "Body:\n\n    ```text\n    {\"a\": [1]}\n    ```\n\nAfter \\[x\\]." unchanged in its
/// indentation. Checked in a scratch crate (/tmp/adv16/lib): `RUSTDOCFLAGS=-Dwarnings cargo
/// doc` fails, "could not parse code block as Rust code"; `cargo test --doc` compiles it as a
/// doctest and fails ("expected identifier, found `\"a\"`"). The same for a fence indented six
/// spaces under `- item` (four past the item's content: an indented block inside the item),
/// and for one indented with a tab (`doc_text` itself reads a tab as a code indent, but
/// keeps a tab-indented fence as it is: rustdoc, "could not parse code block as Rust code").
///
/// Expected: no indented code block left for rustdoc: the block fenced as `text` (or the
/// fence dedented to where it opens a fence).
#[test]
fn a_fence_indented_four_spaces_outside_a_list_is_no_doctest() {
    let mut doctests = Vec::new();
    for (spec, indent) in [
        (
            "Body:\n\n    ```\n    {\"a\": [1]}\n    ```\n\nAfter [x].",
            "    ",
        ),
        ("- item\n\n      ```\n      fn x( {\n      ```", "      "),
        ("Tab:\n\n\t```\n\tfn x( {\n\t```", "\t"),
    ] {
        let doc = doc_text(spec);
        // An indented code block: a blank line, then a line indented four spaces past its
        // container (here: none, or the list item's two) that is not a fence of the item.
        if doc.contains(&format!("\n\n{indent}```")) {
            doctests.push(format!("{spec:?} -> {doc:?}"));
        }
    }
    assert!(doctests.is_empty(), "{doctests:#?}");
}

/// BREAK (doc text: "the spec's words shown as written"; "an unclosed fence is closed with its
/// own marker, so nothing after is code").
///
/// A fence closes on any line whose trimmed text is its marker, however far indented; CommonMark
/// closes it only on one indented at most three spaces (four make it a line of the code). Spec:
/// a fence whose code holds a line `    ```` (a nested example), then more code, the real
/// closing fence, and prose. `doc_text` takes the indented line for the end, escapes the rest
/// of the code as prose (`\[y\] &lt;z&gt;`), takes the real closing fence for an opening one
/// (`` ```text ``) and closes that at the very end: rustdoc shows `still code \[y\] &lt;z&gt;`
/// with its escapes inside the code block, and "After." as code (scratch crate /tmp/adv16/lib).
///
/// Expected: the code shown as written (`[y] <z>`), and "After." as prose.
#[test]
fn a_fence_line_indented_four_spaces_inside_a_fence_does_not_close_it() {
    let spec = "Example:\n\n```\nlet a = [1];\n    ```\nstill code [y] <z>\n```\n\nAfter.";
    let doc = doc_text(spec);
    assert!(
        doc.contains("still code [y] <z>") && !doc.ends_with("```"),
        "the code is escaped and the prose after it is code:\n{doc}"
    );
}

/// BREAK (doc text: "no rustdoc warning (broken intra-doc links, bare URLs, invalid HTML
/// tags)"; "the spec's words shown as written").
///
/// A backslash-escaped backtick (`` \` ``, how Markdown writes a literal backtick) is taken
/// for a code span's opener: the text up to the next one is kept verbatim, brackets and angle
/// brackets unescaped. CommonMark opens no span there, so rustdoc reads that text as prose:
/// `doc_text("Write \\`[PaymentLink]\\` in prose.")` is unchanged, and rustdoc (scratch
/// crate /tmp/adv16/lib, `RUSTDOCFLAGS=-Dwarnings cargo doc`) fails: "unresolved link to
/// `PaymentLink`"; for "Ids look like \\`<id>\\` here.": "unclosed HTML tag `id`", and
/// `<id>` is not shown at all.
///
/// Expected: the brackets escaped as in any prose (`\[PaymentLink\]`, `&lt;id&gt;`).
#[test]
fn a_backslash_escaped_backtick_opens_no_code_span() {
    let mut unescaped = Vec::new();
    for (spec, shown) in [
        ("Write \\`[PaymentLink]\\` in prose.", "\\[PaymentLink\\]"),
        ("Ids look like \\`<id>\\` here.", "&lt;id&gt;"),
    ] {
        let doc = doc_text(spec);
        if !doc.contains(shown) {
            unescaped.push(format!("{spec:?} -> {doc:?}"));
        }
    }
    assert!(unescaped.is_empty(), "{unescaped:#?}");
}

/// BREAK (doc text: "no rustdoc warning", "every fence → `text`", "the spec's words shown as
/// written").
///
/// Fences are looked for only at the start of a line (after spaces); one inside a block quote
/// (`> ````, how Markdown quotes an example) is prose. Its first `>` is escaped (`&gt;`), so
/// the quote starts on the second line; the fence's backtick runs are paired as a code span
/// across the paragraph's lines and kept verbatim. rustdoc then reads the quote's `> ````
/// line as a fence with no language (or `json`) opened inside the quote: for
/// "Note:\n\n> ```\n> fn x( {\n> ```\n\nAfter." `doc_text` gives
/// "Note:\n\n&gt; ```\n> fn x( {\n> ```\n\nAfter."; `RUSTDOCFLAGS=-Dwarnings cargo doc` of it
/// (scratch crate /tmp/adv16/lib) fails, "Rust code block is empty"; for the quoted
/// `{"a": [1]}` also "unresolved link to `1`". The quoted code is shown as a paragraph and an
/// empty Rust block, not as written.
///
/// Expected: a quoted fence marked `text` (or the quote escaped as a whole), no warning.
#[test]
fn a_fence_in_a_block_quote_is_text() {
    let mut wrong = Vec::new();
    for spec in [
        "Note:\n\n> ```\n> fn x( {\n> ```\n\nAfter.",
        "Note:\n\n> ```json\n> {\"a\": [1]}\n> ```",
    ] {
        let doc = doc_text(spec);
        let bare_fence = doc
            .lines()
            .any(|l| l.starts_with("> ```") && !l.starts_with("> ```text"));
        if bare_fence && !doc.contains("```text") {
            wrong.push(format!("{spec:?} -> {doc:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
