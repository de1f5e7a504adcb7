//! Round 14 of the adversarial review: the fixes of rounds 12 and 13 (654add4) attacked with
//! cases nobody listed. Each test failed on the code it was written against (899e447) and
//! passes since its fix; its comment names the promise it holds the crate to, what was
//! observed, and what is expected.
//! Runtime tests talk only to servers on 127.0.0.1 that they start; generator tests run
//! `codegen/` on variants of `tests/served/openapi.yaml` as `build.rs` would.

mod common;

#[path = "../codegen/mod.rs"]
#[allow(dead_code, reason = "build.rs uses all of it; these tests a part")]
mod codegen;
#[path = "common/served_spec.rs"]
mod served_spec;

use common::pages::{
    assert_nothing_lost, changing_after_the_first_page, counting, one_added_after_the_first_page,
    sessions,
};
use served_spec::{generate, served};

// =============================================================================================
// Pagination: every item once or a typed `Error::Pagination`, never silent loss.

/// BREAK (pagination: "every item exactly once or `Error::Pagination`, never silent loss"; the
/// README since round 13: a `total` "below the items already walked counts something else
/// (what remains, say) … None of those ends the walk").
///
/// This is round 13's own server (`a_total_the_walk_has_already_passed_does_not_end_it_silently`:
/// `total` counts what remains after the page), with 40 sessions instead of 25. After the
/// second page the walk stands at offset 20 and the page says `total: 20` (what remains): not
/// below the items walked, not the page's length, no repeat seen, so the fix takes it for the
/// whole count and ends the walk at offset 20 without an error. `cs_20`…`cs_39`, half the
/// list, are never handed out. The rule "below the items already walked" only catches a
/// remaining-count once it has fallen under the offset; a list of exactly twice the offset
/// at some page (any even number of full pages) is cut in half. The walk had seen the `total`
/// fall from 30 to 20 while it walked 10 items and nothing repeated: a count that moves by
/// exactly the page each time is not the list's size.
///
/// Expected: all 40 sessions (the next, empty or short page ends the walk), or
/// `Error::Pagination`.
#[test]
fn a_remaining_count_that_meets_the_offset_does_not_end_the_walk_silently() {
    let all = sessions(0..40);
    assert_nothing_lost(&all, || {
        counting(40, |offset, len| 40usize.saturating_sub(offset + len))
    });
}

/// BREAK (pagination: never silent loss; round 10's promise "a server that caps its pages below
/// the `limit` asked for is walked to the end" (a short page whose `total` says more follow
/// does not end it) meets round 13's "a `total` read after a page repeated items is stale").
///
/// A server caps its pages at 5 items without saying so (no `pagination.limit`: the spec's
/// field is optional), and reports an honest `total`. One checkout session is created at the
/// front of the list (newest first) between the first page and the second: the second page
/// repeats one session the walk has handed out, so the walk marks the list as moved and from
/// then on ignores every `total`. The second page is short of the 10 asked for (5, the cap),
/// and with no `total` to go by a short page ends the walk: it stops at offset 10 with no
/// error, 21 of the 30 original sessions never handed out. One customer paying during a
/// reconciliation run hides most of the day's sessions from it.
///
/// Expected: all 30 original sessions (a `total` of 31 at offset 10 still says more follow:
/// the list moved by one, not by twenty), or `Error::Pagination`.
#[test]
fn one_new_session_during_a_walk_of_a_capping_server_loses_no_item_silently() {
    let original = sessions(0..30);
    assert_nothing_lost(&original, || one_added_after_the_first_page(|_| 5));
}

/// BREAK (pagination: never silent loss; RELIABILITY.md: "a list that shifts a little between
/// pages is walked whole"). Round 13 made the walk distrust a `total` once the list grew at the
/// front; a list that shrinks at the front is the same shift the other way, and nothing
/// catches it. Five sessions the walk already handed out leave the list (expired and purged,
/// or payment links deleted by another job) between the first page and the second: every
/// later session moves five places forward, the page at offset 10 starts at `cs_15`, and the
/// walk ends at the `total` of 25 without an error. `cs_10` to `cs_14`, which are still in
/// the list, are never handed out. The walk saw the evidence: the `total` fell from 30 to 25
/// between two pages, with no item repeated.
///
/// Expected: every session still in the list (`cs_5`…`cs_29`), or `Error::Pagination` saying the
/// list shrank while it was walked; never a silent end with five live sessions missing.
#[test]
fn a_list_that_shrinks_at_the_front_during_a_walk_loses_no_item_silently() {
    let still_there = sessions(5..30);
    assert_nothing_lost(&still_there, || {
        changing_after_the_first_page(sessions(0..30), sessions(5..30))
    });
}

// =============================================================================================
// Regeneration: a spec lomi. could publish builds, or fails the build naming what to change.

/// Promise broken: "a spec lomi. could plausibly publish builds …, or fails the build with a
/// message naming the operation/schema and what to change — never a panic"; round 12 made a
/// nullable enum's `null` value "the field's `None`" instead of an error.
///
/// A nullable string enum whose only listed value is `null` (`type: string, nullable: true,
/// enum: [null]`: OpenAPI 3.0's way to say "always null for now", e.g. a field reserved for a
/// later release) leaves `open_enum` with no value at all, and it indexes `variants[0]`: the
/// generator panics (`index out of bounds`), and build.rs with it, with no word of which schema.
///
/// Expected: an open enum with no known variant, or a `CodegenError` naming the schema.
#[test]
fn an_enum_of_only_null_is_a_named_error_not_a_panic() {
    let mut spec = served();
    spec["components"]["schemas"]["ReservedStatus"] =
        serde_json::json!({"type": "string", "nullable": true, "enum": [null]});
    let outcome = std::panic::catch_unwind(|| generate(&spec).map(|_| ()));
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => assert!(e.to_string().contains("ReservedStatus"), "{e}"),
        Err(_) => panic!("the generator panicked on `enum: [null]`"),
    }
}

/// Promise broken: "never silently wrong code (… values that don't round-trip through
/// Display/FromStr/serde)"; README: "a `null` value is the field's `None`", and
/// `codegen/own_types.rs`: "`null` among the values is how OpenAPI 3.0 lists a nullable enum's:
/// the field holding it is an `Option` already".
///
/// It is not when the field is required. `PaymentLink.dispute_status`, required (always
/// present) and `$ref`ing `DisputeStatus` (`nullable: true, enum: [open, won, null]`, the
/// awkward fixture's own schema), is generated as `pub dispute_status: DisputeStatus`: not an
/// `Option`, and the open enum's deserializer takes only strings (`serde_json::from_str::<
/// CheckoutSessionStatus>("null")` fails the same way). Every payment link lomi. answers with
/// `"dispute_status": null`, which the spec says is a valid value, is a `Decode` error: a
/// retrieve of an existing link fails, and a list walk ends at the first such link.
///
/// Expected: the field is `Option<DisputeStatus>` (or the build fails naming the schema).
#[test]
fn a_required_field_of_a_nullable_enum_holds_its_null() {
    // What the generated field type would have to decode: the open enum refuses `null`.
    assert!(serde_json::from_str::<lomi::types::CheckoutSessionStatus>("null").is_err());
    let mut spec = served();
    let schemas = spec["components"]["schemas"].as_object_mut().unwrap();
    schemas.insert(
        "DisputeStatus".into(),
        serde_json::json!({"type": "string", "nullable": true, "enum": ["open", "won", null]}),
    );
    schemas["PaymentLink"]["properties"]["dispute_status"] =
        serde_json::json!({"$ref": "#/components/schemas/DisputeStatus"});
    schemas["PaymentLink"]["required"]
        .as_array_mut()
        .unwrap()
        .push("dispute_status".into());
    let Ok(generated) = generate(&spec) else {
        return; // a build error naming the schema would do
    };
    let field = generated
        .types
        .lines()
        .find(|l| l.contains("pub dispute_status:"))
        .expect("the field is generated");
    assert!(
        field.contains("Option<"),
        "`null`, a value the spec lists, cannot be decoded into `{}`",
        field.trim()
    );
}

/// Promise broken: "a spec lomi. could plausibly publish builds with no warning and working
/// code, or fails the build with a message naming … what to change — never rustc errors
/// inside generated code". Round 12 refused a query parameter named `new` by name, because the
/// setter would be the parameters struct's constructor; the struct has other names it
/// relies on.
///
/// A boolean filter named `default` (`GET /payment-links?default=true`: the organization's
/// default link, as prices and payment methods often have) becomes the setter
/// `pub fn default(mut self, value: bool)`, and the generated `new()` is `Self::default()`,
/// which now resolves to that setter: lomi fails to compile inside its generated `types.rs`
/// (E0061, reproduced with `LOMI_OPENAPI_SPEC=/tmp/adv14/specC.json cargo check --lib`). A
/// query parameter named `gen`
/// (reserved in edition 2024, the crate's edition) passes the keyword check (`syn` knows only
/// the strict keywords) and becomes `pub gen: Option<String>` / `pub fn gen(`: "expected
/// identifier, found reserved keyword `gen`" (specB.json).
///
/// Expected: `default_`, `r#gen`/`gen_` (wire names kept), or a `CodegenError`
/// naming the parameter.
#[test]
fn a_query_parameter_named_like_what_the_params_struct_relies_on_compiles() {
    let mut broken = Vec::new();
    for (name, schema) in [
        ("default", serde_json::json!({"type": "boolean"})),
        ("gen", serde_json::json!({"type": "string"})),
    ] {
        let mut spec = served();
        spec["paths"]["/payment-links"]["get"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"name": name, "in": "query", "schema": schema}));
        let Ok(generated) = generate(&spec) else {
            continue; // refused by name: fine
        };
        let types = &generated.types;
        let setter = format!("pub fn {name}(");
        let collides = match name {
            "default" => types.contains(&setter) && types.contains("Self::default()"),
            _ => types.contains(&setter) || types.contains(&format!("pub {name}:")),
        };
        if collides {
            broken.push(format!(
                "query parameter `{name}` generates `{setter}…`, which does not compile"
            ));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// Promise broken: "a spec lomi. could plausibly publish builds with no warning" (CHANGELOG,
/// round 12: "a spec without lists or query parameters (no dead-code warnings)"; `.ci/run`
/// fails on any `^warning` for the minimal spec).
///
/// `lomi_query` is set when any operation has a query parameter, and then every helper of
/// `src/call/query.rs` is taken as used. `check_range` is used only by an integer parameter
/// with a `minimum` or `maximum`. A spec whose query parameters are all strings, booleans or
/// enums (its lists filter by `linkType` and `isActive` and page by cursor, say, or not at all;
/// here: the served spec without `limit` and `offset`) builds lomi with `warning: function
/// check_range is never used` (reproduced with `LOMI_OPENAPI_SPEC=/tmp/adv14/specD.json
/// cargo check --lib`).
///
/// Expected: no warning; the generator's `query` flag (or another cfg) covers `check_range`
/// only when a bounded integer parameter uses it.
#[test]
fn query_parameters_without_bounds_leave_no_dead_code() {
    let mut spec = served();
    for path in ["/payment-links", "/checkout-sessions"] {
        let parameters = spec["paths"][path]["get"]["parameters"]
            .as_array_mut()
            .unwrap();
        parameters.retain(|p| !matches!(p["name"].as_str(), Some("limit" | "offset")));
    }
    let generated = generate(&spec).expect("the spec generates");
    assert!(generated.query, "the spec has query parameters");
    // The attributes on `check_range`: what excuses it from being unused.
    let source = include_str!("../src/call/query.rs");
    let at = source
        .find("pub(crate) fn check_range")
        .expect("check_range");
    let attributes = source[..at].rsplit("\n\n").next().unwrap_or_default();
    let excused = attributes.contains("dead_code") && !attributes.contains("not(lomi_query)");
    assert!(
        generated.types.contains("check_range") || excused,
        "lomi_query is set, so `check_range` (src/call/query.rs) must be used, but no \
         generated code calls it: `warning: function check_range is never used`"
    );
}

/// The code blocks of `doc` that rustdoc would compile and run as Rust doctests: fenced with
/// ``` or ~~~ without a language (or `rust`), or indented by four spaces after a blank line.
fn rust_doctests(doc: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut fence: Option<(String, bool)> = None;
    let mut block = String::new();
    let mut previous_blank = true;
    let mut indented = false;
    for line in doc.lines() {
        let trimmed = line.trim_start();
        if let Some((marker, is_rust)) = &fence {
            if trimmed.starts_with(marker.as_str())
                && trimmed
                    .trim_start_matches(marker.chars().next().unwrap())
                    .trim()
                    .is_empty()
            {
                if *is_rust {
                    found.push(std::mem::take(&mut block));
                }
                block.clear();
                fence = None;
            } else {
                block.push_str(line);
                block.push('\n');
            }
            continue;
        }
        for marker in ["```", "~~~"] {
            if let Some(info) = trimmed.strip_prefix(marker) {
                let info = info
                    .trim_start_matches(marker.chars().next().unwrap())
                    .trim();
                fence = Some((marker.to_owned(), info.is_empty() || info == "rust"));
            }
        }
        if fence.is_some() {
            continue;
        }
        let is_indented = line.starts_with("    ") && !trimmed.is_empty();
        if is_indented && (previous_blank || indented) {
            indented = true;
            block.push_str(line);
            block.push('\n');
        } else if !trimmed.is_empty() || !indented {
            if indented {
                found.push(std::mem::take(&mut block));
            }
            indented = false;
        }
        previous_blank = trimmed.is_empty();
    }
    if indented {
        found.push(block);
    }
    found
}

/// Promise broken: "The spec's descriptions become docs as the text they are: … a fence
/// without a language is `text`, never a doctest" (README, round 12), and "never rustc errors
/// inside generated code".
///
/// `doc_text` marks only ``` fences. CommonMark, which OpenAPI descriptions are written in,
/// has two more ways to write a code block, and rustdoc compiles both as Rust doctests: a
/// `~~~` fence without a language, and a block indented by four spaces (how a YAML `|`
/// description naturally shows a JSON body: a blank line, then the body indented). Built from
/// such a spec (`/tmp/adv14/specA.json`: createPaymentLink's description with an indented
/// body, retrievePaymentLink's with a `~~~` fence), `cargo test --doc` fails inside the
/// generated `methods.rs`: `Client::create_payment_link (line 191)` and
/// `Client::retrieve_payment_link (line 231)`, and their async twins: "expected one of `.`,
/// `;`, `?`, `}`, or an operator, found `:`" on the spec's JSON. (Inside those blocks `[` is
/// also escaped, so the docs show `\[`.)
///
/// Expected: neither is a Rust doctest (marked `text`, or shown as text), as a ``` fence is.
#[test]
fn indented_and_tilde_code_blocks_in_a_description_are_not_doctests() {
    let mut broken = Vec::new();
    for description in [
        "Creates a payment link. The body looks like this:\n\n    {\"link_type\": \"instant\", \"title\": \"Invoice\", \"amount\": 50000}\n\nand the answer carries its `link_id`.",
        "Retrieves a payment link. Its answer:\n\n~~~\n{\"link_id\": \"3f2a\", \"title\": \"Invoice\"}\n~~~\n",
        "Lists links, as in:\n\n        [{\"link_id\": \"3f2a\"}]\n",
    ] {
        let doc = codegen::doc_text::doc_text(description);
        let doctests = rust_doctests(&doc);
        if !doctests.is_empty() {
            broken.push(format!(
                "{description:?}\n  becomes {doc:?}\n  whose Rust doctests are {doctests:?}"
            ));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// Promise broken: "The spec's descriptions become docs as the text they are: brackets … are
/// escaped" (README, round 12); CI builds the docs with `RUSTDOCFLAGS=-Dwarnings`.
///
/// `doc_text` leaves brackets alone inside what it takes for a code span, and it decides that
/// line by line, toggling on every backtick. Markdown decides per paragraph: a code span may be
/// wrapped across two lines (a `|` description wrapped at 80 columns), and a lone backtick (a
/// typo) opens nothing. In both cases `doc_text` takes the text after the backtick on that line
/// for code and leaves `[Organization]` as it is, which rustdoc reads as an intra-doc link:
/// `warning: unresolved link to Organization` (reproduced from `/tmp/adv14/specA.json`,
/// retrieveCheckoutSession's description, with `cargo doc`).
///
/// Expected: `\[Organization\]` in both, as in any other prose.
#[test]
fn brackets_after_a_wrapped_or_lone_backtick_are_escaped() {
    let mut broken = Vec::new();
    for description in [
        // A code span wrapped across two lines: `link_type:\nproduct` is one span.
        "Links of one type (`link_type:\nproduct`), owned by the [Organization].",
        // A lone backtick: no code span at all.
        "An id that is not the organization's (see the `organization_id field) is a 404; see [Organization].",
    ] {
        let doc = codegen::doc_text::doc_text(description);
        if !doc.contains(r"\[Organization\]") {
            broken.push(format!("{description:?} becomes {doc:?}"));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
