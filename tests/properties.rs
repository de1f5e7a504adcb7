//! Whatever a server answers (any status, any headers, any bytes), every operation ends in
//! `Ok` or a typed error: never a panic, never a hang, never the key in a message.

mod common;

use std::time::Duration;

use common::raw_server::{Action, RawServer};
use lomi::types::{ListCheckoutSessionsParams, ListPaymentLinksParams};
use lomi::{Client, Error, TransportErrorKind};
use proptest::collection::vec;
use proptest::prelude::*;

/// The ten operations, each called with a valid argument.
#[derive(Debug, Clone, Copy)]
enum Op {
    ListSessions,
    CreateSession,
    RetrieveSession,
    UpdateSession,
    DeleteSession,
    ListLinks,
    CreateLink,
    RetrieveLink,
    UpdateLink,
    DeleteLink,
}

impl Op {
    fn call(self, c: &Client) -> Result<(), Error> {
        match self {
            Self::ListSessions => c
                .list_checkout_sessions(&ListCheckoutSessionsParams::new())
                .map(drop),
            Self::CreateSession => c
                .create_checkout_session(&common::create_session_body())
                .map(drop),
            Self::RetrieveSession => c.retrieve_checkout_session("cs_1").map(drop),
            Self::UpdateSession => c
                .update_checkout_session("cs_1", &common::update_session_body())
                .map(drop),
            Self::DeleteSession => c.delete_checkout_session("cs_1"),
            Self::ListLinks => c
                .list_payment_links(&ListPaymentLinksParams::new())
                .map(drop),
            Self::CreateLink => c.create_payment_link(&common::create_link_body()).map(drop),
            Self::RetrieveLink => c.retrieve_payment_link("link_1").map(drop),
            Self::UpdateLink => c
                .update_payment_link("link_1", &common::update_link_body())
                .map(drop),
            Self::DeleteLink => c.delete_payment_link("link_1"),
        }
    }
}

/// A response as sent: a status line with `status`, then whatever the rest is.
#[derive(Debug, Clone)]
struct Raw {
    /// `None` when the whole response is arbitrary bytes.
    status: Option<u16>,
    bytes: Vec<u8>,
}

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("content-type".to_owned()),
        Just("content-length".to_owned()),
        Just("transfer-encoding".to_owned()),
        Just("retry-after".to_owned()),
        Just("location".to_owned()),
        Just("x-request-id".to_owned()),
        Just("connection".to_owned()),
        "[A-Za-z-]{1,16}",
    ]
}

fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        "[ -~]{0,40}".prop_map(String::into_bytes),
        "[0-9]{1,22}".prop_map(String::into_bytes),
        Just(b"chunked".to_vec()),
        Just(b"application/json".to_vec()),
        Just(b"Wed, 21 Oct 2015 07:28:00 GMT".to_vec()),
        vec(any::<u8>(), 0..24),
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        vec(any::<u8>(), 0..512),
        Just(b"{}".to_vec()),
        Just(common::fixture("checkout_session.json").into_bytes()),
        Just(common::fixture("payment_link_list.json").into_bytes()),
        Just(br#"{"error":{"code":"E","message":"m","details":{}}}"#.to_vec()),
        Just(br#"{"statusCode":429,"message":["a","b"],"error":"Too Many"}"#.to_vec()),
        "[ -~]{0,200}".prop_map(String::into_bytes),
    ]
}

fn response() -> impl Strategy<Value = Raw> {
    let framed = (
        100u16..1000,
        vec((header_name(), header_value()), 0..6),
        any::<bool>(),
        body(),
    )
        .prop_map(|(status, headers, with_length, body)| {
            let mut bytes = format!("HTTP/1.1 {status} Whatever\r\n").into_bytes();
            for (name, value) in headers {
                bytes.extend_from_slice(name.as_bytes());
                bytes.extend_from_slice(b": ");
                bytes.extend_from_slice(&value);
                bytes.extend_from_slice(b"\r\n");
            }
            if with_length {
                bytes.extend_from_slice(format!("content-length: {}\r\n", body.len()).as_bytes());
            }
            bytes.extend_from_slice(b"connection: close\r\n\r\n");
            bytes.extend_from_slice(&body);
            Raw {
                status: Some(status),
                bytes,
            }
        });
    let anything = vec(any::<u8>(), 0..512).prop_map(|bytes| Raw {
        status: None,
        bytes,
    });
    prop_oneof![9 => framed, 1 => anything]
}

/// Sends `op` to a server answering `raw`, and checks the outcome is consistent with it.
fn check(op: Op, raw: &Raw) -> Result<(), TestCaseError> {
    let server = RawServer::start(vec![Action::Reply(raw.bytes.clone())]);
    let client = server
        .builder()
        .max_retries(0)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let result = op.call(&client);
    prop_assert_eq!(server.hits(), 1);
    let Err(err) = result else {
        if let Some(status) = raw.status {
            prop_assert!(
                (200..300).contains(&status),
                "Ok from a {} response",
                status
            );
        }
        return Ok(());
    };
    let text = format!("{err} {err:?}");
    prop_assert!(!text.contains(common::KEY), "key leaked: {}", text);
    let Some(status) = raw.status.filter(|s| *s >= 200) else {
        // Arbitrary bytes, or a 1xx followed by whatever the body was.
        prop_assert!(
            matches!(err, Error::Api(_) | Error::Transport(_) | Error::Decode(_)),
            "{:?}",
            err
        );
        return Ok(());
    };
    match &err {
        Error::Api(e) => {
            prop_assert!(status >= 400, "{:?}", e);
            prop_assert_eq!(e.status(), status);
        }
        Error::Decode(e) => {
            prop_assert!((200..300).contains(&status), "{:?}", e);
            prop_assert_eq!(e.status(), status);
        }
        Error::Transport(e) if e.kind() == TransportErrorKind::Redirect => {
            prop_assert!((300..400).contains(&status), "{:?}", e);
            prop_assert_eq!(err.status(), Some(status));
        }
        Error::Transport(_) => {}
        other => prop_assert!(false, "an untyped outcome: {:?}", other),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn list_checkout_sessions(raw in response()) { check(Op::ListSessions, &raw)?; }

    #[test]
    fn create_checkout_session(raw in response()) { check(Op::CreateSession, &raw)?; }

    #[test]
    fn retrieve_checkout_session(raw in response()) { check(Op::RetrieveSession, &raw)?; }

    #[test]
    fn update_checkout_session(raw in response()) { check(Op::UpdateSession, &raw)?; }

    #[test]
    fn delete_checkout_session(raw in response()) { check(Op::DeleteSession, &raw)?; }

    #[test]
    fn list_payment_links(raw in response()) { check(Op::ListLinks, &raw)?; }

    #[test]
    fn create_payment_link(raw in response()) { check(Op::CreateLink, &raw)?; }

    #[test]
    fn retrieve_payment_link(raw in response()) { check(Op::RetrieveLink, &raw)?; }

    #[test]
    fn update_payment_link(raw in response()) { check(Op::UpdateLink, &raw)?; }

    #[test]
    fn delete_payment_link(raw in response()) { check(Op::DeleteLink, &raw)?; }
}
