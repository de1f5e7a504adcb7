//! Per-call options from the user's side: one shared client, handles with their own timeout,
//! deadline, extra headers and idempotency key, on both clients.

use std::time::Duration;

use httpmock::Method::GET;
use httpmock::MockServer;
use lomi::{Error, TransportErrorKind};

const KEY: &str = "lomi_sk_test_0123456789abcdef";

fn builder(server: &MockServer) -> lomi::ClientBuilder {
    lomi::Client::builder(KEY)
        .base_url(server.url("/v1"))
        .max_retries(0)
        .timeout(Duration::from_secs(10))
}

fn slow_server() -> MockServer {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/v1/payment_links/link_1");
        then.status(200)
            .delay(Duration::from_millis(400))
            .body(r#"{"link_id":"link_1"}"#);
    });
    server
}

fn is_timeout(result: Result<impl std::fmt::Debug, Error>) -> bool {
    matches!(result, Err(Error::Transport(e)) if e.kind() == TransportErrorKind::Timeout)
}

#[test]
fn a_handle_has_its_own_timeout_and_deadline_the_client_keeps_its_own() {
    let server = slow_server();
    let client = builder(&server).build().unwrap();
    let hasty = client.with_timeout(Duration::from_millis(100)).unwrap();
    assert!(is_timeout(hasty.retrieve_payment_link("link_1")));
    let hurried = client.with_deadline(Duration::from_millis(100)).unwrap();
    assert!(is_timeout(hurried.retrieve_payment_link("link_1")));
    // The shared client and its other handles are unchanged.
    assert_eq!(
        client.retrieve_payment_link("link_1").unwrap().link_id,
        "link_1"
    );
    assert!(client.with_timeout(Duration::ZERO).is_err());
}

#[test]
fn extra_headers_go_on_the_wire_and_reserved_ones_are_refused() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/v1/payment_links/link_1")
            .header("x-correlation-id", "order-42")
            .header("x-api-key", KEY);
        then.status(200).body(r#"{"link_id":"link_1"}"#);
    });
    let client = builder(&server).build().unwrap();
    let traced = client.with_header("X-Correlation-Id", "order-42").unwrap();
    traced.retrieve_payment_link("link_1").unwrap();
    mock.assert();
    for reserved in ["X-API-KEY", "idempotency-key", "Content-Type", "Host"] {
        assert!(matches!(
            client.with_header(reserved, "x"),
            Err(Error::InvalidRequest(_))
        ));
    }
    // Headers about the connection would change its framing or make the client wait for a
    // `100 Continue` that never comes.
    for connection in [
        "Connection",
        "keep-alive",
        "Proxy-Connection",
        "TE",
        "Trailer",
        "Upgrade",
        "Expect",
        "Content-Length",
        "Transfer-Encoding",
    ] {
        let e = client.with_header(connection, "close").unwrap_err();
        assert!(matches!(e, Error::InvalidRequest(_)), "{connection}: {e:?}");
        assert!(
            e.to_string()
                .to_lowercase()
                .contains(&connection.to_lowercase()),
            "{e}"
        );
    }
    assert!(
        client
            .with_header("X-Evil", "a\r\nX-Api-Key: stolen")
            .is_err()
    );
}

#[cfg(feature = "async")]
#[test]
fn the_async_client_honours_the_same_options() {
    let server = slow_server();
    let traced = MockServer::start();
    let mock = traced.mock(|when, then| {
        when.method(GET)
            .path("/v1/payment_links/link_1")
            .header("x-correlation-id", "order-42");
        then.status(200).body(r#"{"link_id":"link_1"}"#);
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = builder(&server).build_async().unwrap();
        let hasty = client.with_timeout(Duration::from_millis(100)).unwrap();
        assert!(is_timeout(hasty.retrieve_payment_link("link_1").await));
        let hurried = client.with_deadline(Duration::from_millis(100)).unwrap();
        assert!(is_timeout(hurried.retrieve_payment_link("link_1").await));
        assert!(client.retrieve_payment_link("link_1").await.is_ok());
        let client = builder(&traced).build_async().unwrap();
        let with_header = client.with_header("X-Correlation-Id", "order-42").unwrap();
        with_header.retrieve_payment_link("link_1").await.unwrap();
    });
    mock.assert();
}
