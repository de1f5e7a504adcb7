//! The `tracing` feature, from a user's side: one span per call and one event per attempt,
//! with OpenTelemetry's HTTP client field names, on both clients; never the key. Spans are
//! captured by a subscriber written here, as a `tracing-opentelemetry` layer would see them.
#![cfg(feature = "tracing")]

mod common;

use common::capture::Captured;
use common::raw_server::{Action, RawServer, response};
use common::*;

const SESSION: &str = r#"{"checkout_session_id":"cs_1","status":"open"}"#;

#[test]
fn a_call_is_one_client_span_and_each_attempt_an_event_in_it() {
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(|n, _| {
            let (status, id, body) = match n {
                0 => (503, "req_first", "{}"),
                _ => (200, "req_second", SESSION),
            };
            Action::Reply(response(
                status,
                &[("content-type", "application/json"), ("x-request-id", id)],
                body.as_bytes(),
                true,
            ))
        });
        let captured = Captured::default();
        let client = kind.client(server.builder().max_retries(1).retry_backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(1),
        ));
        tracing::subscriber::with_default(captured.clone(), || {
            call!(&client, c => c.retrieve_checkout_session("cs_1")).unwrap();
        });
        let state = captured.state();
        assert_eq!(state.spans.len(), 1, "{kind:?}: one span per call");
        let (name, span) = &state.spans[0];
        assert_eq!(*name, "lomi.call");
        assert_eq!(span["otel.kind"], "client");
        assert_eq!(span["http.request.method"], "GET");
        let template = &span["url.template"];
        assert!(
            template.contains("checkout") && template.contains('{'),
            "{template}"
        );
        assert_eq!(span["otel.name"], format!("GET {template}"));
        assert_eq!(span["server.address"], "127.0.0.1");
        assert_eq!(span["server.port"], server.port().to_string());
        // The span ends with what the last attempt got.
        assert_eq!(span["http.response.status_code"], "200");
        assert_eq!(span["http.request.resend_count"], "1");
        assert_eq!(span["lomi.request_id"], "req_second");

        assert_eq!(state.events.len(), 2, "{kind:?}: one event per attempt");
        let (parent, first) = &state.events[0];
        assert_eq!(*parent, Some(1), "the event is the call span's");
        assert_eq!(first["http.response.status_code"], "503");
        assert_eq!(first["error.type"], "503");
        assert_eq!(first["http.request.resend_count"], "0");
        assert_eq!(first["lomi.request_id"], "req_first");
        assert!(first.contains_key("duration_ms"));
        let (_, second) = &state.events[1];
        assert_eq!(second["http.response.status_code"], "200");
        assert_eq!(second["http.request.resend_count"], "1");
        assert!(!second.contains_key("error.type"));
    });
}

#[test]
fn a_transport_failure_is_named_and_the_key_never_shows() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::Reply(response(
            200,
            &[
                ("content-type", "application/json"),
                ("x-request-id", &format!("echo-{KEY}")),
            ],
            SESSION.as_bytes(),
            false,
        ))]);
        let refused = refused_url();
        let captured = Captured::default();
        let ok = kind.client(server.builder());
        let gone = kind.client(ok_builder(&refused).max_retries(0));
        tracing::subscriber::with_default(captured.clone(), || {
            call!(&ok, c => c.retrieve_checkout_session("cs_1")).unwrap();
            call!(&gone, c => c.retrieve_checkout_session("cs_1")).unwrap_err();
        });
        let state = captured.state();
        assert_eq!(state.spans[0].1["lomi.request_id"], "echo-<redacted>");
        assert_eq!(state.spans[1].1["error.type"], "connect");
        assert!(!state.spans[1].1.contains_key("http.response.status_code"));
        let everything = format!("{:?} {:?}", state.spans, state.events);
        assert!(!everything.contains(KEY), "{everything}");
    });
}

fn refused_url() -> String {
    common::raw_server::Refused::new().url()
}

fn ok_builder(base: &str) -> lomi::ClientBuilder {
    lomi::Client::builder(KEY).base_url(base)
}
