//! Round 7 of the adversarial review: new cases of the kinds the earlier rounds attacked, on
//! both clients, against servers on 127.0.0.1 that these tests start. Each test fails on the
//! code it was written against; its comment says what is expected and which promise it holds
//! the crate to.

mod common;

use common::raw_server::{Action, RawServer};
use common::*;
use lomi::Error;
use lomi::types::ListCheckoutSessionsParams;

const SESSION: &str = r#"{"checkout_session_id":"cs_real","status":"open"}"#;

// =============================================================================================
// Pagination: a page that says it starts at another offset.

/// A full page of `limit` sessions with ids never seen before, saying it starts at `offset`.
fn fresh_page(n: usize, limit: usize, offset: &str) -> String {
    let items: Vec<String> = (0..limit)
        .map(|i| format!(r#"{{"checkout_session_id":"cs_{n}_{i}"}}"#))
        .collect();
    format!(
        r#"{{"data":[{}],"pagination":{{"limit":{limit},"offset":{offset},"total":1000000}}}}"#,
        items.join(",")
    )
}

/// BREAK (a walk that never ends). README: a page "that says it starts at another offset than
/// the one asked for (lomi.'s pages give their `offset`), ends the walk with
/// `Error::Pagination` saying why". A server that ignores `offset`, invents fresh ids, and says
/// so with `"offset": -1` (or any negative offset) is not caught: a negative offset is read as
/// "no offset given", so the walk goes on page after page, for ever.
///
/// Expected: the first page, which says it starts at offset -1 where 0 was asked for, ends the
/// walk with `Error::Pagination`.
#[test]
fn a_page_that_says_it_starts_at_a_negative_offset_ends_the_walk() {
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(|n, _| {
            Action::Reply(raw_server::response(
                200,
                &[("content-type", "application/json")],
                fresh_page(n, 10, "-1").as_bytes(),
                true,
            ))
        });
        let client = kind.client(server.builder());
        let params = ListCheckoutSessionsParams::new().limit(10);
        let (walked, _) = timed(|| client.sessions(&params).take(60).collect::<Vec<_>>());
        let items = walked.iter().filter(|r| r.is_ok()).count();
        let ended = walked
            .iter()
            .any(|r| matches!(r, Err(Error::Pagination(_))));
        assert!(
            ended && items == 0,
            "{items} items handed out over {} pages of a server that answers offset -1 to \
             every page, and no Error::Pagination",
            server.hits()
        );
    });
}

// =============================================================================================
// Base URLs the two clients read differently.

/// BREAK (parity). RELIABILITY: "A base URL the two clients would send differently (… a port
/// past 65535, `127.1`) → `Config` at build on both clients". A port written with a sign
/// (`:+PORT`) passes `build()` (Rust's `u16` parser takes a leading `+`, and `http::Uri`
/// checks no port digits), then the blocking client connects to the port and gets its answer,
/// while the async client's URL parser refuses it on every call (`InvalidRequest`).
///
/// Expected: `Config` at `build()` on both clients, or the same outcome on both.
#[test]
fn a_base_url_port_with_a_plus_sign_is_refused_or_read_alike() {
    let mut seen = Vec::new();
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(200, SESSION)]);
        let base = format!("http://127.0.0.1:+{}/v1", server.port());
        let outcome = match kind.build(server.builder().base_url(base).max_retries(0)) {
            Err(Error::Config(_)) => "Config at build".to_string(),
            Err(e) => format!("{e:?} at build"),
            Ok(client) => {
                match timed(|| call!(&client, c => c.retrieve_checkout_session("cs_1"))).0 {
                    Ok(_) => "Ok".to_string(),
                    Err(e) => format!("{e}"),
                }
            }
        };
        seen.push(format!("{kind:?}: {outcome}"));
    });
    let refused = seen.iter().all(|s| s.ends_with("Config at build"));
    assert!(refused, "{seen:#?}");
}

// =============================================================================================
// A base URL's password, quoted.

/// Passwords as people type them, with a character that ends a URL's authority (`/`, `?`,
/// `#`): the URL is wrong (the password is not percent-encoded), and `build()` refuses it.
const PASSWORDS: [&str; 3] = ["hunter/22", "hunter?22", "hunter#22"];

/// BREAK (a password in an error). RELIABILITY: "A base URL the two clients would send
/// differently (… `user:pass@` …) → `Config` at build on both clients, never quoting a
/// password". A password holding `/`, `?` or `#` (typed as is, not percent-encoded) is quoted
/// whole in the `Config` error: the message's redaction looks for `@` only before the first
/// `/`, `?` or `#`, which here fall inside the password, so it finds no user info and quotes
/// the URL as written.
///
/// Expected: `Config`, and no part of the password in the error (`Display` or `Debug`).
#[test]
fn a_base_url_password_with_a_slash_question_mark_or_hash_is_never_quoted() {
    let mut leaked = Vec::new();
    for password in PASSWORDS {
        let url = format!("https://shop:{password}@api.lomi.africa/v1");
        for_each_kind(
            |kind| match kind.build(lomi::Client::builder(KEY).base_url(url.as_str())) {
                Err(e @ Error::Config(_)) => {
                    let shown = format!("{e} {e:?}");
                    if shown.contains(password) {
                        leaked.push(format!("{kind:?}: {shown}"));
                    }
                }
                Err(e) => leaked.push(format!("{kind:?}: not a Config error: {e:?}")),
                Ok(_) => leaked.push(format!("{kind:?}: {url} accepted")),
            },
        );
    }
    assert!(leaked.is_empty(), "{leaked:#?}");
}

/// BREAK (a password in `Debug`). `ClientBuilder`'s `Debug` hides the key and the proxy (shown
/// as `"explicit"`, since a proxy URL may carry a password), but prints the base URL as given,
/// `user:password@` and all: a builder logged with `{:?}` (as a configuration dump, or by a
/// `tracing` `#[instrument]` on a function taking it) shows the password.
///
/// Expected: the builder's `Debug` never shows the password of a base URL, as it never shows a
/// proxy's.
#[test]
fn a_builders_debug_never_shows_a_base_url_password() {
    let builder = lomi::Client::builder(KEY)
        .base_url("https://shop:hunter22@api.lomi.africa/v1")
        .proxy("http://user:proxy-secret@proxy.internal:3128");
    let shown = format!("{builder:?} {builder:#?}");
    assert!(!shown.contains("proxy-secret"), "{shown}");
    assert!(!shown.contains("hunter22"), "{shown}");
}

// =============================================================================================
// `Retry-After` beyond 64 bits.

/// BREAK (`Retry-After` ignored). RELIABILITY: "`Retry-After` beyond the cap, or past the
/// deadline → the call ends at once; `retry_after()` reports the wait asked for". A
/// `Retry-After` of more seconds than a `u64` holds is taken for no `Retry-After` at all: the
/// read is retried after the ordinary backoff (milliseconds), twice, against a server that
/// asked for a wait of billions of years, and `retry_after()` says `None`.
///
/// Expected: one attempt, an `Api` 503 whose `retry_after()` is `Some` (beyond the cap).
#[test]
fn a_retry_after_beyond_64_bits_of_seconds_ends_the_call_at_once() {
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(|_, _| {
            Action::Reply(raw_server::response(
                503,
                &[("retry-after", "184467440737095516160")],
                b"",
                true,
            ))
        });
        let client = kind.client(server.builder());
        let (result, _) = timed(|| call!(&client, c => c.retrieve_checkout_session("cs_1")));
        let e = expect_api(result, 503);
        assert!(
            server.hits() == 1 && e.retry_after().is_some(),
            "{} attempts, retry_after() = {:?}",
            server.hits(),
            e.retry_after()
        );
    });
}
