//! Receiving webhooks, as a merchant's handler would: signatures computed by independent tools
//! verify, every way a delivery can be wrong gets its documented error, and the secret never
//! shows.

use std::time::{Duration, SystemTime};

use lomi::types::{CheckoutSession, CheckoutSessionStatus, CurrencyCode, WebhookEventType};
use lomi::webhook::{self, Verifier, WebhookError, WebhookErrorKind};
use proptest::prelude::*;
use serde::Deserialize;

const SECRET: &str = "whsec_test_5d7a1c9e0b2f4a6c";

/// An event as lomi.'s server builds it (`JSON.stringify` of `{id, event, timestamp, data,
/// lomi_environment}`).
const PAYMENT_SUCCEEDED: &str = r#"{"id":"5f0c7d0e-8d4b-4e0a-9b1e-3f7a2c1d9e84","event":"PAYMENT_SUCCEEDED","timestamp":"2025-01-15T10:30:00.000Z","data":{"transaction_id":"txn_1234567890abcdef","amount":15000,"currency_code":"XOF"},"lomi_environment":"test"}"#;
/// printf '%s' "$PAYMENT_SUCCEEDED" | openssl dgst -sha256 -hmac 'whsec_test_5d7a1c9e0b2f4a6c'
const PAYMENT_SUCCEEDED_SIGNATURE: &str =
    "3d62cd14d6f721130f8ea199feb53aedf0344e27a939212b4de0701177a90ace";

/// An event type this crate does not know.
const PAYOUT_SENT: &str = r#"{"id":"evt_02","event":"PAYOUT_SENT","timestamp":"2025-03-01T08:00:00.000Z","data":{"payout_id":"po_1"},"lomi_environment":"live"}"#;
/// printf '%s' "$PAYOUT_SENT" | openssl dgst -sha256 -hmac 'whsec_test_5d7a1c9e0b2f4a6c'
const PAYOUT_SENT_SIGNATURE: &str =
    "77ca2ba11ce154712f5e6308f3b875f6ba7a6dae4bb61b25d7f1caf4805ba3c8";

/// 2025-01-15T10:30:00Z, the timestamp of `PAYMENT_SUCCEEDED`.
fn sent_at() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_736_937_000)
}

fn verifier() -> Verifier {
    Verifier::new(SECRET).unwrap()
}

fn kind<T: std::fmt::Debug>(result: Result<T, WebhookError>) -> WebhookErrorKind {
    let err = result.unwrap_err();
    // Whatever went wrong, the message never quotes the secret.
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains("whsec_"), "{text}");
    }
    err.kind()
}

#[test]
fn known_answer_vectors_from_independent_tools() {
    let long_secret = format!("whsec_{}", "0123456789".repeat(10));
    let vectors: [(&[u8], &str, &str); 6] = [
        (
            PAYMENT_SUCCEEDED.as_bytes(),
            SECRET,
            PAYMENT_SUCCEEDED_SIGNATURE,
        ),
        (PAYOUT_SENT.as_bytes(), SECRET, PAYOUT_SENT_SIGNATURE),
        // RFC 4231, test case 2; also:
        // python3 -c "import hmac,hashlib;print(hmac.new(b'Jefe',b'what do ya want for nothing?',hashlib.sha256).hexdigest())"
        (
            b"what do ya want for nothing?",
            "Jefe",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        // Non-ASCII body and secret, keyed with the secret's UTF-8 bytes as Node's createHmac does:
        // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'whsec_clé_ünïcode'
        (
            r#"{"id":"evt_01","event":"test.webhook","timestamp":"2025-03-01T08:00:00.000Z","data":{"customer_name":"Aïssatou Diallo","amount":2500.5},"lomi_environment":"test"}"#.as_bytes(),
            "whsec_clé_ünïcode",
            "012c8829c1fd5dd8b64555e414489ee420322b989e4188e577866d2b3da2c03d",
        ),
        // A secret longer than SHA-256's 64-byte block, which HMAC hashes first:
        // K="whsec_$(python3 -c "print('0123456789'*10)")"
        // printf '%s' '{"event":"PAYMENT_FAILED","data":{}}' | openssl dgst -sha256 -hmac "$K"
        (
            br#"{"event":"PAYMENT_FAILED","data":{}}"#,
            &long_secret,
            "584ff4af0f5790a9d74ed2bb002181b61c01689dfaa8bcd9596b070466bfd25e",
        ),
        // An empty body: printf '' | openssl dgst -sha256 -hmac 'whsec_test_5d7a1c9e0b2f4a6c'
        (
            b"",
            SECRET,
            "125815a1afdeea3c3a1ce14b3b51ec7927cb5134ff28553493630d661657da7c",
        ),
    ];
    for (body, secret, expected) in vectors {
        assert_eq!(webhook::sign(body, secret), expected);
        let verifier = Verifier::new(secret).unwrap();
        verifier.verify_signature(body, expected).unwrap();
    }
}

#[test]
fn a_signed_event_decodes_into_its_types() {
    let event = verifier()
        .verify(PAYMENT_SUCCEEDED, PAYMENT_SUCCEEDED_SIGNATURE)
        .unwrap();
    assert_eq!(
        event.id.as_deref(),
        Some("5f0c7d0e-8d4b-4e0a-9b1e-3f7a2c1d9e84")
    );
    assert_eq!(event.event, WebhookEventType::PaymentSucceeded);
    assert_eq!(event.event.as_str(), "PAYMENT_SUCCEEDED");
    assert_eq!(
        event.timestamp.map(SystemTime::from),
        Some(sent_at()),
        "2025-01-15T10:30:00.000Z"
    );
    assert_eq!(event.lomi_environment.as_deref(), Some("test"));
    assert_eq!(event.data["transaction_id"], "txn_1234567890abcdef");

    // `data` into a type of the user's own.
    #[derive(Debug, Deserialize, PartialEq)]
    struct Transaction {
        transaction_id: String,
        amount: u64,
        currency_code: CurrencyCode,
    }
    assert_eq!(
        event.data_as::<Transaction>().unwrap(),
        Transaction {
            transaction_id: "txn_1234567890abcdef".into(),
            amount: 15000,
            currency_code: CurrencyCode::Xof,
        }
    );

    // The one-shot form gives the same event.
    let once = webhook::verify(PAYMENT_SUCCEEDED, PAYMENT_SUCCEEDED_SIGNATURE, SECRET).unwrap();
    assert_eq!(once, event);
}

#[test]
fn data_as_decodes_a_crate_type_and_names_the_failing_path() {
    let body = r#"{"event":"CHECKOUT_COMPLETED","data":{"checkout_session_id":"cs_1","status":"completed","amount":15000}}"#;
    let event = verifier()
        .verify(body, webhook::sign(body, SECRET).as_str())
        .unwrap();
    let session: CheckoutSession = event.data_as().unwrap();
    assert_eq!(session.checkout_session_id, "cs_1");
    assert_eq!(session.status, Some(CheckoutSessionStatus::Completed));
    assert_eq!(session.amount, Some(15000.into()));

    #[derive(Debug, Deserialize)]
    #[allow(dead_code, reason = "only decoded")]
    struct Wrong {
        checkout_session_id: u64,
    }
    let err = event.data_as::<Wrong>().unwrap_err();
    assert_eq!(err.kind(), WebhookErrorKind::InvalidPayload);
    assert!(
        err.to_string().contains("`data.checkout_session_id`"),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn an_unknown_event_type_decodes_as_unknown() {
    let event = verifier()
        .verify(PAYOUT_SENT, PAYOUT_SENT_SIGNATURE)
        .unwrap();
    assert_eq!(
        event.event,
        WebhookEventType::Unknown("PAYOUT_SENT".to_string())
    );
    assert_eq!(event.event.to_string(), "PAYOUT_SENT");
    assert_eq!(event.data["payout_id"], "po_1");

    let test = r#"{"event":"test.webhook","data":{}}"#;
    let event = verifier()
        .verify(test, webhook::sign(test, SECRET).as_str())
        .unwrap();
    assert_eq!(event.event, WebhookEventType::TestWebhook);
}

#[test]
fn a_body_changed_by_one_byte_is_rejected() {
    let mut body = PAYMENT_SUCCEEDED.as_bytes().to_vec();
    let at = PAYMENT_SUCCEEDED.find("15000").unwrap();
    body[at] = b'9'; // 95000
    assert_eq!(
        kind(verifier().verify(&body, PAYMENT_SUCCEEDED_SIGNATURE)),
        WebhookErrorKind::SignatureMismatch
    );
    // Re-encoded JSON (same meaning, other bytes) is a different body too.
    let reencoded =
        serde_json::to_vec(&serde_json::from_str::<serde_json::Value>(PAYMENT_SUCCEEDED).unwrap())
            .unwrap();
    assert_ne!(reencoded, PAYMENT_SUCCEEDED.as_bytes());
    assert_eq!(
        kind(verifier().verify(&reencoded, PAYMENT_SUCCEEDED_SIGNATURE)),
        WebhookErrorKind::SignatureMismatch
    );
}

#[test]
fn a_wrong_secret_is_rejected() {
    let other = Verifier::new("whsec_test_5d7a1c9e0b2f4a6d").unwrap();
    assert_eq!(
        kind(other.verify(PAYMENT_SUCCEEDED, PAYMENT_SUCCEEDED_SIGNATURE)),
        WebhookErrorKind::SignatureMismatch
    );
    // The secret is used as given: not trimmed.
    let padded = Verifier::new(&format!("{SECRET} ")).unwrap();
    assert_eq!(
        kind(padded.verify(PAYMENT_SUCCEEDED, PAYMENT_SUCCEEDED_SIGNATURE)),
        WebhookErrorKind::SignatureMismatch
    );
}

#[test]
fn an_empty_secret_is_refused() {
    assert_eq!(kind(Verifier::new("")), WebhookErrorKind::MissingSecret);
    assert_eq!(
        kind(webhook::verify(
            PAYMENT_SUCCEEDED,
            PAYMENT_SUCCEEDED_SIGNATURE,
            ""
        )),
        WebhookErrorKind::MissingSecret
    );
}

#[test]
fn a_missing_or_empty_header_is_rejected() {
    let v = verifier();
    assert_eq!(
        kind(v.verify(PAYMENT_SUCCEEDED, None)),
        WebhookErrorKind::MissingSignature
    );
    for empty in ["", " ", "\t\r\n"] {
        assert_eq!(
            kind(v.verify(PAYMENT_SUCCEEDED, empty)),
            WebhookErrorKind::MissingSignature,
            "{empty:?}"
        );
    }
    let err = v.verify(PAYMENT_SUCCEEDED, None).unwrap_err();
    assert!(err.to_string().contains("X-Lomi-Signature"), "{err}");
}

#[test]
fn uppercase_hex_and_surrounding_whitespace_are_accepted() {
    let v = verifier();
    let upper = PAYMENT_SUCCEEDED_SIGNATURE.to_uppercase();
    let mixed: String = PAYMENT_SUCCEEDED_SIGNATURE
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect();
    let padded = format!(" \t{PAYMENT_SUCCEEDED_SIGNATURE}\r\n");
    for header in [upper.as_str(), mixed.as_str(), padded.as_str()] {
        let event = v.verify(PAYMENT_SUCCEEDED, header).unwrap();
        assert_eq!(event.event, WebhookEventType::PaymentSucceeded);
    }
}

#[test]
fn truncated_or_non_hex_signatures_are_malformed() {
    let v = verifier();
    let sig = PAYMENT_SUCCEEDED_SIGNATURE;
    let too_long = format!("{sig}00");
    let non_hex = format!("{}g", &sig[..63]);
    let signed = format!("+{}", &sig[1..]);
    let prefixed = format!("sha256={sig}");
    let inner_space = format!("{} {}", &sig[..32], &sig[33..]);
    let cases = [
        &sig[..63],
        &sig[..62],
        &sig[..32],
        "00",
        too_long.as_str(),
        non_hex.as_str(),
        signed.as_str(),
        prefixed.as_str(),
        inner_space.as_str(),
    ];
    for header in cases {
        assert_eq!(
            kind(v.verify(PAYMENT_SUCCEEDED, header)),
            WebhookErrorKind::MalformedSignature,
            "{header:?}"
        );
        // The header is never quoted back.
        let err = v.verify(PAYMENT_SUCCEEDED, header).unwrap_err();
        assert!(!err.to_string().contains(header.trim()), "{err}");
    }
}

#[test]
fn a_signed_body_that_is_not_an_event_is_an_invalid_payload() {
    let v = verifier();
    for body in [
        "not JSON at all",
        "",
        r#"{"event":"PAYMENT_SUCCEEDED""#,
        r#"{"data":{}}"#,
        r#"{"event":42,"data":{}}"#,
        r#"{"event":"PAYMENT_SUCCEEDED","timestamp":"yesterday","data":{}}"#,
        r#"{"event":"PAYMENT_SUCCEEDED","data":{}} trailing"#,
        "[1,2,3]",
    ] {
        let header = webhook::sign(body, SECRET);
        // The signature itself is good…
        v.verify_signature(body, header.as_str()).unwrap();
        // …but the body is not a lomi. event.
        let err = v.verify(body, header.as_str()).unwrap_err();
        assert_eq!(err.kind(), WebhookErrorKind::InvalidPayload, "{body}");
        assert!(!err.to_string().contains(SECRET));
    }
    let body = r#"{"event":"PAYMENT_SUCCEEDED","timestamp":"yesterday","data":{}}"#;
    let err = v
        .verify(body, webhook::sign(body, SECRET).as_str())
        .unwrap_err();
    assert!(err.to_string().contains("`timestamp`"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn the_signature_is_checked_before_the_body_is_read() {
    // A forged body is a mismatch, not a decoding error that would tell the sender what failed.
    assert_eq!(
        kind(verifier().verify("not JSON", PAYMENT_SUCCEEDED_SIGNATURE)),
        WebhookErrorKind::SignatureMismatch
    );
}

#[test]
fn without_a_tolerance_an_old_event_is_accepted() {
    // lomi. redelivers the same body, so by default age does not matter.
    let year_later = sent_at() + Duration::from_secs(365 * 24 * 3600);
    verifier()
        .verify_at(PAYMENT_SUCCEEDED, PAYMENT_SUCCEEDED_SIGNATURE, year_later)
        .unwrap();
    verifier()
        .verify(PAYMENT_SUCCEEDED, PAYMENT_SUCCEEDED_SIGNATURE)
        .unwrap();
}

#[test]
fn an_event_outside_the_tolerance_is_rejected() {
    let v = verifier().tolerance(Duration::from_secs(300));
    let at = |secs: i64| {
        if secs >= 0 {
            sent_at() + Duration::from_secs(secs.unsigned_abs())
        } else {
            sent_at() - Duration::from_secs(secs.unsigned_abs())
        }
    };
    for ok in [0, 1, 299, 300, -300] {
        v.verify_at(PAYMENT_SUCCEEDED, PAYMENT_SUCCEEDED_SIGNATURE, at(ok))
            .unwrap();
    }
    // Older than the tolerance…
    assert_eq!(
        kind(v.verify_at(PAYMENT_SUCCEEDED, PAYMENT_SUCCEEDED_SIGNATURE, at(301))),
        WebhookErrorKind::OutsideTolerance
    );
    // …or further in the future than it.
    let err = v
        .verify_at(PAYMENT_SUCCEEDED, PAYMENT_SUCCEEDED_SIGNATURE, at(-3600))
        .unwrap_err();
    assert_eq!(err.kind(), WebhookErrorKind::OutsideTolerance);
    assert!(err.to_string().contains("future"), "{err}");
    // Against the real clock, an event from 2025-01-15 is long stale.
    assert_eq!(
        kind(v.verify(PAYMENT_SUCCEEDED, PAYMENT_SUCCEEDED_SIGNATURE)),
        WebhookErrorKind::OutsideTolerance
    );
    // The signature is still checked first.
    assert_eq!(
        kind(v.verify_at(PAYMENT_SUCCEEDED, PAYOUT_SENT_SIGNATURE, at(0))),
        WebhookErrorKind::SignatureMismatch
    );
}

#[test]
fn a_fresh_event_passes_the_tolerance_against_the_clock() {
    let now = chrono::DateTime::<chrono::Utc>::from(SystemTime::now())
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let body =
        format!(r#"{{"id":"evt_now","event":"PAYMENT_CREATED","timestamp":"{now}","data":{{}}}}"#);
    let v = verifier().tolerance(Duration::from_secs(3600));
    let event = v
        .verify(&body, webhook::sign(&body, SECRET).as_str())
        .unwrap();
    assert_eq!(event.event, WebhookEventType::PaymentCreated);
}

#[test]
fn a_tolerance_needs_a_timestamp() {
    let body = r#"{"event":"PAYMENT_CREATED","data":{}}"#;
    let header = webhook::sign(body, SECRET);
    verifier().verify(body, header.as_str()).unwrap();
    assert_eq!(
        kind(
            verifier()
                .tolerance(Duration::from_secs(300))
                .verify(body, header.as_str())
        ),
        WebhookErrorKind::MissingTimestamp
    );
}

#[test]
fn the_verifier_never_shows_its_secret_and_is_shareable() {
    fn assert_shareable<T: Clone + Send + Sync + 'static>() {}
    assert_shareable::<Verifier>();
    let v = verifier().tolerance(Duration::from_secs(60));
    let debug = format!("{v:?} {:?}", v.clone());
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");
}

/// Runs this test binary again, for `from_env_reads_lomi_webhook_secret` alone, with the
/// environment given: the variable is set for the child only, so no test here mutates the
/// environment of a running process.
fn run_child(secret: Option<&str>, expect: &str) {
    let mut child = std::process::Command::new(std::env::current_exe().unwrap());
    child
        .args([
            "--exact",
            "from_env_reads_lomi_webhook_secret",
            "--test-threads=1",
        ])
        .env("LOMI_WEBHOOK_TEST_EXPECT", expect);
    match secret {
        Some(secret) => child.env(webhook::SECRET_ENV, secret),
        None => child.env_remove(webhook::SECRET_ENV),
    };
    let out = child.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{expect}: {stdout}");
    // The child ran the test, not zero tests.
    assert!(stdout.contains("1 passed"), "{expect}: {stdout}");
}

#[test]
fn from_env_reads_lomi_webhook_secret() {
    assert_eq!(webhook::SECRET_ENV, "LOMI_WEBHOOK_SECRET");
    match std::env::var("LOMI_WEBHOOK_TEST_EXPECT").as_deref() {
        Ok(expect @ ("missing" | "empty")) => {
            let err = Verifier::from_env().unwrap_err();
            assert_eq!(err.kind(), WebhookErrorKind::MissingSecret);
            // The message names the variable and what is wrong with it, so an operator knows
            // which setting to fix.
            let says = if expect == "empty" {
                "is empty"
            } else {
                "is not set"
            };
            assert!(
                err.to_string()
                    .contains(&format!("LOMI_WEBHOOK_SECRET {says}")),
                "{err}"
            );
        }
        Ok("ok") => {
            Verifier::from_env()
                .unwrap()
                .verify(PAYMENT_SUCCEEDED, PAYMENT_SUCCEEDED_SIGNATURE)
                .unwrap();
        }
        Ok(other) => panic!("unexpected LOMI_WEBHOOK_TEST_EXPECT={other}"),
        Err(_) => {
            run_child(None, "missing");
            run_child(Some(""), "empty");
            run_child(Some(SECRET), "ok");
        }
    }
}

/// Found by the fuzz target `webhook`: a header whose text is words of the error message
/// (`s, not t`) shows in the message, not because it is quoted but because the message says
/// those words. The message depends on the header's length, never on its text.
#[test]
fn a_bad_signature_header_is_described_never_quoted() {
    for header in ["s, not t", "[has 96 bytes, n", "64 hex digits of an HMAC"] {
        let err = webhook::verify(PAYMENT_SUCCEEDED, Some(header), SECRET).unwrap_err();
        assert_eq!(err.kind(), WebhookErrorKind::MalformedSignature);
        let twin = "z".repeat(header.len());
        let twin_err = webhook::verify(PAYMENT_SUCCEEDED, Some(twin.as_str()), SECRET).unwrap_err();
        assert_eq!(err.to_string(), twin_err.to_string(), "{header}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any bytes signed with any non-empty secret verify; one flipped bit anywhere does not.
    #[test]
    fn sign_then_verify_holds_and_any_bit_flip_breaks_it(
        body in proptest::collection::vec(any::<u8>(), 0..512),
        secret in "(?s).{1,80}",
        at in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let v = Verifier::new(&secret).unwrap();
        let header = webhook::sign(&body, &secret);
        prop_assert!(v.verify_signature(&body, header.as_str()).is_ok());

        // One bit of the body.
        if !body.is_empty() {
            let mut tampered = body.clone();
            let i = at.index(body.len());
            tampered[i] ^= 1 << bit;
            let err = v.verify_signature(&tampered, header.as_str()).unwrap_err();
            prop_assert_eq!(err.kind(), WebhookErrorKind::SignatureMismatch);
        }

        // One bit of the signature (the 32 bytes the header encodes).
        let mut tag = hex::decode(&header).unwrap();
        let i = at.index(tag.len());
        tag[i] ^= 1 << bit;
        let err = v.verify_signature(&body, hex::encode(&tag).as_str()).unwrap_err();
        prop_assert_eq!(err.kind(), WebhookErrorKind::SignatureMismatch);

        // One bit of the header's text: rejected, unless it only changed the case of a hex
        // letter, which the header's format allows.
        let mut text = header.clone().into_bytes();
        let i = at.index(text.len());
        text[i] ^= 1 << bit;
        // (A flipped high bit makes the text invalid UTF-8: no `&str` header can carry it.)
        if let Ok(text) = String::from_utf8(text) {
            let accepted = v.verify_signature(&body, text.as_str()).is_ok();
            prop_assert_eq!(accepted, text.eq_ignore_ascii_case(&header), "{}", text);
        }
    }
}

#[test]
fn a_clock_outside_the_calendar_is_outside_the_tolerance_not_a_panic() {
    // `verify_at` takes any `SystemTime`: one beyond what a calendar date can hold (a replay
    // tool's bad input, a test's `UNIX_EPOCH + huge`) is simply far from the event.
    let v = verifier().tolerance(Duration::from_secs(300));
    for now in [
        SystemTime::UNIX_EPOCH + Duration::from_secs(u64::MAX / 4),
        SystemTime::UNIX_EPOCH - Duration::from_secs(u64::MAX / 4),
    ] {
        assert_eq!(
            kind(v.verify_at(PAYMENT_SUCCEEDED, PAYMENT_SUCCEEDED_SIGNATURE, now)),
            WebhookErrorKind::OutsideTolerance
        );
    }
    // With no limit, any clock accepts it.
    let v = verifier().tolerance(Duration::MAX);
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::MAX / 4);
    v.verify_at(PAYMENT_SUCCEEDED, PAYMENT_SUCCEEDED_SIGNATURE, now)
        .unwrap();
}
