//! The pagers on the wire, for both clients (the blocking `…_iter`, the async `…_stream`): page
//! requests, laziness, and stopping when the server misbehaves.

mod common;

use common::*;
use httpmock::Method::GET;
use httpmock::MockServer;
use lomi::types::{ListCheckoutSessionsParams, ListPaymentLinksParams};

fn page(ids: &[&str], total: Option<u64>) -> String {
    let data: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"checkout_session_id":"{id}"}}"#))
        .collect();
    let pagination = total.map_or(String::new(), |t| {
        format!(r#","pagination":{{"total":{t}}}"#)
    });
    format!(r#"{{"data":[{}]{pagination}}}"#, data.join(","))
}

fn ids(
    items: impl Iterator<Item = Result<lomi::types::CheckoutSession, lomi::Error>>,
) -> Vec<String> {
    items.map(|s| s.unwrap().checkout_session_id).collect()
}

/// Runs `test` with a fresh mock server and each client pointed at it.
fn with_each_client(test: impl Fn(&MockServer, &AnyClient)) {
    for_each_kind(|kind| {
        let server = MockServer::start();
        test(&server, &kind.client(builder(&server)));
    });
}

#[test]
fn walks_pages_of_the_chosen_size_with_the_callers_sort() {
    with_each_client(|server, client| {
        let pages = [
            (0, vec!["a", "b", "c"]),
            (3, vec!["d", "e", "f"]),
            (6, vec!["g"]),
        ];
        let mocks: Vec<_> = pages
            .iter()
            .map(|(offset, ids)| {
                let body = page(ids, Some(7));
                server.mock(move |when, then| {
                    let uri = format!(
                        "/v1/checkout_sessions?limit=3&offset={offset}&sort=created_at:desc"
                    );
                    exactly(when, GET, &uri, None);
                    then.status(200).body(body);
                })
            })
            .collect();
        let params = ListCheckoutSessionsParams::new()
            .limit(3)
            .sort("created_at:desc");
        let mut items = client.sessions(&params);
        // Lazy: nothing is fetched before the first item is asked for.
        mocks[0].assert_calls(0);
        assert_eq!(items.next().unwrap().unwrap().checkout_session_id, "a");
        mocks[0].assert_calls(1);
        mocks[1].assert_calls(0);
        assert_eq!(ids(items), ["b", "c", "d", "e", "f", "g"]);
        for mock in &mocks {
            mock.assert_calls(1);
        }
    });
}

#[test]
fn the_default_page_size_is_the_specs() {
    with_each_client(|server, client| {
        let mock = server.mock(|when, then| {
            exactly(when, GET, "/v1/payment_links?limit=20&offset=0", None);
            then.status(200)
                .body(r#"{"data":[{"link_id":"l1"}],"pagination":{"total":1}}"#);
        });
        let links: Vec<_> = client
            .links(&ListPaymentLinksParams::new())
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(links.len(), 1);
        mock.assert_calls(1);
    });
}

#[test]
fn a_total_that_is_the_whole_count_saves_the_last_request() {
    with_each_client(|server, client| {
        let pages = [(0, ["a", "b", "c"]), (3, ["d", "e", "f"])];
        let mocks: Vec<_> = pages
            .iter()
            .map(|(offset, ids)| {
                let body = page(ids, Some(6));
                server.mock(move |when, then| {
                    when.method(GET)
                        .path("/v1/checkout_sessions")
                        .query_param("offset", offset.to_string());
                    then.status(200).body(body);
                })
            })
            .collect();
        let params = ListCheckoutSessionsParams::new().limit(3);
        assert_eq!(
            ids(client.sessions(&params)),
            ["a", "b", "c", "d", "e", "f"]
        );
        // The second page is full, but `total` says it is the last: no third request.
        for mock in mocks {
            mock.assert_calls(1);
        }
    });
}

#[test]
fn a_server_that_ignores_offset_cannot_make_it_loop() {
    with_each_client(|server, client| {
        let mock = server.mock(|when, then| {
            when.method(GET).path("/v1/checkout_sessions");
            then.status(200).body(page(&["x", "y"], Some(1_000_000)));
        });
        let params = ListCheckoutSessionsParams::new().limit(2);
        let results: Vec<_> = client.sessions(&params).collect();
        assert_eq!(results.len(), 3, "{results:?}");
        assert!(results[..2].iter().all(Result::is_ok));
        let err = results[2].as_ref().unwrap_err();
        assert!(matches!(err, lomi::Error::Pagination(_)), "{err:?}");
        assert!(err.to_string().contains("offset"), "{err}");
        mock.assert_calls(2);
    });
}

/// Walks `client`'s sessions with pages of `limit`, to its end or to 10,000 items: the ids it
/// handed out, and the error it ended with.
fn walk(client: &AnyClient, limit: u64) -> (Vec<String>, Option<lomi::Error>) {
    let params = ListCheckoutSessionsParams::new().limit(limit);
    let mut seen = Vec::new();
    for item in client.sessions(&params).take(10_000) {
        match item {
            Ok(session) => seen.push(session.checkout_session_id),
            Err(e) => return (seen, Some(e)),
        }
    }
    (seen, None)
}

#[test]
fn no_server_can_make_a_walk_endless() {
    use common::raw_server::{Action, RawServer};
    use std::sync::atomic::{AtomicUsize, Ordering};

    type Pages = std::sync::Arc<dyn Fn(usize) -> Vec<String> + Send + Sync>;
    let named =
        |range: std::ops::Range<usize>| range.map(|i| format!("cs_{i}")).collect::<Vec<_>>();
    let cases: Vec<(&str, Pages)> = vec![
        // Ignores `offset` and alternates two pages.
        (
            "alternating",
            std::sync::Arc::new(move |n| {
                if n % 2 == 0 {
                    named(0..10)
                } else {
                    named(10..20)
                }
            }),
        ),
        // Ignores `offset`; a new session lands at the front before every fetch.
        (
            "live front",
            std::sync::Arc::new(move |n| {
                let mut ids = vec![format!("cs_new_{n}")];
                ids.extend(named(0..9));
                ids
            }),
        ),
        // 30 items for `limit=10`, every time new ones.
        (
            "oversized",
            std::sync::Arc::new(move |n| named(n * 30..n * 30 + 30)),
        ),
    ];
    for (name, page_for) in cases {
        for_each_kind(|kind| {
            let calls = std::sync::Arc::new(AtomicUsize::new(0));
            let (counted, page_for) = (std::sync::Arc::clone(&calls), page_for.clone());
            let server = RawServer::keep_alive(move |n, _| {
                counted.fetch_add(1, Ordering::SeqCst);
                let ids = page_for(n);
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                Action::json(200, &page(&ids, Some(1_000_000)))
            });
            let client = kind.client(server.builder());
            let (ids, error) = walk(&client, 10);
            let error = error.unwrap_or_else(|| panic!("{name}: the walk ended without an error"));
            assert!(
                matches!(error, lomi::Error::Pagination(_)),
                "{name}: {error:?}"
            );
            assert!(
                calls.load(Ordering::SeqCst) <= 3,
                "{name}: {} requests",
                calls.load(Ordering::SeqCst)
            );
            let mut unique = ids.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), ids.len(), "{name}: an item handed out twice");
        });
    }
}

#[test]
fn an_error_page_ends_the_walk_after_one_err() {
    with_each_client(|server, client| {
        server.mock(|when, then| {
            when.method(GET)
                .path("/v1/checkout_sessions")
                .query_param("offset", "0");
            then.status(200).body(page(&["a", "b"], None));
        });
        server.mock(|when, then| {
            when.method(GET)
                .path("/v1/checkout_sessions")
                .query_param("offset", "2");
            then.status(401)
                .body(r#"{"error":{"code":"UNAUTHORIZED","message":"key revoked"}}"#);
        });
        let params = ListCheckoutSessionsParams::new().limit(2);
        let results: Vec<_> = client.sessions(&params).collect();
        assert_eq!(results.len(), 3);
        assert!(results[0].is_ok() && results[1].is_ok());
        let err = results[2].as_ref().unwrap_err();
        assert_eq!(err.status(), Some(401));
    });
}

#[test]
fn an_invalid_page_size_is_one_error() {
    with_each_client(|server, client| {
        let any = server.mock(|when, then| {
            when.any_request();
            then.status(200).body(page(&["a"], None));
        });
        let params = ListCheckoutSessionsParams::new().limit(500);
        let results: Vec<_> = client.sessions(&params).collect();
        assert_eq!(results.len(), 1);
        assert!(matches!(results[0], Err(lomi::Error::InvalidRequest(_))));
        any.assert_calls(0);
    });
}
