//! Adversarial review, round 12 (issue 17: "lomi.'s API as its server serves it").
//!
//! Each test here failed when written (at 25f0033) and states the promise it broke; all pass
//! since their fixes. The runtime tests talk only to loopback servers they start; the
//! generator tests run `codegen/` on variants of `tests/served/openapi.yaml` as `build.rs`
//! would. Findings that needed a crate of their own to show (warnings, docs) are covered by
//! `tests/fixtures/spec-awkward.yaml` and the minimal spec, which CI builds.

mod common;

#[path = "../codegen/mod.rs"]
#[allow(dead_code, reason = "build.rs uses all of it; these tests a part")]
mod codegen;
#[path = "common/served_spec.rs"]
mod served_spec;

use common::raw_server::{Action, RawServer};
use common::*;
use lomi::{Error, RawRequest};
use served_spec::{generate, served};

// ---------------------------------------------------------------------------------------------
// RawRequest / the shared call path
// ---------------------------------------------------------------------------------------------

/// Promise broken: "Same call path as generated methods … retry rules by method (a POST is
/// never repeated once it may have been processed) … typed errors", and the crate-wide "bad
/// input (any id/path a caller passes) gets a clear typed error".
///
/// A request whose URL is longer than `http::Uri` can hold (64 KiB: a long query value, or
/// many `segment(…)`s) is never sent by either client. The blocking client says so:
/// `InvalidRequest`, "the request URL cannot be built". The async client parses the URL with
/// `url::Url` (no limit), and reqwest then fails to turn it into a `Uri`: a *builder* error,
/// which `kind()` maps to `Transport` / `Io`, "the connection to lomi. broke". So on the async
/// client a GET that was never sent is retried (three "attempts", nothing on the wire), and a
/// create that never left the process reports `may_have_been_processed() == true`: the caller
/// is told to go and look for a checkout session that cannot exist.
#[test]
fn a_url_too_long_to_send_is_the_same_invalid_request_on_both_clients() {
    let long = "a".repeat(70_000);
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(200, "{}"); 4]);
        let client = kind.client(server.builder());

        let read = RawRequest::get("/checkout-sessions")
            .unwrap()
            .query("q", &long);
        let err = call!(&client, c => c.send::<serde_json::Value>(&read)).unwrap_err();
        assert!(
            matches!(err, Error::InvalidRequest(_)),
            "{kind:?}: a URL that cannot be sent is a caller's error, not a broken connection: {err}"
        );

        let create = RawRequest::post("/checkout-sessions")
            .unwrap()
            .query("q", &long)
            .json(&serde_json::json!({"currency_code": "XOF"}))
            .unwrap();
        let err = call!(&client, c => c.send::<serde_json::Value>(&create)).unwrap_err();
        assert!(
            !err.may_have_been_processed(),
            "{kind:?}: a create that was never sent cannot have been processed: {err}"
        );
        assert_eq!(server.hits(), 0, "{kind:?}: nothing can have been sent");
    });
}

/// Same promise, through a generated method (the default spec's `sort` is a free string): the
/// async client calls a list whose URL it can never send a broken connection and retries it.
#[test]
fn a_generated_list_with_an_unsendable_url_is_not_a_broken_connection() {
    let params = lomi::types::ListCheckoutSessionsParams::new().sort("s".repeat(70_000));
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(200, r#"{"data":[]}"#); 3]);
        let client = kind.client(server.builder());
        let err = call!(&client, c => c.list_checkout_sessions(&params)).unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{kind:?}: {err}");
        assert!(
            !err.is_retryable(),
            "{kind:?}: repeating it cannot help: {err}"
        );
    });
}

// ---------------------------------------------------------------------------------------------
// Regeneration: the generator run as build.rs runs it, on specs lomi. could publish
// ---------------------------------------------------------------------------------------------

/// Promise broken: "a user's crate builds … with no hand edit … builds library, docs, mocks";
/// "anything the generator can't express fails the build with a message naming … (never …
/// silently wrong code)".
///
/// A production server with a versioned or hyphenated base path (`https://api.lomi.africa/v1.0`,
/// `…/checkout-api`) makes `codegen/mock.rs` splice `regex_escape(base)` (`v1\.0`,
/// `checkout\-api`) into a plain Rust string literal: `"^(?:/v1\.0)?/…"` is not valid Rust
/// (`unknown character escape: '.'`), so a user's crate with the `mock` feature fails to
/// compile inside lomi's generated `mock.rs`. Reproduced end to end in /tmp/adv17 (see the
/// report). Here: the mock source the generator returns does not even lex.
#[test]
fn a_base_path_with_a_dot_or_a_hyphen_gives_mocks_that_compile() {
    for url in [
        "https://api.lomi.africa/v1.0",
        "https://api.lomi.africa/checkout-api",
    ] {
        let mut spec = served();
        spec["servers"][0]["url"] = url.into();
        let generated = generate(&spec).expect("the spec generates");
        let mock = generated.mock.expect("mocks asked for");
        if let Err(e) = syn::parse_file(&mock) {
            panic!("{url}: the generated mock.rs is not Rust: {e}");
        }
    }
}

/// Promise broken: lists in the v1 shape `{data, pagination: {total, …}}` get an iterator;
/// "anything the generator can't express fails the build with a message … never silently
/// wrong code".
///
/// A page whose `pagination` object is required but `nullable: true` (typify: `Option<…>`) makes
/// `methods::reported` emit `Some(&self.pagination).map(|p| p.total)`, where `p` is an
/// `&Option<…>`: lomi itself fails to compile (`E0609: no field total on type
/// &Option<PaymentLinkListPagination>`), with no message naming the schema.
#[test]
fn a_required_but_nullable_pagination_object_generates_code_that_compiles() {
    let mut spec = served();
    spec["components"]["schemas"]["PaymentLinkList"] = serde_json::json!({
        "type": "object",
        "required": ["data", "pagination"],
        "properties": {
            "data": {"type": "array", "items": {"$ref": "#/components/schemas/PaymentLink"}},
            "pagination": {
                "type": "object",
                "nullable": true,
                "properties": {"total": {"type": "integer"}, "offset": {"type": "integer"}}
            }
        }
    });
    let Ok(generated) = generate(&spec) else {
        return; // a clear build error naming the schema would do too
    };
    let field_is_option = generated
        .types
        .contains("pub pagination: ::std::option::Option<PaymentLinkListPagination>");
    let reads_as_if_not = generated
        .types
        .contains("Some(&self.pagination).map(|p| p.total)");
    assert!(
        !(field_is_option && reads_as_if_not),
        "the page impl reads `p.total` through an `&Option<…>`: lomi does not compile"
    );
}

/// Promise broken: "base URLs come from the spec's servers (production first, sandbox where
/// named)" and "never silently wrong code".
///
/// A spec that lists its sandbox first (`servers: [{url: https://sandbox.api.lomi.africa,
/// description: sandbox}, {url: https://api.lomi.africa, description: production}]`, an order
/// many specs use) silently makes the *sandbox* `Environment::Production` and drops the real
/// production server: `PRODUCTION_URL = "https://sandbox.api.lomi.africa"`, `SANDBOX_URL =
/// None`. Every live key then goes to the sandbox host. The server the generator takes for
/// production says `sandbox` itself; it should refuse (or pick the one that does not).
#[test]
fn a_first_server_that_says_sandbox_is_not_taken_for_production() {
    let mut spec = served();
    let servers = spec["servers"].as_array_mut().unwrap();
    servers.reverse();
    let Ok(generated) = generate(&spec) else {
        return; // refusing, with a message, keeps the promise
    };
    assert!(
        !generated
            .methods
            .contains(r#"PRODUCTION_URL: &str = "https://sandbox.api.lomi.africa""#),
        "the sandbox became production:\n{}",
        &generated.methods[..300]
    );
}

/// Promise broken: "no way to send the key to another host"/"base URLs come from the spec's
/// servers" and the README's own rule for base URLs (a base URL with user info, a query or a
/// fragment is refused at `build()`, because the two clients would send it differently and
/// the blocking one would send user info as `Authorization`).
///
/// A spec's server URL is checked only for `https://` and `{}`: `https://user:pw@api…`,
/// `https://api…/v1?tenant=x`, `https://api…/v1#x`, `https://api…/a/../v1` all generate, and
/// `Client::new(key)` then uses them unchecked (`builder.rs`: only an explicit `.base_url()`
/// goes through `checked_base_url`). With `?tenant=x` every request goes to `/v1` with
/// `?tenant=x/checkout-sessions` as its query; with `#x` every request goes to `/`.
#[test]
fn a_spec_server_url_is_held_to_the_same_rules_as_a_base_url() {
    for url in [
        "https://user:pw@api.lomi.africa",
        "https://api.lomi.africa/v1?tenant=x",
        "https://api.lomi.africa/v1#x",
        "https://api.lomi.africa/a/../v1",
    ] {
        // What the builder says of the same URL.
        let refused = lomi::Client::builder(KEY).base_url(url).build().is_err();
        assert!(refused, "{url}: the builder refuses it");
        let mut spec = served();
        spec["servers"][0]["url"] = url.into();
        assert!(
            generate(&spec).is_err(),
            "{url}: the generator takes a server URL the builder refuses"
        );
    }
}

/// Promise broken: "query params … camelCase names (`linkType` -> field `link_type`)", "a
/// user's crate builds and works with no hand edit".
///
/// A query parameter whose wire name is a Rust keyword (`type`, `ref`, `match`: `?type=product`
/// is an ordinary filter) fails the build: "`type` cannot be a Rust identifier". The only way
/// out is to rename it in the spec, which changes what goes on the wire, so the crate can
/// never send it. Body properties of the same name work (typify writes `type_` with a serde
/// rename); a query field could be `type_` or `r#type` the same way.
#[test]
fn a_query_parameter_named_like_a_keyword_is_expressible() {
    let mut spec = served();
    spec["paths"]["/payment-links"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "type", "in": "query", "schema": {"type": "string"}}));
    if let Err(e) = generate(&spec) {
        panic!("a `type` query parameter cannot be generated: {e}");
    }
}

/// Promise broken: "required body fields incl. a required enum, bodies easy to build
/// (constructor with required fields)".
///
/// `relaxed()` drops `pattern` and `format: uuid` but keeps `minLength`/`maxLength`, so typify
/// turns a constrained string (NestJS's `@MaxLength(255)` emits `maxLength: 255`) into a newtype
/// (`PaymentLinkCreateTitle`) with only `TryFrom<&str>`. The generated
/// `PaymentLinkCreate::new(link_type, title: impl Into<PaymentLinkCreateTitle>, …)` then cannot
/// be called with `"Tee"` (`E0277: PaymentLinkCreateTitle: From<&str>` not satisfied), and
/// the body loses `Default`. Responses with such a field fail to decode as soon as the server
/// sends a longer value.
#[test]
fn a_length_bounded_required_string_is_still_a_string_in_the_constructor() {
    let mut spec = served();
    spec["components"]["schemas"]["PaymentLinkCreate"]["properties"]["title"] =
        serde_json::json!({"type": "string", "minLength": 1, "maxLength": 255});
    let generated = generate(&spec).expect("the spec generates");
    assert!(
        !generated
            .types
            .contains("title: impl ::std::convert::Into<PaymentLinkCreateTitle>"),
        "`PaymentLinkCreate::new(…, \"Tee\", …)` does not compile: the title is a newtype \
         without `From<&str>`"
    );
}

/// Promise broken: "anything the generator can't express fails the build with a message naming
/// the operation/schema and what to change (never a panic …)".
///
/// A path parameter without `required: true` (OpenAPI's default for `required` is `false`, so
/// a hand-written spec that leaves it out is an easy slip) reaches progenitor, which panics
/// inside `build.rs`: `panicked at progenitor-impl-0.15.1/src/method.rs:313:25: assertion
/// failed: parameter_data.required`, naming neither the operation nor the parameter.
#[test]
fn a_path_parameter_not_marked_required_is_a_named_error_not_a_panic() {
    let mut spec = served();
    let param = &mut spec["paths"]["/payment-links/{id}"]["get"]["parameters"][0];
    param.as_object_mut().unwrap().remove("required");
    let outcome = std::panic::catch_unwind(|| generate(&spec));
    match outcome {
        Err(_) => {
            panic!("the generator panicked (progenitor's `assert!(parameter_data.required)`)")
        }
        Ok(Ok(_)) => {}
        Ok(Err(e)) => assert!(
            e.to_string().contains("retrievePaymentLink"),
            "the error names the operation: {e}"
        ),
    }
}

/// Promise broken: "anything the generator can't express fails the build with a message naming
/// the operation … (never … silently wrong code)".
///
/// An operationId that snake-cases to a method the crate writes by hand (`send`, `send_empty`,
/// `with_header`, `recording`, `base_url`…) or to another operation's name or iterator
/// (`listPaymentLinks` and `ListPaymentLinks`; `listPaymentLinksIter` next to the iterator of
/// `listPaymentLinks`) generates, and lomi then fails to compile with rustc's E0034 / E0428 /
/// E0592 inside the generated `methods.rs`, naming no operation.
#[test]
fn an_operation_id_that_clashes_with_a_method_is_named() {
    let mut spec = served();
    spec["paths"]["/payment-links"]["get"]["operationId"] = "send".into();
    let mut clash = served();
    clash["paths"]["/payment-links"]["get"]["operationId"] = "listPaymentLinksIter".into();
    clash["paths"]["/checkout-sessions"]["get"]["operationId"] = "listPaymentLinks".into();
    for (what, spec) in [("send", spec), ("…_iter", clash)] {
        if let Ok(generated) = generate(&spec) {
            let sends = generated.methods.matches("pub fn send(").count();
            let iters = generated
                .methods
                .matches("pub fn list_payment_links_iter")
                .count();
            assert!(
                sends == 0 && iters <= 1,
                "{what}: generated a method that clashes with another; lomi will not compile"
            );
        }
    }
}
