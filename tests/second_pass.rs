//! The second adversarial pass's findings that are not about a payment's outcome (those are in
//! `payment_safety.rs`): settings both clients must refuse alike at `build()`, and errors that
//! are errors on their own. Each case failed before its fix.

mod common;

use std::time::Duration;

use common::*;

const PROXY_PASSWORD: &str = "s3cr3t-proxy-pass";

/// Both clients refuse `builder` at `build()`, saying `about`, never quoting the proxy's
/// password.
fn both_refuse(builder: impl Fn() -> lomi::ClientBuilder, about: &str) {
    for_each_kind(|kind| {
        let err = kind.build(builder()).unwrap_err();
        assert!(matches!(err, lomi::Error::Config(_)), "{err:?}");
        let text = format!("{err} {err:?}");
        assert!(text.contains(about), "{text}");
        assert!(!text.contains(PROXY_PASSWORD), "{text}");
    });
}

#[test]
fn a_proxy_port_out_of_range_is_refused_by_both_clients_at_build() {
    for port in ["65536", "99999", "123456789012"] {
        let proxy = format!("http://user:{PROXY_PASSWORD}@proxy.internal:{port}");
        both_refuse(
            || {
                lomi::Client::builder(KEY)
                    .base_url("https://api.lomi.africa/v1")
                    .proxy(proxy.clone())
            },
            "port",
        );
    }
    // In range, both build.
    for_each_kind(|kind| {
        kind.build(
            lomi::Client::builder(KEY)
                .base_url("https://api.lomi.africa/v1")
                .proxy(format!("http://user:{PROXY_PASSWORD}@proxy.internal:65535")),
        )
        .unwrap();
    });
}

#[test]
fn a_pem_of_valid_base64_but_no_certificate_is_refused_by_both_clients_at_build() {
    for garbage in [
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
    ] {
        both_refuse(
            || lomi::Client::builder(KEY).root_certificates(garbage),
            "certificate",
        );
    }
}

#[test]
fn a_zero_backoff_is_refused_at_build() {
    for (initial, max) in [
        (Duration::ZERO, Duration::ZERO),
        (Duration::ZERO, Duration::from_secs(1)),
        (Duration::from_millis(1), Duration::ZERO),
    ] {
        both_refuse(
            || lomi::Client::builder(KEY).retry_backoff(initial, max),
            "backoff",
        );
    }
}

#[test]
fn each_error_is_an_error_on_its_own() {
    fn boxed(
        e: impl std::error::Error + Send + Sync + 'static,
    ) -> Box<dyn std::error::Error + Send + Sync> {
        Box::new(e)
    }
    let server = common::raw_server::RawServer::start(vec![
        common::raw_server::Action::json(200, "{}"),
        common::raw_server::Action::json(404, r#"{"error":{"message":"gone"}}"#),
    ]);
    let client = server.builder().max_retries(0).build().unwrap();
    match client.retrieve_checkout_session("cs_1") {
        Err(lomi::Error::Decode(e)) => {
            let message = e.to_string();
            let e = boxed(*e);
            assert_eq!(e.to_string(), message);
            assert!(e.source().is_some(), "serde's error is the source");
        }
        other => panic!("{other:?}"),
    }
    match client.retrieve_checkout_session("cs_1") {
        Err(lomi::Error::Api(e)) => assert!(boxed(*e).to_string().contains("gone")),
        other => panic!("{other:?}"),
    }
    drop(server);
    match client.retrieve_checkout_session("cs_1") {
        Err(lomi::Error::Transport(e)) => {
            let e = boxed(*e);
            assert!(e.source().is_some(), "the I/O error is the source");
        }
        other => panic!("{other:?}"),
    }
}

/// Characters that end a line or reorder text in a terminal, a log viewer or JavaScript.
const SNEAKY: [char; 5] = ['\u{2028}', '\u{2029}', '\u{061C}', '\u{1b}', '\n'];

fn assert_escaped(text: &str, what: &str) {
    for c in SNEAKY {
        assert!(!text.contains(c), "{what}: {c:?} raw in {text:?}");
    }
}

#[test]
fn line_separators_and_bidi_marks_from_the_server_are_escaped() {
    use common::raw_server::{Action, RawServer};
    let sneaky: String = SNEAKY.iter().map(|c| format!("x{c}")).collect();
    let json_text = serde_json::to_string(&sneaky).unwrap();
    let answers = [
        // An API error's message and code.
        Action::json(
            400,
            &format!(r#"{{"error":{{"code":{json_text},"message":{json_text}}}}}"#),
        ),
        // The fallback for a body that is not JSON.
        Action::respond(502, &[("content-type", "text/html")], format!("<h1>{sneaky}</h1>")),
        // A redirect's Location (a header value may carry UTF-8 bytes).
        Action::Reply(
            format!("HTTP/1.1 302 Found\r\nlocation: https://evil.example/{sneaky}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                .replace('\n', "\n")
                .into_bytes(),
        ),
        // The snippet of a success that does not decode.
        Action::json(200, &format!(r#"{{"checkout_session_id":1,"note":{json_text}}}"#)),
    ];
    for answer in answers {
        for_each_kind(|kind| {
            let server = RawServer::start(vec![answer.clone()]);
            let client = kind.client(server.builder().max_retries(0));
            let err = operation("retrieve_checkout_session")
                .call(&client)
                .unwrap_err();
            assert_escaped(&err.to_string(), "Display");
        });
    }
}

#[test]
fn a_webhook_data_error_escapes_the_key_it_names() {
    use lomi::webhook::{self, Verifier};
    let body = br#"{"id":"evt_1","event":"PAYMENT_SUCCEEDED","timestamp":"2025-01-15T10:30:00Z","data":{"\u001b[2J\nforged \u2028line":"not a number"}}"#;
    let verifier = Verifier::new("whsec_test_secret").unwrap();
    let event = verifier
        .verify(
            body,
            Some(webhook::sign(body, "whsec_test_secret").as_str()),
        )
        .unwrap();
    let err = event
        .data_as::<std::collections::HashMap<String, u32>>()
        .unwrap_err();
    assert_escaped(&err.to_string(), "data_as");
}

#[test]
fn a_signed_event_with_a_lone_surrogate_is_accepted() {
    use lomi::webhook::{self, Verifier};
    // What JavaScript's JSON.stringify writes for a string cut inside an emoji.
    for (escaped, expected) in [
        (r"cut \ud83d", "cut \u{FFFD}"),
        (r"\udc00 low first", "\u{FFFD} low first"),
        (
            r"\ud83d\ud83d pair of highs",
            "\u{FFFD}\u{FFFD} pair of highs",
        ),
        (r"a real pair \ud83d\ude00", "a real pair \u{1F600}"),
        (
            r"an escaped backslash \\ud83d",
            r"an escaped backslash \ud83d",
        ),
    ] {
        let body = format!(
            r#"{{"id":"evt_1","event":"PAYMENT_FAILED","timestamp":"2025-01-15T10:30:00Z","data":{{"description":"{escaped}"}}}}"#
        );
        let verifier = Verifier::new("whsec_test_secret").unwrap();
        let signature = webhook::sign(body.as_bytes(), "whsec_test_secret");
        let event = verifier
            .verify(body.as_bytes(), Some(signature.as_str()))
            .unwrap_or_else(|e| panic!("{escaped}: {e}"));
        assert_eq!(event.data["description"], expected, "{escaped}");
        // The signature still covers the bytes as received: a changed body is refused.
        let forged = body.replace("evt_1", "evt_2");
        assert!(
            verifier
                .verify(forged.as_bytes(), Some(signature.as_str()))
                .is_err()
        );
    }
}
