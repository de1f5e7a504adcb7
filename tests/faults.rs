//! Fault injection: every failure a network or a misbehaving server can produce, from a raw
//! loopback server. Each case asserts the error's variant and kind, how many attempts the
//! server saw, and that the call ended in bounded time (an upper bound only, generous for a
//! noisy machine; the single lower bound is the honoured `Retry-After`).

mod common;

use std::fmt::Debug;
use std::time::{Duration, Instant};

use common::create_session_body;
use common::raw_server::{Action, RawServer, body, response};
use lomi::types::CheckoutSession;
use lomi::{ApiError, DecodeError, Error, TransportError, TransportErrorKind as Kind};

/// Generous: every case ends in well under a second or two on an idle machine.
const BOUND: Duration = Duration::from_secs(10);
/// Longer than any client timeout here; the server's drop cuts it short.
const FOREVER: Duration = Duration::from_secs(30);
const SESSION: &str = r#"{"checkout_session_id":"cs_1","status":"open"}"#;

/// Runs `call`, asserting it ends within [`BOUND`]; returns its result and how long it took.
fn timed<T>(call: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let result = call();
    let took = started.elapsed();
    assert!(took < BOUND, "the call took {took:?}");
    (result, took)
}

fn transport(result: Result<impl Debug, Error>, kind: Kind) -> Box<TransportError> {
    match result {
        Err(Error::Transport(e)) if e.kind() == kind => e,
        other => panic!("expected a {kind:?} transport error, got {other:?}"),
    }
}

fn api(result: Result<impl Debug, Error>, status: u16) -> Box<ApiError> {
    match result {
        Err(Error::Api(e)) if e.status() == status => e,
        other => panic!("expected an API error {status}, got {other:?}"),
    }
}

fn decode(result: Result<impl Debug, Error>) -> Box<DecodeError> {
    match result {
        Err(Error::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// A GET that fails the same way on every attempt is tried three times, then reports it.
fn get_fails_every_attempt(action: Action, kind: Kind) -> Box<TransportError> {
    let server = RawServer::start(vec![action; 3]);
    let (result, _) = timed(|| server.client().retrieve_checkout_session("cs_1"));
    let e = transport(result, kind);
    assert_eq!(e.attempts(), 3);
    assert_eq!(server.hits(), 3);
    e
}

/// A create whose every attempt would fail with `action` is sent once: it may have reached
/// the application, and without an idempotency key a second one could create a second object.
fn create_sent_once(action: Action) -> Result<CheckoutSession, Error> {
    let server = RawServer::start(vec![action; 3]);
    let (result, _) = timed(|| {
        server
            .client()
            .create_checkout_session(&create_session_body())
    });
    assert_eq!(server.hits(), 1);
    assert_eq!(server.header_values("idempotency-key"), [None]);
    result
}

/// A response head announcing `length` bytes of body, followed by `sent`.
fn truncated(length: usize, sent: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n{sent}")
        .into_bytes()
}

#[test]
fn connection_refused_is_retried_even_for_a_create() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = lomi::Client::builder(common::KEY)
        .base_url(format!("http://127.0.0.1:{port}/v1"))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap();
    let (result, _) = timed(|| client.retrieve_checkout_session("cs_1"));
    let e = transport(result, Kind::Connect);
    assert_eq!(e.attempts(), 3);
    // Nothing reached the application, so even a POST is tried again.
    let (result, _) = timed(|| client.create_checkout_session(&create_session_body()));
    let err = result.unwrap_err();
    assert!(err.is_retryable());
    assert_eq!(transport(Err::<(), _>(err), Kind::Connect).attempts(), 3);
}

#[test]
fn reset_before_the_status_line() {
    let e = get_fails_every_attempt(Action::reset(), Kind::Io);
    assert!(std::error::Error::source(&Error::Transport(e)).is_some());
    let result = create_sent_once(Action::reset());
    assert_eq!(transport(result, Kind::Io).attempts(), 1);
}

#[test]
fn closed_before_the_status_line() {
    get_fails_every_attempt(Action::Close, Kind::Io);
}

#[test]
fn reset_mid_headers() {
    let head = b"HTTP/1.1 200 OK\r\ncontent-type: applic".to_vec();
    get_fails_every_attempt(Action::ReplyThenReset(head), Kind::Io);
}

#[test]
fn reset_mid_body() {
    let action = Action::ReplyThenReset(truncated(100, r#"{"checkout"#));
    get_fails_every_attempt(action, Kind::Io);
}

#[test]
fn content_length_longer_than_the_body() {
    get_fails_every_attempt(Action::Reply(truncated(100, r#"{"checkout"#)), Kind::Io);
}

#[test]
fn broken_chunked_encoding() {
    let bytes = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
    let server = RawServer::start(vec![Action::Reply(bytes.to_vec()); 3]);
    let (result, _) = timed(|| server.client().retrieve_checkout_session("cs_1"));
    // Invalid HTTP is not transient: one attempt.
    assert_eq!(transport(result, Kind::Protocol).attempts(), 1);
    assert_eq!(server.hits(), 1);
}

#[test]
fn headers_that_never_arrive() {
    get_fails_every_attempt(Action::stall(FOREVER), Kind::Timeout);
}

#[test]
fn a_body_that_stalls() {
    let action = Action::ReplyThenStall(truncated(100, r#"{"checkout"#), FOREVER);
    get_fails_every_attempt(action, Kind::Timeout);
}

#[test]
fn a_deadline_bounds_the_whole_call() {
    let server = RawServer::start(vec![Action::stall(FOREVER); 3]);
    let client = server
        .builder()
        .timeout(Duration::from_secs(5))
        .deadline(Duration::from_millis(700))
        .build()
        .unwrap();
    let (result, took) = timed(|| client.retrieve_checkout_session("cs_1"));
    let e = transport(result, Kind::Timeout);
    // Without the deadline, the first attempt alone would wait 5 s.
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert_eq!(e.attempts() as usize, server.hits());
    assert!(server.hits() <= 2, "{}", server.hits());
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
        let server = RawServer::start(vec![action; 3]);
        let client = server.builder().body_limit(1024).build().unwrap();
        let (result, _) = timed(|| client.retrieve_payment_link("link_1"));
        // Not transient: one attempt.
        assert_eq!(transport(result, Kind::BodyTooLarge).attempts(), 1);
        assert_eq!(server.hits(), 1);
    }
}

#[test]
fn an_error_body_over_the_limit_is_cut() {
    // Kept up to the error-body limit; the rest is never read, even when it never ends.
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
        let server = RawServer::start(vec![action.clone(), action]);
        let client = server
            .builder()
            .max_retries(1)
            .timeout(Duration::from_secs(5))
            .error_body_limit(1024)
            .build()
            .unwrap();
        let (result, took) = timed(|| client.retrieve_payment_link("link_1"));
        let e = api(result, 500);
        assert_eq!(e.body(), "e".repeat(1024));
        assert_eq!(e.attempts(), 2);
        assert_eq!(server.hits(), 2);
        // Neither attempt waited for its timeout.
        assert!(took < Duration::from_secs(4), "{took:?}");
    }
}

#[test]
fn invalid_utf8_in_a_success_body() {
    let mut body = br#"{"checkout_session_id":""#.to_vec();
    body.extend_from_slice(&[0xff, 0xfe, 0xfd]);
    body.extend_from_slice(br#""}"#);
    let server = RawServer::start(vec![Action::respond(200, &[], body)]);
    let (result, _) = timed(|| server.client().retrieve_checkout_session("cs_1"));
    let e = decode(result);
    assert_eq!(e.status(), 200);
    assert_eq!(e.path(), "checkout_session_id");
    assert!(e.snippet().contains('\u{FFFD}'), "{}", e.snippet());
    assert_eq!(server.hits(), 1);
}

#[test]
fn an_html_502() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let page = Action::respond(502, &[("content-type", "text/html")], html);
    let server = RawServer::start(vec![page.clone(); 3]);
    let (result, _) = timed(|| server.client().retrieve_checkout_session("cs_1"));
    let e = api(result, 502);
    assert_eq!(e.attempts(), 3);
    assert_eq!(e.body(), html);
    assert!(
        e.message().starts_with("HTTP 502 Bad Gateway: <html>"),
        "{}",
        e.message()
    );
    assert_eq!(server.hits(), 3);
    assert_eq!(api(create_sent_once(page), 502).attempts(), 1);
}

#[test]
fn an_empty_200() {
    let server = RawServer::start(vec![Action::respond(200, &[], "")]);
    let (result, _) = timed(|| server.client().retrieve_checkout_session("cs_1"));
    let e = decode(result);
    assert_eq!(e.status(), 200);
    assert_eq!(e.path(), ".");
    assert_eq!(e.snippet(), "");
    assert_eq!(server.hits(), 1);
    // Where no body is expected, an empty one is fine.
    let server = RawServer::start(vec![Action::respond(200, &[], "")]);
    let (result, _) = timed(|| server.client().delete_payment_link("link_1"));
    assert_eq!(result.unwrap(), ());
    assert_eq!(server.hits(), 1);
}

#[test]
fn a_204_with_a_body() {
    // `Content-Length` on a 204 is ignored: a 204 has no body, by definition.
    let server = RawServer::start(vec![Action::respond(204, &[], SESSION)]);
    let (result, _) = timed(|| server.client().delete_checkout_session("cs_1"));
    assert_eq!(result.unwrap(), ());
    assert_eq!(server.hits(), 1);
}

#[test]
fn a_204_with_a_body_does_not_poison_the_next_call() {
    // On a kept-alive connection the stray body must not be read as the next response.
    let server = RawServer::keep_alive(|n, _| match n {
        0 => Action::Reply(response(204, &[], SESSION.as_bytes(), true)),
        _ => Action::Reply(response(200, &[], SESSION.as_bytes(), true)),
    });
    let client = server.client();
    let (result, _) = timed(|| client.delete_checkout_session("cs_1"));
    assert_eq!(result.unwrap(), ());
    let (result, _) = timed(|| client.retrieve_checkout_session("cs_1"));
    assert_eq!(result.unwrap().checkout_session_id, "cs_1");
    assert_eq!(server.hits(), 2);
}

#[test]
fn an_error_body_that_stalls() {
    // The status arrived; the body is cut off by the attempt's timeout and kept as far as read.
    let head = b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 100\r\n\r\n<html>".to_vec();
    let server = RawServer::start(vec![Action::ReplyThenStall(head, FOREVER); 3]);
    let (result, _) = timed(|| server.client().retrieve_checkout_session("cs_1"));
    let e = api(result, 503);
    assert_eq!(e.attempts(), 3);
    assert_eq!(e.body(), "<html>");
    assert_eq!(server.hits(), 3);
}

#[test]
fn a_429_with_retry_after_is_waited_for() {
    let server = RawServer::start(vec![
        Action::respond(429, &[("retry-after", "1")], r#"{"statusCode":429}"#),
        Action::json(200, SESSION),
    ]);
    let (result, took) = timed(|| server.client().retrieve_checkout_session("cs_1"));
    assert_eq!(result.unwrap().checkout_session_id, "cs_1");
    assert_eq!(server.hits(), 2);
    assert!(took >= Duration::from_secs(1), "retried after {took:?}");
}

#[test]
fn a_retry_after_past_the_deadline_ends_the_call_at_once() {
    let server = RawServer::start(vec![
        Action::respond(429, &[("retry-after", "5")], ""),
        Action::json(200, SESSION),
    ]);
    let client = server
        .builder()
        .deadline(Duration::from_secs(4))
        .build()
        .unwrap();
    let (result, took) = timed(|| client.retrieve_checkout_session("cs_1"));
    let e = api(result, 429);
    assert_eq!(e.attempts(), 1);
    assert_eq!(e.retry_after(), Some(Duration::from_secs(5)));
    assert_eq!(server.hits(), 1);
    // The wait could not fit in the deadline, so the client did not sleep it.
    assert!(took < Duration::from_secs(4), "{took:?}");
}

#[test]
fn a_429_on_a_create_is_retried() {
    // The rate limiter answers before the handler runs: nothing was created.
    let server = RawServer::start(vec![
        Action::respond(429, &[("retry-after", "0")], ""),
        Action::json(201, SESSION),
    ]);
    let (result, _) = timed(|| {
        server
            .client()
            .create_checkout_session(&create_session_body())
    });
    assert_eq!(result.unwrap().checkout_session_id, "cs_1");
    assert_eq!(server.hits(), 2);
}

#[test]
fn a_retry_after_beyond_the_cap_ends_the_call() {
    let server = RawServer::start(vec![Action::respond(503, &[("retry-after", "21")], ""); 3]);
    let (result, _) = timed(|| server.client().retrieve_checkout_session("cs_1"));
    let e = api(result, 503);
    assert_eq!(e.attempts(), 1);
    assert_eq!(e.retry_after(), Some(Duration::from_secs(21)));
    assert_eq!(server.hits(), 1);
}

#[test]
fn a_503_twice_then_200_on_a_get() {
    let unavailable = Action::json(503, r#"{"statusCode":503,"message":"down"}"#);
    let server = RawServer::start(vec![
        unavailable.clone(),
        unavailable,
        Action::json(200, SESSION),
    ]);
    let (result, _) = timed(|| server.client().retrieve_checkout_session("cs_1"));
    let session = result.unwrap();
    assert_eq!(session.checkout_session_id, "cs_1");
    assert_eq!(server.hits(), 3);
}

#[test]
fn a_500_on_a_create_is_not_repeated() {
    let result = create_sent_once(Action::json(500, "{}"));
    assert_eq!(api(result, 500).attempts(), 1);
}

#[test]
fn a_timeout_on_a_create_is_not_repeated() {
    let result = create_sent_once(Action::stall(FOREVER));
    assert_eq!(transport(result, Kind::Timeout).attempts(), 1);
}

#[test]
fn a_create_with_an_idempotency_key_is_retried_with_the_same_key() {
    for failure in [Action::json(500, "{}"), Action::stall(FOREVER)] {
        let server = RawServer::start(vec![failure.clone(), failure, Action::json(201, SESSION)]);
        let client = server.client().with_idempotency_key("k").unwrap();
        let (result, _) = timed(|| client.create_checkout_session(&create_session_body()));
        assert_eq!(result.unwrap().checkout_session_id, "cs_1");
        assert_eq!(server.hits(), 3);
        assert_eq!(
            server.header_values("idempotency-key"),
            vec![Some("k".to_owned()); 3]
        );
        let bodies: Vec<_> = server.requests().iter().map(|r| body(r).to_vec()).collect();
        assert_eq!(
            bodies,
            vec![common::CREATE_SESSION_JSON.as_bytes().to_vec(); 3]
        );
    }
}

/// A redirect is an error, and the target hears nothing: not the key, not a connection.
fn redirect_is_not_followed(status: u16, location: &str, target: &RawServer) {
    let server = RawServer::start(vec![
        Action::respond(status, &[("location", location)], "");
        3
    ]);
    let (result, _) = timed(|| server.client().retrieve_checkout_session("cs_1"));
    let err = result.unwrap_err();
    assert_eq!(err.status(), Some(status));
    let e = transport(Err::<(), _>(err), Kind::Redirect);
    assert_eq!(e.location(), Some(location));
    assert_eq!(e.attempts(), 1);
    assert_eq!(server.hits(), 1);
    assert_eq!(target.connections(), 0);
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
    let server = RawServer::start(vec![kept_alive(200), kept_alive(201), kept_alive(200)]);
    let client = server.client();
    let (result, _) = timed(|| client.retrieve_checkout_session("cs_1"));
    assert_eq!(result.unwrap().checkout_session_id, "cs_1");
    wait_closed(&server, 1);
    let (result, _) = timed(|| client.create_checkout_session(&create_session_body()));
    assert_eq!(result.unwrap().checkout_session_id, "cs_1");
    wait_closed(&server, 2);
    let (result, _) = timed(|| client.retrieve_checkout_session("cs_1"));
    assert_eq!(result.unwrap().checkout_session_id, "cs_1");
    // Each request went out once, each on a new connection.
    assert_eq!(server.hits(), 3);
    assert_eq!(server.connections(), 3);
    let (method, _) = common::raw_server::request_line(&server.requests()[1]);
    assert_eq!(method, "POST");
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
        let (result, _) = timed(|| client.retrieve_checkout_session("cs_1"));
        result.unwrap();
    }
    // Looked up once, then answered from the cache and the pooled connection.
    assert_eq!(lookups(), 1);
    assert_eq!(server.connections(), 1);

    // The server goes away: its port refuses connections.
    drop(server);
    let (result, _) = timed(|| client.retrieve_checkout_session("cs_1"));
    assert_eq!(transport(result, Kind::Connect).attempts(), 3);
    // The first attempt used the cached address and failed to connect, which dropped it:
    // each later attempt looked the host up again.
    assert_eq!(lookups(), 3);
}
