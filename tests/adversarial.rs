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
