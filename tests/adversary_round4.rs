//! Round 4 of the adversarial review: the escape hatch (`RawRequest`), list walks against the
//! list shapes lomi. serves, and webhook events as lomi.'s Stripe/Wave handlers send them,
//! attacked from a user's side on both clients against servers on 127.0.0.1 that these tests
//! start. Each test says what is expected; a failing one is a break.
//!
//! The regeneration attacks (a spec of the served API, and variations on it) are in
//! `tests/adversary_codegen.rs`.

mod common;

use common::raw_server::{Action, RawServer, Sent, response};
use common::*;
use lomi::types::{ListCheckoutSessionsParams, Transaction, WebhookEventType};
use lomi::webhook::{self, Verifier};
use lomi::{Error, RawRequest};

// =============================================================================================
// 1. RawRequest: what goes on the wire, where, and how often.
// =============================================================================================

/// The target each client sent for `request`, against a server answering `[]`, with the base
/// URL `base(server)`.
fn targets(request: &RawRequest, base: impl Fn(&RawServer) -> String) -> Vec<(Kind, String)> {
    let mut out = Vec::new();
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(200, "[]")]);
        let client = kind.client(server.builder().base_url(base(&server)));
        let _: serde_json::Value = call!(&client, c => c.send(request)).unwrap();
        out.push((kind, server.sent()[0].target.clone()));
    });
    out
}

/// Odd characters in segments (`:`, `@`, unicode, controls, a space, `;`, `'`, dots) each stay
/// inside their own segment, percent-encoded, identically on both clients, under the base
/// URL's path whatever its trailing slashes.
#[test]
fn odd_segments_stay_in_their_segment_under_the_base_path_on_both_clients() {
    let request = RawRequest::get("/a:b/c@d/é/x\r\ny/ t;u'v/.../..x")
        .unwrap()
        .segment("id:with@odd/../é")
        .unwrap();
    let expected =
        "/v1/api/a%3Ab/c%40d/%C3%A9/x%0D%0Ay/%20t%3Bu%27v/.../..x/id%3Awith%40odd%2F..%2F%C3%A9";
    for base in [
        |s: &RawServer| format!("{}/api", s.url()),
        |s: &RawServer| format!("{}/api/", s.url()),
        |s: &RawServer| format!("{}/api//", s.url()),
    ] {
        for (kind, target) in targets(&request, base) {
            assert_eq!(target, expected, "{kind:?}");
        }
    }
}

/// `RawRequest::get("/")` names the base URL itself. With a base URL that has no path, both
/// clients must send a valid request target for it (`/?a=b`), the same one.
#[test]
fn the_root_of_a_base_url_without_a_path_is_one_valid_target_on_both_clients() {
    let request = RawRequest::get("/").unwrap().query("a", "b");
    let sent = targets(&request, |s| format!("http://127.0.0.1:{}", s.port()));
    for (kind, target) in &sent {
        assert_eq!(target, "/?a=b", "{kind:?}");
    }
}

/// Expected: a query value goes out byte for byte the same on both clients ("Both clients send
/// the same generated request… what one does on the wire the other does too"), for every
/// printable ASCII character a caller may put in a value or a name.
#[test]
fn every_printable_query_character_goes_out_the_same_on_both_clients() {
    let printable: String = (b' '..=b'~').map(char::from).collect();
    let request = RawRequest::get("/x").unwrap().query(&printable, &printable);
    let sent = targets(&request, |s| s.url());
    let (first_kind, first) = &sent[0];
    for (kind, target) in &sent[1..] {
        assert_eq!(
            target, first,
            "{kind:?} sent another query than {first_kind:?}"
        );
    }
}

/// A path of thousands of maximal segments: refused before sending, or a typed error, never a
/// panic or a hang; and for a POST, never more than one attempt.
#[test]
fn a_huge_path_is_a_typed_error_and_a_post_with_it_is_sent_at_most_once() {
    let segment = "a".repeat(2048);
    let mut request = RawRequest::post("/x").unwrap();
    for _ in 0..1500 {
        request = request.segment(&segment).unwrap();
    }
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(|_, _| Action::json(200, "{}"));
        let client = kind.client(server.builder());
        let (result, _) = timed(|| call!(&client, c => c.send::<serde_json::Value>(&request)));
        assert!(
            result.is_err(),
            "{kind:?}: a 3 MB request line was answered"
        );
        assert!(
            server.connections() <= 1,
            "{kind:?}: a POST was sent on {} connections",
            server.connections()
        );
    });
}

/// A POST whose huge body the server stops reading (it reads 1 MiB, then closes): the create
/// may have reached the server, so it is never sent again (`trust_idempotency_keys` is off).
#[test]
fn a_post_with_a_body_the_server_stops_reading_is_sent_once() {
    let body = serde_json::json!({ "title": "x".repeat(8 << 20) });
    let request = RawRequest::post("/payment-links")
        .unwrap()
        .json(&body)
        .unwrap();
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(|_, _| Action::json(201, "{}"));
        let client = kind.client(server.builder());
        let (result, _) = timed(|| call!(&client, c => c.send::<serde_json::Value>(&request)));
        let err = result.unwrap_err();
        assert_eq!(server.connections(), 1, "{kind:?}: {err:?}");
    });
}

/// With a key the caller trusts the server to honour, a raw POST is repeated after a 5xx, with
/// the same key on every attempt; without `trust_idempotency_keys`, the key changes nothing.
#[test]
fn a_keyed_raw_post_is_repeated_only_when_trusted_and_always_with_the_same_key() {
    let create = RawRequest::post("/checkout-sessions")
        .unwrap()
        .json(&serde_json::json!({"currency_code": "XOF"}))
        .unwrap();
    for_each_kind(|kind| {
        for trust in [false, true] {
            let server = RawServer::start(vec![
                Action::json(503, "{}"),
                Action::json(502, "{}"),
                Action::json(201, r#"{"checkout_session_id":"cs_1"}"#),
            ]);
            let client = kind
                .client(server.builder().trust_idempotency_keys(trust))
                .with_idempotency_key("order-42")
                .unwrap();
            let result = call!(&client, c => c.send::<serde_json::Value>(&create));
            let keys = server.header_values("idempotency-key");
            if trust {
                assert_eq!(result.unwrap()["checkout_session_id"], "cs_1", "{kind:?}");
                assert_eq!(keys, vec![Some("order-42".to_owned()); 3], "{kind:?}");
            } else {
                assert!(result.is_err(), "{kind:?}");
                assert_eq!(server.hits(), 1, "{kind:?}");
            }
        }
    });
}

/// The key never shows in any error a raw request ends with, whatever part of the answer
/// echoes it: an error body, a success body that does not decode, a body where none was
/// expected, a request id, a redirect.
#[test]
fn a_raw_request_redacts_the_key_from_every_error() {
    let echo = format!(r#"{{"message":"bad {KEY}","{KEY}":["{KEY}"]}}"#);
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            Action::json(401, &echo),
            Action::json(200, &echo),
            Action::json(200, &echo),
            Action::respond(500, &[("x-request-id", KEY)], &echo),
            Action::respond(
                302,
                &[("location", &format!("https://evil.example/?k={KEY}"))],
                "",
            ),
        ]);
        let client = kind.client(server.builder().max_retries(0));
        let get = RawRequest::get("/payment-links")
            .unwrap()
            .segment(KEY)
            .unwrap();
        let errors = [
            call!(&client, c => c.send::<serde_json::Value>(&get)).unwrap_err(),
            call!(&client, c => c.send::<Vec<u8>>(&get)).unwrap_err(),
            call!(&client, c => c.send_empty(&get)).unwrap_err(),
            call!(&client, c => c.send::<serde_json::Value>(&get)).unwrap_err(),
            call!(&client, c => c.send::<serde_json::Value>(&get)).unwrap_err(),
        ];
        for err in &errors {
            assert_hidden(err, KEY);
        }
    });
}

/// `send_empty` succeeds only on an empty 2xx: `null`, `{}`, `""`, a BOM, a body on a 205 or
/// 206 are bodies.
#[test]
fn send_empty_takes_no_body_of_any_kind() {
    for_each_kind(|kind| {
        let bodies: [(u16, &[u8]); 6] = [
            (200, b"null"),
            (200, b"{}"),
            (201, b"\"\""),
            (200, "\u{feff}".as_bytes()),
            (205, b"{}"),
            (206, b"[]"),
        ];
        let server = RawServer::start(
            bodies
                .iter()
                .map(|(status, body)| Action::respond(*status, &[], body))
                .collect(),
        );
        let client = kind.client(server.builder());
        let request = RawRequest::delete("/payment-links")
            .unwrap()
            .segment("l")
            .unwrap();
        for (status, body) in bodies {
            let result = call!(&client, c => c.send_empty(&request));
            assert!(
                matches!(result, Err(Error::Decode(_)) | Err(Error::Transport(_))),
                "{kind:?}: {status} {:?} was taken for an empty success",
                String::from_utf8_lossy(body)
            );
        }
    });
}

// =============================================================================================
// 2. List walks against the shapes lomi. serves, with the default spec's types.
// =============================================================================================

fn query_value(sent: &Sent, name: &str) -> Option<u64> {
    let query = sent.target.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
        .and_then(|v| v.parse().ok())
}

/// A server that ignores `offset` and invents a new session for every slot it is asked for
/// (never the same id twice, a full page every time, no `total`): the README says "No server
/// can make it walk forever". Expected: the walk ends on its own (an `Error::Pagination` or
/// the end) before handing out 10 000 sessions; it is bounded here by `.take(10_001)`.
///
/// Arguable: such a server is indistinguishable from an honest list that grows as fast as it
/// is read; the `{data, pagination: {offset}}` shape does let the client see the server echo
/// offset 0 for every page.
#[test]
fn a_server_that_invents_new_items_forever_cannot_make_a_walk_endless() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    for_each_kind(|kind| {
        let next = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = next.clone();
        let server = RawServer::keep_alive(move |_, request| {
            let sent = Sent::parse(request);
            let limit = query_value(&sent, "limit").unwrap_or(20) as usize;
            let items: Vec<String> = (0..limit)
                .map(|_| {
                    let n = counter.fetch_add(1, Ordering::SeqCst);
                    format!(r#"{{"checkout_session_id":"cs_{n}"}}"#)
                })
                .collect();
            let body = format!(
                r#"{{"data":[{}],"pagination":{{"limit":{limit},"offset":0}}}}"#,
                items.join(",")
            );
            Action::Reply(response(
                200,
                &[("content-type", "application/json")],
                body.as_bytes(),
                true,
            ))
        });
        let client = kind.client(server.builder());
        let params = ListCheckoutSessionsParams::new().limit(100);
        let walked: Vec<_> = client.sessions(&params).take(10_001).collect();
        let ok = walked.iter().filter(|r| r.is_ok()).count();
        assert!(
            ok < 10_000,
            "{kind:?}: the walk handed out {ok} invented sessions and was still going"
        );
    });
}

/// An honest server, in each shape lomi. answers a list with, under the default spec's types:
/// every session exactly once, whatever `total` says (absent, the page's length, the true
/// count), for lists of 0 to 7 items walked 3 at a time.
#[test]
fn an_honest_server_is_walked_whole_in_each_total_shape() {
    #[derive(Clone, Copy, Debug)]
    enum TotalIs {
        Absent,
        PageLength,
        TrueCount,
    }
    for total_is in [TotalIs::Absent, TotalIs::PageLength, TotalIs::TrueCount] {
        for len in 0..8usize {
            for_each_kind(|kind| {
                let server = RawServer::keep_alive(move |_, request| {
                    let sent = Sent::parse(request);
                    let limit = query_value(&sent, "limit").unwrap() as usize;
                    let offset = query_value(&sent, "offset").unwrap_or(0) as usize;
                    let items: Vec<String> = (offset..len.min(offset + limit))
                        .map(|i| format!(r#"{{"checkout_session_id":"cs_{i}","status":"open"}}"#))
                        .collect();
                    let total = match total_is {
                        TotalIs::Absent => String::new(),
                        TotalIs::PageLength => format!(r#","total":{}"#, items.len()),
                        TotalIs::TrueCount => format!(r#","total":{len}"#),
                    };
                    let body = format!(
                        r#"{{"data":[{}],"pagination":{{"limit":{limit},"offset":{offset}{total}}}}}"#,
                        items.join(",")
                    );
                    Action::Reply(response(200, &[], body.as_bytes(), true))
                });
                let client = kind.client(server.builder());
                let params = ListCheckoutSessionsParams::new().limit(3);
                let got: Vec<String> = client
                    .sessions(&params)
                    .take(100)
                    .map(|r| r.map(|s| s.checkout_session_id))
                    .collect::<Result<_, _>>()
                    .unwrap_or_else(|e| panic!("{kind:?} {total_is:?} {len}: {e}"));
                let want: Vec<String> = (0..len).map(|i| format!("cs_{i}")).collect();
                assert_eq!(got, want, "{kind:?} {total_is:?} {len}");
            });
        }
    }
}

// =============================================================================================
// 3. Webhooks as lomi.'s Stripe and Wave handlers send them.
// =============================================================================================

const SECRET: &str = "whsec_round4_secret";

fn event_with(data: &str, environment: &str) -> Vec<u8> {
    format!(
        r#"{{"id":"0b9e2f4a-1c3d-4e5f-8a7b-6c5d4e3f2a1b","event":"PAYMENT_SUCCEEDED","timestamp":"2025-01-15T10:30:00.000Z","data":{data},"lomi_environment":{environment}}}"#
    )
    .into_bytes()
}

fn verified(body: &[u8]) -> lomi::webhook::WebhookEvent {
    Verifier::new(SECRET)
        .unwrap()
        .verify(body, webhook::sign(body, SECRET).as_str())
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)))
}

/// A Wave `transactions` row as PostgREST serialises it (`select *`, microsecond timestamps
/// with trailing zeros dropped, numeric offsets), minus the columns the handler deletes, then
/// through `JSON.parse`/`JSON.stringify`: it decodes as a `Transaction`, every column kept.
#[test]
fn a_wave_transaction_row_decodes_with_every_timestamp_shape_postgres_writes() {
    for (created, updated, available) in [
        (
            "2025-01-15T10:29:55.123456+00:00",
            "2025-01-15T10:30:00.12+00:00",
            "null",
        ),
        (
            "2025-01-15T10:29:55+00:00",
            "2025-01-15T10:30:00.1+00:00",
            r#""2025-01-16T10:30:00+00:00""#,
        ),
        (
            "2025-01-15T11:29:55.5+01:00",
            "2025-01-15T05:30:00-05:00",
            r#""2025-01-16T16:00:00+05:30""#,
        ),
    ] {
        let data = format!(
            r#"{{"transaction_id":"0b6c1f2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e","organization_id":"789e0123-e89b-12d3-a456-426614174000","customer_id":"123e4567-e89b-12d3-a456-426614174000","checkout_session_id":null,"product_id":null,"price_id":null,"subscription_id":null,"description":null,"status":"completed","transaction_type":"payment","payment_method_code":"MOBILE_MONEY","provider_code":"WAVE","currency_code":"XOF","gross_amount":10000,"fee_amount":300.5,"net_amount":9699.5,"discount_amount":0,"quantity":1,"environment":"live","metadata":{{"wave_session_id":"cos-1","wave_transaction_id":"T_ABC","wave_payment_status":"succeeded","wave_payment_error":null}},"available_at":{available},"created_at":"{created}","updated_at":"{updated}","some_new_column":[1,{{"x":null}}]}}"#
        );
        let event = verified(&event_with(&data, r#""production""#));
        let tx: Transaction = event.data_as().unwrap_or_else(|e| panic!("{created}: {e}"));
        assert_eq!(
            tx.transaction_id.as_deref(),
            Some("0b6c1f2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e")
        );
        assert_eq!(tx.gross_amount, Some(lomi::Number::from(10000)));
        assert!(tx.created_at.is_some() && tx.updated_at.is_some());
        assert_eq!(tx.available_at.is_some(), available != "null");
    }
}

/// Every column `null` (a Stripe RPC that returns less, a JS `NaN` written as `null`) and every
/// number written as JavaScript writes a double (`1e+21`, `10000.5`, `-0`→`0`, `1e-7`):
/// the row still decodes, and whole amounts compare equal to integers.
#[test]
fn a_transaction_with_nulls_and_javascript_numbers_decodes() {
    let columns = [
        "transaction_id",
        "organization_id",
        "customer_id",
        "checkout_session_id",
        "product_id",
        "price_id",
        "subscription_id",
        "description",
        "status",
        "transaction_type",
        "payment_method_code",
        "provider_code",
        "currency_code",
        "gross_amount",
        "fee_amount",
        "net_amount",
        "discount_amount",
        "quantity",
        "environment",
        "metadata",
        "available_at",
        "created_at",
        "updated_at",
    ];
    let nulls: Vec<String> = columns.iter().map(|c| format!(r#""{c}":null"#)).collect();
    let event = verified(&event_with(&format!("{{{}}}", nulls.join(",")), "null"));
    let tx: Transaction = event.data_as().unwrap();
    assert_eq!(tx.transaction_id, None);
    assert_eq!(event.lomi_environment, None);

    let data = r#"{"transaction_id":"t","gross_amount":1e+21,"fee_amount":10000.0,"net_amount":1e-7,"discount_amount":0,"quantity":1.5}"#;
    let tx: Transaction = verified(&event_with(data, r#""development""#))
        .data_as()
        .unwrap();
    assert_eq!(tx.fee_amount, Some(lomi::Number::from(10000)));
    assert_eq!(
        tx.gross_amount,
        Some("1000000000000000000000".parse().unwrap())
    );
}

/// `lomi_environment` is any text: empty, `NODE_ENV` values, unicode, a lone surrogate, very
/// long; an unknown event type with odd text is `Unknown`.
#[test]
fn lomi_environment_is_any_string_and_odd_events_decode() {
    let long = format!(r#""{}""#, "e".repeat(100_000));
    for env in [
        r#""""#,
        r#""production""#,
        r#""test""#,
        r#""staging \u00e9 \ud83d\ude00 日本""#,
        r#""\ud83d""#,
        r#""\udc00x\\ud800""#,
        &long,
    ] {
        let event = verified(&event_with(r#"{"transaction_id":"t"}"#, env));
        assert!(event.lomi_environment.is_some(), "{env:.40}");
    }
    // An escaped backslash before `ud800` is text, not a surrogate: kept as written.
    let event = verified(&event_with(
        r#"{"description":"a\\ud800b","transaction_id":"t"}"#,
        r#""x""#,
    ));
    let tx: Transaction = event.data_as().unwrap();
    assert_eq!(tx.description.as_deref(), Some(r"a\ud800b"));
    // A lone surrogate in a transaction's text (a title cut inside an emoji) decodes.
    let event = verified(&event_with(
        r#"{"description":"Tee \ud83d","transaction_id":"t"}"#,
        r#""x""#,
    ));
    let tx: Transaction = event.data_as().unwrap();
    assert_eq!(tx.description.as_deref(), Some("Tee \u{fffd}"));

    let body = br#"{"id":"e","event":"PAYMENT_\ud83d","timestamp":"2025-01-15T10:30:00.000Z","data":{},"lomi_environment":"production"}"#;
    assert!(matches!(verified(body).event, WebhookEventType::Unknown(_)));
}

/// The README's receiver de-duplicates on (event type, transaction id): a redelivery of a Wave
/// payment with a new `id`, a new `timestamp` and its amounts re-encoded (`10000` then
/// `10000.0`) is the same payment.
#[test]
fn a_redelivery_with_reencoded_numbers_is_the_same_transaction() {
    let first = verified(&event_with(
        r#"{"transaction_id":"t1","gross_amount":10000}"#,
        r#""production""#,
    ));
    let again = verified(&event_with(
        r#"{"transaction_id":"t1","gross_amount":10000.0}"#,
        r#""production""#,
    ));
    let (a, b): (Transaction, Transaction) = (first.data_as().unwrap(), again.data_as().unwrap());
    assert_eq!(a.transaction_id, b.transaction_id);
    assert_eq!(a.gross_amount, b.gross_amount);
}
