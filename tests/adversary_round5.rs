//! Round 5 of the adversarial review: new cases of the kinds the earlier rounds attacked
//! (payment safety, interim answers, deletes, arbitrary precision, list walks, backoff, builder
//! parity, escaping, numbers, webhooks), on both clients, against servers on 127.0.0.1 that these
//! tests start. A test that fails is a break; its comment says what is expected.

mod common;

use std::io::Read as _;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::raw_server::{self, Action, RawServer};
use common::scripted::{Server, created, find};
use common::sneaky::{raw_sneaky, sneaky_text};
use common::*;
use lomi::Error;
use lomi::types::ListCheckoutSessionsParams;

fn create() -> &'static Operation {
    operation("create_checkout_session")
}

fn retrieve(client: &AnyClient) -> Result<lomi::types::CheckoutSession, Error> {
    call!(client, c => c.retrieve_checkout_session("cs_real"))
}

// =============================================================================================
// Promise 8: server text quoted in errors escapes controls, separators and bidi marks.

/// BREAK. A success body whose number field holds an object
/// `{"$serde_json::private::Number": "<text>"}` (serde_json's private arbitrary-precision
/// token, which `Number`'s decoder accepts even without that feature) with text that is not a
/// number: `Number` refuses it with `"{text} is not a finite number"`, quoting the server's text
/// raw, and `DecodeError`'s `Display` prints serde's message as is. ESC, CR/LF, U+2028 and the
/// bidi overrides from the server reach the caller's logs unescaped.
///
/// Expected: `Display` of the decode error shows none of them raw (escaped, as the snippet and
/// path are).
#[test]
fn a_number_that_is_an_object_with_control_text_is_escaped_in_the_decode_error() {
    let text = serde_json::to_string(&format!("\u{1b}[2J\nINFO forged{}", sneaky_text())).unwrap();
    let body = format!(
        r#"{{"checkout_session_id":"cs_1","amount":{{"$serde_json::private::Number":{text}}}}}"#
    );
    let mut broken = Vec::new();
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(200, &body)]);
        let client = kind.client(server.builder().max_retries(0));
        let (result, _) = timed(|| retrieve(&client));
        let err = Error::Decode(expect_decode(result));
        let shown = err.to_string();
        let raw = raw_sneaky(&shown);
        if !raw.is_empty() {
            broken.push(format!("{kind:?}: {raw:?} raw in {shown:?}"));
        }
    });
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// Every place the brief lists, with every character it lists (earlier rounds checked five).
#[test]
fn every_listed_character_is_escaped_everywhere_server_text_is_quoted() {
    let sneaky = sneaky_text();
    let json_text = serde_json::to_string(&sneaky).unwrap();
    let answers: Vec<(&str, Action)> = vec![
        (
            "documented error: code and message",
            Action::json(
                400,
                &format!(r#"{{"error":{{"code":{json_text},"message":{json_text}}}}}"#),
            ),
        ),
        (
            "NestJS message array",
            Action::json(
                400,
                &format!(r#"{{"statusCode":400,"message":[{json_text},{json_text}]}}"#),
            ),
        ),
        (
            "NestJS error only",
            Action::json(400, &format!(r#"{{"statusCode":400,"error":{json_text}}}"#)),
        ),
        (
            "message as an object",
            Action::json(
                500,
                &format!(r#"{{"error":{{"message":{{"k":{json_text}}}}}}}"#),
            ),
        ),
        (
            "HTML fallback",
            Action::respond(502, &[("content-type", "text/html")], format!("<h1>{sneaky}</h1>")),
        ),
        (
            "Location",
            Action::Reply(
                format!(
                    "HTTP/1.1 307 Temporary Redirect\r\nlocation: https://evil.example/{}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                    sneaky.replace(['\n', '\r', '\0'], "")
                )
                .into_bytes(),
            ),
        ),
        (
            "decode snippet and serde message",
            Action::json(
                200,
                &format!(r#"{{"checkout_session_id":"cs","amount":{json_text},"note":{json_text}}}"#),
            ),
        ),
        (
            "decode path (a metadata key)",
            Action::json(
                200,
                &format!(r#"{{"checkout_session_id":"cs","metadata":{{{json_text}:1}},"amount":"x"}}"#),
            ),
        ),
    ];
    let mut broken = Vec::new();
    for (name, answer) in answers {
        for_each_kind(|kind| {
            let server = RawServer::start(vec![answer.clone()]);
            let client = kind.client(server.builder().max_retries(0));
            let (result, _) = timed(|| retrieve(&client));
            let err = result.unwrap_err();
            let shown = err.to_string();
            let raw = raw_sneaky(&shown);
            if !raw.is_empty() {
                broken.push(format!("{kind:?} {name}: {raw:?} raw in {shown:?}"));
            }
        });
    }
    // Webhook: a `data` key and the decode path.
    use lomi::webhook::{self, Verifier};
    let body = format!(
        r#"{{"id":"evt_1","event":"PAYMENT_SUCCEEDED","timestamp":"2025-01-15T10:30:00Z","data":{{{json_text}:"not a number"}}}}"#
    );
    let verifier = Verifier::new("whsec_test_secret").unwrap();
    let event = verifier
        .verify(
            body.as_bytes(),
            Some(webhook::sign(&body, "whsec_test_secret").as_str()),
        )
        .unwrap();
    let err = event
        .data_as::<std::collections::HashMap<String, u32>>()
        .unwrap_err();
    let shown = err.to_string();
    if !raw_sneaky(&shown).is_empty() {
        broken.push(format!(
            "webhook data_as: {:?} raw in {shown:?}",
            raw_sneaky(&shown)
        ));
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// BREAK. A request id that is not pure ASCII (a header value may carry UTF-8: obs-text, as a
/// `Location` may) is dropped: `request_id()` is `None` on the API error and on a delete's
/// decode error, so the id the caller should quote to support is lost, although the brief
/// lists the request id among the server texts that are quoted (escaped) in errors, and a
/// delete's decode error must keep it. A `Location` with the same bytes is kept (lossily).
/// Worse, a non-ASCII `x-request-id` hides a usable ASCII `request-id` sent alongside it.
///
/// Expected: the request id is kept (lossily decoded, escaped when shown), as the `Location`
/// is; and a usable `request-id` is used when `x-request-id` is unreadable.
#[test]
fn a_request_id_with_utf8_is_kept() {
    let mut broken = Vec::new();
    for (name, status, body) in [
        ("API error", 404u16, r#"{"error":{"message":"gone"}}"#),
        ("delete decode error", 200, r#"{"deleted":false}"#),
    ] {
        for_each_kind(|kind| {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nx-request-id: req_\u{e9}t\u{e9}_42\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let server = RawServer::start(vec![Action::Reply(head.into_bytes())]);
            let client = kind.client(server.builder().max_retries(0));
            let (result, _) = timed(|| call!(&client, c => c.delete_payment_link(LINK_ID)));
            let err = result.unwrap_err();
            match err.request_id() {
                Some(id) if id.contains("req_") && id.contains("_42") => {}
                other => broken.push(format!("{kind:?} {name}: request id {other:?} ({err})")),
            }
            if status == 200 && !matches!(err, Error::Decode(_)) {
                broken.push(format!("{kind:?} {name}: not a decode error: {err:?}"));
            }
        });
    }
    // An unreadable `x-request-id` must not hide a readable `request-id`.
    for_each_kind(|kind| {
        let head = "HTTP/1.1 404 X\r\nx-request-id: \u{e9}\r\nrequest-id: req_ascii\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";
        let server = RawServer::start(vec![Action::Reply(head.as_bytes().to_vec())]);
        let client = kind.client(server.builder().max_retries(0));
        let err = retrieve(&client).unwrap_err();
        if err.request_id().is_none() {
            broken.push(format!(
                "{kind:?}: request-id hidden by an unreadable x-request-id"
            ));
        }
    });
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

// =============================================================================================
// Promise 14: retry jitter is uniform in [0.5, 1].

/// BREAK. The first retry's wait is never jittered: `backoff(1, jitter)` is
/// `initial · jitter` raised back to `initial` by the floor "never below `initial`", so every
/// client that failed at the same moment retries exactly `initial_backoff` later, in lockstep,
/// which is what jitter is for (the unit test only looks at the third wait). Likewise with
/// `retry_backoff(d, d)` every wait is exactly `d`.
///
/// Expected: the first wait (and every wait) is `backoff · U[0.5, 1]`: over ten calls with a
/// 200 ms initial backoff, some first waits are well under 190 ms.
#[test]
fn the_first_retry_wait_is_jittered() {
    let mut broken = Vec::new();
    for (initial, max) in [
        (Duration::from_millis(200), Duration::from_secs(10)),
        (Duration::from_millis(200), Duration::from_millis(200)),
    ] {
        for_each_kind(|kind| {
            let arrivals: Arc<Mutex<Vec<Instant>>> = Arc::default();
            let seen = Arc::clone(&arrivals);
            let server = RawServer::keep_alive(move |_, _| {
                seen.lock().unwrap().push(Instant::now());
                Action::Reply(raw_server::response(503, &[], b"{}", true))
            });
            let client = kind.client(server.builder().max_retries(1).retry_backoff(initial, max));
            let mut gaps = Vec::new();
            for _ in 0..10 {
                let before = arrivals.lock().unwrap().len();
                let _ = timed(|| retrieve(&client));
                let a = arrivals.lock().unwrap();
                assert_eq!(a.len(), before + 2, "{kind:?}: two attempts per call");
                gaps.push(a[before + 1] - a[before]);
            }
            let short = gaps
                .iter()
                .filter(|g| **g < Duration::from_millis(190))
                .count();
            if short < 2 {
                broken.push(format!(
                    "{kind:?} backoff ({initial:?}, {max:?}): first waits {:?}",
                    gaps.iter().map(|g| g.as_millis()).collect::<Vec<_>>()
                ));
            }
        });
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

// =============================================================================================
// Promise 7: build() and build_async() agree.

const PROXY_PASSWORD: &str = "pw-r5-s3cr3t";

/// BREAK. A proxy URL whose (valid) password is longer than `http::Uri` can hold (64 KiB):
/// the builder's own check accepts it, ureq's `Proxy::new` (an `http::Uri`) refuses it, so
/// `build()` fails while `build_async()` (reqwest's `Url`) succeeds.
///
/// Expected: both refuse it (or both accept it), without quoting the password.
#[cfg(feature = "async")]
#[test]
fn both_builders_agree_on_a_proxy_url_longer_than_a_uri_holds() {
    let long = format!("{PROXY_PASSWORD}{}", "p".repeat(70_000));
    let mut broken = Vec::new();
    for proxy in [
        format!("http://user:{long}@proxy.internal:3128"),
        format!("http://{}.internal:3128", "a".repeat(70_000)),
    ] {
        let builder = || {
            lomi::Client::builder(KEY)
                .base_url("https://api.lomi.africa/v1")
                .proxy(proxy.clone())
        };
        let b = builder().build().map(drop);
        let a = builder().build_async().map(drop);
        let shown = format!("{b:?} {a:?}");
        if b.is_ok() != a.is_ok() {
            broken.push(format!(
                "proxy of {} bytes: blocking {:?} / async {:?}",
                proxy.len(),
                b.as_ref().err().map(ToString::to_string),
                a.as_ref().err().map(ToString::to_string)
            ));
        }
        if shown.contains(PROXY_PASSWORD) {
            broken.push("the password is quoted".into());
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// BREAK (environment-dependent). `platform_roots()` on a machine whose system trust store
/// yields no certificate (here: `SSL_CERT_FILE` and `SSL_CERT_DIR` pointing at nothing, as in a
/// slim container): `build_async()` fails ("No CA certificates were loaded from the system",
/// rustls-platform-verifier reads the store when built) while `build()` succeeds (ureq reads it
/// on the first connection), so the blocking client only fails later, on every call.
///
/// Expected: both refuse it at build, or both accept it.
#[cfg(all(feature = "async", feature = "platform-verifier", unix))]
#[test]
fn both_builders_agree_on_platform_roots_without_a_system_store() {
    const CHILD: &str = "LOMI_ROUND5_CHILD";
    if std::env::var(CHILD).is_ok() {
        let builder = || lomi::Client::builder(KEY).platform_roots();
        let b = builder().build().map(drop);
        let a = builder().build_async().map(drop);
        assert_eq!(
            b.is_ok(),
            a.is_ok(),
            "blocking {:?} / async {:?}",
            b.err().map(|e| e.to_string()),
            a.err().map(|e| e.to_string())
        );
        return;
    }
    let test = "both_builders_agree_on_platform_roots_without_a_system_store";
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env(
            "SSL_CERT_FILE",
            std::ffi::OsString::from("/nonexistent/lomi-round5/ca.pem"),
        )
        .env(
            "SSL_CERT_DIR",
            std::ffi::OsString::from("/nonexistent/lomi-round5"),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.contains("1 passed"), "child:\n{stdout}\n{stderr}");
}

// =============================================================================================
// Promise 4: decoding does not depend on `arbitrary_precision`.

/// BREAK under `--features serde_json/arbitrary_precision` (CI's second run). A session whose
/// merchant-supplied `metadata` holds an object keyed `$serde_json::private::Number` decodes
/// (the object kept as it is) without the feature; with it, `serde_json::Value` takes the
/// object for a number: `"abc"` makes the whole retrieve a `Decode` error, and `"12"` turns the
/// object into the number 12.
///
/// Expected: the same outcome with and without the feature (here: the object, kept).
#[test]
fn metadata_holding_the_private_number_token_decodes_the_same_with_arbitrary_precision() {
    let mut broken = Vec::new();
    for text in ["abc", "12"] {
        let body = format!(
            r#"{{"checkout_session_id":"cs_real","metadata":{{"note":{{"$serde_json::private::Number":"{text}"}}}}}}"#
        );
        for_each_kind(|kind| {
            let server = RawServer::start(vec![Action::json(200, &body)]);
            let client = kind.client(server.builder().max_retries(0));
            match retrieve(&client) {
                Ok(s) => {
                    let note = &s.metadata.as_ref().unwrap()["note"];
                    if !note.is_object() {
                        broken.push(format!("{kind:?} {text}: metadata.note became {note:?}"));
                    }
                }
                Err(e) => broken.push(format!("{kind:?} {text}: {e}")),
            }
        });
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

// =============================================================================================
// Promise 5: a list walk can never run forever.

/// BREAK (arguable: it needs an endless supply of new ids). A server that ignores `offset`,
/// says so (its `pagination.offset` is 0 on every page) and fills every page with sessions it
/// never served before: the walk fetches page after page for as long as the caller reads
/// (30 pages here, and on), never noticing that the offset it asked for is not the offset it
/// got.
///
/// Expected: the walk ends (`Error::Pagination`) once a page says it is not the page asked for,
/// or after some bound; it does not run for as long as the server likes.
#[test]
fn a_server_that_ignores_offset_with_fresh_ids_cannot_make_the_walk_endless() {
    let mut broken = Vec::new();
    for_each_kind(|kind| {
        let n = Arc::new(AtomicUsize::new(0));
        let server = RawServer::keep_alive(move |_, _| {
            let page = n.fetch_add(1, Ordering::SeqCst);
            let items: Vec<String> = (0..100)
                .map(|i| format!(r#"{{"checkout_session_id":"cs_{page}_{i}"}}"#))
                .collect();
            let body = format!(
                r#"{{"data":[{}],"pagination":{{"limit":100,"offset":0}}}}"#,
                items.join(",")
            );
            Action::Reply(raw_server::response(
                200,
                &[("content-type", "application/json")],
                body.as_bytes(),
                true,
            ))
        });
        let client = kind.client(server.builder());
        let params = ListCheckoutSessionsParams::new().limit(100);
        let (walked, _) = timed(|| client.sessions(&params).take(3_000).count());
        if walked >= 3_000 {
            broken.push(format!(
                "{kind:?}: {walked} items over {} pages and still going",
                server.hits()
            ));
        }
    });
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

// =============================================================================================
// Promise 2: interim answers are read past; nothing hangs.

/// How a server keeps a client waiting for 3 s (or until it stops) without ever giving a final
/// answer: `unit` every 20 ms, after `first`.
fn trickling(first: &'static [u8], unit: &'static [u8]) -> Server {
    Server::start(move |mut c| {
        if c.read_request().is_none() {
            return;
        }
        if !c.write(first) {
            return;
        }
        let until = Instant::now() + Duration::from_secs(3);
        while Instant::now() < until && !c.stopped() {
            if !c.write(unit) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        c.close();
    })
}

/// BREAK (blocking client). The attempt timeout (and the call's deadline) do not bound the
/// wait for a final answer while the server keeps the interim reader fed: a `102 Processing`
/// every 20 ms, an interim head trickled a byte at a time, or empty lines before the status
/// line (which httparse skips) keep the blocking client waiting for as long as the server
/// likes (3 s here against a 400 ms timeout; forever against a server that never stops). Each
/// read in `Interim::await_input`'s loop gets the whole `NextTimeout` again; ureq's own clock
/// is never consulted until a final head arrives. The async client ends at its timeout.
///
/// Expected: every one ends at the timeout (or deadline), well under 2 s, with a timeout error
/// that may have been processed, the create sent once.
#[test]
fn an_endless_stream_of_interim_bytes_ends_at_the_timeout() {
    let mut broken = Vec::new();
    let cases: [(&str, &'static [u8], &'static [u8]); 4] = [
        // The control: a final head trickled the same way ends at the timeout on both.
        (
            "a 201 head trickled",
            b"HTTP/1.1 201 Created\r\nx-slow: ",
            b"a",
        ),
        ("102 every 20 ms", b"", b"HTTP/1.1 102 Processing\r\n\r\n"),
        (
            "a 100 head trickled",
            b"HTTP/1.1 100 Continue\r\nx-slow: ",
            b"a",
        ),
        ("empty lines before the status line", b"", b"\r\n"),
    ];
    for (name, first, unit) in cases {
        for limit in ["timeout", "deadline"] {
            for_each_kind(|kind| {
                let server = trickling(first, unit);
                let builder = server.builder().max_retries(3);
                let builder = match limit {
                    "timeout" => builder.timeout(Duration::from_millis(400)),
                    _ => builder.deadline(Duration::from_millis(400)),
                };
                let client = kind.client(builder);
                let (result, took) = timed(|| create().call(&client));
                let what = format!("{kind:?} {name} ({limit} 400 ms)");
                match &result {
                    Err(e) if e.may_have_been_processed() && !e.is_retryable() => {}
                    other => broken.push(format!("{what}: {other:?}")),
                }
                if took > Duration::from_secs(2) {
                    broken.push(format!(
                        "{what}: took {took:?}, ended with {:?}",
                        result.as_ref().err().map(ToString::to_string)
                    ));
                }
                if server.posts() != 1 {
                    broken.push(format!("{what}: {} POSTs", server.posts()));
                }
            });
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// The control for the interim break: bodies (success, error, chunked with an endless chunk
/// extension) trickled a byte every 20 ms end at the attempt timeout on both clients.
#[test]
fn trickled_bodies_end_at_the_timeout() {
    let mut broken = Vec::new();
    let cases: [(&str, &'static [u8], &'static [u8]); 3] = [
        (
            "201 body",
            b"HTTP/1.1 201 Created\r\ncontent-length: 100000\r\n\r\n{",
            b" ",
        ),
        (
            "503 body",
            b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 100000\r\n\r\n{",
            b" ",
        ),
        (
            "chunk extension",
            b"HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n5;ext=",
            b"a",
        ),
    ];
    for (name, first, unit) in cases {
        for_each_kind(|kind| {
            let server = trickling(first, unit);
            let client = kind.client(
                server
                    .builder()
                    .max_retries(0)
                    .timeout(Duration::from_millis(400)),
            );
            let (result, took) = timed(|| create().call(&client));
            if result.is_ok() || took > Duration::from_secs(2) {
                broken.push(format!("{kind:?} {name}: took {took:?}: {result:?}"));
            }
        });
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// Thousands of interim answers in one burst, then the 201: read past on both clients.
#[test]
fn a_burst_of_interim_answers_then_the_201() {
    let mut broken = Vec::new();
    for (name, one, count) in [
        ("100 x 5000", "HTTP/1.1 100 Continue\r\n\r\n", 5_000usize),
        (
            "103 with a field x 2000",
            "HTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n",
            2_000,
        ),
        ("100 with 70 fields x 50", "", 50),
    ] {
        let unit = if one.is_empty() {
            let fields: String = (0..70).map(|i| format!("x-f{i}: v\r\n")).collect();
            format!("HTTP/1.1 100 Continue\r\n{fields}\r\n")
        } else {
            one.to_owned()
        };
        for_each_kind(|kind| {
            let mut bytes = unit.repeat(count).into_bytes();
            bytes.extend(created(false));
            let server = RawServer::start(vec![Action::ReplyThenStall(
                bytes,
                Duration::from_millis(300),
            )]);
            let client = kind.client(server.builder().max_retries(0));
            let (result, _) = timed(|| create().call(&client));
            if let Err(e) = result {
                broken.push(format!("{kind:?} {name}: {e}"));
            }
        });
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// An interim head larger than an ordinary head (a 100 with a 100 KiB field), then the 201.
#[test]
fn a_large_interim_head_then_the_201() {
    let mut broken = Vec::new();
    for size in [60 * 1024usize, 100 * 1024] {
        for_each_kind(|kind| {
            let mut bytes = format!(
                "HTTP/1.1 100 Continue\r\nx-big: {}\r\n\r\n",
                "a".repeat(size)
            )
            .into_bytes();
            bytes.extend(created(false));
            let server = RawServer::start(vec![Action::ReplyThenStall(
                bytes,
                Duration::from_millis(300),
            )]);
            let client = kind.client(server.builder().max_retries(3));
            let (result, _) = timed(|| create().call(&client));
            match result {
                Ok(_) => {}
                Err(e) => broken.push(format!(
                    "{kind:?} 100 with a {size}-byte field: {e} (processed {})",
                    e.may_have_been_processed()
                )),
            }
            if server.hits() != 1 {
                broken.push(format!("{kind:?} {size}: {} POSTs", server.hits()));
            }
        });
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

// =============================================================================================
// Promise 3: a delete succeeds only on 204 or an empty 2xx; any body is a Decode error.

/// BREAK (of the letter). A delete answered `200` with a body larger than the client's
/// `body_limit` is a `Transport` (`BodyTooLarge`) error, not a `Decode` error keeping the status,
/// the body (its first bytes) and the request id, although the body is not decoded at all.
///
/// Expected: a `Decode` error with status 200, `body()` starting with what came, and the
/// request id, as for a small body.
#[test]
#[ignore = "open, arguable: a success body over body_limit is a Transport BodyTooLarge error (status and request id kept, never Ok), not a Decode error keeping a body the client refused to read"]
fn a_delete_whose_body_exceeds_the_body_limit_is_a_decode_error_keeping_it() {
    let mut broken = Vec::new();
    let body = r#"{"deleted":false,"reason":"has payments"}"#;
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::respond(
            200,
            &[("x-request-id", "req_big")],
            body,
        )]);
        let client = kind.client(server.builder().max_retries(0).body_limit(16));
        let (result, _) = timed(|| call!(&client, c => c.delete_payment_link(LINK_ID)));
        match result {
            Err(Error::Decode(e))
                if e.status() == 200
                    && e.body().starts_with("{\"deleted\":false")
                    && e.request_id() == Some("req_big") => {}
            other => broken.push(format!("{kind:?}: {other:?}")),
        }
    });
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// A delete answered 200 without any framing, its body running to the close: not a success.
#[test]
fn a_delete_answered_with_a_body_to_the_close_is_a_decode_error() {
    let mut broken = Vec::new();
    for head in [
        "HTTP/1.1 200 OK\r\nx-request-id: req_eof\r\nconnection: close\r\n\r\n{\"deleted\":false}",
        "HTTP/1.0 200 OK\r\nx-request-id: req_eof\r\n\r\n{\"deleted\":false}",
        "HTTP/1.1 202 Accepted\r\nx-request-id: req_eof\r\nconnection: close\r\n\r\nqueued",
    ] {
        for_each_kind(|kind| {
            let server = RawServer::start(vec![Action::Reply(head.as_bytes().to_vec())]);
            let client = kind.client(server.builder().max_retries(0));
            let (result, _) = timed(|| call!(&client, c => c.delete_payment_link(LINK_ID)));
            match result {
                Err(Error::Decode(e))
                    if e.request_id() == Some("req_eof") && !e.body().is_empty() => {}
                other => broken.push(format!("{kind:?} {head:?}: {other:?}")),
            }
        });
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

// =============================================================================================
// Promise 1: a create is never sent twice once it may have reached the server.

/// A raw create (`RawRequest::post`) whose answer is an interim answer, then a 503 with
/// `Retry-After: 0`, on a keyed handle of a client that does not trust keys: sent once.
#[test]
fn a_raw_keyed_create_after_an_interim_answer_and_a_503_is_sent_once() {
    let mut broken = Vec::new();
    for interim in [
        "",
        "HTTP/1.1 100 Continue\r\nx-a: b\r\n\r\n",
        "HTTP/1.1 103 Early Hints\r\n\r\n",
    ] {
        for_each_kind(|kind| {
            let first = Arc::new(AtomicBool::new(true));
            let server = Server::start(move |mut c| {
                if c.read_request().is_none() {
                    return;
                }
                if first.swap(false, Ordering::SeqCst) {
                    let mut bytes = interim.as_bytes().to_vec();
                    bytes.extend(raw_server::response(
                        503,
                        &[("retry-after", "0")],
                        b"{}",
                        false,
                    ));
                    c.write(&bytes);
                } else {
                    c.write(&created(false));
                }
                c.close();
            });
            let client = kind
                .client(server.builder().max_retries(5))
                .with_idempotency_key("order-r5")
                .unwrap();
            let request = lomi::RawRequest::post("/checkout_sessions")
                .unwrap()
                .json(&serde_json::json!({"amount": 15000}))
                .unwrap();
            let (result, _) = timed(|| call!(&client, c => c.send::<serde_json::Value>(&request)));
            match result {
                Err(e) if e.may_have_been_processed() && !e.is_retryable() => {}
                other => broken.push(format!("{kind:?} {interim:?}: {other:?}")),
            }
            if server.posts() != 1 {
                broken.push(format!("{kind:?} {interim:?}: {} POSTs", server.posts()));
            }
        });
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// A create whose request body the server stops reading half way (it closes after the head):
/// the client cannot know what happened; it must not send it again.
#[test]
fn a_large_create_cut_off_while_sending_is_sent_once() {
    let mut broken = Vec::new();
    for reply in [false, true] {
        for_each_kind(|kind| {
            let first = Arc::new(AtomicBool::new(true));
            let heads = Arc::new(AtomicUsize::new(0));
            let h = Arc::clone(&heads);
            let server = Server::start(move |mut c| {
                if first.swap(false, Ordering::SeqCst) {
                    // Read the head only, then answer (or not) and hang up with the body unread.
                    let _ = c.stream.set_read_timeout(Some(Duration::from_secs(5)));
                    let mut got = Vec::new();
                    let mut byte = [0u8; 1];
                    while find(&got, b"\r\n\r\n").is_none() {
                        match c.stream.read(&mut byte) {
                            Ok(1) => got.push(byte[0]),
                            _ => return,
                        }
                    }
                    h.fetch_add(1, Ordering::SeqCst);
                    if reply {
                        c.write(&raw_server::response(500, &[], b"{}", false));
                    }
                    let _ = socket2::SockRef::from(&c.stream).set_linger(Some(Duration::ZERO));
                    drop(c);
                } else if c.read_request().is_some() {
                    h.fetch_add(1, Ordering::SeqCst);
                    c.write(&created(false));
                    c.close();
                }
            });
            let client = kind.client(server.builder().max_retries(5));
            let big = "m".repeat(2 << 20);
            let request = lomi::RawRequest::post("/checkout_sessions")
                .unwrap()
                .json(&serde_json::json!({"amount": 15000, "metadata": {"blob": big}}))
                .unwrap();
            let (result, _) = timed(|| call!(&client, c => c.send::<serde_json::Value>(&request)));
            let sent = heads.load(Ordering::SeqCst);
            match result {
                Err(e) if e.may_have_been_processed() => {}
                other => broken.push(format!(
                    "{kind:?} reply {reply}: {} ({sent} heads)",
                    match other {
                        Ok(v) => format!("Ok({v})"),
                        Err(e) => format!("{e:?}"),
                    }
                )),
            }
            if sent != 1 {
                broken.push(format!("{kind:?} reply {reply}: sent {sent} times"));
            }
        });
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

// =============================================================================================
// Promise 6: no tight retry loops.

/// BREAK (blocking client; arguable, the letter refuses only zero). `retry_backoff(1 ns, 1 ns)`
/// is accepted, and with `Retry-After: 0` (which never shortens the backoff, but the backoff is
/// 1 ns) a read against a server answering 503 retries as fast as the loopback allows: 300
/// retries in about 80 ms on the blocking client, a tight loop in all but name. (The async
/// client is saved by tokio's 1 ms timer granularity.)
///
/// Expected: a backoff too short to be one (under a millisecond, say) is refused at build as
/// zero is, or raised to a floor, so that 300 retries take at least 150 ms (a 1 ms floor,
/// jittered down to half at most).
#[test]
fn a_nanosecond_backoff_is_not_a_tight_loop() {
    let mut broken = Vec::new();
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(|_, _| {
            Action::Reply(raw_server::response(
                503,
                &[("retry-after", "0")],
                b"{}",
                true,
            ))
        });
        let built = kind.build(
            server
                .builder()
                .max_retries(300)
                .retry_backoff(Duration::from_nanos(1), Duration::from_nanos(1)),
        );
        let Ok(client) = built else { return };
        let (result, took) = timed(|| retrieve(&client));
        let err = result.unwrap_err();
        // The backoff's floor is 1 ms, jittered down to half of it at most: 300 waits take
        // at least 150 ms however the jitter falls (300 ms was the floor unjittered, which
        // the attempts' own time usually, but not always, made up for).
        if took < Duration::from_millis(150) {
            broken.push(format!(
                "{kind:?}: {} attempts in {took:?} ({})",
                server.requests().len(),
                err
            ));
        }
    });
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

// =============================================================================================
// Promise 9: every Number that decodes encodes again, through serde_json::Value too.

#[test]
fn every_decoded_amount_encodes_again_and_reads_back_the_same() {
    let amounts = [
        "0",
        "-0",
        "-0.0",
        "0.0",
        "1E+2",
        "1e2",
        "0.1",
        "5e-324",
        "-5e-324",
        "2.2250738585072014e-308",
        "1.7976931348623157e308",
        "-1.7976931348623157e308",
        "1e308",
        "9007199254740993",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551615",
        "18446744073709551616",
        "123456789012345678901234567890",
        "1e-400",
        "0e999999999999999999999",
        "170141183460469231731687303715884105728",
        "340282366920938463463374607431768211456",
        "-170141183460469231731687303715884105729",
        "1e19",
        "1.5e19",
        "4.5e15",
        "-1e-7",
        r#"{"$serde_json::private::Number":"1e300"}"#,
        r#"{"$serde_json::private::Number":"+7"}"#,
    ];
    let mut broken = Vec::new();
    for text in amounts {
        let body = format!(r#"{{"checkout_session_id":"cs","amount":{text},"quantity":{text}}}"#);
        let session: lomi::types::CheckoutSession = match serde_json::from_str(&body) {
            Ok(s) => s,
            Err(_) => continue,
        };
        let amount = session.amount.unwrap();
        match serde_json::to_string(&amount) {
            Ok(json) => match serde_json::from_str::<lomi::Number>(&json) {
                Ok(back) if back == amount => {}
                other => broken.push(format!("{text}: {json} reads back as {other:?}")),
            },
            Err(e) => broken.push(format!("{text}: does not encode: {e}")),
        }
        match serde_json::to_value(amount) {
            Ok(value) => match serde_json::from_value::<lomi::Number>(value.clone()) {
                Ok(back) if back == amount => {}
                other => broken.push(format!("{text}: Value {value} reads back as {other:?}")),
            },
            Err(e) => broken.push(format!("{text}: no Value: {e}")),
        }
        // The whole session, through Value and back.
        match serde_json::to_value(&session)
            .and_then(serde_json::from_value::<lomi::types::CheckoutSession>)
        {
            Ok(back) if back == session => {}
            other => broken.push(format!("{text}: session through Value: {other:?}")),
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

// =============================================================================================
// Promise 10: a signed webhook with lone surrogate escapes is accepted.

#[test]
fn signed_webhooks_with_lone_surrogates_anywhere_are_accepted() {
    use lomi::webhook::{self, Verifier};
    let verifier = Verifier::new("whsec_test_secret").unwrap();
    for body in [
        // In a key of `data`, and in the event type.
        r#"{"id":"evt_\ud800","event":"PAYMENT_\udfff","data":{"k\udbff":"\ud83d\ud83d\ude00\udc00"}}"#,
        // Upper-case hex, at the very end of a string, next to an escaped quote and backslash.
        r#"{"event":"X","data":{"a":"\\\uD800","b":"\"\uDBFF","c":"\uDC00\\","d":["\uD800\u0041"]}}"#,
        // Many of them.
        &format!(
            r#"{{"event":"X","data":{{"s":"{}"}}}}"#,
            r"\ud83d".repeat(10_000)
        ),
    ] {
        let signature = webhook::sign(body, "whsec_test_secret");
        match verifier.verify(body.as_bytes(), Some(signature.as_str())) {
            Ok(event) => assert!(event.data.is_object()),
            Err(e) => panic!("refused: {e} ({})", &body[..body.len().min(120)]),
        }
        let mut forged = body.as_bytes().to_vec();
        forged.push(b' ');
        assert!(verifier.verify(&forged, Some(signature.as_str())).is_err());
    }
}

// =============================================================================================
// Promise 7 (and the key): a proxy's refusal at call time quotes neither password nor key.

#[test]
fn a_proxy_refusing_the_tunnel_quotes_neither_its_password_nor_the_key() {
    use base64_free::encode;
    let mut broken = Vec::new();
    for answer in [
        "HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic realm=\"x\"\r\ncontent-length: 0\r\n\r\n",
        "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 5\r\n\r\nnope\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n",
    ] {
        for_each_kind(|kind| {
            let proxy = Server::start(move |mut c| {
                if c.read_request().is_some() {
                    c.write(answer.as_bytes());
                }
                c.close();
            });
            let proxy_url = format!("http://user:{PROXY_PASSWORD}@{}", proxy.addr);
            let client = kind.client(
                lomi::Client::builder(KEY)
                    .base_url("https://api.lomi.test/v1")
                    .proxy(proxy_url)
                    .max_retries(0)
                    .timeout(Duration::from_secs(5))
                    .connect_timeout(Duration::from_secs(5)),
            );
            let (result, _) = timed(|| retrieve(&client));
            let err = result.unwrap_err();
            let mut texts = vec![format!("{err}"), format!("{err:?}"), format!("{err:#?}")];
            let mut source = std::error::Error::source(&err);
            while let Some(s) = source {
                texts.push(format!("{s} {s:?}"));
                source = s.source();
            }
            let creds = encode(format!("user:{PROXY_PASSWORD}").as_bytes());
            for t in texts {
                if t.contains(PROXY_PASSWORD) || t.contains(&creds) || t.contains(KEY) {
                    broken.push(format!("{kind:?} {answer:?}: {t}"));
                }
            }
            if err.may_have_been_processed() {
                broken.push(format!(
                    "{kind:?} {answer:?}: a refused tunnel may have been processed: {err:?}"
                ));
            }
            let _ = proxy.posts();
        });
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// Base64 without a crate (the dev-dependencies have none).
mod base64_free {
    pub fn encode(bytes: &[u8]) -> String {
        const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}

/// BREAK (blocking client; the same cause as
/// `an_endless_stream_of_interim_bytes_ends_at_the_timeout`). The proxy's answer to `CONNECT`
/// goes through the same interim reader: a proxy that trickles empty lines (or `102`s) keeps
/// the blocking client connecting for as long as it likes (3 s here) past a 400 ms connect
/// timeout and attempt timeout. The async client gives up in time.
///
/// Expected: the call ends within the connect timeout (well under 2 s), as a `Connect` error.
#[test]
fn a_proxy_trickling_its_answer_to_connect_cannot_outlast_the_timeouts() {
    let mut broken = Vec::new();
    for unit in ["\r\n", "HTTP/1.1 102 Processing\r\n\r\n"] {
        for_each_kind(|kind| {
            let proxy = Server::start(move |mut c| {
                if c.read_request().is_none() {
                    return;
                }
                let until = Instant::now() + Duration::from_secs(3);
                while Instant::now() < until && !c.stopped() {
                    if !c.write(unit.as_bytes()) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                c.close();
            });
            let client = kind.client(
                lomi::Client::builder(KEY)
                    .base_url("https://api.lomi.test/v1")
                    .proxy(format!("http://{}", proxy.addr))
                    .max_retries(0)
                    .timeout(Duration::from_millis(400))
                    .connect_timeout(Duration::from_millis(400)),
            );
            let (result, took) = timed(|| retrieve(&client));
            if took > Duration::from_secs(2) {
                broken.push(format!(
                    "{kind:?} {unit:?}: took {took:?}, ended with {:?}",
                    result.err().map(|e| e.to_string())
                ));
            }
        });
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// BREAK (async client; parity, safe side). An interim `100 Continue` carrying 101 to 300
/// header fields, then the `201`: the blocking client reads past it (its interim reader takes
/// any number of fields) and returns the session; the async client fails the create with
/// `Protocol` ("message head is too large": hyper's cap of 100 fields per head), so the caller
/// is told a create failed (may have been processed) that the server made. The mirror image of
/// round 3's fixed break (65–99 fields on the blocking client).
///
/// Expected: both clients return the 201's session (or both refuse such a head alike).
#[test]
#[ignore = "open, on the safe side: hyper refuses a 1xx head of more than 100 fields, so the async client reports a create that may have been processed"]
fn a_100_continue_with_more_than_100_fields_then_the_201_gives_the_201_on_both_clients() {
    let mut outcomes = Vec::new();
    for n in [101usize, 300] {
        let fields: String = (0..n).map(|i| format!("x-f{i}: v\r\n")).collect();
        for_each_kind(|kind| {
            let mut bytes = format!("HTTP/1.1 100 Continue\r\n{fields}\r\n").into_bytes();
            bytes.extend(created(false));
            let server = RawServer::start(vec![Action::ReplyThenStall(
                bytes,
                Duration::from_millis(300),
            )]);
            let client = kind.client(server.builder().max_retries(3));
            let (result, _) = timed(|| create().call(&client));
            assert_eq!(server.hits(), 1, "{kind:?} {n}: sent more than once");
            outcomes.push((n, kind, result.map(drop).map_err(|e| e.to_string())));
        });
    }
    let broken: Vec<String> = outcomes
        .iter()
        .filter(|(_, _, r)| r.is_err())
        .map(|(n, kind, r)| format!("{kind:?} 100 with {n} fields: {r:?}"))
        .collect();
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
