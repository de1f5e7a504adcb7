//! Round 6 of the adversarial review: new cases of the kinds the earlier rounds attacked
//! (what a failed call says about having been processed, tiny durations, escaping, the two
//! clients' parity, webhooks), on both clients, against servers on 127.0.0.1 that these tests
//! start. Each test fails on the code it was written against; its comment says what is
//! expected and which promise it holds the crate to.

mod common;

use std::time::{Duration, Instant};

use common::raw_server::{Action, RawServer, Unanswered};
use common::sneaky::{raw_sneaky, sneaky_text};
use common::*;
use lomi::Error;

/// A change to a builder.
type Setting = fn(lomi::ClientBuilder) -> lomi::ClientBuilder;

/// A base URL for a server.
type BaseUrl = fn(&RawServer) -> String;

const SESSION: &str = r#"{"checkout_session_id":"cs_real","status":"open"}"#;

/// Every `source()` of `err`, as its `Display` shows it (what `anyhow`'s `{:?}` and `{:#}`, and
/// any error reporter walking the chain, print).
fn sources(err: &dyn std::error::Error) -> Vec<String> {
    let mut out = Vec::new();
    let mut next = err.source();
    while let Some(source) = next {
        out.push(source.to_string());
        next = source.source();
    }
    out
}

// =============================================================================================
// 1. `may_have_been_processed()` forgets the attempts before the last one.

/// BREAK (payment safety). A create sent with an idempotency key on a client built with
/// `trust_idempotency_keys(true)` is retried after a `503`. The `503` "may come after the work
/// was done", so a checkout session may exist from then on, whatever the next attempt meets:
///
/// - the server is gone (connection refused): the call ends with `Transport`/`Connect`, and
///   `may_have_been_processed()` says `false`;
/// - the server answers the retry `409` (what a server that honours keys answers while the
///   first request with that key is still being processed): `Api` 409, and
///   `may_have_been_processed()` says `false`.
///
/// The error reports only the last attempt. README: "After a failed create, `true` means a
/// checkout session may exist: look it up before creating another"; `Error`'s docs: "`false`
/// (no connection, a 4xx…) means it does not". A caller told `false` creates another session
/// (with a new key, since the old one "did nothing"), and the customer can be asked to pay
/// twice.
///
/// Expected: once an attempt of the call may have been processed, the call's error says
/// `may_have_been_processed() == true`, whatever later attempts met.
#[test]
fn a_trusted_keyed_create_that_got_a_503_may_have_been_processed_whatever_the_retry_meets() {
    let cases: [(&str, Vec<Action>); 2] = [
        (
            "503, then connection refused",
            vec![Action::json(503, "{}")],
        ),
        (
            "503, then 409 (key in use)",
            vec![
                Action::json(503, "{}"),
                Action::json(
                    409,
                    r#"{"error":{"code":"idempotency_key_in_use","message":"a request with this key is in progress"}}"#,
                ),
            ],
        ),
    ];
    let mut broken = Vec::new();
    for (name, script) in cases {
        for_each_kind(|kind| {
            let server = RawServer::start(script.clone());
            let client = kind.client(server.builder().max_retries(1).trust_idempotency_keys(true));
            let keyed = client.with_idempotency_key("order-2025-0042").unwrap();
            let body = create_session_body();
            let (result, _) = timed(|| call!(&keyed, c => c.create_checkout_session(&body)));
            let err = result.unwrap_err();
            assert!(
                server.hits() >= 1,
                "{kind:?} {name}: the 503 was never served"
            );
            if !err.may_have_been_processed() {
                broken.push(format!(
                    "{kind:?} {name}: the first attempt got a 503, yet may_have_been_processed() \
                     is false: {err}"
                ));
            }
        });
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// BREAK. The same for an update, which the client repeats on its own: the first `PATCH`
/// reached the server (it read the whole request, then reset the connection, or answered
/// `503`), the retry met a refused connection or a `422`. The update may have been applied,
/// but the error says `may_have_been_processed() == false` ("lomi. did not act on it").
///
/// Expected: `true`, since the first attempt may have been processed.
#[test]
fn an_update_that_reached_the_server_is_not_reported_unprocessed_after_its_retry() {
    let cases: [(&str, Vec<Action>); 2] = [
        (
            "reset after the request, then connection refused",
            vec![Action::reset()],
        ),
        (
            "503, then 422",
            vec![
                Action::json(503, "{}"),
                Action::json(
                    422,
                    r#"{"error":{"code":"INVALID","message":"session is completed"}}"#,
                ),
            ],
        ),
    ];
    let mut broken = Vec::new();
    for (name, script) in cases {
        for_each_kind(|kind| {
            let server = RawServer::start(script.clone());
            let client = kind.client(server.builder().max_retries(1));
            let body = update_session_body();
            let (result, _) =
                timed(|| call!(&client, c => c.update_checkout_session("cs_1", &body)));
            let err = result.unwrap_err();
            assert!(
                server.hits() >= 1,
                "{kind:?} {name}: the first PATCH never arrived"
            );
            if !err.may_have_been_processed() {
                broken.push(format!(
                    "{kind:?} {name}: the first PATCH reached the server, yet \
                     may_have_been_processed() is false: {err}"
                ));
            }
        });
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

// =============================================================================================
// 2. A tiny connect timeout stretches the call past its timeout and deadline.

/// BREAK (blocking client). `connect_timeout(1 ns)` ("every duration setting takes anything
/// from a nanosecond to `Duration::MAX`") with a host that never answers the SYN: the
/// blocking client spends a whole second connecting, ten times the attempt's `timeout` and the
/// call's `deadline` of 100 ms. ureq hands a connect whose time has run out a timeout of zero,
/// and `NextTimeout::not_zero` turns zero into one second. The async client ends in a few
/// milliseconds.
///
/// Expected (README: "`deadline` … the whole call, retries included"; RELIABILITY: "`Timeout`
/// once the whole call's deadline runs out"; every call ends within its timeout): the call
/// ends within its 100 ms, plus scheduling slack, on both clients.
#[test]
fn a_connect_timeout_that_has_run_out_never_stretches_the_timeout_or_the_deadline() {
    let unanswered = Unanswered::new();
    let settings: [(&str, Setting); 2] = [
        ("timeout 100 ms", |b| b.timeout(Duration::from_millis(100))),
        ("deadline 100 ms", |b| {
            b.deadline(Duration::from_millis(100))
        }),
    ];
    let mut broken = Vec::new();
    for (name, set) in settings {
        for_each_kind(|kind| {
            let builder = lomi::Client::builder(KEY)
                .base_url(unanswered.url())
                .connect_timeout(Duration::from_nanos(1))
                .max_retries(0);
            let client = kind.client(set(builder));
            let started = Instant::now();
            let result = call!(&client, c => c.retrieve_checkout_session("cs_1"));
            let took = started.elapsed();
            assert!(
                result.is_err(),
                "{kind:?} {name}: a host that never answers answered"
            );
            if took > Duration::from_millis(600) {
                broken.push(format!(
                    "{kind:?} {name}, connect_timeout 1 ns: the call took {took:?}"
                ));
            }
        });
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

// =============================================================================================
// 3. Server text in an error's source chain is not escaped.

/// BREAK (both clients, and webhooks). A success body whose amount is
/// `{"$serde_json::private::Number": "<text>"}` (a token `Number`'s decoder reads whatever
/// serde_json's features) with control text: `DecodeError`'s `Display` escapes serde's message
/// (round 5's fix), but `Error::source()` is that serde error, whose `Display` quotes the
/// server's text raw: ESC, CR LF, NUL, U+2028 and the bidi overrides. Every error reporter that
/// walks the chain prints it: `anyhow`'s `{:?}` ("Caused by: …", what `main` returning an
/// error prints) and `{:#}`, `tracing`'s error fields, `eyre`. The same holds for
/// `WebhookEvent::data_as`'s error.
///
/// Expected (README: "Text from the server is never trusted: wherever an error or a log line
/// quotes it, control characters … are escaped"; RELIABILITY: "escaped wherever quoted"): no
/// error of the chain shows the server's control characters raw.
#[test]
fn server_text_in_an_errors_source_chain_is_escaped() {
    let text =
        serde_json::to_string(&format!("\u{1b}[2J\r\nINFO forged{}", sneaky_text())).unwrap();
    let body = format!(
        r#"{{"checkout_session_id":"cs_1","amount":{{"$serde_json::private::Number":{text}}}}}"#
    );
    let mut broken = Vec::new();
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(200, &body)]);
        let client = kind.client(server.builder().max_retries(0));
        let (result, _) = timed(|| call!(&client, c => c.retrieve_checkout_session("cs_1")));
        let err = Error::Decode(expect_decode(result));
        assert!(
            raw_sneaky(&err.to_string()).is_empty(),
            "round 5's fix regressed: {err}"
        );
        for shown in sources(&err) {
            let raw = raw_sneaky(&shown);
            if !raw.is_empty() {
                broken.push(format!("{kind:?}: source() shows {raw:?} raw: {shown:?}"));
            }
        }
    });
    // A signed event whose transaction amount is the same object.
    let event = format!(
        r#"{{"id":"evt_1","event":"PAYMENT_SUCCEEDED","timestamp":"2025-01-15T10:30:00.000Z","data":{{"transaction_id":"txn_1","gross_amount":{{"$serde_json::private::Number":{text}}}}}}}"#
    );
    let verified = lomi::webhook::verify(
        event.as_bytes(),
        lomi::webhook::sign(&event, "whsec_test_secret").as_str(),
        "whsec_test_secret",
    )
    .unwrap();
    let err = verified.data_as::<lomi::types::Transaction>().unwrap_err();
    assert!(raw_sneaky(&err.to_string()).is_empty(), "{err}");
    for shown in sources(&err) {
        let raw = raw_sneaky(&shown);
        if !raw.is_empty() {
            broken.push(format!(
                "webhook data_as: source() shows {raw:?} raw: {shown:?}"
            ));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

// =============================================================================================
// 4. One base URL, two different requests.

/// What each client made of `base`: the build's error, or the call's outcome (as the error's
/// variant and kind) and the request the server saw (target and headers other than `Host`).
fn outcome(kind: Kind, base: impl Fn(&RawServer) -> String) -> String {
    let server = RawServer::start(vec![Action::json(200, SESSION)]);
    let client = match kind.build(server.builder().base_url(base(&server)).max_retries(0)) {
        Ok(client) => client,
        Err(e) => return format!("refused at build: {}", matches!(e, Error::Config(_))),
    };
    let (result, _) = timed(|| call!(&client, c => c.retrieve_checkout_session("cs_1")));
    let what = match result {
        Ok(_) => "Ok".to_string(),
        Err(Error::Transport(e)) => format!("Transport {:?}", e.kind()),
        Err(Error::Api(e)) => format!("Api {}", e.status()),
        Err(Error::Decode(_)) => "Decode".to_string(),
        Err(Error::InvalidRequest(_)) => "InvalidRequest".to_string(),
        Err(other) => format!("{other:?}"),
    };
    let sent: Vec<String> = server
        .sent()
        .iter()
        .map(|s| {
            let mut headers: Vec<_> = s.headers.iter().filter(|(n, _)| n != "host").collect();
            headers.sort();
            format!("{} {:?}", s.target, headers)
        })
        .collect();
    format!("{what}; sent {sent:?}")
}

/// BREAK (parity). README: "Both clients send the same generated request … what one does on
/// the wire the other does too"; RELIABILITY does for proxy URLs what it does not for base
/// URLs: "read strictly, once, and written in one spelling: both clients accept it or both
/// refuse it". Base URLs that `build()` accepts on both clients are sent differently:
///
/// - a base path with dot segments (`/a/../v1`, `/v1/./x`, `/v1/%2e%2e/y`): the blocking
///   client sends them as written, the async client resolves them (`/v1/%2e%2e/y/…` goes out
///   as `/y/…`, above the base path);
/// - `{`, `}` or `"` in the base path: raw on one client, percent-encoded on the other;
/// - user info (`http://shop:pass@host/v1`): the blocking client sends
///   `Authorization: Basic …` made of it, the async client sends no credentials at all;
/// - a port out of range (`:<port + 65536>`): the blocking client connects (to the scheme's
///   default port) and reports `Connect` after its retries, the async client reports
///   `InvalidRequest` on every call.
///
/// Expected: for each base URL, both clients refuse it at `build()` or send the same request
/// and reach the same outcome.
#[test]
fn both_clients_send_the_same_request_for_every_base_url_they_accept() {
    let bases: [(&str, BaseUrl); 7] = [
        ("/a/../v1", |s| {
            format!("http://127.0.0.1:{}/a/../v1", s.port())
        }),
        ("/v1/./x", |s| {
            format!("http://127.0.0.1:{}/v1/./x", s.port())
        }),
        ("/v1/%2e%2e/y", |s| {
            format!("http://127.0.0.1:{}/v1/%2e%2e/y", s.port())
        }),
        ("/v{1}", |s| format!("http://127.0.0.1:{}/v{{1}}", s.port())),
        ("/v\"1", |s| format!("http://127.0.0.1:{}/v\"1", s.port())),
        ("user info", |s| {
            format!("http://shop:hunter2@127.0.0.1:{}/v1", s.port())
        }),
        ("port out of range", |s| {
            format!("http://127.0.0.1:{}/v1", u32::from(s.port()) + 65536)
        }),
    ];
    let mut broken = Vec::new();
    for (name, base) in bases {
        let seen: Vec<(Kind, String)> = Kind::ALL.iter().map(|&k| (k, outcome(k, base))).collect();
        let (first_kind, first) = &seen[0];
        for (kind, other) in &seen[1..] {
            if other != first {
                broken.push(format!(
                    "{name}:\n  {first_kind:?}: {first}\n  {kind:?}: {other}"
                ));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

// =============================================================================================
// 5. Webhooks: a signed event lomi. can send, refused.

/// FOUND. A checkout session's `metadata` is "arbitrary key-value data … any JSON values"
/// (openapi.yaml), and lomi.'s sender writes the transaction row, metadata included, with
/// `JSON.stringify`, which nests as deep as the data does. A correctly signed
/// `PAYMENT_SUCCEEDED` whose metadata nests 150 levels was refused as `InvalidPayload` with
/// "not a lomi. webhook event": serde_json's recursion limit of 128 applies to the event's
/// `data`.
///
/// Decided: the limit stays (it keeps a deep body from overflowing the stack, and dropping a
/// `serde_json::Value` recurses too, so lifting it would trade a refusal for a crash), and is
/// documented (the webhook docs and RELIABILITY.md's limits); the refusal now says what it is,
/// so a receiver's log names the cause. A body nesting up to the limit verifies.
#[test]
fn a_signed_event_nesting_past_the_decoders_limit_is_refused_by_name() {
    let event = |depth: usize| {
        let nested = format!(
            "{}\"order-42\"{}",
            "{\"k\":".repeat(depth),
            "}".repeat(depth)
        );
        format!(
            r#"{{"id":"0b9e2f4a-1c3d-4e5f-8a7b-6c5d4e3f2a1b","event":"PAYMENT_SUCCEEDED","timestamp":"2025-01-15T10:30:00.000Z","data":{{"transaction_id":"txn_1","gross_amount":15000,"currency_code":"XOF","status":"completed","metadata":{nested}}},"lomi_environment":"production"}}"#
        )
    };
    let verify = |body: &str| {
        let signature = lomi::webhook::sign(body, "whsec_test_secret");
        lomi::webhook::verify(body.as_bytes(), signature.as_str(), "whsec_test_secret")
    };
    let shallow = verify(&event(100)).expect("a body within the limit verifies");
    assert!(shallow.data_as::<lomi::types::Transaction>().is_ok());
    let err = verify(&event(150)).unwrap_err();
    assert_eq!(err.kind(), lomi::webhook::WebhookErrorKind::InvalidPayload);
    assert!(err.to_string().contains("deeper than 128 levels"), "{err}");
}

// =============================================================================================
// 6. Checked while fixing 3: serde's message quotes the server's value, key and all.

/// A server that echoes the key as a value of the wrong type (`"amount": "<key>"`): serde's
/// message quotes the string (held: the body is redacted before it is decoded; kept as a guard). The decode error's `Display`, `Debug` and every source must
/// show `<redacted>`, never the key, on both clients.
#[test]
fn a_key_echoed_as_a_value_of_the_wrong_type_is_redacted_in_the_decode_error() {
    let body = format!(r#"{{"checkout_session_id":"cs_1","amount":"{KEY}"}}"#);
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(200, &body)]);
        let client = kind.client(server.builder().max_retries(0));
        let (result, _) = timed(|| call!(&client, c => c.retrieve_checkout_session("cs_1")));
        let err = Error::Decode(expect_decode(result));
        let mut shown = vec![err.to_string(), format!("{err:?}")];
        shown.extend(sources(&err));
        shown.extend(sources(&err).iter().map(|s| format!("{s:?}")));
        let mut next = std::error::Error::source(&err);
        while let Some(s) = next {
            shown.push(format!("{s:?}"));
            next = s.source();
        }
        for text in shown {
            assert!(!text.contains(KEY), "{kind:?}: the key shows in {text}");
        }
    });
}
