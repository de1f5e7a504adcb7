//! Every documented error status, the framework's shapes, proxy pages, and ids that must stay
//! one path segment, against both clients: each becomes the right typed error, and the key
//! never shows, whatever kind of error carries what the server said.

mod common;

use std::time::Duration;

use common::raw_server::{ATTEMPT_TIMEOUT, Action, RawServer, STALL_TIMEOUT};
use common::*;
use httpmock::MockServer;
use lomi::types::ListCheckoutSessionsParams;
use lomi::{Error, TransportErrorKind};

fn documented(code: &str, message: &str) -> String {
    format!(
        r#"{{"error":{{"code":"{code}","message":"{message}","details":{{"field":"amount"}}}}}}"#
    )
}

#[test]
fn documented_error_statuses_map_to_api_errors() {
    // The spec's statuses per operation; 500 is retried on idempotent calls, so it is answered
    // on every attempt.
    let cases = [
        ("create_checkout_session", 400),
        ("create_checkout_session", 401),
        ("create_payment_link", 500),
        ("list_checkout_sessions", 401),
        ("retrieve_checkout_session", 404),
        ("update_payment_link", 400),
        ("update_payment_link", 404),
        ("delete_checkout_session", 404),
        ("delete_payment_link", 500),
    ];
    for (name, status) in cases {
        let op = operation(name);
        for_each_kind(|kind| {
            let server = MockServer::start();
            let mock = server.mock(|when, then| {
                when.any_request();
                then.status(status)
                    .header("x-request-id", "req_abc123")
                    .body(documented("E_TEST", "Something is wrong"));
            });
            let e = expect_api(op.call(&kind.client(builder(&server))), status);
            assert_eq!(e.code(), Some("E_TEST"), "{name}");
            assert_eq!(e.message(), "Something is wrong");
            assert_eq!(e.details().unwrap()["field"], "amount");
            assert_eq!(e.request_id(), Some("req_abc123"));
            assert!(e.body().contains("E_TEST"));
            let retried = status == 500 && !op.is_create();
            let attempts = if retried { 3 } else { 1 };
            mock.assert_calls(attempts);
            assert_eq!(e.attempts(), attempts as u32, "{name} {status}");
        });
    }
}

#[test]
fn rate_limit_with_the_framework_body() {
    for_each_kind(|kind| {
        let server = MockServer::start();
        let mock = server.mock(|when, then| {
            when.any_request();
            then.status(429)
                .header("retry-after", "60")
                .body(r#"{"statusCode":429,"message":"ThrottlerException: Too Many Requests","error":"Too Many Requests"}"#);
        });
        let op = operation("retrieve_payment_link");
        let err = op.call(&kind.client(builder(&server))).unwrap_err();
        // 60 s is beyond the 20 s the client waits for: one attempt, and the wait is exposed.
        mock.assert_calls(1);
        assert_eq!(err.status(), Some(429));
        assert_eq!(err.retry_after(), Some(Duration::from_secs(60)));
        assert!(err.is_retryable());
        let e = expect_api(Err::<(), _>(err), 429);
        assert_eq!(e.message(), "ThrottlerException: Too Many Requests");
        assert_eq!(e.code(), None);
        assert_eq!(e.attempts(), 1);
    });
}

#[test]
fn validation_failure_with_a_message_list() {
    for_each_kind(|kind| {
        let server = MockServer::start();
        server.mock(|when, then| {
            when.any_request();
            then.status(400).body(
                r#"{"statusCode":400,"message":["amount must be a positive number","currency_code must be a valid ISO 4217 code"],"error":"Bad Request"}"#,
            );
        });
        let op = operation("create_checkout_session");
        let e = expect_api(op.call(&kind.client(builder(&server))), 400);
        assert_eq!(
            e.message(),
            "amount must be a positive number; currency_code must be a valid ISO 4217 code"
        );
    });
}

#[test]
fn proxy_html_page() {
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n";
    for_each_kind(|kind| {
        let server = MockServer::start();
        let mock = server.mock(|when, then| {
            when.any_request();
            then.status(502)
                .header("content-type", "text/html")
                .body(html);
        });
        let op = operation("retrieve_checkout_session");
        let err = op.call(&kind.client(builder(&server))).unwrap_err();
        mock.assert_calls(3);
        let text = err.to_string();
        assert!(
            text.starts_with("lomi. API error 502: HTTP 502 Bad Gateway: <html>"),
            "{text}"
        );
        // One line: the CR LF of the page are escaped.
        assert!(!text.contains(['\r', '\n']), "{text}");
        assert!(err.is_retryable());
        let e = expect_api(Err::<(), _>(err), 502);
        assert_eq!(e.body(), html);
        assert_eq!(e.attempts(), 3);
    });
}

#[test]
fn a_success_body_that_is_not_the_documented_json() {
    for_each_kind(|kind| {
        let server = MockServer::start();
        let mock = server.mock(|when, then| {
            when.any_request();
            then.status(200)
                .header("x-request-id", "req_decode")
                .body(r#"{"data":[{"checkout_session_id":"cs_1"},{"amount":"lots"}]}"#);
        });
        let op = operation("list_checkout_sessions");
        let err = op.call(&kind.client(builder(&server))).unwrap_err();
        mock.assert_calls(1);
        assert!(std::error::Error::source(&err).is_some());
        assert!(!err.is_retryable());
        assert_eq!(err.status(), Some(200));
        assert_eq!(err.request_id(), Some("req_decode"));
        let e = expect_decode(Err::<(), _>(err));
        assert_eq!(e.path(), "data[1].amount");
        assert_eq!(e.status(), 200);
        assert!(e.snippet().contains("lots"));
    });
}

#[test]
fn invalid_arguments_are_caught_before_sending() {
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(|_, _| Action::json(200, "{}"));
        let client = kind.client(server.builder());
        for limit in [0, 101, u64::MAX] {
            let params = ListCheckoutSessionsParams::new().limit(limit);
            let text = expect_invalid(call!(&client, c => c.list_checkout_sessions(&params)));
            assert!(text.contains("`limit` must be from 1 to 100"), "{text}");
        }
        for id in ["", ".", ".."] {
            expect_invalid(call!(&client, c => c.retrieve_checkout_session(id)));
            expect_invalid(call!(&client, c => c.delete_payment_link(id)));
            let body = update_session_body();
            expect_invalid(call!(&client, c => c.update_checkout_session(id, &body)));
        }
        assert_eq!(server.connections(), 0);
    });
}

#[test]
fn ids_stay_one_path_segment() {
    let cases = [
        (
            "a/../b?x=1#y",
            "/v1/checkout_sessions/a%2F..%2Fb%3Fx%3D1%23y",
        ),
        ("100% sure", "/v1/checkout_sessions/100%25%20sure"),
        ("cs 1/2", "/v1/checkout_sessions/cs%201%2F2"),
        ("é&=+", "/v1/checkout_sessions/%C3%A9%26%3D%2B"),
        ("...", "/v1/checkout_sessions/..."),
    ];
    for_each_kind(|kind| {
        let server =
            RawServer::keep_alive(|_, _| Action::json(200, r#"{"checkout_session_id":"ok"}"#));
        let client = kind.client(server.builder());
        for (id, _) in cases {
            // The server answers another object: a `Decode` error, after the request went out.
            let answer = call!(&client, c => c.retrieve_checkout_session(id));
            assert!(matches!(answer, Err(Error::Decode(_))), "{answer:?}");
        }
        let targets: Vec<String> = server.sent().into_iter().map(|s| s.target).collect();
        let expected: Vec<&str> = cases.iter().map(|(_, target)| *target).collect();
        assert_eq!(targets, expected);
    });
}

/// What a hostile server may echo the key in, and the error each answer must become.
fn echoes_of_the_key() -> Vec<(&'static str, Action)> {
    let json_error = format!(
        r#"{{"error":{{"code":"{KEY}","message":"bad key {KEY}","details":{{"{KEY}":["{KEY}"]}}}}}}"#
    );
    let id = format!("req-{KEY}");
    let with_id = |status: u16, body: &str| {
        Action::respond(status, &[("x-request-id", &id)], body.as_bytes())
    };
    let head = |status: &str, length: usize| {
        format!("HTTP/1.1 {status}\r\nx-request-id: {id}\r\ncontent-length: {length}\r\n\r\n")
            .into_bytes()
    };
    vec![
        ("Api", with_id(401, &json_error)),
        ("Api", with_id(400, &format!("<html>{KEY}</html>"))),
        (
            "Api",
            with_id(400, &format!(r#"{{"statusCode":400,"message":["{KEY}"]}}"#)),
        ),
        (
            "Redirect",
            Action::respond(
                302,
                &[
                    ("location", &format!("https://evil.example/?k={KEY}")),
                    ("x-request-id", &id),
                ],
                "",
            ),
        ),
        (
            "Decode",
            with_id(
                200,
                &format!(r#"{{"checkout_session_id":"{KEY}","amount":7,"#),
            ),
        ),
        (
            "Decode",
            with_id(200, &format!(r#"{{"checkout_session_id":"cs"}} {KEY}"#)),
        ),
        (
            "BodyTooLarge",
            with_id(200, &format!(r#"{{"title":"{}{KEY}"}}"#, "x".repeat(2048))),
        ),
        (
            "Io",
            Action::Reply([head("200 OK", 100), KEY.as_bytes().to_vec()].concat()),
        ),
        (
            "Timeout",
            Action::ReplyThenStall(
                [head("200 OK", 100), KEY.as_bytes().to_vec()].concat(),
                Duration::from_secs(30),
            ),
        ),
        (
            "Protocol",
            Action::Reply(format!("HTTP/1.1 200 {KEY}\r\n{KEY}\r\n\r\n").into_bytes()),
        ),
    ]
}

#[test]
fn the_key_never_appears_in_any_error() {
    for_each_kind(|kind| {
        for (expected, action) in echoes_of_the_key() {
            let server = RawServer::start(vec![action]);
            // Short attempts only where the stall is the point.
            let timeout = match expected {
                "Timeout" => STALL_TIMEOUT,
                _ => ATTEMPT_TIMEOUT,
            };
            let client = kind.client(
                server
                    .builder()
                    .max_retries(0)
                    .body_limit(1024)
                    .timeout(timeout),
            );
            let err = operation("retrieve_checkout_session")
                .call(&client)
                .unwrap_err();
            let variant = match &err {
                Error::Api(_) => "Api".to_owned(),
                Error::Decode(_) => "Decode".to_owned(),
                Error::Transport(e) => format!("{:?}", e.kind()),
                other => format!("{other:?}"),
            };
            // Which kind a malformed head is (Protocol or Io) is the HTTP client's call.
            let accepted = if expected == "Protocol" {
                ["Protocol", "Io"].contains(&variant.as_str())
            } else {
                variant == expected
            };
            assert!(accepted, "expected {expected}, got {err:?}");
            assert_hidden(&err, KEY);
            assert_eq!(server.hits(), 1);
        }
        // A key that cannot be sent is refused without being quoted.
        for bad in [format!("{KEY} x"), format!("{KEY}\r\n")] {
            let err = kind.build(lomi::Client::builder(bad)).unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{err:?}");
            assert_hidden(&err, KEY);
        }
        let client = kind.client(lomi::Client::builder(KEY));
        assert!(!format!("{client:?} {client:#?}").contains(KEY));
        assert!(!format!("{:?}", lomi::Client::builder(KEY)).contains(KEY));
    });
}

#[test]
fn a_value_of_the_wrong_type_does_not_quote_the_key() {
    for_each_kind(|kind| {
        let body = format!(r#"{{"checkout_session_id":"cs_1","amount":"{KEY}"}}"#);
        let server = RawServer::start(vec![Action::json(200, &body)]);
        let client = kind.client(server.builder());
        let err = operation("retrieve_checkout_session")
            .call(&client)
            .unwrap_err();
        assert!(
            matches!(&err, Error::Decode(e) if e.path() == "amount"),
            "{err:?}"
        );
        assert_hidden(&err, KEY);
    });
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    for_each_kind(|kind| {
        let builder = lomi::Client::builder(KEY).base_url("http://api.lomi.africa/v1");
        let err = kind.build(builder).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(err.to_string().contains("plain http"), "{err}");
    });
}

#[test]
fn redirects_are_errors_and_never_followed() {
    for_each_kind(|kind| {
        let target = MockServer::start();
        let followed = target.mock(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        });
        let server = MockServer::start();
        server.mock(|when, then| {
            when.any_request();
            then.status(307)
                .header("location", target.url("/v1/checkout_sessions/cs_1"));
        });
        let op = operation("retrieve_checkout_session");
        let err = op.call(&kind.client(builder(&server))).unwrap_err();
        assert_eq!(err.status(), Some(307));
        let e = expect_transport(Err::<(), _>(err), TransportErrorKind::Redirect);
        assert_eq!(
            e.location(),
            Some(target.url("/v1/checkout_sessions/cs_1").as_str())
        );
        followed.assert_calls(0);
    });
}

#[test]
fn a_hand_built_api_error_keeps_what_a_client_would() {
    let body = "x".repeat(200_000);
    let e = lomi::ApiError::from_response(502, &body);
    assert_eq!(e.body().len(), 64 * 1024);
}
