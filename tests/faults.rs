//! Fault injection: every failure a network or a misbehaving server can produce, from a raw
//! loopback server, against both clients. Each case asserts the error's variant and kind, how
//! many attempts the error reports and the server saw, and that the call ended (an upper bound
//! meaning "did not hang", generous for a noisy machine). Lower bounds are waits the client must
//! honour: a `Retry-After`, a backoff, a connect timeout.
//!
//! Also the defaults of a client built with none of them overridden.

mod common;

use std::time::{Duration, Instant, SystemTime};

use common::raw_server::{
    ATTEMPT_TIMEOUT, Action, RawServer, Refused, STALL_TIMEOUT, Unanswered, response,
};
use common::*;
use lomi::{Error, TransportErrorKind as Transport};

/// Longer than any client timeout here; the server's drop cuts it short.
const FOREVER: Duration = Duration::from_secs(60);
const SESSION: &str = r#"{"checkout_session_id":"cs_7d1f0c2a9b8e4f6a","status":"open"}"#;

fn retrieve() -> &'static Operation {
    operation("retrieve_checkout_session")
}

fn create() -> &'static Operation {
    operation("create_checkout_session")
}

/// A builder for a server that stalls on purpose: attempts time out after [`STALL_TIMEOUT`].
fn stalling(server: &RawServer) -> lomi::ClientBuilder {
    server.builder().timeout(STALL_TIMEOUT)
}

/// A builder for a server answering with `action`: short attempts only if it stalls, so that
/// a slow machine never turns another fault into a timeout.
fn builder_for(server: &RawServer, action: &Action) -> lomi::ClientBuilder {
    match action {
        Action::ReplyThenStall(..) => stalling(server),
        _ => server.builder(),
    }
}

/// A GET that fails the same way on every attempt is tried three times, then reports it; the
/// transport error keeps the HTTP client's error as its source.
fn get_fails_every_attempt(action: Action, expected: Transport) {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![action.clone(); 3]);
        let client = kind.client(builder_for(&server, &action));
        let (result, _) = timed(|| retrieve().call(&client));
        let err = result.unwrap_err();
        assert!(std::error::Error::source(&err).is_some(), "{err:?}");
        assert!(err.is_retryable());
        let e = expect_transport(Err::<(), _>(err), expected);
        assert_eq!(e.attempts(), 3);
        assert_eq!(server.hits(), 3);
    });
}

/// A create whose every attempt would fail with `action` is sent once: it may have reached
/// the application, and without an idempotency key a second one could create a second object.
fn create_sent_once(kind: Kind, action: Action) -> Result<Answer, Error> {
    let server = RawServer::start(vec![action.clone(); 3]);
    let client = kind.client(builder_for(&server, &action));
    let (result, _) = timed(|| create().call(&client));
    assert_eq!(server.hits(), 1);
    assert_eq!(server.header_values("idempotency-key"), [None]);
    result
}

/// A response head announcing `length` bytes of body, followed by `sent`.
fn truncated(length: u64, sent: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n{sent}")
        .into_bytes()
}

#[test]
fn connection_refused_is_retried_even_for_a_create() {
    let refused = Refused::new();
    let builder = || {
        lomi::Client::builder(KEY)
            .base_url(refused.url())
            .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
    };
    for_each_client(builder, |client| {
        let (result, _) = timed(|| retrieve().call(client));
        let e = expect_transport(result, Transport::Connect);
        assert_eq!(e.attempts(), 3);
        // Nothing reached the application, so even a POST is tried again.
        let (result, _) = timed(|| create().call(client));
        let err = result.unwrap_err();
        assert!(err.is_retryable());
        assert!(!err.may_have_been_processed());
        assert_eq!(
            expect_transport(Err::<(), _>(err), Transport::Connect).attempts(),
            3
        );
    });
}

#[test]
fn a_connection_that_never_completes_times_out() {
    // A full listen queue: the SYN is dropped, not refused, so only the connect timeout ends
    // each attempt. Connecting failed, so nothing was sent: even a create is tried three times.
    let unanswered = Unanswered::new();
    let connect_timeout = Duration::from_millis(100);
    let builder = || {
        lomi::Client::builder(KEY)
            .base_url(unanswered.url())
            .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
            .connect_timeout(connect_timeout)
            .timeout(ATTEMPT_TIMEOUT)
    };
    for_each_client(builder, |client| {
        for op in [retrieve(), create()] {
            let (result, took) = timed(|| op.call(client));
            let err = result.unwrap_err();
            assert!(!err.may_have_been_processed(), "{err:?}");
            let e = expect_transport(Err::<(), _>(err), Transport::Connect);
            assert_eq!(e.attempts(), 3);
            // Each attempt waited for its connect timeout: not a refusal.
            assert!(took >= connect_timeout * 3, "{took:?}");
        }
    });
}

#[test]
fn reset_before_the_status_line() {
    get_fails_every_attempt(Action::reset(), Transport::Io);
    for_each_kind(|kind| {
        let result = create_sent_once(kind, Action::reset());
        assert_eq!(expect_transport(result, Transport::Io).attempts(), 1);
    });
}

#[test]
fn closed_before_the_status_line() {
    get_fails_every_attempt(Action::Close, Transport::Io);
}

#[test]
fn reset_mid_headers() {
    let head = b"HTTP/1.1 200 OK\r\ncontent-type: applic".to_vec();
    get_fails_every_attempt(Action::ReplyThenReset(head), Transport::Io);
}

#[test]
fn reset_mid_body() {
    let action = Action::ReplyThenReset(truncated(100, r#"{"checkout"#));
    get_fails_every_attempt(action, Transport::Io);
}

#[test]
fn content_length_longer_than_the_body() {
    let action = Action::Reply(truncated(100, r#"{"checkout"#));
    get_fails_every_attempt(action, Transport::Io);
}

#[test]
fn broken_chunked_encoding() {
    let bytes = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::Reply(bytes.to_vec()); 3]);
        let (result, _) = timed(|| retrieve().call(&kind.client(server.builder())));
        // Invalid HTTP is not transient: one attempt.
        let e = expect_transport(result, Transport::Protocol);
        assert_eq!(e.attempts(), 1);
        assert_eq!(e.status(), Some(200));
        assert_eq!(server.hits(), 1);
    });
}

#[test]
fn headers_that_never_arrive() {
    get_fails_every_attempt(Action::stall(FOREVER), Transport::Timeout);
}

#[test]
fn a_body_that_stalls() {
    let action = Action::ReplyThenStall(truncated(100, r#"{"checkout"#), FOREVER);
    get_fails_every_attempt(action, Transport::Timeout);
}

#[test]
fn a_deadline_bounds_the_whole_call() {
    // Attempts may take a minute, the call 700 ms: the first attempt is cut to the deadline,
    // and no second one fits (the backoff alone is longer than what is left).
    let deadline = Duration::from_millis(700);
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::stall(FOREVER); 3]);
        let client = kind.client(
            server
                .builder()
                .timeout(FOREVER)
                .retry_backoff(Duration::from_millis(200), Duration::from_millis(200))
                .deadline(deadline),
        );
        let (result, took) = timed(|| retrieve().call(&client));
        let e = expect_transport(result, Transport::Timeout);
        assert_eq!(e.attempts(), 1);
        assert_eq!(server.hits(), 1);
        assert!(took >= deadline, "{took:?}");
    });
}

#[test]
fn a_body_over_the_limit() {
    let big = format!(r#"{{"title":"{}"}}"#, "x".repeat(64 * 1024));
    // A body that is simply too long, and one announcing a terabyte: neither is allocated.
    let announced = truncated(1 << 40, &"y".repeat(4096));
    let chunked = format!(
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n{:x}\r\n{}\r\n",
        8192,
        "z".repeat(8192)
    );
    for action in [
        Action::json(200, &big),
        Action::ReplyThenStall(announced, FOREVER),
        Action::ReplyThenStall(chunked.into_bytes(), FOREVER),
    ] {
        for_each_kind(|kind| {
            let server = RawServer::start(vec![action.clone(); 3]);
            let client = kind.client(server.builder().body_limit(1024));
            let (result, _) = timed(|| operation("retrieve_payment_link").call(&client));
            // Not transient: one attempt.
            let e = expect_transport(result, Transport::BodyTooLarge);
            assert_eq!(e.attempts(), 1);
            assert_eq!(e.status(), Some(200));
            assert_eq!(server.hits(), 1);
        });
    }
}

#[test]
fn an_error_body_over_the_limit_is_cut() {
    // Kept up to the error-body limit; the rest is never read, even when it never ends: the
    // call ends long before the attempts' timeout.
    let long = Action::respond(500, &[], "e".repeat(64 * 1024));
    let endless = Action::ReplyThenStall(
        b"HTTP/1.1 500 Oops\r\ncontent-length: 1099511627776\r\n\r\n"
            .iter()
            .chain(&[b'e'; 4096])
            .copied()
            .collect(),
        FOREVER,
    );
    for action in [long, endless] {
        for_each_kind(|kind| {
            let server = RawServer::start(vec![action.clone(), action.clone()]);
            let client = kind.client(
                server
                    .builder()
                    .max_retries(1)
                    .timeout(FOREVER)
                    .error_body_limit(1024),
            );
            let (result, _) = timed(|| operation("retrieve_payment_link").call(&client));
            let e = expect_api(result, 500);
            assert_eq!(e.body(), "e".repeat(1024));
            assert_eq!(e.attempts(), 2);
            assert_eq!(server.hits(), 2);
        });
    }
}

#[test]
fn invalid_utf8_in_a_success_body() {
    let mut body = br#"{"checkout_session_id":""#.to_vec();
    body.extend_from_slice(&[0xff, 0xfe, 0xfd]);
    body.extend_from_slice(br#""}"#);
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::respond(
            200,
            &[("x-request-id", "req_utf8")],
            &body,
        )]);
        let (result, _) = timed(|| retrieve().call(&kind.client(server.builder())));
        let e = expect_decode(result);
        assert_eq!(e.status(), 200);
        assert_eq!(e.request_id(), Some("req_utf8"));
        assert_eq!(e.path(), "checkout_session_id");
        assert!(e.snippet().contains('\u{FFFD}'), "{}", e.snippet());
        assert_eq!(server.hits(), 1);
    });
}

#[test]
fn an_html_502() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let page = Action::respond(502, &[("content-type", "text/html")], html);
    for_each_kind(|kind| {
        let server = RawServer::start(vec![page.clone(); 3]);
        let (result, _) = timed(|| retrieve().call(&kind.client(server.builder())));
        let e = expect_api(result, 502);
        assert_eq!(e.attempts(), 3);
        assert_eq!(e.body(), html);
        assert!(
            e.message().starts_with("HTTP 502 Bad Gateway: <html>"),
            "{}",
            e.message()
        );
        assert_eq!(server.hits(), 3);
        assert_eq!(
            expect_api(create_sent_once(kind, page.clone()), 502).attempts(),
            1
        );
    });
}

#[test]
fn an_empty_200() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::respond(200, &[], "")]);
        let (result, _) = timed(|| retrieve().call(&kind.client(server.builder())));
        let e = expect_decode(result);
        assert_eq!(e.status(), 200);
        assert_eq!(e.path(), ".");
        assert_eq!(e.snippet(), "");
        assert_eq!(server.hits(), 1);
        // Where no body is expected, an empty one is fine.
        let server = RawServer::start(vec![Action::respond(200, &[], "")]);
        let delete = operation("delete_payment_link");
        let (result, _) = timed(|| delete.call(&kind.client(server.builder())));
        assert_eq!(result.unwrap(), Answer::Deleted);
        assert_eq!(server.hits(), 1);
    });
}

#[test]
fn a_204_with_a_body() {
    // `Content-Length` on a 204 is ignored: a 204 has no body, by definition.
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::respond(204, &[], SESSION)]);
        let delete = operation("delete_checkout_session");
        let (result, _) = timed(|| delete.call(&kind.client(server.builder())));
        assert_eq!(result.unwrap(), Answer::Deleted);
        assert_eq!(server.hits(), 1);
    });
}

#[test]
fn a_204_with_a_body_does_not_poison_the_next_call() {
    // The delete goes out on a kept-alive connection (the retrieve before it opened it), and
    // the 204 is followed by the body it announced. Were that connection used again, those
    // bytes would be read as the next response's status line. The client drops it instead.
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(|n, _| match n {
            1 => Action::Reply(response(204, &[], SESSION.as_bytes(), true)),
            _ => Action::Reply(response(200, &[], SESSION.as_bytes(), true)),
        });
        let client = kind.client(server.builder());
        let (result, _) = timed(|| retrieve().call(&client));
        result.unwrap();
        let delete = operation("delete_checkout_session");
        let (result, _) = timed(|| delete.call(&client));
        assert_eq!(result.unwrap(), Answer::Deleted);
        assert_eq!(server.connections(), 1, "the delete reused the connection");
        let (result, _) = timed(|| call!(&client, c => c.retrieve_checkout_session(SESSION_ID)));
        assert_eq!(result.unwrap().checkout_session_id, SESSION_ID);
        assert_eq!(server.hits(), 3);
        assert_eq!(
            server.connections(),
            2,
            "the call after the 204 connected afresh"
        );
    });
}

#[test]
fn an_error_body_that_stalls() {
    // The status arrived; the body is cut off by the attempt's timeout and kept as far as read.
    let head = b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 100\r\n\r\n<html>".to_vec();
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::ReplyThenStall(head.clone(), FOREVER); 3]);
        let (result, _) = timed(|| retrieve().call(&kind.client(stalling(&server))));
        let e = expect_api(result, 503);
        assert_eq!(e.attempts(), 3);
        assert_eq!(e.body(), "<html>");
        assert_eq!(server.hits(), 3);
    });
}

#[test]
fn a_429_with_retry_after_is_waited_for() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            Action::respond(429, &[("retry-after", "1")], r#"{"statusCode":429}"#),
            Action::json(200, SESSION),
        ]);
        let (result, took) = timed(|| retrieve().call(&kind.client(server.builder())));
        result.unwrap();
        assert_eq!(server.hits(), 2);
        assert!(took >= Duration::from_secs(1), "retried after {took:?}");
    });
}

#[test]
fn a_retry_after_given_as_a_date_is_waited_for() {
    for_each_kind(|kind| {
        // Dates have whole seconds: two seconds from now is at least one second away.
        let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
        let server = RawServer::start(vec![
            Action::respond(503, &[("retry-after", &date)], ""),
            Action::json(200, SESSION),
        ]);
        let (result, took) = timed(|| retrieve().call(&kind.client(server.builder())));
        result.unwrap();
        assert_eq!(server.hits(), 2);
        assert!(took >= Duration::from_secs(1), "retried after {took:?}");
        // A date past the cap ends the call at once and says how long lomi. asked for.
        let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
        let server = RawServer::start(vec![Action::respond(503, &[("retry-after", &date)], "")]);
        let (result, _) = timed(|| retrieve().call(&kind.client(server.builder())));
        let e = expect_api(result, 503);
        assert_eq!(e.attempts(), 1);
        let asked = e.retry_after().unwrap();
        assert!(
            asked > Duration::from_secs(3500) && asked <= Duration::from_secs(3600),
            "{asked:?}"
        );
        // A date in the past asks for no wait: the backoff alone.
        let date = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
        let server = RawServer::start(vec![
            Action::respond(503, &[("retry-after", &date)], ""),
            Action::json(200, SESSION),
        ]);
        let (result, _) = timed(|| retrieve().call(&kind.client(server.builder())));
        result.unwrap();
        assert_eq!(server.hits(), 2);
    });
}

#[test]
fn a_retry_after_past_the_deadline_ends_the_call_at_once() {
    // 15 s is within the 20 s the client waits for, but not within the 10 s deadline: the
    // client does not sleep until the deadline only to fail then, it fails now.
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            Action::respond(429, &[("retry-after", "15")], ""),
            Action::json(200, SESSION),
        ]);
        let client = kind.client(server.builder().deadline(Duration::from_secs(10)));
        let (result, took) = timed(|| retrieve().call(&client));
        let e = expect_api(result, 429);
        assert_eq!(e.attempts(), 1);
        assert_eq!(e.retry_after(), Some(Duration::from_secs(15)));
        assert_eq!(server.hits(), 1);
        assert!(took < Duration::from_secs(5), "{took:?}");
    });
}

#[test]
fn a_429_on_a_create_is_retried() {
    // The rate limiter answers before the handler runs: nothing was created.
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            Action::respond(429, &[("retry-after", "0")], ""),
            Action::json(201, SESSION),
        ]);
        let (result, _) = timed(|| create().call(&kind.client(server.builder())));
        result.unwrap();
        assert_eq!(server.hits(), 2);
    });
}

#[test]
fn a_retry_after_beyond_the_cap_ends_the_call() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::respond(503, &[("retry-after", "21")], ""); 3]);
        let (result, _) = timed(|| retrieve().call(&kind.client(server.builder())));
        let e = expect_api(result, 503);
        assert_eq!(e.attempts(), 1);
        assert_eq!(e.retry_after(), Some(Duration::from_secs(21)));
        assert_eq!(server.hits(), 1);
    });
}

#[test]
fn max_retry_after_sets_the_cap() {
    for_each_kind(|kind| {
        let capped = |server: &RawServer| {
            kind.client(server.builder().max_retry_after(Duration::from_secs(1)))
        };
        // Above the cap: the call ends with the wait lomi. asked for.
        let server = RawServer::start(vec![Action::respond(503, &[("retry-after", "2")], ""); 3]);
        let (result, _) = timed(|| retrieve().call(&capped(&server)));
        let e = expect_api(result, 503);
        assert_eq!(
            (e.attempts(), e.retry_after()),
            (1, Some(Duration::from_secs(2)))
        );
        assert_eq!(server.hits(), 1);
        // At the cap: waited for, then tried again.
        let server = RawServer::start(vec![
            Action::respond(503, &[("retry-after", "1")], ""),
            Action::json(200, SESSION),
        ]);
        let (result, took) = timed(|| retrieve().call(&capped(&server)));
        result.unwrap();
        assert_eq!(server.hits(), 2);
        assert!(took >= Duration::from_secs(1), "{took:?}");
    });
}

#[test]
fn a_503_twice_then_200_on_a_get() {
    let unavailable = Action::json(503, r#"{"statusCode":503,"message":"down"}"#);
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            unavailable.clone(),
            unavailable.clone(),
            Action::json(200, SESSION),
        ]);
        let (result, _) = timed(|| retrieve().call(&kind.client(server.builder())));
        result.unwrap();
        assert_eq!(server.hits(), 3);
    });
}

#[test]
fn a_500_on_a_create_is_not_repeated() {
    for_each_kind(|kind| {
        let result = create_sent_once(kind, Action::json(500, "{}"));
        let e = expect_api(result, 500);
        assert_eq!(e.attempts(), 1);
        let err = Error::Api(e);
        assert!(err.may_have_been_processed());
        assert!(!err.is_retryable());
    });
}

#[test]
fn a_timeout_on_a_create_is_not_repeated() {
    for_each_kind(|kind| {
        let result = create_sent_once(kind, Action::stall(FOREVER));
        assert_eq!(expect_transport(result, Transport::Timeout).attempts(), 1);
    });
}

#[test]
fn a_create_with_a_trusted_idempotency_key_is_retried_with_the_same_key() {
    for failure in [Action::json(500, "{}"), Action::stall(FOREVER)] {
        for_each_kind(|kind| {
            let server = RawServer::start(vec![
                failure.clone(),
                failure.clone(),
                Action::json(201, SESSION),
            ]);
            // The caller says its server honours the key; without that, see payment_safety.rs.
            let client = kind.client(builder_for(&server, &failure).trust_idempotency_keys(true));
            let keyed = client.with_idempotency_key("k").unwrap();
            let (result, _) = timed(|| create().call(&keyed));
            result.unwrap();
            assert_eq!(server.hits(), 3);
            assert_eq!(
                server.header_values("idempotency-key"),
                vec![Some("k".to_owned()); 3]
            );
            for sent in server.sent() {
                assert_eq!(sent.body, CREATE_SESSION_JSON.as_bytes());
            }
        });
    }
}

/// A redirect is an error, and the target hears nothing: not the key, not a connection.
fn redirect_is_not_followed(status: u16, location: &str, target: &RawServer) {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            Action::respond(
                status,
                &[("location", location), ("x-request-id", "req_3xx")],
                ""
            );
            3
        ]);
        let (result, _) = timed(|| retrieve().call(&kind.client(server.builder())));
        let err = result.unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.request_id(), Some("req_3xx"));
        let e = expect_transport(Err::<(), _>(err), Transport::Redirect);
        assert_eq!(e.location(), Some(location));
        assert_eq!(e.attempts(), 1);
        assert_eq!(server.hits(), 1);
        assert_eq!(target.connections(), 0);
    });
}

#[test]
fn a_302_to_another_port() {
    let target = RawServer::start(vec![Action::json(200, SESSION)]);
    let location = format!("{}/checkout_sessions/cs_1", target.url());
    redirect_is_not_followed(302, &location, &target);
}

#[test]
fn a_301_to_plain_http() {
    let target = RawServer::start(vec![Action::json(200, SESSION)]);
    let location = format!(
        "http://localhost:{}/v1/checkout_sessions/cs_1",
        target.port()
    );
    redirect_is_not_followed(301, &location, &target);
}

// ---------------------------------------------------------------------------------------------
// The defaults: a client built with nothing but a key and a base URL.

/// A default client of `kind` for `server`.
fn default_client(kind: Kind, server: &RawServer) -> AnyClient {
    kind.client(lomi::Client::builder(KEY).base_url(server.url()))
}

#[test]
fn a_default_client_shows_its_settings_but_not_its_key() {
    // Timeouts can't be waited for in a test (80 s): `Debug` shows what the client will use.
    let builder = lomi::Client::builder(KEY);
    let text = format!("{builder:?}");
    assert!(text.contains("connect_timeout: 5s"), "{text}");
    for_each_kind(|kind| {
        let client = kind.client(lomi::Client::builder(KEY));
        let text = format!("{client:?}");
        for setting in [
            "max_retries: 2",
            "initial_backoff: 500ms",
            "max_backoff: 5s",
            "max_retry_after: 20s",
            "timeout: 80s",
            "deadline: None",
            "body_limit: 10485760",
            "error_body_limit: 65536",
            "api_key: \"<redacted>\"",
            "https://sandbox.api.lomi.africa/v1",
        ] {
            assert!(text.contains(setting), "{setting} is not in {text}");
        }
        for text in [format!("{client:?}"), format!("{client:#?}")] {
            assert!(!text.contains(KEY) && !text.contains("0123456789abcdef"));
        }
    });
}

#[test]
fn a_default_client_tries_three_times_with_jittered_backoff_between() {
    // Backoff: 0.25 to 0.5 s before the second attempt, 0.5 to 1 s before the third.
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(503, "{}"); 3]);
        let (result, took) = timed(|| retrieve().call(&default_client(kind, &server)));
        assert_eq!(expect_api(result, 503).attempts(), 3);
        assert_eq!(server.hits(), 3);
        assert!(took >= Duration::from_millis(750), "{took:?}");
    });
}

#[test]
fn a_default_client_waits_for_no_retry_after_over_20_seconds() {
    // (That 20 s itself is waited for, `Debug` shows above: waiting it here would take 20 s.)
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::respond(503, &[("retry-after", "21")], ""); 3]);
        let (result, _) = timed(|| retrieve().call(&default_client(kind, &server)));
        let e = expect_api(result, 503);
        assert_eq!(e.attempts(), 1);
        assert_eq!(e.retry_after(), Some(Duration::from_secs(21)));
        assert_eq!(server.hits(), 1);
    });
}

#[test]
fn a_default_client_reads_10_mib_of_success_and_64_kib_of_error() {
    const LIMIT: usize = 10 * 1024 * 1024;
    // One byte under the limit is read, one byte over is not (the limit itself: below).
    let session = |len: usize| {
        let (prefix, suffix) = (r#"{"checkout_session_id":"cs_big","title":""#, r#""}"#);
        format!(
            "{prefix}{}{suffix}",
            "x".repeat(len - prefix.len() - suffix.len())
        )
    };
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            Action::json(200, &session(LIMIT - 1)),
            Action::json(200, &session(LIMIT + 1)),
            Action::respond(400, &[], "e".repeat(64 * 1024 + 100)),
        ]);
        let client = default_client(kind, &server);
        let (result, _) = timed(|| call!(&client, c => c.retrieve_checkout_session("cs_big")));
        assert_eq!(result.unwrap().checkout_session_id, "cs_big");
        let (result, _) = timed(|| retrieve().call(&client));
        let e = expect_transport(result, Transport::BodyTooLarge);
        assert_eq!(e.attempts(), 1);
        assert!(e.to_string().contains("limit of 10485760 bytes"), "{e}");
        let (result, _) = timed(|| retrieve().call(&client));
        assert_eq!(expect_api(result, 400).body().len(), 64 * 1024);
        assert_eq!(server.hits(), 3);
    });
}

#[test]
fn a_body_of_exactly_the_limit_is_read() {
    let body = format!(
        r#"{{"checkout_session_id":"{SESSION_ID}","title":"{}"}}"#,
        "x".repeat(1000)
    );
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(200, &body)]);
        let client = kind.client(server.builder().body_limit(body.len() as u64));
        let (result, _) = timed(|| retrieve().call(&client));
        result.unwrap();
    });
}

/// Waits until the server has closed `n` connections; the FIN is then in the client's socket.
fn wait_closed(server: &RawServer, n: usize) {
    let started = Instant::now();
    while server.closed() < n {
        assert!(
            started.elapsed() < BOUND,
            "the server never closed the connection"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// A keep-alive answer (no `Connection: close`): the client puts the connection in its pool.
fn kept_alive(status: u16) -> Action {
    Action::Reply(response(
        status,
        &[("content-type", "application/json")],
        SESSION.as_bytes(),
        true,
    ))
}

#[test]
fn a_pooled_connection_the_server_closed_is_not_used() {
    // The server answers as if it kept the connection, then closes it (one request per
    // connection). The client must find out before it sends the next request there: a create
    // written to a dead socket fails after it may have been sent, and is not repeated.
    for_each_kind(|kind| {
        let server = RawServer::start(vec![kept_alive(200), kept_alive(201), kept_alive(200)]);
        let client = kind.client(server.builder());
        let (result, _) = timed(|| retrieve().call(&client));
        assert!(result.is_ok(), "{kind:?}: {result:?}");
        wait_closed(&server, 1);
        let (result, _) = timed(|| create().call(&client));
        assert!(result.is_ok(), "{kind:?}: {result:?}");
        wait_closed(&server, 2);
        let (result, _) = timed(|| retrieve().call(&client));
        assert!(result.is_ok(), "{kind:?}: {result:?}");
        // Each request went out once, each on a new connection.
        assert_eq!(server.hits(), 3, "{kind:?}");
        assert_eq!(server.connections(), 3, "{kind:?}");
        let (method, _) = common::raw_server::request_line(&server.requests()[1]);
        assert_eq!(method, "POST", "{kind:?}");
    });
}

#[test]
fn a_connection_that_served_several_calls_then_closed_is_not_used() {
    // The server keeps one connection for three calls, then closes it a moment after its third
    // answer, once the client has put the connection back in its pool. The create that follows
    // must go out on a new connection, never on the dead one, on a connection the client has
    // already used several times as on a fresh one.
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(|n, _| match n {
            2 => Action::ReplyThenStall(
                response(
                    200,
                    &[("content-type", "application/json")],
                    SESSION.as_bytes(),
                    true,
                ),
                Duration::from_millis(50),
            ),
            n => kept_alive(if n == 3 { 201 } else { 200 }),
        });
        let client = kind.client(server.builder());
        for _ in 0..3 {
            let (result, _) = timed(|| retrieve().call(&client));
            assert!(result.is_ok(), "{kind:?}: {result:?}");
        }
        wait_closed(&server, 1);
        let (result, _) = timed(|| create().call(&client));
        assert!(result.is_ok(), "{kind:?}: {result:?}");
        assert_eq!(server.hits(), 4, "{kind:?}");
        assert_eq!(server.connections(), 2, "{kind:?}");
        let (method, _) = common::raw_server::request_line(&server.requests()[3]);
        assert_eq!(method, "POST", "{kind:?}");
    });
}

/// Host lookups the blocking client logged (target `lomi::resolver`) for `localhost`.
struct Lookups(std::sync::atomic::AtomicUsize);

impl log::Log for Lookups {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "lomi::resolver"
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) && record.args().to_string().contains("localhost") {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }
    fn flush(&self) {}
}

static LOOKUPS: Lookups = Lookups(std::sync::atomic::AtomicUsize::new(0));

#[test]
fn a_failed_connect_drops_the_cached_address() {
    // `localhost` is looked up from the hosts file, not the network. No other test here
    // connects to it.
    log::set_logger(&LOOKUPS).expect("the only logger in this test binary");
    log::set_max_level(log::LevelFilter::Debug);
    let lookups = || LOOKUPS.0.load(std::sync::atomic::Ordering::SeqCst);
    let server = RawServer::keep_alive(|_, _| kept_alive(200));
    let client = lomi::Client::builder(common::KEY)
        .base_url(format!("http://localhost:{}/v1", server.port()))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .timeout(Duration::from_millis(500))
        .connect_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    for _ in 0..3 {
        let (result, _) = timed(|| client.retrieve_checkout_session(SESSION_ID));
        result.unwrap();
    }
    // Looked up once, then answered from the cache and the pooled connection.
    assert_eq!(lookups(), 1);
    assert_eq!(server.connections(), 1);

    // The server goes away: its port refuses connections.
    drop(server);
    let (result, _) = timed(|| client.retrieve_checkout_session(SESSION_ID));
    assert_eq!(expect_transport(result, Transport::Connect).attempts(), 3);
    // The first attempt used the cached address and failed to connect, which dropped it:
    // each later attempt looked the host up again.
    assert_eq!(lookups(), 3);
}
