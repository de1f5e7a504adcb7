//! Round 10 of the adversarial review: cases the earlier rounds did not try, on both clients,
//! against servers on 127.0.0.1 that these tests start. Each test fails on the code it was
//! written against; its comment says which promise it holds the crate to, what was observed,
//! and what is expected.

mod common;

use std::time::Duration;

use common::raw_server::{self, Action, RawServer, query_value};
use common::*;
use lomi::Error;
use lomi::types::ListCheckoutSessionsParams;

/// What `kind` of client makes of `bytes` as the answer to a create (`read == false`) or a
/// retrieve (`read == true`), every connection answered with them and closed; and how many
/// requests the server read.
fn answered(kind: Kind, bytes: &[u8], read: bool) -> (String, usize) {
    let server = RawServer::start(vec![Action::Reply(bytes.to_vec()); 3]);
    let client = kind.client(server.builder().timeout(Duration::from_secs(2)));
    let result = if read {
        call!(&client, c => c.retrieve_checkout_session("cs_1")).map(|s| s.checkout_session_id)
    } else {
        let body = create_session_body();
        call!(&client, c => c.create_checkout_session(&body)).map(|s| s.checkout_session_id)
    };
    (outcome(&result), server.hits())
}

/// The cases whose answer the two clients read differently, each with both outcomes.
fn differences(cases: &[(&str, String)]) -> Vec<String> {
    let mut differ = Vec::new();
    for (name, bytes) in cases {
        for read in [false, true] {
            let outcomes: Vec<_> = Kind::ALL
                .iter()
                .map(|&kind| (kind, answered(kind, bytes.as_bytes(), read)))
                .collect();
            if outcomes.windows(2).any(|w| w[0].1 != w[1].1) {
                let op = if read { "retrieve" } else { "create" };
                differ.push(format!("{name} ({op}): {outcomes:?}"));
            }
        }
    }
    differ
}

const BODY: &str = r#"{"checkout_session_id":"cs_1"}"#;

fn chunked(te: &str, tail: &str) -> String {
    format!(
        "HTTP/1.1 201 Created\r\ntransfer-encoding: {te}\r\nconnection: close\r\n\r\n{:x}\r\n{BODY}\r\n{tail}",
        BODY.len()
    )
}

/// BREAK (promise 4: never skip items silently, whatever the server's pages say). A server
/// that caps its page size below the `limit` asked for (a common API behaviour: ask 100, get
/// 50) answers a full page of ITS size, honest about everything: the offset asked for, the
/// `limit` it applied (50) and a `total` of 120. The walk takes the 50 for a short page and
/// ends with `None`, as if the list were done: 70 sessions are skipped, without an error,
/// although the very page that ended the walk says 120 exist and only 50 were read.
///
/// Expected: all 120 sessions (the walk goes on at offset 50), or an `Error::Pagination`
/// saying the page was short while `total` says more remain; never a silent end after 50.
#[test]
fn a_server_capping_its_page_size_with_a_larger_total_is_not_silently_cut_short() {
    let mut cut = Vec::new();
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(|_, req| {
            let offset = query_value(req, "offset").unwrap_or(0);
            let asked = query_value(req, "limit").unwrap_or(20);
            let served = asked.min(50);
            let items: Vec<String> = (offset..(offset + served).min(120))
                .map(|i| format!(r#"{{"checkout_session_id":"cs_{i}"}}"#))
                .collect();
            let body = format!(
                r#"{{"data":[{}],"pagination":{{"limit":{served},"offset":{offset},"total":120}}}}"#,
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
        let walked: Vec<_> = client.sessions(&params).take(500).collect();
        let items = walked.iter().filter(|r| r.is_ok()).count();
        let flagged = walked
            .iter()
            .any(|r| matches!(r, Err(Error::Pagination(_))));
        if items != 120 && !flagged {
            cut.push(format!(
                "{kind:?}: the walk ended silently after {items} of the 120 sessions the \
                 server's own page counts ({} requests)",
                server.hits()
            ));
        }
    });
    assert!(cut.is_empty(), "{}", cut.join("\n"));
}

// =============================================================================================
// Promise 3: both clients behave the same. Framing the two HTTP stacks read differently.

/// BREAK (parity). README: "Both clients send the same generated request through the same
/// call logic (…); only the executor differs, so what one does on the wire the other does
/// too." The trailer section after a chunked body's last chunk is read differently: the
/// blocking client (ureq) skips trailer lines unread, whatever they hold, while the async
/// client (hyper) parses them and fails the call. A create answered `201` with a trailer
/// holding a NUL byte, a 100 KB field, 2000 fields, or a line ended by a bare LF (or whose
/// connection closes right after `0\r\n`) is the created session on the blocking client, and
/// a `Transport` error (`Protocol` or `Io`, "may have been processed") on the async one; for
/// a retrieve, the async client also sends the request three times where the blocking one
/// sends it once.
///
/// Expected: the same outcome on both clients for each answer.
#[test]
#[ignore = "accepted limit (RELIABILITY.md, Limits that remain): a trailer section is ureq's to skip and hyper's to parse; neither client reports a failure as a success, and making them agree needs a chunked decoder of our own"]
fn a_chunked_bodys_trailer_section_is_read_alike_by_both_clients() {
    let cases = [
        (
            "NUL in a trailer field",
            chunked("chunked", "0\r\nx: a\0b\r\n\r\n"),
        ),
        (
            "a 100 KB trailer field",
            chunked(
                "chunked",
                &format!("0\r\nx: {}\r\n\r\n", "a".repeat(100_000)),
            ),
        ),
        (
            "2000 trailer fields",
            chunked("chunked", &format!("0\r\n{}\r\n", "x: 1\r\n".repeat(2000))),
        ),
        (
            "a trailer line ended by LF",
            chunked("chunked", "0\r\nx: 1\n\r\n"),
        ),
        (
            "closed right after the last chunk",
            chunked("chunked", "0\r\n"),
        ),
    ];
    let differ = differences(&cases);
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

/// BREAK (parity), as above, for the chunk-size lines and the `Transfer-Encoding` list. A
/// chunk size written with leading zeros (`00000000000000000001e`) is a `Protocol` error on
/// the blocking client and the session on the async one; `transfer-encoding: chunked, gzip`
/// (chunked not last: the body runs to the close, in a coding neither client decodes) is a
/// broken connection on the blocking client (and a retrieve is sent three times) and the
/// session on the async one, which decodes bytes the server said were gzip as JSON;
/// `transfer-encoding: chunked,` is the session on the blocking client and a `Decode` error
/// on the async one; a last chunk ended by bare LFs (`0\n\n`) is `Io` (a retrieve sent three
/// times) on the blocking client and `Protocol` (sent once) on the async one.
///
/// Expected: the same outcome on both clients for each answer.
#[test]
#[ignore = "accepted limit (RELIABILITY.md, Limits that remain): malformed chunk framing and transfer-coding lists are ureq's and hyper's to read; the outcomes differ in kind, never a failure reported as success"]
fn chunk_sizes_and_transfer_codings_are_read_alike_by_both_clients() {
    let cases = [
        (
            "a chunk size with leading zeros",
            format!(
                "HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n0000000000000000000{:x}\r\n{BODY}\r\n0\r\n\r\n",
                BODY.len()
            ),
        ),
        (
            "transfer-encoding: chunked, gzip",
            format!(
                "HTTP/1.1 201 Created\r\ntransfer-encoding: chunked, gzip\r\nconnection: close\r\n\r\n{BODY}"
            ),
        ),
        (
            "transfer-encoding: chunked,",
            chunked("chunked,", "0\r\n\r\n"),
        ),
        (
            "a last chunk ended by bare LFs",
            chunked("chunked", "0\n\n"),
        ),
    ];
    let differ = differences(&cases);
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

// =============================================================================================
// Promise 1: no failure reported as success: a 2xx whose body is not the resource asked for.

/// BREAK (payment safety). README: a success body without the object's id is "a `Decode`
/// error, never an empty object taken for success"; the brief's first promise: no failure as
/// success, "e.g. a 2xx with a body that is not the resource". A retrieve, update or delete
/// names one object by id; a `200` carrying ANOTHER object (a cache or gateway answering with
/// a neighbouring customer's session, a load balancer crossing two answers, a server bug) is
/// returned as the object asked for. `is_paid("cs_mine")`, the README's own mock example, says
/// `true` because `cs_someone_else` is completed: a merchant ships an order nobody paid for.
/// The client knows the id it asked for and the id it got, and compares neither.
///
/// Expected: a `Decode` error (status and body kept) when the id of the object answered is not
/// the id asked for, on both clients, for every operation that names an object by id.
#[test]
fn an_object_answered_for_another_id_is_not_the_object_asked_for() {
    let other_session = r#"{"checkout_session_id":"cs_someone_else","status":"completed"}"#;
    let other_link = r#"{"link_id":"link_someone_else","is_active":true}"#;
    let mut taken = Vec::new();
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(move |_, req| {
            let (_, target) = raw_server::request_line(req);
            let body = if target.contains("/payment_links/") {
                other_link
            } else {
                other_session
            };
            Action::Reply(raw_server::response(
                200,
                &[("content-type", "application/json")],
                body.as_bytes(),
                true,
            ))
        });
        let client = kind.client(server.builder());
        let session = call!(&client, c => c.retrieve_checkout_session("cs_mine"));
        if let Ok(s) = session {
            taken.push(format!(
                "{kind:?} retrieve_checkout_session(cs_mine) -> Ok({}, {:?})",
                s.checkout_session_id, s.status
            ));
        }
        let update = update_session_body();
        let session = call!(&client, c => c.update_checkout_session("cs_mine", &update));
        if let Ok(s) = session {
            taken.push(format!(
                "{kind:?} update_checkout_session(cs_mine) -> Ok({})",
                s.checkout_session_id
            ));
        }
        let link = call!(&client, c => c.retrieve_payment_link("link_mine"));
        if let Ok(l) = link {
            taken.push(format!(
                "{kind:?} retrieve_payment_link(link_mine) -> Ok({})",
                l.link_id
            ));
        }
    });
    assert!(taken.is_empty(), "{}", taken.join("\n"));
}

/// BREAK (payment safety), the create's side of the case above. A create answered `201` with
/// `{"checkout_session_id": ""}` (a gateway's template, a server that failed to fill the id)
/// is `Ok`: the caller stores a session whose id the same client refuses as an argument
/// (`retrieve_checkout_session("")` is `InvalidRequest`), so the session that may exist can
/// never be looked up, and a list walk treats every such item as one (`""` is its key). The
/// README promises the id is the one field a success must have; an empty id is no id.
///
/// Expected: a `Decode` error naming `checkout_session_id` (may have been processed), on both
/// clients, as for a body without the field.
#[test]
fn a_create_answered_with_an_empty_id_is_not_a_success() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(
            201,
            r#"{"checkout_session_id":"","status":"open"}"#,
        )]);
        let client = kind.client(server.builder());
        let body = create_session_body();
        let result = call!(&client, c => c.create_checkout_session(&body));
        match result {
            Err(Error::Decode(e)) => assert!(e.path().contains("checkout_session_id"), "{e}"),
            other => panic!("a create answered with an empty id gave {other:?}"),
        }
    });
}

// =============================================================================================
// Promise 2: no unescaped control character from server text in an error message.

/// An https server on 127.0.0.1 presenting `config`'s certificate to every connection; it
/// reads nothing past the handshake.
fn tls_server(config: std::sync::Arc<rustls::ServerConfig>) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(mut stream) = stream else { return };
            let config = std::sync::Arc::clone(&config);
            std::thread::spawn(move || {
                let mut tls = rustls::ServerConnection::new(config).unwrap();
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                while tls.is_handshaking() {
                    if tls.complete_io(&mut stream).is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

/// Every `Display` in an error's `source()` chain, the error's own first, as anyhow's
/// "Caused by:" list prints them.
fn displayed_chain(e: &dyn std::error::Error) -> Vec<String> {
    let mut shown = vec![e.to_string()];
    let mut next = e.source();
    while let Some(s) = next {
        shown.push(s.to_string());
        next = s.source();
    }
    shown
}

/// BREAK (escaping). README: "Text from the server is never trusted: wherever an error or a
/// log line quotes it, control characters (ESC, NUL, CR LF…) are escaped, so a server cannot
/// forge log lines or repaint a terminal"; RELIABILITY extends it to what `source()` shows
/// (anyhow's "Caused by:"). A server whose certificate (signed by a CA the client trusts, such
/// as the company CA of a TLS-inspecting proxy given with `root_certificates`) names another
/// host, with CR LF and ESC in its subjectAltName, fails the handshake with a `Tls` error
/// whose own message is escaped, but whose source (rustls' "certificate not valid for name …;
/// certificate is only valid for DnsName(\"…\")") carries the certificate's name raw: CR LF
/// forge a log line, ESC repaints the terminal, on both clients.
///
/// Expected: no raw control character in any `Display` of the error's source chain (the
/// source shown escaped, as decode errors' sources are).
#[test]
fn a_certificate_names_control_characters_never_reach_the_error_chain_raw() {
    let forged = "evil.example\r\nINFO payment captured \u{1b}[2J";
    let pki = common::tls::pki(&[forged]);
    let port = tls_server(std::sync::Arc::clone(&pki.server));
    let mut raw = Vec::new();
    for_each_kind(|kind| {
        let client = kind.client(
            lomi::Client::builder(KEY)
                .base_url(format!("https://localhost:{port}/v1"))
                .root_certificates(pki.ca_pem.clone().into_bytes())
                .max_retries(0)
                .timeout(Duration::from_secs(5)),
        );
        let err = call!(&client, c => c.retrieve_payment_link("link_1")).unwrap_err();
        assert!(matches!(&err, Error::Transport(_)), "{err:?}");
        for shown in displayed_chain(&err) {
            if !common::sneaky::raw_sneaky(&shown).is_empty() {
                raw.push(format!("{kind:?}: {}", shown.escape_debug()));
            }
        }
    });
    assert!(raw.is_empty(), "server text shown raw:\n{}", raw.join("\n"));
}

// =============================================================================================
// Promise 2: every call ends within its deadline, a slow TLS handshake included.

/// A relay on 127.0.0.1 in front of `upstream`: what the client sends goes on at once, what
/// the server answers comes back one byte every `pause`.
fn trickling_relay(upstream: u16, pause: Duration) -> u16 {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for client in listener.incoming().take(8) {
            let Ok(client) = client else { return };
            let Ok(server) = std::net::TcpStream::connect(("127.0.0.1", upstream)) else {
                return;
            };
            let (mut c_read, mut s_write) =
                (client.try_clone().unwrap(), server.try_clone().unwrap());
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = c_read.read(&mut buf) {
                    if n == 0 || s_write.write_all(&buf[..n]).is_err() {
                        return;
                    }
                }
            });
            let (mut s_read, mut c_write) = (server, client);
            std::thread::spawn(move || {
                let started = std::time::Instant::now();
                let mut byte = [0u8; 1];
                while started.elapsed() < Duration::from_secs(8) {
                    match s_read.read(&mut byte) {
                        Ok(1) => {
                            if c_write.write_all(&byte).is_err() {
                                return;
                            }
                            std::thread::sleep(pause);
                        }
                        _ => return,
                    }
                }
            });
        }
    });
    port
}

/// HELD (new: the brief's "slow TLS"). A server whose handshake trickles in a byte every
/// 20 ms (seconds for its certificate) cannot stretch a create past the call's deadline on
/// either client: handshakes cut short by the connect timeout are retried (nothing was sent),
/// and the call ends at its deadline with a `Transport` error, the same on both clients.
#[test]
fn a_trickled_tls_handshake_ends_within_the_deadline_on_both_clients() {
    let pki = common::tls::pki(&["localhost"]);
    let upstream = tls_server(std::sync::Arc::clone(&pki.server));
    let relay = trickling_relay(upstream, Duration::from_millis(20));
    for_each_kind(|kind| {
        let client = kind.client(
            lomi::Client::builder(KEY)
                .base_url(format!("https://localhost:{relay}/v1"))
                .root_certificates(pki.ca_pem.clone().into_bytes())
                .connect_timeout(Duration::from_millis(300))
                .timeout(Duration::from_secs(5))
                .deadline(Duration::from_millis(900))
                .retry_backoff(Duration::from_millis(1), Duration::from_millis(5)),
        );
        let body = create_session_body();
        let (result, took) = timed(|| call!(&client, c => c.create_checkout_session(&body)));
        let err = result.unwrap_err();
        assert!(
            took < Duration::from_millis(1500),
            "{kind:?}: {took:?} for {err}"
        );
        assert!(
            matches!(&err, Error::Transport(t) if t.kind() == lomi::TransportErrorKind::Timeout),
            "{kind:?}: {err:?}"
        );
    });
}

// =============================================================================================
// The edges of the fixes above.

/// The id check compares UUIDs by value (a server may write one in upper case where the
/// caller wrote it in lower case) and other ids exactly (`CS_AB12` is not `cs_ab12`), and an id
/// the server echoes the key into is reported without the key.
#[test]
fn the_object_check_takes_a_uuid_in_another_case_and_never_shows_the_key() {
    let upper = r#"{"checkout_session_id":"A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11","status":"open"}"#;
    let other_case = r#"{"checkout_session_id":"CS_AB12","status":"open"}"#;
    let echoed = format!(r#"{{"checkout_session_id":"{KEY}","status":"open"}}"#);
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            Action::json(200, upper),
            Action::json(200, other_case),
            Action::json(200, &echoed),
        ]);
        let client = kind.client(server.builder());
        let uuid = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
        let same = call!(&client, c => c.retrieve_checkout_session(uuid));
        assert_eq!(
            same.unwrap().checkout_session_id,
            "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
            "{kind:?}"
        );
        let other = call!(&client, c => c.retrieve_checkout_session("cs_ab12"));
        assert!(
            matches!(other, Err(Error::Decode(_))),
            "{kind:?}: {other:?}"
        );
        let Err(Error::Decode(e)) = call!(&client, c => c.retrieve_checkout_session("cs_mine"))
        else {
            panic!("{kind:?}: another object was taken for the one asked for");
        };
        let shown = format!("{e} {e:?} {:?}", std::error::Error::source(&e));
        assert!(!shown.contains(KEY), "{kind:?}: {shown}");
        assert!(shown.contains("cs_mine"), "{kind:?}: {shown}");
        assert_eq!(e.status(), 200);
    });
}
