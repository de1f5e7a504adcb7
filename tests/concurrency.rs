//! One client shared by 8 threads, 1,000 calls against a keep-alive loopback server that
//! fails some of them at random: every call ends, every success decodes to its own answer
//! (never another thread's), every failure is a typed error, and nothing deadlocks.

mod common;

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::raw_server::{Action, RawServer, header, request_line, response};
use lomi::types::ListCheckoutSessionsParams;
use lomi::{Client, Error, TransportErrorKind};

const THREADS: usize = 8;
const CALLS: usize = 1_000;
/// Generous: the run takes a second or two on an idle machine.
const BOUND: Duration = Duration::from_secs(60);

/// A deterministic pseudo-random number for request `n` (splitmix64).
fn mix(n: usize) -> u64 {
    let mut z = (n as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The right answer to a request: each echoes something of the request, so an answer
/// delivered to the wrong call does not decode to what that call expects.
fn answer(request: &[u8]) -> Vec<u8> {
    let (method, target) = request_line(request);
    let ok = |status, body: &str| response(status, &[], body.as_bytes(), true);
    match (
        method.as_str(),
        target.split('?').next().unwrap_or_default(),
    ) {
        ("GET", "/v1/checkout_sessions") => ok(200, &common::fixture("checkout_session_list.json")),
        ("GET", path) => {
            let id = path.rsplit('/').next().unwrap_or_default();
            ok(200, &format!(r#"{{"checkout_session_id":"{id}"}}"#))
        }
        ("DELETE", _) => ok(204, ""),
        ("POST", _) => {
            let key = header(request, "idempotency-key").unwrap_or_default();
            ok(201, &format!(r#"{{"link_id":"{key}"}}"#))
        }
        _ => ok(400, "{}"),
    }
}

/// Fails about a third of the requests: 503s, resets before and during the response, and
/// connections closed without an answer.
fn serve(n: usize, request: &[u8]) -> Action {
    let good = answer(request);
    match mix(n) % 100 {
        0..15 => Action::Reply(response(
            503,
            &[],
            br#"{"statusCode":503,"message":"busy"}"#,
            true,
        )),
        15..25 => Action::reset(),
        25..30 => Action::ReplyThenReset(good[..good.len() / 2].to_vec()),
        30..35 => Action::Close,
        _ => Action::Reply(good),
    }
}

/// What one call ended with.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    Failed,
}

/// Call `i`: one of four operations, checking a success is the answer to this very call.
fn call(client: &Client, i: usize) -> Outcome {
    let result = match i % 4 {
        0 => {
            let id = format!("cs_{i}");
            client
                .retrieve_checkout_session(&id)
                .map(|s| assert_eq!(s.checkout_session_id, id))
        }
        1 => client
            .list_checkout_sessions(&ListCheckoutSessionsParams::new().limit(20))
            .map(|page| assert!(!page.data.is_empty())),
        2 => client.delete_payment_link(&format!("link_{i}")),
        _ => {
            let key = format!("order-{i}");
            client
                .with_idempotency_key(&key)
                .unwrap()
                .create_payment_link(&common::create_link_body())
                .map(|link| assert_eq!(link.link_id, key))
        }
    };
    match result {
        Ok(()) => Outcome::Ok,
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), 503, "{e:?}");
            assert_eq!(e.attempts(), 3);
            Outcome::Failed
        }
        Err(Error::Transport(e)) => {
            assert_eq!(e.kind(), TransportErrorKind::Io, "{e:?}");
            assert_eq!(e.attempts(), 3);
            Outcome::Failed
        }
        Err(other) => panic!("call {i}: unexpected {other:?}"),
    }
}

#[test]
fn eight_threads_share_one_client_through_random_failures() {
    let server = RawServer::keep_alive(serve);
    let client = server
        .builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let started = Instant::now();
    let (done, results) = mpsc::channel();
    for t in 0..THREADS {
        let client = client.clone();
        let done = done.clone();
        thread::spawn(move || {
            for i in (t..CALLS).step_by(THREADS) {
                done.send((i, call(&client, i))).unwrap();
            }
        });
    }
    drop(done);
    let mut outcomes = Vec::with_capacity(CALLS);
    while outcomes.len() < CALLS {
        let left = BOUND.saturating_sub(started.elapsed());
        match results.recv_timeout(left) {
            Ok(outcome) => outcomes.push(outcome),
            Err(e) => panic!("{} of {CALLS} calls ended: {e}", outcomes.len()),
        }
    }
    outcomes.sort_by_key(|(i, _)| *i);
    assert!(outcomes.iter().enumerate().all(|(n, (i, _))| n == *i));
    let ok = outcomes.iter().filter(|(_, o)| *o == Outcome::Ok).count();
    // Each attempt fails about a third of the time and every call here may retry twice: only
    // a few percent of calls fail all three attempts.
    assert!(ok >= CALLS * 8 / 10, "only {ok} of {CALLS} calls succeeded");
    assert!(server.hits() >= CALLS, "{}", server.hits());
    assert!(started.elapsed() < BOUND);
    eprintln!(
        "STATS ok={ok} hits={} conns={} took={:?}",
        server.hits(),
        server.connections(),
        started.elapsed()
    );
}
