//! An adversary's second pass over the promises of README.md and RELIABILITY.md, on both
//! clients, through the public API only, against servers and proxies on 127.0.0.1: each test
//! is a way those promises broke, kept so that they stay kept.

mod common;

use std::time::Duration;

use common::raw_server::{Action, RawServer};
use common::{KEY, call, create_session_body, for_each_kind, timed};
use lomi::{Error, TransportErrorKind};

/// A proxy that refuses the tunnel (407, 502), answers nonsense or hangs up: nothing reached
/// lomi., so both clients say `Connect`, the create is retried like any call that never left,
/// and `may_have_been_processed()` is false.
#[test]
fn a_proxy_that_refuses_the_tunnel_is_a_connect_failure_on_both_clients() {
    let replies: [&[u8]; 4] = [
        b"HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n",
        b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n",
        b"garbage\r\n\r\n",
        b"",
    ];
    for reply in replies {
        for_each_kind(|kind| {
            let proxy = RawServer::start(vec![Action::Reply(reply.to_vec()); 2]);
            let client = kind.client(
                lomi::Client::builder(KEY)
                    .base_url("https://api.example.test/v1")
                    .proxy(format!("http://127.0.0.1:{}", proxy.port()))
                    .max_retries(1)
                    .retry_backoff(Duration::from_millis(1), Duration::from_millis(5)),
            );
            let (result, _) =
                timed(|| call!(&client, c => c.create_checkout_session(&create_session_body())));
            let shown = String::from_utf8_lossy(reply);
            let error = result.unwrap_err();
            match &error {
                Error::Transport(e) => {
                    assert_eq!(e.kind(), TransportErrorKind::Connect, "{shown:?}: {e}")
                }
                other => panic!("{shown:?}: {other:?}"),
            }
            assert!(!error.may_have_been_processed(), "{shown:?}: {error}");
            assert!(error.is_retryable(), "{shown:?}: {error}");
            assert_eq!(proxy.hits(), 2, "{shown:?}: retried once, as never sent");
            assert!(!format!("{error} {error:?}").contains(KEY));
        });
    }
}

/// A response head larger than the client reads (here 1 MiB of one header) is invalid HTTP on
/// both clients: `Protocol`, never retried, since the same server sends the same head again.
#[test]
fn an_oversized_response_head_is_a_protocol_error_never_retried() {
    let head = format!(
        "HTTP/1.1 200 OK\r\nx-big: {}\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{{}}",
        "a".repeat(1 << 20)
    );
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::Reply(head.clone().into_bytes()); 3]);
        let client = kind.client(server.builder());
        let (result, _) = timed(|| call!(&client, c => c.retrieve_checkout_session("cs_1")));
        let error = result.unwrap_err();
        match &error {
            Error::Transport(e) => assert_eq!(e.kind(), TransportErrorKind::Protocol, "{e}"),
            other => panic!("{other:?}"),
        }
        assert!(!error.is_retryable(), "{error}");
        assert_eq!(server.hits(), 1, "{error}");
    });
}

/// `with_header("User-Agent", …)` replaces the client's own user agent, as a second value
/// replaces a first: one `User-Agent` on the wire, the same on both clients (the blocking one
/// sent both).
#[test]
fn a_per_call_user_agent_replaces_the_clients_own() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(
            200,
            &common::fixture("checkout_session.json"),
        )]);
        let client = match kind.client(server.builder()) {
            common::AnyClient::Blocking(c) => {
                common::AnyClient::Blocking(c.with_header("User-Agent", "shop-batch/3").unwrap())
            }
            #[cfg(feature = "async")]
            common::AnyClient::Async(c, runtime) => common::AnyClient::Async(
                c.with_header("User-Agent", "shop-batch/3").unwrap(),
                runtime,
            ),
        };
        let (result, _) =
            timed(|| call!(&client, c => c.retrieve_checkout_session(common::SESSION_ID)));
        result.unwrap();
        let sent = server.sent();
        assert_eq!(
            sent[0].header("user-agent"),
            Some("shop-batch/3"),
            "{:?}",
            sent[0]
        );
    });
}

/// A deadline that runs out before the first attempt: nothing was sent, so even a create was
/// not processed and may be sent again (`attempts() == 0`).
#[test]
fn a_deadline_spent_before_sending_says_nothing_was_processed() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(201, "{}")]);
        let client = kind.client(server.builder().deadline(Duration::from_nanos(1)));
        let (result, _) =
            timed(|| call!(&client, c => c.create_checkout_session(&create_session_body())));
        let error = result.unwrap_err();
        match &error {
            Error::Transport(e) => {
                assert_eq!(e.kind(), TransportErrorKind::Timeout, "{e}");
                assert_eq!(e.attempts(), 0, "{e}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(server.hits(), 0);
        assert!(!error.may_have_been_processed(), "{error}");
        assert!(error.is_retryable(), "{error}");
    });
}
