//! Round 8 of the adversarial review: new cases of the kinds the earlier rounds attacked, on
//! both clients, against servers on 127.0.0.1 that these tests start. Each test fails on the
//! code it was written against; its comment says what is expected and which promise it holds
//! the crate to.

mod common;

use common::raw_server::{Action, RawServer};
use common::*;

const SESSION: &str = r#"{"checkout_session_id":"cs_1","status":"open"}"#;

/// BREAK (the key shown in `Debug`). README: "The key never appears in `Debug`, `Display`, an
/// error or the client's own log lines. If a server or proxy echoes it back […], it is replaced
/// by `<redacted>` wherever the client quotes that text"; and of a recorded response: "`Debug`
/// shows header names, not values". A header *name* is server text too, and a key such as
/// `lomi_sk_test_0123456789abcdef` is a valid header name (letters, digits, `_`). A server (or
/// proxy) that echoes the key as a header name gets it printed by `ResponseMeta`'s `Debug`,
/// unredacted, on both clients.
///
/// Expected: no `Debug` of what a recorder keeps shows the key.
#[test]
fn a_key_echoed_as_a_header_name_never_shows_in_a_recorded_responses_debug() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::respond(
            200,
            &[("content-type", "application/json"), (KEY, "1")],
            SESSION,
        )]);
        let recorder = lomi::Recorder::new();
        let client = kind.client(server.builder()).recording(&recorder);
        call!(&client, c => c.retrieve_checkout_session("cs_1")).unwrap();
        let meta = recorder.last().expect("the success is recorded");
        let shown = format!("{meta:?} {meta:#?} {:?}", recorder.take());
        assert!(!shown.contains(KEY), "the key is shown: {shown}");
    });
}

/// BREAK (a false success, on the record). README: `recording` "keeps the status, request id
/// and headers of each successful call in a `Recorder`"; `ResponseMeta`: "One per successful
/// call". A 2xx whose body is not the documented answer is not a success: the call returns
/// `Err(Decode)` (a delete answered `200 {"success":false}`, a retrieve answered `200 {}`).
/// Yet the recorder keeps it as a success, before the body is even looked at, so code that
/// reconciles from the recorder (the purpose the README gives it) sees a `200` for a delete
/// that did not happen. Both clients.
///
/// Expected: a call that returns an error records nothing.
#[test]
fn a_call_that_fails_to_decode_its_2xx_records_no_success() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            Action::respond(
                200,
                &[
                    ("content-type", "application/json"),
                    ("x-request-id", "req_del"),
                ],
                r#"{"success":false}"#,
            ),
            Action::respond(
                200,
                &[
                    ("content-type", "application/json"),
                    ("x-request-id", "req_get"),
                ],
                "{}",
            ),
        ]);
        let recorder = lomi::Recorder::new();
        let client = kind.client(server.builder()).recording(&recorder);
        let deleted = call!(&client, c => c.delete_payment_link("link_1"));
        assert!(
            matches!(deleted, Err(lomi::Error::Decode(_))),
            "{deleted:?}"
        );
        let retrieved = call!(&client, c => c.retrieve_checkout_session("cs_1"));
        assert!(
            matches!(retrieved, Err(lomi::Error::Decode(_))),
            "{retrieved:?}"
        );
        let recorded: Vec<_> = recorder
            .take()
            .iter()
            .map(|m| (m.status(), m.request_id().map(str::to_owned)))
            .collect();
        assert!(
            recorded.is_empty(),
            "two failed calls were recorded as successes: {recorded:?}"
        );
    });
}
