//! Whatever a server answers (any status, any headers, any bytes), every operation of the table
//! ends, on both clients, in the outcome the answer calls for: for a well-framed answer, the
//! exact `Ok` value or the error variant its status and body determine (with that status, body
//! and request id); for a malformed one, an error of a kind that says so. Never a panic, never
//! a hang (each case is bounded), never the key in an error.

mod common;

use std::time::Duration;

use common::raw_server::{Action, RawServer};
use common::*;
use lomi::{Error, TransportErrorKind};
use proptest::collection::vec;
use proptest::prelude::*;

/// How a well-framed answer delimits its body.
#[derive(Debug, Clone, Copy)]
enum Framing {
    Length,
    Chunked,
    /// No length: the body ends when the server closes the connection.
    Close,
}

/// An answer as sent.
#[derive(Debug, Clone)]
enum Raw {
    /// A final status (200 to 999), headers that do not touch framing (printable values), and
    /// a body framed one of the three ways.
    Framed {
        status: u16,
        headers: Vec<(String, String)>,
        framing: Framing,
        body: Vec<u8>,
    },
    /// Anything else: any status, headers with any bytes (framing ones included) and a body
    /// that need not match them; or bytes that are not HTTP at all (`status: None`).
    Malformed { status: Option<u16>, bytes: Vec<u8> },
}

impl Raw {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Raw::Malformed { bytes, .. } => bytes.clone(),
            Raw::Framed {
                status,
                headers,
                framing,
                body,
            } => {
                let mut out = format!("HTTP/1.1 {status} Whatever\r\n").into_bytes();
                for (name, value) in headers {
                    out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
                }
                match framing {
                    Framing::Length => out.extend_from_slice(
                        format!("content-length: {}\r\n", body.len()).as_bytes(),
                    ),
                    Framing::Chunked => out.extend_from_slice(b"transfer-encoding: chunked\r\n"),
                    Framing::Close => {}
                }
                out.extend_from_slice(b"connection: close\r\n\r\n");
                match framing {
                    Framing::Chunked => {
                        if !body.is_empty() {
                            out.extend_from_slice(format!("{:x}\r\n", body.len()).as_bytes());
                            out.extend_from_slice(body);
                            out.extend_from_slice(b"\r\n");
                        }
                        out.extend_from_slice(b"0\r\n\r\n");
                    }
                    Framing::Length | Framing::Close => out.extend_from_slice(body),
                }
                out
            }
        }
    }
}

/// Header names that change how a message is framed or what the connection does.
const FRAMING: [&str; 6] = [
    "content-length",
    "transfer-encoding",
    "connection",
    "upgrade",
    "trailer",
    "keep-alive",
];

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("content-type".to_owned()),
        Just("retry-after".to_owned()),
        Just("location".to_owned()),
        Just("x-request-id".to_owned()),
        "[A-Za-z-]{1,16}".prop_filter("not a framing header", |name| {
            !FRAMING.iter().any(|f| f.eq_ignore_ascii_case(name))
        }),
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[!-~]([ -~]{0,38}[!-~])?",
        "[0-9]{1,22}",
        Just("application/json".to_owned()),
        Just("Wed, 21 Oct 2015 07:28:00 GMT".to_owned()),
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        vec(any::<u8>(), 0..512),
        Just(b"{}".to_vec()),
        Just(fixture("checkout_session.json").into_bytes()),
        Just(fixture("checkout_session_list.json").into_bytes()),
        Just(fixture("payment_link.json").into_bytes()),
        Just(fixture("payment_link_list.json").into_bytes()),
        Just(br#"{"error":{"code":"E","message":"m","details":{}}}"#.to_vec()),
        Just(br#"{"statusCode":429,"message":["a","b"],"error":"Too Many"}"#.to_vec()),
        "[ -~]{0,200}".prop_map(String::into_bytes),
    ]
}

fn framing() -> impl Strategy<Value = Framing> {
    prop_oneof![
        Just(Framing::Length),
        Just(Framing::Chunked),
        Just(Framing::Close)
    ]
}

fn framed() -> impl Strategy<Value = Raw> {
    (
        prop_oneof![
            200u16..300,
            300u16..400,
            400u16..600,
            600u16..1000,
            Just(204u16)
        ],
        vec((header_name(), header_value()), 0..5),
        framing(),
        body(),
    )
        .prop_map(|(status, headers, framing, body)| Raw::Framed {
            status,
            headers,
            framing,
            body,
        })
}

fn malformed() -> impl Strategy<Value = Raw> {
    let any_header = (
        prop_oneof![
            header_name(),
            Just("content-length".to_owned()),
            Just("transfer-encoding".to_owned()),
            Just("connection".to_owned()),
        ],
        prop_oneof![
            header_value().prop_map(String::into_bytes),
            Just(b"chunked".to_vec()),
            vec(any::<u8>(), 0..24),
        ],
    );
    let head = (100u16..1000, vec(any_header, 0..6), any::<bool>(), body()).prop_map(
        |(status, headers, with_length, body)| {
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
            Raw::Malformed {
                status: Some(status),
                bytes,
            }
        },
    );
    let anything = vec(any::<u8>(), 0..512).prop_map(|bytes| Raw::Malformed {
        status: None,
        bytes,
    });
    prop_oneof![4 => head, 1 => anything]
}

fn response() -> impl Strategy<Value = Raw> {
    prop_oneof![framed(), malformed()]
}

/// The first value of header `name` among `headers`.
fn first<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Checks the outcome of `op` on every client against a server answering `raw`.
fn check(op: &Operation, raw: &Raw) -> Result<(), TestCaseError> {
    for &kind in Kind::ALL {
        let server = RawServer::start(vec![Action::Reply(raw.bytes())]);
        let client = kind.client(
            server
                .builder()
                .max_retries(0)
                .timeout(Duration::from_secs(5)),
        );
        let (result, _) = timed(|| op.call(&client));
        prop_assert_eq!(server.hits(), 1);
        if let Err(err) = &result {
            assert_hidden(err, KEY);
        }
        match raw {
            Raw::Framed {
                status,
                headers,
                body,
                ..
            } => check_framed(op, kind, *status, headers, body, result)?,
            Raw::Malformed { status, .. } => check_malformed(kind, *status, result)?,
        }
    }
    Ok(())
}

/// A well-framed answer: the outcome is determined.
fn check_framed(
    op: &Operation,
    kind: Kind,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    result: Result<Answer, Error>,
) -> Result<(), TestCaseError> {
    let request_id = first(headers, "x-request-id").or_else(|| first(headers, "request-id"));
    match status {
        200..300 => {
            // A 204 has no body, whatever follows its head.
            let body = if status == 204 { &[][..] } else { body };
            match op.shape.decode(body) {
                Ok(expected) => prop_assert_eq!(result.ok(), Some(expected), "{:?}", kind),
                Err(_) => {
                    let e = expect_decode(result);
                    prop_assert_eq!(e.status(), status);
                    prop_assert_eq!(e.request_id(), request_id);
                }
            }
        }
        300..400 => {
            let e = expect_transport(result, TransportErrorKind::Redirect);
            prop_assert_eq!(e.status(), Some(status));
            prop_assert_eq!(e.location(), first(headers, "location"));
            prop_assert_eq!(e.request_id(), request_id);
            prop_assert_eq!(e.attempts(), 1);
        }
        _ => {
            let e = expect_api(result, status);
            prop_assert_eq!(e.body(), String::from_utf8_lossy(body));
            prop_assert_eq!(e.request_id(), request_id);
            prop_assert_eq!(e.attempts(), 1);
        }
    }
    Ok(())
}

/// A malformed answer: an error that says the answer was broken, or, when the HTTP client made
/// sense of it after all, the outcome for the status it read.
fn check_malformed(
    kind: Kind,
    status: Option<u16>,
    result: Result<Answer, Error>,
) -> Result<(), TestCaseError> {
    use TransportErrorKind as T;
    let err = match result {
        Ok(_) => {
            let status = status.unwrap_or_default();
            prop_assert!(
                (200..300).contains(&status),
                "{:?}: Ok from {}",
                kind,
                status
            );
            return Ok(());
        }
        Err(err) => err,
    };
    let read = match &err {
        Error::Transport(e) if matches!(e.kind(), T::Protocol | T::Io) => return Ok(()),
        Error::Transport(e) if e.kind() == T::BodyTooLarge => e.status(),
        Error::Transport(e) if e.kind() == T::Redirect => e.status(),
        Error::Api(e) => Some(e.status()),
        Error::Decode(e) => Some(e.status()),
        other => {
            prop_assert!(false, "{:?}: {:?}", kind, other);
            None
        }
    };
    let read = read.unwrap_or_default();
    prop_assert_eq!(Some(read), status, "{:?}: {:?}", kind, err);
    let expected_range = match &err {
        Error::Api(_) => !(200..400).contains(&read),
        Error::Transport(e) if e.kind() == T::Redirect => (300..400).contains(&read),
        _ => (200..300).contains(&read),
    };
    prop_assert!(expected_range, "{:?}: {:?}", kind, err);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn list_checkout_sessions(raw in response()) {
        check(operation("list_checkout_sessions"), &raw)?;
    }

    #[test]
    fn create_checkout_session(raw in response()) {
        check(operation("create_checkout_session"), &raw)?;
    }

    #[test]
    fn retrieve_checkout_session(raw in response()) {
        check(operation("retrieve_checkout_session"), &raw)?;
    }

    #[test]
    fn update_checkout_session(raw in response()) {
        check(operation("update_checkout_session"), &raw)?;
    }

    #[test]
    fn delete_checkout_session(raw in response()) {
        check(operation("delete_checkout_session"), &raw)?;
    }

    #[test]
    fn list_payment_links(raw in response()) {
        check(operation("list_payment_links"), &raw)?;
    }

    #[test]
    fn create_payment_link(raw in response()) {
        check(operation("create_payment_link"), &raw)?;
    }

    #[test]
    fn retrieve_payment_link(raw in response()) {
        check(operation("retrieve_payment_link"), &raw)?;
    }

    #[test]
    fn update_payment_link(raw in response()) {
        check(operation("update_payment_link"), &raw)?;
    }

    #[test]
    fn delete_payment_link(raw in response()) {
        check(operation("delete_payment_link"), &raw)?;
    }
}
