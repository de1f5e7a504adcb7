//! What only the async client (feature `async`) has: futures that can move between threads,
//! calls in flight at once on one client, and calls abandoned half-way. Everything both clients
//! share (the ten operations on the wire, errors, faults, retries, limits, pages, logs) runs
//! against it from the shared table and runner: see `tests/common/clients.rs`.
#![cfg(feature = "async")]

mod common;

use std::future::Future;
use std::time::Duration;

use common::raw_server::{Action, RawServer, Refused, Sent, response};
use common::*;
use futures_util::StreamExt as _;
use lomi::AsyncClient;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

/// Every future and stream the client returns can be spawned on a multi-threaded runtime.
#[test]
fn futures_and_streams_are_send() {
    fn check(c: &AsyncClient) -> Vec<std::pin::Pin<Box<dyn Future<Output = ()> + Send + '_>>> {
        let (session, link) = (create_session_body(), create_link_body());
        vec![
            Box::pin(async move {
                drop(assert_send(c.list_checkout_sessions(&list_sessions_params())).await)
            }),
            Box::pin(async move { drop(assert_send(c.create_checkout_session(&session)).await) }),
            Box::pin(async move { drop(assert_send(c.retrieve_checkout_session("x")).await) }),
            Box::pin(async move {
                drop(assert_send(c.update_checkout_session("x", &update_session_body())).await)
            }),
            Box::pin(async move { drop(assert_send(c.delete_checkout_session("x")).await) }),
            Box::pin(
                async move { drop(assert_send(c.list_payment_links(&list_links_params())).await) },
            ),
            Box::pin(async move { drop(assert_send(c.create_payment_link(&link)).await) }),
            Box::pin(async move { drop(assert_send(c.retrieve_payment_link("x")).await) }),
            Box::pin(async move {
                drop(assert_send(c.update_payment_link("x", &update_link_body())).await)
            }),
            Box::pin(async move { drop(assert_send(c.delete_payment_link("x")).await) }),
            Box::pin(async move {
                let stream = assert_send(c.list_checkout_sessions_stream(&list_sessions_params()));
                drop(std::pin::pin!(stream).next().await)
            }),
            Box::pin(async move {
                let stream = assert_send(c.list_payment_links_stream(&list_links_params()));
                drop(std::pin::pin!(stream).next().await)
            }),
        ]
    }
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<AsyncClient>();
    // Run them, too: against a refused port each ends in an error at once.
    let refused = Refused::new();
    let client = lomi::Client::builder(KEY)
        .base_url(refused.url())
        .max_retries(0)
        .build_async()
        .unwrap();
    let futures = check(&client);
    assert_eq!(futures.len(), 12);
    runtime().block_on(async {
        for future in futures {
            future.await;
        }
    });
}

/// The answer to whichever operation of the table `request` is, kept alive.
fn answer(request: &[u8]) -> Action {
    let sent = Sent::parse(request);
    let op = OPERATIONS
        .iter()
        .find(|op| {
            op.method == sent.method
                && op.target == sent.target
                && op.body.unwrap_or_default().as_bytes() == sent.body
        })
        .unwrap_or_else(|| panic!("not a request of the table: {sent:?}"));
    let headers: &[(&str, &str)] = &[("content-type", "application/json")];
    Action::Reply(response(
        op.status,
        headers,
        op.fixture_body().as_bytes(),
        true,
    ))
}

#[test]
fn the_ten_operations_at_once_on_one_client() {
    let server = RawServer::keep_alive(|_, request| answer(request));
    let client = server.builder().build_async().unwrap();
    let answers = runtime().block_on(async {
        let (session, link) = (create_session_body(), create_link_body());
        let (update_session, update_link) = (update_session_body(), update_link_body());
        let (sessions, links) = (list_sessions_params(), list_links_params());
        let c = &client;
        let sessions_calls = futures_util::future::join5(
            c.list_checkout_sessions(&sessions),
            c.create_checkout_session(&session),
            c.retrieve_checkout_session(SESSION_ID),
            c.update_checkout_session(SESSION_ID, &update_session),
            c.delete_checkout_session(SESSION_ID),
        );
        let links_calls = futures_util::future::join5(
            c.list_payment_links(&links),
            c.create_payment_link(&link),
            c.retrieve_payment_link(LINK_ID),
            c.update_payment_link(LINK_ID, &update_link),
            c.delete_payment_link(LINK_ID),
        );
        let ((a, b, c_, d, e), (f, g, h, i, j)) =
            futures_util::future::join(sessions_calls, links_calls).await;
        [
            a.map(Answer::Sessions),
            b.map(|s| Answer::Session(Box::new(s))),
            c_.map(|s| Answer::Session(Box::new(s))),
            d.map(|s| Answer::Session(Box::new(s))),
            e.map(|()| Answer::Deleted),
            f.map(Answer::Links),
            g.map(|l| Answer::Link(Box::new(l))),
            h.map(|l| Answer::Link(Box::new(l))),
            i.map(|l| Answer::Link(Box::new(l))),
            j.map(|()| Answer::Deleted),
        ]
    });
    for (op, answer) in OPERATIONS.iter().zip(answers) {
        assert_eq!(answer.unwrap(), op.answer(), "{}", op.name);
    }
    let sent = server.sent();
    assert_eq!(sent.len(), OPERATIONS.len());
    for op in &OPERATIONS {
        let mine: Vec<&Sent> = sent
            .iter()
            .filter(|s| s.target == op.target && s.method == op.method)
            .collect();
        assert_eq!(mine.len(), 1, "{}", op.name);
        op.assert_sent(mine[0], USER_AGENT);
    }
    // In flight at once, on connections of their own: never more than one per call.
    assert!((1..=OPERATIONS.len()).contains(&server.connections()));
}

#[test]
fn a_call_abandoned_half_way_leaves_the_client_usable() {
    // The first request stalls; the caller gives up on it (drops the future). The connection
    // it used is not handed to the next call, which gets its own answer.
    let op = operation("retrieve_payment_link");
    let server = RawServer::keep_alive(move |n, request| match n {
        0 => Action::stall(Duration::from_secs(30)),
        _ => answer(request),
    });
    let client = server.builder().build_async().unwrap();
    runtime().block_on(async {
        let abandoned = tokio::time::timeout(
            Duration::from_millis(200),
            client.retrieve_payment_link(LINK_ID),
        )
        .await;
        assert!(abandoned.is_err(), "{abandoned:?}");
        let link = client.retrieve_payment_link(LINK_ID).await.unwrap();
        assert_eq!(Answer::Link(Box::new(link)), op.answer());
    });
    assert_eq!(server.hits(), 2);
    assert_eq!(server.connections(), 2);
}
