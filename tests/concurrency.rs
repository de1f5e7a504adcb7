//! One client shared by 8 threads (or, async, 8 tasks), 1,000 calls against a keep-alive
//! loopback server that fails some attempts at random, for each client: every call ends, every success decodes to its own
//! answer (never another call's), and each call's outcome is what the server did to its
//! attempts, attempt by attempt. And connections are reused: one for calls made one after
//! another, at most one per thread (or task) for a shared client.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Barrier, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use common::raw_server::{Action, RawServer, Sent, response};
use common::*;
use lomi::types::ListCheckoutSessionsParams;
use lomi::{Error, TransportErrorKind};

/// Threads sharing a blocking client, or tasks sharing an async one.
const WORKERS: usize = 8;
const CALLS: usize = 1_000;

/// A deterministic pseudo-random number for request `n` (splitmix64).
fn mix(n: usize) -> u64 {
    let mut z = (n as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What the server did with one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Served {
    Answered,
    Busy,
    Reset,
    HalfThenReset,
    Closed,
}

/// The call an attempt belongs to: each call's request names its number `i` (in the id, the
/// offset, or the idempotency key).
fn call_of(sent: &Sent) -> usize {
    let number = |text: &str| text.parse::<usize>().unwrap();
    let (path, query) = sent.target.split_once('?').unwrap_or((&sent.target, ""));
    match (sent.method.as_str(), path) {
        ("GET", "/v1/checkout_sessions") => number(query.rsplit("offset=").next().unwrap()),
        ("GET", _) => number(path.rsplit("cs_").next().unwrap()),
        ("DELETE", _) => number(path.rsplit("link_").next().unwrap()),
        _ => number(
            sent.header("idempotency-key")
                .unwrap()
                .trim_start_matches("order-"),
        ),
    }
}

/// The right answer to call `i`'s request: each echoes the call's number, so an answer
/// delivered to the wrong call does not decode to what that call expects.
fn answer(sent: &Sent, i: usize) -> Vec<u8> {
    let ok = |status, body: &str| response(status, &[], body.as_bytes(), true);
    match sent.method.as_str() {
        "GET" if sent.target.contains('?') => ok(
            200,
            &format!(r#"{{"data":[{{"checkout_session_id":"list_{i}"}}]}}"#),
        ),
        "GET" => ok(200, &format!(r#"{{"checkout_session_id":"cs_{i}"}}"#)),
        "DELETE" => ok(204, ""),
        _ => ok(201, &format!(r#"{{"link_id":"order-{i}"}}"#)),
    }
}

/// Call `i` on a blocking or (with `await`) an async client: one of four operations, checking
/// a success is the answer to this very call.
macro_rules! numbered_call {
    ($client:expr, $i:expr $(, $wait:tt)?) => {{
        let (client, i) = ($client, $i);
        match i % 4 {
            0 => client
                .retrieve_checkout_session(&format!("cs_{i}"))
                $(.$wait)?
                .map(|s| assert_eq!(s.checkout_session_id, format!("cs_{i}"))),
            1 => client
                .list_checkout_sessions(
                    &ListCheckoutSessionsParams::new().limit(20).offset(i as u64),
                )
                $(.$wait)?
                .map(|page| assert_eq!(page.data[0].checkout_session_id, format!("list_{i}"))),
            2 => client.delete_payment_link(&format!("link_{i}")) $(.$wait)?,
            _ => client
                .with_idempotency_key(&format!("order-{i}"))
                .unwrap()
                .create_payment_link(&create_link_body())
                $(.$wait)?
                .map(|link| assert_eq!(link.link_id, format!("order-{i}"))),
        }
    }};
}

/// Makes `calls` numbered calls on one client, [`WORKERS`] at a time: from that many threads
/// for the blocking client, from that many tasks on one runtime for the async one, each worker
/// taking every `WORKERS`-th number. Returns each call's result by number.
fn concurrently(client: &AnyClient, calls: usize) -> Vec<Result<(), Error>> {
    let results = match client {
        AnyClient::Blocking(client) => from_threads(client, calls),
        #[cfg(feature = "async")]
        AnyClient::Async(client, runtime) => runtime.block_on(from_tasks(client, calls)),
    };
    let mut by_number = BTreeMap::new();
    for (i, result) in results {
        assert!(
            by_number.insert(i, result).is_none(),
            "call {i} ended twice"
        );
    }
    assert_eq!(by_number.len(), calls);
    by_number.into_values().collect()
}

fn from_threads(client: &lomi::Client, calls: usize) -> Vec<(usize, Result<(), Error>)> {
    let started = Instant::now();
    let start = Arc::new(Barrier::new(WORKERS));
    let (done, results) = mpsc::channel();
    for t in 0..WORKERS {
        let (client, done, start) = (client.clone(), done.clone(), Arc::clone(&start));
        thread::spawn(move || {
            start.wait();
            for i in (t..calls).step_by(WORKERS) {
                done.send((i, numbered_call!(&client, i))).unwrap();
            }
        });
    }
    drop(done);
    let mut outcomes = Vec::with_capacity(calls);
    while outcomes.len() < calls {
        let left = BOUND.saturating_sub(started.elapsed());
        match results.recv_timeout(left) {
            Ok(outcome) => outcomes.push(outcome),
            Err(e) => panic!("{} of {calls} calls ended: {e}", outcomes.len()),
        }
    }
    outcomes
}

#[cfg(feature = "async")]
async fn from_tasks(client: &lomi::AsyncClient, calls: usize) -> Vec<(usize, Result<(), Error>)> {
    let mut tasks = tokio::task::JoinSet::new();
    for t in 0..WORKERS {
        let client = client.clone();
        tasks.spawn(async move {
            let mut outcomes = Vec::new();
            for i in (t..calls).step_by(WORKERS) {
                outcomes.push((i, numbered_call!(&client, i, await)));
            }
            outcomes
        });
    }
    let all = async {
        let mut outcomes = Vec::with_capacity(calls);
        while let Some(done) = tasks.join_next().await {
            outcomes.extend(done.expect("a task that does not panic"));
        }
        outcomes
    };
    tokio::time::timeout(BOUND, all)
        .await
        .expect("every call ends")
}

#[test]
fn eight_threads_share_one_client_through_random_failures() {
    for_each_kind(|kind| {
        // Fails about a third of the attempts: 503s, resets before and during the response,
        // and connections closed without an answer; and notes what it did to whose attempt.
        let served: Arc<Mutex<Vec<(usize, Served)>>> = Arc::default();
        let log = Arc::clone(&served);
        let server = RawServer::keep_alive(move |n, request| {
            let sent = Sent::parse(request);
            let i = call_of(&sent);
            let good = answer(&sent, i);
            let (what, action) = match mix(n) % 100 {
                0..15 => (
                    Served::Busy,
                    Action::Reply(response(503, &[], br#"{"message":"busy"}"#, true)),
                ),
                15..25 => (Served::Reset, Action::reset()),
                25..30 => (
                    Served::HalfThenReset,
                    Action::ReplyThenReset(good[..good.len() / 2].to_vec()),
                ),
                30..35 => (Served::Closed, Action::Close),
                _ => (Served::Answered, Action::Reply(good)),
            };
            log.lock().unwrap().push((i, what));
            action
        });
        let client = kind.client(server.builder().trust_idempotency_keys(true));
        let results = concurrently(&client, CALLS);
        let served = served.lock().unwrap().clone();
        let mut attempts: Vec<Vec<Served>> = vec![Vec::new(); CALLS];
        for (i, what) in served {
            attempts[i].push(what);
        }
        let mut ok = 0;
        for (i, (result, attempts)) in results.iter().zip(&attempts).enumerate() {
            let (last, before) = attempts.split_last().expect("every call was sent");
            assert!(
                before.iter().all(|a| *a != Served::Answered),
                "call {i} was answered and tried again: {attempts:?}"
            );
            match result {
                Ok(()) => {
                    assert_eq!(*last, Served::Answered, "call {i}: {attempts:?}");
                    assert!(attempts.len() <= 3, "call {i}: {attempts:?}");
                    ok += 1;
                }
                Err(err) => {
                    assert_eq!(attempts.len(), 3, "call {i}: {attempts:?} {err:?}");
                    match (last, err) {
                        (Served::Busy, Error::Api(e)) => {
                            assert_eq!((e.status(), e.attempts()), (503, 3));
                        }
                        (
                            Served::Reset | Served::HalfThenReset | Served::Closed,
                            Error::Transport(e),
                        ) => {
                            assert_eq!(e.kind(), TransportErrorKind::Io, "{e:?}");
                            assert_eq!(e.attempts(), 3);
                        }
                        _ => panic!("call {i}: {attempts:?} ended in {err:?}"),
                    }
                }
            }
        }
        // Each attempt fails about a third of the time and every call here may retry twice:
        // only a few percent of calls fail all three attempts.
        assert!(ok >= CALLS * 8 / 10, "only {ok} of {CALLS} calls succeeded");
        let total: usize = attempts.iter().map(Vec::len).sum();
        assert_eq!(server.hits(), total);
    });
}

/// A keep-alive answer to any request of the table.
fn keep_alive(op: &Operation) -> Action {
    let body = op.fixture_body();
    let headers: &[(&str, &str)] = &[("content-type", "application/json")];
    Action::Reply(response(op.status, headers, body.as_bytes(), true))
}

#[test]
fn calls_one_after_another_share_one_connection() {
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(|n, _| keep_alive(&OPERATIONS[n % OPERATIONS.len()]));
        let client = kind.client(server.builder());
        for round in 0..2 {
            for op in &OPERATIONS {
                let answer = op.call(&client);
                assert_eq!(answer.unwrap(), op.answer(), "{} (round {round})", op.name);
            }
        }
        assert_eq!(server.hits(), 2 * OPERATIONS.len());
        assert_eq!(server.connections(), 1);
    });
}

#[test]
fn a_shared_client_opens_at_most_one_connection_per_worker() {
    for_each_kind(|kind| {
        let server = RawServer::keep_alive(|_, request| {
            let sent = Sent::parse(request);
            Action::Reply(answer(&sent, call_of(&sent)))
        });
        let client = kind.client(server.builder());
        for result in concurrently(&client, 200) {
            result.unwrap();
        }
        assert_eq!(server.hits(), 200);
        let connections = server.connections();
        assert!(
            (1..=WORKERS).contains(&connections),
            "{connections} connections for {WORKERS} workers"
        );
    });
}

#[test]
fn an_idle_connection_the_server_closed_is_not_an_error() {
    // The server answers and then closes the connection the client keeps in its pool; the
    // next call must connect again, not fail (nor retry behind the policy's back).
    for_each_kind(|kind| {
        let op = operation("retrieve_payment_link");
        let server = RawServer::keep_alive(move |n, _| match (n, keep_alive(op)) {
            // A keep-alive answer, and then the server closes the connection anyway.
            (0, Action::Reply(bytes)) => Action::ReplyThenStall(bytes, Duration::ZERO),
            (_, action) => action,
        });
        let client = kind.client(server.builder().max_retries(0));
        op.call(&client).unwrap();
        // Let the close reach the client's side of the socket.
        client.idle(Duration::from_millis(50));
        op.call(&client).unwrap();
        assert_eq!(server.hits(), 2);
        assert_eq!(server.connections(), 2);
    });
}
