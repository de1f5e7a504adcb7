//! The async client (feature `async`) on a tokio runtime: all ten operations on the wire, the
//! same typed errors as the blocking client, the same retry policy, and the page stream.
#![cfg(feature = "async")]

mod common;

use std::future::Future;

use common::*;
use futures_util::StreamExt as _;
use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;
use lomi::types::{CheckoutSessionStatus, ListCheckoutSessionsParams, ListPaymentLinksParams};
use lomi::{AsyncClient, Error, TransportErrorKind};

fn run<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(future)
}

fn async_client(server: &MockServer) -> AsyncClient {
    builder(server).build_async().expect("a valid async client")
}

#[test]
fn all_ten_operations_on_the_wire() {
    let server = MockServer::start();
    let session = fixture("checkout_session.json");
    let link = fixture("payment_link.json");
    let mocks = [
        server.mock(|w, t| {
            exactly(w, POST, "/v1/checkout_sessions", Some(CREATE_SESSION_JSON));
            t.status(201).body(&session);
        }),
        server.mock(|w, t| {
            exactly(w, GET, &format!("/v1/checkout_sessions?{LIST_QUERY}"), None);
            t.status(200).body(fixture("checkout_session_list.json"));
        }),
        server.mock(|w, t| {
            exactly(w, GET, "/v1/checkout_sessions/cs_7d1f0c2a9b8e4f6a", None);
            t.status(200).body(&session);
        }),
        server.mock(|w, t| {
            exactly(
                w,
                PATCH,
                "/v1/checkout_sessions/cs_7d1f0c2a9b8e4f6a",
                Some(UPDATE_JSON),
            );
            t.status(200).body(&session);
        }),
        server.mock(|w, t| {
            exactly(w, DELETE, "/v1/checkout_sessions/cs_7d1f0c2a9b8e4f6a", None);
            t.status(204);
        }),
        server.mock(|w, t| {
            exactly(w, POST, "/v1/payment_links", Some(CREATE_LINK_JSON));
            t.status(201).body(&link);
        }),
        server.mock(|w, t| {
            exactly(w, GET, &format!("/v1/payment_links?{LIST_QUERY}"), None);
            t.status(200).body(fixture("payment_link_list.json"));
        }),
        server.mock(|w, t| {
            exactly(w, GET, "/v1/payment_links/link_1234567890abcdef", None);
            t.status(200).body(&link);
        }),
        server.mock(|w, t| {
            exactly(
                w,
                PATCH,
                "/v1/payment_links/link_1234567890abcdef",
                Some(UPDATE_JSON),
            );
            t.status(200).body(&link);
        }),
        server.mock(|w, t| {
            exactly(w, DELETE, "/v1/payment_links/link_1234567890abcdef", None);
            t.status(204);
        }),
    ];
    let client = async_client(&server);
    run(async {
        let id = "cs_7d1f0c2a9b8e4f6a";
        let created = client
            .create_checkout_session(&create_session_body())
            .await
            .unwrap();
        assert_eq!(created.checkout_session_id, id);
        assert_eq!(created.status, Some(CheckoutSessionStatus::Open));
        let params = ListCheckoutSessionsParams::new()
            .limit(20)
            .offset(0)
            .sort("created_at:desc");
        let page = client.list_checkout_sessions(&params).await.unwrap();
        assert_eq!(page.data, vec![created.clone()]);
        assert_eq!(client.retrieve_checkout_session(id).await.unwrap(), created);
        let updated = client
            .update_checkout_session(id, &update_session_body())
            .await
            .unwrap();
        assert_eq!(updated, created);
        client.delete_checkout_session(id).await.unwrap();

        let id = "link_1234567890abcdef";
        let link = client
            .create_payment_link(&create_link_body())
            .await
            .unwrap();
        assert_eq!(link.link_id, id);
        assert_eq!(
            link.url.as_deref(),
            Some("https://pay.lomi.africa/link_1234567890abcdef")
        );
        let params = ListPaymentLinksParams::new()
            .limit(20)
            .offset(0)
            .sort("created_at:desc");
        let page = client.list_payment_links(&params).await.unwrap();
        assert_eq!(page.data, vec![link.clone()]);
        assert_eq!(client.retrieve_payment_link(id).await.unwrap(), link);
        assert_eq!(
            client
                .update_payment_link(id, &update_link_body())
                .await
                .unwrap(),
            link
        );
        client.delete_payment_link(id).await.unwrap();
    });
    for mock in &mocks {
        mock.assert_calls(1);
    }
}

#[test]
fn errors_keep_status_message_and_raw_body() {
    let server = MockServer::start();
    let nest = r#"{"statusCode":429,"message":"ThrottlerException: Too Many Requests","error":"Too Many Requests"}"#;
    server.mock(|w, t| {
        w.method(GET).path("/v1/payment_links/limited");
        t.status(429).header("retry-after", "60").body(nest);
    });
    server.mock(|w, t| {
        w.method(GET).path("/v1/payment_links/missing");
        t.status(404).header("x-request-id", "req_42").body(
            r#"{"error":{"code":"NOT_FOUND","message":"Payment link not found","details":{}}}"#,
        );
    });
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let gateway = server.mock(|w, t| {
        w.method(GET).path("/v1/payment_links/gateway");
        t.status(502).body(html);
    });
    let client = async_client(&server);
    run(async {
        let Err(Error::Api(e)) = client.retrieve_payment_link("limited").await else {
            panic!()
        };
        assert_eq!(
            (e.status(), e.message(), e.body()),
            (429, "ThrottlerException: Too Many Requests", nest)
        );
        assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(60)));

        let Err(Error::Api(e)) = client.retrieve_payment_link("missing").await else {
            panic!()
        };
        assert_eq!(
            (e.status(), e.code(), e.message()),
            (404, Some("NOT_FOUND"), "Payment link not found")
        );
        assert_eq!(e.request_id(), Some("req_42"));

        let Err(Error::Api(e)) = client.retrieve_payment_link("gateway").await else {
            panic!()
        };
        assert_eq!((e.status(), e.body()), (502, html));
        assert_eq!(e.message(), format!("HTTP 502 Bad Gateway: {html}"));

        let err = client.retrieve_payment_link("").await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)));
        let params = ListPaymentLinksParams::new().limit(0);
        assert!(matches!(
            client.list_payment_links(&params).await,
            Err(Error::InvalidRequest(_))
        ));
    });
    // 502 is retried on a GET: three attempts.
    gateway.assert_calls(3);
}

#[test]
fn retries_follow_the_blocking_policy() {
    let server = MockServer::start();
    let post = server.mock(|w, t| {
        w.method(POST).path("/v1/checkout_sessions");
        t.status(500)
            .body(r#"{"error":{"code":"INTERNAL","message":"boom"}}"#);
    });
    let keyed = server.mock(|w, t| {
        w.method(POST)
            .path("/v1/payment_links")
            .header("idempotency-key", "order-42");
        t.status(503).body("busy");
    });
    let client = async_client(&server);
    run(async {
        let err = client
            .create_checkout_session(&create_session_body())
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(500));
        let err = client
            .with_idempotency_key("order-42")
            .unwrap()
            .create_payment_link(&create_link_body())
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(503));
    });
    post.assert_calls(1);
    keyed.assert_calls(3);
}

#[test]
fn decode_errors_name_the_path() {
    let server = MockServer::start();
    server.mock(|w, t| {
        w.method(GET).path("/v1/checkout_sessions/cs_1");
        t.status(200)
            .body(r#"{"checkout_session_id":"cs_1","amount":"a lot"}"#);
    });
    let client = async_client(&server);
    let err = run(client.retrieve_checkout_session("cs_1")).unwrap_err();
    let Error::Decode(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.path(), "amount");
}

#[test]
fn redirects_are_not_followed() {
    let server = MockServer::start();
    let elsewhere = MockServer::start();
    let followed = elsewhere.mock(|w, t| {
        w.any_request();
        t.status(200).body("{}");
    });
    server.mock(|w, t| {
        w.any_request();
        t.status(307)
            .header("location", elsewhere.url("/v1/checkout_sessions/cs_1"));
    });
    let err = run(async_client(&server).retrieve_checkout_session("cs_1")).unwrap_err();
    let Error::Transport(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.kind(), TransportErrorKind::Redirect);
    followed.assert_calls(0);
}

#[test]
fn the_stream_walks_every_page() {
    let server = MockServer::start();
    let page = |ids: &[&str], offset: u64| {
        let data: Vec<String> = ids
            .iter()
            .map(|id| format!(r#"{{"link_id":"{id}"}}"#))
            .collect();
        format!(
            r#"{{"data":[{}],"pagination":{{"limit":2,"offset":{offset},"total":5}}}}"#,
            data.join(",")
        )
    };
    let mocks: Vec<_> = [(0, vec!["a", "b"]), (2, vec!["c", "d"]), (4, vec!["e"])]
        .into_iter()
        .map(|(offset, ids)| {
            let body = page(&ids, offset);
            server.mock(move |w, t| {
                exactly(
                    w,
                    GET,
                    &format!("/v1/payment_links?limit=2&offset={offset}"),
                    None,
                );
                t.status(200).body(body);
            })
        })
        .collect();
    let client = async_client(&server);
    let ids: Vec<String> = run(async {
        let params = ListPaymentLinksParams::new().limit(2);
        let stream = client.list_payment_links_stream(&params);
        stream.map(|item| item.unwrap().link_id).collect().await
    });
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    for mock in &mocks {
        mock.assert_calls(1);
    }
}

#[test]
fn the_key_never_shows() {
    let server = MockServer::start();
    let client = async_client(&server);
    let text = format!("{client:?} {client:#?}");
    assert!(!text.contains("0123456789abcdef"), "{text}");
}
