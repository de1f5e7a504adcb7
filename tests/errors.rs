//! Every documented error status, the framework's shapes, proxy pages, and ids that must stay
//! one path segment: each becomes the right typed error, and the key never shows.

mod common;

use common::*;
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use lomi::types::ListCheckoutSessionsParams;
use lomi::{Error, TransportErrorKind};

fn documented(code: &str, message: &str) -> String {
    format!(
        r#"{{"error":{{"code":"{code}","message":"{message}","details":{{"field":"amount"}}}}}}"#
    )
}

fn api_error(result: Result<impl std::fmt::Debug, Error>) -> Box<lomi::ApiError> {
    match result {
        Err(Error::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn documented_error_statuses_map_to_api_errors() {
    // The contract's statuses per operation kind; 500 is retried on idempotent calls, so it
    // is answered on every attempt.
    let cases = [
        ("POST", "/v1/checkout_sessions", 400),
        ("POST", "/v1/checkout_sessions", 401),
        ("POST", "/v1/payment_links", 500),
        ("GET", "/v1/checkout_sessions", 401),
        ("GET", "/v1/checkout_sessions/cs_1", 404),
        ("PATCH", "/v1/payment_links/link_1", 400),
        ("PATCH", "/v1/payment_links/link_1", 404),
        ("DELETE", "/v1/checkout_sessions/cs_1", 404),
        ("DELETE", "/v1/payment_links/link_1", 500),
    ];
    for (method, path, status) in cases {
        let server = MockServer::start();
        let mock = server.mock(|when, then| {
            when.method(method).path(path);
            then.status(status)
                .header("x-request-id", "req_abc123")
                .body(documented("E_TEST", "Something is wrong"));
        });
        let c = client(&server);
        let result = match (method, path) {
            ("POST", "/v1/checkout_sessions") => {
                c.create_checkout_session(&create_session_body()).map(drop)
            }
            ("POST", _) => c.create_payment_link(&create_link_body()).map(drop),
            ("GET", "/v1/checkout_sessions") => c
                .list_checkout_sessions(&ListCheckoutSessionsParams::new())
                .map(drop),
            ("GET", _) => c.retrieve_checkout_session("cs_1").map(drop),
            ("PATCH", _) => c
                .update_payment_link("link_1", &update_link_body())
                .map(drop),
            ("DELETE", "/v1/checkout_sessions/cs_1") => c.delete_checkout_session("cs_1"),
            ("DELETE", _) => c.delete_payment_link("link_1"),
            _ => unreachable!(),
        };
        let e = api_error(result);
        assert_eq!(e.status(), status, "{method:?} {path}");
        assert_eq!(e.code(), Some("E_TEST"));
        assert_eq!(e.message(), "Something is wrong");
        assert_eq!(e.details().unwrap()["field"], "amount");
        assert_eq!(e.request_id(), Some("req_abc123"));
        assert!(e.body().contains("E_TEST"));
        let retried = status == 500 && method != "POST";
        mock.assert_calls(if retried { 3 } else { 1 });
        assert_eq!(e.attempts(), if retried { 3 } else { 1 });
    }
}

#[test]
fn rate_limit_with_the_framework_body() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.method(GET).path("/v1/payment_links/link_1");
        then.status(429)
            .header("retry-after", "60")
            .body(r#"{"statusCode":429,"message":"ThrottlerException: Too Many Requests","error":"Too Many Requests"}"#);
    });
    let err = client(&server).retrieve_payment_link("link_1").unwrap_err();
    // 60 s is beyond the 20 s the client waits for: one attempt, and the wait is exposed.
    mock.assert_calls(1);
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(60)));
    assert!(err.is_retryable());
    let e = api_error(Err::<(), _>(err));
    assert_eq!(e.message(), "ThrottlerException: Too Many Requests");
    assert_eq!(e.code(), None);
}

#[test]
fn validation_failure_with_a_message_list() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(POST).path("/v1/checkout_sessions");
        then.status(400).body(
            r#"{"statusCode":400,"message":["amount must be a positive number","currency_code must be a valid ISO 4217 code"],"error":"Bad Request"}"#,
        );
    });
    let e = api_error(client(&server).create_checkout_session(&create_session_body()));
    assert_eq!(e.status(), 400);
    assert_eq!(
        e.message(),
        "amount must be a positive number; currency_code must be a valid ISO 4217 code"
    );
}

#[test]
fn proxy_html_page() {
    let server = MockServer::start();
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n";
    let mock = server.mock(|when, then| {
        when.method(GET).path("/v1/checkout_sessions/cs_1");
        then.status(502)
            .header("content-type", "text/html")
            .body(html);
    });
    let err = client(&server)
        .retrieve_checkout_session("cs_1")
        .unwrap_err();
    mock.assert_calls(3);
    let text = err.to_string();
    assert!(
        text.starts_with("lomi. API error 502: HTTP 502 Bad Gateway: <html>"),
        "{text}"
    );
    assert!(err.is_retryable());
    let e = api_error(Err::<(), _>(err));
    assert_eq!(e.body(), html);
    assert_eq!(e.attempts(), 3);
}

#[test]
fn a_success_body_that_is_not_the_documented_json() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/v1/checkout_sessions");
        then.status(200)
            .body(r#"{"data":[{"checkout_session_id":"cs_1"},{"amount":"lots"}]}"#);
    });
    let err = client(&server)
        .list_checkout_sessions(&ListCheckoutSessionsParams::new())
        .unwrap_err();
    let Error::Decode(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.path(), "data[1].amount");
    assert_eq!(e.status(), 200);
    assert!(e.snippet().contains("lots"));
    assert!(std::error::Error::source(&err).is_some());
    assert!(!err.is_retryable());
}

#[test]
fn invalid_arguments_are_caught_before_sending() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.any_request();
        then.status(200).body("{}");
    });
    let c = client(&server);
    for limit in [0, 101, u64::MAX] {
        let err = c
            .list_checkout_sessions(&ListCheckoutSessionsParams::new().limit(limit))
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{limit}: {err:?}");
        assert!(
            err.to_string().contains("`limit` must be from 1 to 100"),
            "{err}"
        );
    }
    for id in ["", ".", ".."] {
        assert!(matches!(
            c.retrieve_checkout_session(id),
            Err(Error::InvalidRequest(_))
        ));
        assert!(matches!(
            c.delete_payment_link(id),
            Err(Error::InvalidRequest(_))
        ));
        assert!(matches!(
            c.update_checkout_session(id, &update_session_body()),
            Err(Error::InvalidRequest(_))
        ));
    }
    mock.assert_calls(0);
}

#[test]
fn ids_stay_one_path_segment() {
    let server = MockServer::start();
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
    for (id, expected) in cases {
        let mut mock = server.mock(|when, then| {
            exactly(when, GET, expected, None);
            then.status(200).body(r#"{"checkout_session_id":"ok"}"#);
        });
        let s = client(&server).retrieve_checkout_session(id).unwrap();
        assert_eq!(s.checkout_session_id, "ok");
        mock.assert_calls(1);
        mock.delete();
    }
}

#[test]
fn the_key_never_appears_in_errors_or_debug_output() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.any_request();
        // A hostile server echoing nothing useful; the key must not come from our side.
        then.status(401)
            .body(r#"{"error":{"code":"UNAUTHORIZED","message":"Invalid API key"}}"#);
    });
    let c = client(&server);
    let err = c.retrieve_payment_link("link_1").unwrap_err();
    for text in [
        format!("{err}"),
        format!("{err:?}"),
        format!("{c:?}"),
        format!("{:?}", builder(&server)),
    ] {
        assert!(!text.contains(KEY), "key leaked: {text}");
        assert!(!text.contains("0123456789abcdef"), "key leaked: {text}");
    }
    assert_eq!(err.status(), Some(401));
}

#[test]
fn redirects_are_errors_and_never_followed() {
    let target = MockServer::start();
    let followed = target.mock(|when, then| {
        when.any_request();
        then.status(200).body("{}");
    });
    let server = MockServer::start();
    server.mock(|when, then| {
        when.any_request();
        then.status(302)
            .header("location", target.url("/v1/checkout_sessions/cs_1"));
    });
    let err = client(&server)
        .retrieve_checkout_session("cs_1")
        .unwrap_err();
    let Error::Transport(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.kind(), TransportErrorKind::Redirect);
    assert_eq!(
        e.location(),
        Some(target.url("/v1/checkout_sessions/cs_1").as_str())
    );
    assert_eq!(err.status(), Some(302));
    followed.assert_calls(0);
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let err = lomi::Client::builder(KEY)
        .base_url("http://api.lomi.africa/v1")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    assert!(err.to_string().contains("plain http"));
}
