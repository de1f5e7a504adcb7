//! The response behind a success, from a user's side: a handle made with `recording` keeps the
//! status, request id and headers of each successful call, pages of a walk included, on both
//! clients; nothing else records, and nothing recorded shows the key.

mod common;

use common::raw_server::{Action, RawServer, Sent, response};
use common::*;
use lomi::types::ListCheckoutSessionsParams;

const SESSION: &str = r#"{"checkout_session_id":"cs_1","status":"open"}"#;

fn answer(request_id: &str, body: &str) -> Action {
    Action::respond(
        200,
        &[
            ("content-type", "application/json"),
            ("x-request-id", request_id),
            ("x-ratelimit-remaining", "99"),
        ],
        body,
    )
}

#[test]
fn a_success_is_recorded_with_its_status_request_id_and_headers() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![answer("req_42", SESSION)]);
        let recorder = lomi::Recorder::new();
        let client = kind.client(server.builder()).recording(&recorder);
        let session = call!(&client, c => c.retrieve_checkout_session("cs_1")).unwrap();
        assert_eq!(session.checkout_session_id, "cs_1");
        let recorded = recorder.take();
        assert_eq!(recorded.len(), 1);
        let meta = &recorded[0];
        assert_eq!(meta.status(), 200);
        assert_eq!(meta.request_id(), Some("req_42"));
        assert_eq!(meta.headers()["x-ratelimit-remaining"], "99");
        assert!(recorder.last().is_none(), "take empties the recorder");
    });
}

#[test]
fn each_page_of_a_walk_is_recorded_in_order() {
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(|n, request| {
            let sent = Sent::parse(request);
            let offset: usize = sent
                .target
                .split("offset=")
                .nth(1)
                .and_then(|o| o.split('&').next()?.parse().ok())
                .unwrap_or(0);
            // Three pages of two, then a short one that ends the walk.
            let items: Vec<String> = (offset..(offset + 2).min(5))
                .map(|i| format!(r#"{{"checkout_session_id":"cs_{i}"}}"#))
                .collect();
            let body = format!(
                r#"{{"data":[{}],"pagination":{{"limit":2,"offset":{offset}}}}}"#,
                items.join(",")
            );
            Action::Reply(response(
                200,
                &[
                    ("content-type", "application/json"),
                    ("x-request-id", &format!("req_page_{n}")),
                ],
                body.as_bytes(),
                true,
            ))
        });
        let recorder = lomi::Recorder::new();
        let client = kind.client(server.builder()).recording(&recorder);
        let params = ListCheckoutSessionsParams::new().limit(2);
        let walked: Vec<_> = client.sessions(&params).map(Result::unwrap).collect();
        assert_eq!(walked.len(), 5);
        let ids: Vec<_> = recorder
            .take()
            .iter()
            .map(|m| m.request_id().unwrap().to_owned())
            .collect();
        assert_eq!(ids, ["req_page_0", "req_page_1", "req_page_2"]);
    });
}

#[test]
fn only_the_recording_handles_successes_are_recorded() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            answer("req_plain", SESSION),
            Action::respond(404, &[("x-request-id", "req_404")], r#"{"error":{}}"#),
            answer("req_recorded", SESSION),
        ]);
        let recorder = lomi::Recorder::new();
        let plain = kind.client(server.builder().max_retries(0));
        let recording = plain.recording(&recorder);
        call!(&plain, c => c.retrieve_checkout_session("cs_1")).unwrap();
        let err = call!(&recording, c => c.retrieve_checkout_session("cs_1")).unwrap_err();
        // An error keeps its own request id; it is not a success to record.
        assert_eq!(err.request_id(), Some("req_404"));
        call!(&recording, c => c.retrieve_checkout_session("cs_1")).unwrap();
        let ids: Vec<_> = recorder
            .take()
            .iter()
            .map(|m| m.request_id().unwrap().to_owned())
            .collect();
        assert_eq!(ids, ["req_recorded"]);
    });
}

#[test]
fn a_key_echoed_in_the_request_id_is_redacted_and_debug_shows_no_header_value() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::respond(
            200,
            &[
                ("content-type", "application/json"),
                ("x-request-id", &format!("echo-{KEY}")),
                ("x-echo", KEY),
            ],
            SESSION,
        )]);
        let recorder = lomi::Recorder::new();
        let client = kind.client(server.builder()).recording(&recorder);
        call!(&client, c => c.retrieve_checkout_session("cs_1")).unwrap();
        let meta = recorder.last().unwrap();
        assert_eq!(meta.request_id(), Some("echo-<redacted>"));
        let shown = format!("{meta:?} {recorder:?}");
        assert!(!shown.contains(KEY), "{shown}");
        assert!(!shown.contains("x-echo"), "{shown}");
    });
}
