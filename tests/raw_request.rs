//! The escape hatch, `RawRequest`, from a user's side on both clients: what goes on the wire,
//! that it takes the same call path as a generated method (key, user agent, retries by method,
//! typed errors, empty successes), and that its path can name nothing but a resource under the
//! base URL.

mod common;

use common::raw_server::{Action, RawServer};
use common::*;
use lomi::{Error, RawRequest};

const SESSIONS: &str =
    r#"[{"checkout_session_id":"cs_1","status":"open"},{"checkout_session_id":"cs_2"}]"#;

#[test]
fn a_get_with_a_query_goes_out_as_a_generated_read_does_and_decodes_into_any_type() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            Action::json(200, SESSIONS),
            Action::json(200, SESSIONS),
        ]);
        let client = kind.client(server.builder().base_url(format!("{}/api", server.url())));
        let request = RawRequest::get("/checkout-sessions")
            .unwrap()
            .query("status", "open")
            .query("limit", 50)
            .query("isActive", true)
            .query("q", "a b&c=d");
        let typed: Vec<lomi::types::CheckoutSession> =
            call!(&client, c => c.send(&request)).unwrap();
        assert_eq!(typed[1].checkout_session_id, "cs_2");
        let raw: serde_json::Value = call!(&client, c => c.send(&request)).unwrap();
        assert_eq!(raw[0]["status"], "open");
        for sent in server.sent() {
            assert_eq!(sent.method, "GET");
            assert_eq!(
                sent.target,
                "/v1/api/checkout-sessions?status=open&limit=50&isActive=true&q=a%20b%26c%3Dd"
            );
            assert_eq!(sent.header("x-api-key"), Some(KEY));
            assert_eq!(sent.header("user-agent"), Some(USER_AGENT));
            assert_eq!(sent.header("accept"), Some("application/json"));
            assert_eq!(sent.header("content-type"), None);
        }
    });
}

#[test]
fn a_post_is_a_create_sent_once_and_a_get_is_retried() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(503, "{}"); 3]);
        let client = kind.client(server.builder());
        let body = serde_json::json!({"currency_code": "XOF", "amount": 15000});
        let create = RawRequest::post("/checkout-sessions")
            .unwrap()
            .json(&body)
            .unwrap();
        let err = call!(&client, c => c.send::<serde_json::Value>(&create)).unwrap_err();
        assert_eq!(
            server.hits(),
            1,
            "a create that may have been processed is not repeated"
        );
        assert!(err.may_have_been_processed() && !err.is_retryable());
        let sent = &server.sent()[0];
        assert_eq!(sent.body, br#"{"amount":15000,"currency_code":"XOF"}"#);
        assert_eq!(sent.header("content-type"), Some("application/json"));

        let server = RawServer::start(vec![Action::json(503, "{}"), Action::json(200, "[]")]);
        let client = kind.client(server.builder());
        let read = RawRequest::get("/checkout-sessions").unwrap();
        let empty: Vec<serde_json::Value> = call!(&client, c => c.send(&read)).unwrap();
        assert!(empty.is_empty());
        assert_eq!(server.hits(), 2);
    });
}

#[test]
fn errors_are_the_same_typed_errors() {
    for_each_kind(|kind| {
        let nest_404 = r#"{"message":"Cannot PATCH /checkout-sessions/cs_1","error":"Not Found","statusCode":404}"#;
        let server = RawServer::start(vec![
            Action::json(404, nest_404),
            Action::json(200, r#"{"not":"a list"}"#),
        ]);
        let client = kind.client(server.builder());
        let request = RawRequest::patch("/checkout-sessions")
            .unwrap()
            .segment("cs_1")
            .unwrap();
        let err = call!(&client, c => c.send::<serde_json::Value>(&request)).unwrap_err();
        assert!(err.is_not_found(), "{err:?}");
        assert_eq!(
            expect_api(Err::<(), _>(err), 404).message(),
            "Cannot PATCH /checkout-sessions/cs_1"
        );
        let list = RawRequest::get("/checkout-sessions").unwrap();
        let err = call!(&client, c => c.send::<Vec<serde_json::Value>>(&list));
        expect_decode(err);
    });
}

#[test]
fn an_empty_success_is_one_without_a_body() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![
            Action::respond(204, &[], ""),
            Action::json(200, r#"{"success":false}"#),
        ]);
        let client = kind.client(server.builder());
        let request = RawRequest::delete("/payment-links")
            .unwrap()
            .segment("link_1")
            .unwrap();
        call!(&client, c => c.send_empty(&request)).unwrap();
        let err = call!(&client, c => c.send_empty(&request));
        assert_eq!(expect_decode(err).body(), r#"{"success":false}"#);
    });
}

#[test]
fn a_path_can_name_nothing_but_a_resource_under_the_base_url() {
    for bad in [
        "checkout-sessions",
        "https://evil.example/x",
        "//evil.example/x",
        "/../admin",
        "/a/../../b",
        "/./x",
        "/a//b",
        "/a/",
        "/a?limit=1",
        "/a#frag",
        "/%2e%2e/x",
        "/a\\..\\b",
        "",
    ] {
        let err = RawRequest::get(bad).unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{bad}: {err:?}");
    }
    // A segment given on its own stays one segment, whatever it holds.
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(200, "{}")]);
        let client = kind.client(server.builder());
        let request = RawRequest::get("/payment-links")
            .unwrap()
            .segment("../x?y#z%2F")
            .unwrap();
        let _: serde_json::Value = call!(&client, c => c.send(&request)).unwrap();
        assert_eq!(
            server.sent()[0].target,
            "/v1/payment-links/..%2Fx%3Fy%23z%252F"
        );
        for bad in ["", ".", ".."] {
            assert!(
                RawRequest::get("/x").unwrap().segment(bad).is_err(),
                "{bad:?}"
            );
        }
    });
}

#[test]
fn headers_come_from_the_handle_it_is_sent_on() {
    let server = RawServer::start(vec![Action::json(200, "{}")]);
    let client = server
        .client()
        .with_header("X-Correlation-Id", "order-42")
        .unwrap();
    let _: serde_json::Value = client.send(&RawRequest::get("/x").unwrap()).unwrap();
    assert_eq!(
        server.sent()[0].header("x-correlation-id"),
        Some("order-42")
    );
}
