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
fn a_server_that_ignores_offset_cannot_make_it_loop() {
    with_each_client(|server, client| {
        let mock = server.mock(|when, then| {
            when.method(GET).path("/v1/checkout_sessions");
            then.status(200).body(page(&["x", "y"], Some(1_000_000)));
        });
        let params = ListCheckoutSessionsParams::new().limit(2);
        assert_eq!(ids(client.sessions(&params)), ["x", "y"]);
        mock.assert_calls(2);
    });
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
