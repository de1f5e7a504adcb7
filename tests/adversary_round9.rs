//! Round 9 of the adversarial review: the recorder, the `tracing` feature, and the rest, from a
//! user's side, against hostile servers on 127.0.0.1. Each test here failed on the code it was
//! written against.
#![cfg(feature = "tracing")]

mod common;

use std::time::Duration;

use common::capture::Captured;
use common::raw_server::{Action, RawServer, response};
use common::*;

const SESSION: &str = r#"{"checkout_session_id":"cs_1","status":"open"}"#;

/// Runs `test` against each client, and fails naming every client it failed on (rather than
/// stopping at the first).
fn on_every_client(test: impl Fn(Kind)) {
    let failed: Vec<Kind> = Kind::ALL
        .iter()
        .copied()
        .filter(|&kind| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(kind))).is_err()
        })
        .collect();
    assert!(
        failed.is_empty(),
        "failed on {failed:?} (of {:?})",
        Kind::ALL
    );
}

fn fast(builder: lomi::ClientBuilder) -> lomi::ClientBuilder {
    builder
        .max_retries(1)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(1))
}

// ---------------------------------------------------------------------------------------------
// (b) tracing: "`http.response.status_code`, `http.request.resend_count`, `error.type`,
// `lomi.request_id` | span (last attempt) and each event".
// ---------------------------------------------------------------------------------------------

/// A read answered 503, retried, then 200: the call succeeded, and its last attempt had no
/// error, but the span keeps `error.type = "503"` from the first attempt (recording `None` on
/// a tracing span records nothing). An OpenTelemetry exporter marks the successful call failed.
#[test]
fn a_call_retried_to_success_keeps_the_first_attempts_error_type_on_its_span() {
    on_every_client(|kind| {
        let server = RawServer::keep_alive(|n, _| {
            let (status, body) = if n == 0 { (503, "{}") } else { (200, SESSION) };
            Action::Reply(response(
                status,
                &[("content-type", "application/json")],
                body.as_bytes(),
                true,
            ))
        });
        let captured = Captured::default();
        let client = kind.client(fast(server.builder()));
        tracing::subscriber::with_default(captured.clone(), || {
            call!(&client, c => c.retrieve_checkout_session("cs_1")).unwrap();
        });
        let state = captured.state();
        let span = &state.spans[0].1;
        assert_eq!(span["http.response.status_code"], "200");
        assert!(
            !span.contains_key("error.type"),
            "{kind:?}: a successful call's span (its last attempt succeeded) says error.type = {:?}",
            span.get("error.type")
        );
    });
}

/// A read answered 503 (with a request id), retried, and the retry's connection reset before
/// any answer: the last attempt had no status and no request id, yet the span says status 503
/// and the first attempt's request id beside `error.type = "io"`.
#[test]
fn a_span_keeps_a_status_and_request_id_its_last_attempt_never_had() {
    on_every_client(|kind| {
        let server = RawServer::start(vec![
            Action::respond(
                503,
                &[
                    ("content-type", "application/json"),
                    ("x-request-id", "req_first"),
                ],
                "{}",
            ),
            Action::reset(),
        ]);
        let captured = Captured::default();
        let client = kind.client(fast(server.builder()));
        tracing::subscriber::with_default(captured.clone(), || {
            let err = call!(&client, c => c.retrieve_checkout_session("cs_1")).unwrap_err();
            assert!(
                matches!(&err, lomi::Error::Transport(_)),
                "{kind:?}: the last attempt failed without an answer: {err:?}"
            );
        });
        let state = captured.state();
        let span = &state.spans[0].1;
        assert_eq!(state.events.len(), 2, "{kind:?}: two attempts");
        let last = &state.events[1].1;
        assert!(!last.contains_key("http.response.status_code"), "{last:?}");
        assert_eq!(
            (
                span.get("http.response.status_code"),
                span.get("lomi.request_id"),
                span.get("error.type"),
            ),
            (None, None, last.get("error.type")),
            "{kind:?}: the span is to carry the last attempt's fields, it mixes two attempts: {span:?}"
        );
    });
}

/// A 200 whose body is not the documented object (`{}`, no id) is a `Decode` error, and the
/// README lists `decode` among `error.type`'s values; yet the span and the attempt's event say
/// a clean 200, with no error at all.
#[test]
fn a_success_that_does_not_decode_is_traced_as_a_success() {
    on_every_client(|kind| {
        let server = RawServer::start(vec![Action::json(200, "{}")]);
        let captured = Captured::default();
        let client = kind.client(server.builder());
        tracing::subscriber::with_default(captured.clone(), || {
            let err = call!(&client, c => c.retrieve_checkout_session("cs_1")).unwrap_err();
            assert!(matches!(err, lomi::Error::Decode(_)), "{err:?}");
        });
        let state = captured.state();
        let span = &state.spans[0].1;
        let event = &state.events[0].1;
        assert_eq!(
            (
                span.get("error.type").map(String::as_str),
                event.get("error.type").map(String::as_str)
            ),
            (Some("decode"), Some("decode")),
            "{kind:?}: a call that failed with Decode is traced as a success: span {span:?}, event {event:?}"
        );
    });
}

/// `url.template` is "the spec's path template (never an id)", and the span's name is made
/// of it; a `RawRequest` with `.segment(id)` puts the id in both (one span name per id).
#[test]
fn a_raw_requests_segment_puts_the_id_into_url_template_and_the_span_name() {
    on_every_client(|kind| {
        let server = RawServer::start(vec![Action::json(200, SESSION)]);
        let captured = Captured::default();
        let client = kind.client(server.builder());
        let request = lomi::RawRequest::get("/checkout-sessions")
            .unwrap()
            .segment("cs_customer_4242")
            .unwrap();
        tracing::subscriber::with_default(captured.clone(), || {
            let _: serde_json::Value = call!(&client, c => c.send(&request)).unwrap();
        });
        let state = captured.state();
        let span = &state.spans[0].1;
        let shown = format!("{span:?}");
        assert!(
            !shown.contains("cs_customer_4242"),
            "{kind:?}: the id is in the span's template and name: {shown}"
        );
    });
}

/// FOUND: "each call is also one `tracing` span" (and `error.type` has an `invalid_request` value in
/// the code): a call refused before sending (an empty id, a `limit` of 0) makes no span and no
/// event at all.
///
/// Decided: such a call never becomes a request (the arguments are refused before one exists,
/// and the error returns at once), so it has no span; the README says so. `invalid_request`
/// stays for a request whose URL cannot be built, which does have a span.
#[test]
fn a_call_refused_before_sending_leaves_no_span() {
    on_every_client(|kind| {
        let server = RawServer::start(vec![]);
        let captured = Captured::default();
        let client = kind.client(server.builder());
        tracing::subscriber::with_default(captured.clone(), || {
            let err = call!(&client, c => c.retrieve_checkout_session("")).unwrap_err();
            assert!(matches!(err, lomi::Error::InvalidRequest(_)), "{err:?}");
        });
        let state = captured.state();
        assert_eq!(
            state.spans.len(),
            0,
            "{kind:?}: a call refused before a request exists makes no span; spans {:?}, events {:?}",
            state.spans,
            state.events
        );
    });
}
