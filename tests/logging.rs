//! One `log` event per attempt, with method, path template, status, attempt and request id;
//! never the key, never a body.

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
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET)
            .path("/v1/checkout_sessions/cs_secret_body");
        then.status(503)
            .header("x-request-id", "req_77")
            .body(r#"{"error":{"message":"card 4242 4242 4242 4242"}}"#);
    });
    let err = client(&server)
        .retrieve_checkout_session("cs_secret_body")
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    let logs = LOGS.0.lock().unwrap().clone();
    assert_eq!(logs.len(), 3, "{logs:#?}");
    for (n, line) in logs.iter().enumerate() {
        assert!(
            line.starts_with("DEBUG GET /checkout_sessions/{session_id} -> 503 in "),
            "{line}"
        );
        assert!(
            line.contains(&format!("(attempt {}, request id req_77)", n + 1)),
            "{line}"
        );
        assert!(!line.contains(KEY) && !line.contains("4242"), "{line}");
    }
}
