//! The promises a payment flow rests on, tried against servers that break them on purpose: a
//! create is never sent twice where the server may have acted on it (even with an idempotency
//! key the server ignores), a status the client cannot read never claims nothing happened, and
//! a delete succeeds only on what the spec documents as success. Both clients, every case.

mod common;

use std::time::Duration;

use common::raw_server::{Action, RawServer};
use common::*;
use lomi::Error;

const SESSION: &str = r#"{"checkout_session_id":"cs_1","status":"open"}"#;

fn create() -> &'static Operation {
    operation("create_checkout_session")
}

/// Failures after which the create may have reached the server.
fn may_have_arrived() -> Vec<Action> {
    vec![
        Action::json(503, r#"{"statusCode":503,"message":"Service Unavailable"}"#),
        Action::json(500, "{}"),
        Action::stall(Duration::from_secs(60)),
    ]
}

// ---------------------------------------------------------------------------------------------
// 1. An idempotency key the server ignores (lomi.'s server reads none).

#[test]
fn a_keyed_create_is_sent_once_to_a_server_not_known_to_honour_the_key() {
    for failure in may_have_arrived() {
        for_each_kind(|kind| {
            // The server ignores the key: a second request would make a second session.
            let server = RawServer::start(vec![
                failure.clone(),
                Action::json(201, SESSION),
                Action::json(201, SESSION),
            ]);
            let client = kind.client(server.builder().timeout(Duration::from_millis(300)));
            let keyed = client.with_idempotency_key("order-42").unwrap();
            let (result, _) = timed(|| create().call(&keyed));
            let err = result.unwrap_err();
            assert_eq!(server.hits(), 1, "{failure:?}");
            // The key still went out, for a server that does honour it.
            assert_eq!(
                server.header_values("idempotency-key"),
                [Some("order-42".to_owned())]
            );
            assert!(err.may_have_been_processed(), "{err:?}");
            assert!(!err.is_retryable(), "{failure:?}: {err:?}");
        });
    }
}

#[test]
fn a_keyed_create_is_repeated_only_when_the_caller_says_the_server_honours_the_key() {
    for failure in may_have_arrived() {
        // A server that fails once, then creates; and a client that trusts idempotency keys.
        let trusting = |kind: Kind| {
            let server = RawServer::start(vec![failure.clone(), Action::json(201, SESSION)]);
            let client = kind.client(
                server
                    .builder()
                    .timeout(Duration::from_millis(300))
                    .trust_idempotency_keys(true),
            );
            (server, client)
        };
        for_each_kind(|kind| {
            let (server, client) = trusting(kind);
            let keyed = client.with_idempotency_key("order-42").unwrap();
            let (result, _) = timed(|| create().call(&keyed));
            result.unwrap();
            assert_eq!(server.hits(), 2, "{failure:?}");
            assert_eq!(
                server.header_values("idempotency-key"),
                vec![Some("order-42".to_owned()); 2]
            );

            // Without a key the same setting changes nothing: a create is sent once.
            let (server, client) = trusting(kind);
            let (result, _) = timed(|| create().call(&client));
            let err = result.unwrap_err();
            assert_eq!(server.hits(), 1);
            assert!(!err.is_retryable());
        });
    }
}

#[test]
fn a_keyed_create_that_never_left_is_still_retried() {
    // A 429 is the rate limiter's answer before the application: safe with or without a key.
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            Action::json(429, r#"{"statusCode":429,"message":"ThrottlerException"}"#),
            Action::json(201, SESSION),
        ]);
        let keyed = kind
            .client(server.builder())
            .with_idempotency_key("order-42")
            .unwrap();
        let (result, _) = timed(|| create().call(&keyed));
        result.unwrap();
        assert_eq!(server.hits(), 2);
    });
}

// ---------------------------------------------------------------------------------------------
// 2. Statuses outside 2xx, 4xx and 5xx.

/// A `1xx` the client does not expect, then the real answer.
fn informational_then_created(informational: &str) -> Action {
    let mut bytes = informational.as_bytes().to_vec();
    bytes.extend(common::raw_server::response(
        201,
        &[("content-type", "application/json")],
        SESSION.as_bytes(),
        false,
    ));
    Action::Reply(bytes)
}

#[test]
fn a_switching_protocols_before_the_answer_never_claims_nothing_was_processed() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            informational_then_created(
                "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n",
            ),
            Action::json(201, SESSION),
        ]);
        let client = kind.client(server.builder());
        let (result, _) = timed(|| create().call(&client));
        match result {
            // A client that reads past the 101 to the 201 has the session.
            Ok(_) => {}
            Err(err) => {
                assert!(err.may_have_been_processed(), "{err:?}");
                assert!(!err.is_retryable(), "{err:?}");
                assert_eq!(server.hits(), 1, "{err:?}");
            }
        }
    });
}

#[test]
fn a_continue_with_header_fields_then_the_answer_is_the_answer() {
    // RFC 9110 §15.2: a 1xx may carry fields; the final answer follows.
    for head in [
        "HTTP/1.1 100 Continue\r\nx-note: early\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\n",
        "HTTP/1.1 102 Processing\r\n\r\n",
        "HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\n",
    ] {
        for_each_kind(|kind| {
            let server = RawServer::start(vec![informational_then_created(head)]);
            let client = kind.client(server.builder());
            let (result, _) = timed(|| create().call(&client));
            match result {
                Ok(answer) => assert_eq!(
                    answer,
                    Answer::Session(Box::new(serde_json::from_str(SESSION).unwrap())),
                    "{head:?}"
                ),
                Err(err) => panic!("{head:?}: {err:?}"),
            }
            assert_eq!(server.hits(), 1);
        });
    }
}

#[test]
fn no_status_outside_4xx_claims_nothing_was_processed() {
    for status in [102, 150, 199, 600, 799, 999] {
        for_each_kind(|kind| {
            let server = RawServer::start(vec![Action::json(status, SESSION); 3]);
            let client = kind.client(server.builder());
            let (result, _) = timed(|| create().call(&client));
            let err = result.unwrap_err();
            assert!(err.may_have_been_processed(), "{status}: {err:?}");
            assert!(!err.is_retryable(), "{status}: {err:?}");
            assert_eq!(server.hits(), 1, "{status}");
        });
    }
}

// ---------------------------------------------------------------------------------------------
// 3. A delete that did not delete.

fn delete() -> &'static Operation {
    operation("delete_payment_link")
}

#[test]
fn a_delete_answered_with_a_body_is_not_a_success() {
    for (content_type, body) in [
        (
            "text/html",
            "<html><body><h1>Access denied by policy</h1></body></html>",
        ),
        (
            "application/json",
            r#"{"error":{"code":"NOT_DELETED","message":"link has payments"}}"#,
        ),
        ("application/json", r#"{"success":false}"#),
        ("application/json", r#"{"success":true}"#),
        ("application/json", "null"),
    ] {
        for_each_kind(|kind| {
            let server = RawServer::start(vec![Action::respond(
                200,
                &[("content-type", content_type), ("x-request-id", "req_del")],
                body,
            )]);
            let client = kind.client(server.builder());
            let (result, _) = timed(|| delete().call(&client));
            let err = expect_decode(result);
            assert_eq!(err.status(), 200);
            assert_eq!(err.request_id(), Some("req_del"));
            assert_eq!(err.body(), body);
            let err = Error::Decode(err);
            // The server may have acted: never "nothing happened", never repeated.
            assert!(err.may_have_been_processed());
            assert!(!err.is_retryable());
            assert_eq!(server.hits(), 1);
        });
    }
}

#[test]
fn a_delete_succeeds_on_a_204_or_an_empty_2xx() {
    for (status, body) in [(204, ""), (200, ""), (202, ""), (200, " \r\n")] {
        for_each_kind(|kind| {
            let server = RawServer::start(vec![Action::respond(status, &[], body)]);
            let client = kind.client(server.builder());
            let (result, _) = timed(|| delete().call(&client));
            assert_eq!(result.unwrap(), Answer::Deleted, "{status} {body:?}");
        });
    }
}
