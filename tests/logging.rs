//! One `log` event per attempt, with method, path template, status, attempt and request id;
//! never the key, never a body: the same lines from both clients.

mod common;

use std::sync::Mutex;

use common::*;
use httpmock::Method::GET;
use httpmock::MockServer;

struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "lomi"
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            self.0
                .lock()
                .unwrap()
                .push(format!("{} {}", record.level(), record.args()));
        }
    }
    fn flush(&self) {}
}

static LOGS: Capture = Capture(Mutex::new(Vec::new()));

#[test]
fn one_event_per_attempt_without_secrets() {
    log::set_logger(&LOGS).unwrap();
    log::set_max_level(log::LevelFilter::Debug);
    for_each_kind(|kind| {
        LOGS.0.lock().unwrap().clear();
        let server = MockServer::start();
        server.mock(|when, then| {
            when.method(GET)
                .path("/v1/checkout_sessions/cs_secret_body");
            then.status(503)
                .header("x-request-id", "req_77")
                .body(r#"{"error":{"message":"card 4242 4242 4242 4242"}}"#);
        });
        server.mock(|when, then| {
            when.method(GET).path("/v1/payment_links/link_1");
            // A server echoing the key back in its request id.
            then.status(200)
                .header("x-request-id", format!("req-{KEY}"))
                .body(r#"{"link_id":"link_1"}"#);
        });
        let client = kind.client(builder(&server));
        let err = call!(&client, c => c.retrieve_checkout_session("cs_secret_body")).unwrap_err();
        assert_eq!(err.status(), Some(503));
        call!(&client, c => c.retrieve_payment_link("link_1")).unwrap();
        let logs = LOGS.0.lock().unwrap().clone();
        assert_eq!(logs.len(), 4, "{logs:#?}");
        for (n, line) in logs[..3].iter().enumerate() {
            assert!(
                line.starts_with("DEBUG GET /checkout_sessions/{session_id} -> 503 in "),
                "{line}"
            );
            assert!(
                line.ends_with(&format!(
                    " ms (attempt {}, request id req_77): API error",
                    n + 1
                )),
                "{line}"
            );
        }
        assert!(
            logs[3].starts_with("DEBUG GET /payment_links/{link_id} -> 200 in "),
            "{}",
            logs[3]
        );
        assert!(
            logs[3].ends_with(" ms (attempt 1, request id req-<redacted>)"),
            "{}",
            logs[3]
        );
        for line in &logs {
            assert!(!line.contains(KEY) && !line.contains("4242"), "{line}");
        }
    });
}
