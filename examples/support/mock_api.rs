//! An in-process mock of lomi.'s Checkout API on 127.0.0.1, for running the examples without a
//! key. It answers lomi.'s example requests (the `example`s in openapi.yaml) with realistic objects, and checks
//! that each request carries the key and the exact JSON body the contract shows.

use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;

/// The key the examples use against the mock.
pub const MOCK_KEY: &str = "lomi_sk_test_mock_0000000000000000";

const SESSION: &str = include_str!("../../tests/fixtures/checkout_session.json");
const SESSION_LIST: &str = include_str!("../../tests/fixtures/checkout_session_list.json");
const LINK: &str = include_str!("../../tests/fixtures/payment_link.json");
const LINK_LIST: &str = include_str!("../../tests/fixtures/payment_link_list.json");

const CREATE_SESSION: &str = r#"{"amount":15000,"currency_code":"XOF","product_id":"prod_1234567890abcdef","success_url":"https://example.com/success","cancel_url":"https://example.com/cancel","customer_email":"customer@example.com"}"#;
const CREATE_LINK: &str = r#"{"title":"Premium Membership","amount":50000,"currency_code":"XOF","description":"Annual premium membership","product_id":"prod_1234567890abcdef"}"#;
const UPDATE: &str = r#"{"metadata":{"updated_at":"2025-11-21T13:32:16.240Z","updated_reason":"Administrative update"}}"#;

/// Starts the mock; it stops when the returned server is dropped.
pub fn start() -> MockServer {
    let server = MockServer::start();
    for (resource, id, create, one, list) in [
        (
            "checkout_sessions",
            "cs_7d1f0c2a9b8e4f6a",
            CREATE_SESSION,
            SESSION,
            SESSION_LIST,
        ),
        (
            "payment_links",
            "link_1234567890abcdef",
            CREATE_LINK,
            LINK,
            LINK_LIST,
        ),
    ] {
        let collection = format!("/v1/{resource}");
        let item = format!("{collection}/{id}");
        server.mock(|when, then| {
            when.method(POST)
                .path(&collection)
                .header("x-api-key", MOCK_KEY)
                .header("content-type", "application/json")
                .body(create);
            then.status(201)
                .header("content-type", "application/json")
                .body(one);
        });
        server.mock(|when, then| {
            when.method(GET)
                .path(&collection)
                .header("x-api-key", MOCK_KEY);
            then.status(200)
                .header("content-type", "application/json")
                .body(list);
        });
        server.mock(|when, then| {
            when.method(GET).path(&item).header("x-api-key", MOCK_KEY);
            then.status(200)
                .header("content-type", "application/json")
                .body(one);
        });
        server.mock(|when, then| {
            when.method(PATCH)
                .path(&item)
                .header("x-api-key", MOCK_KEY)
                .header("content-type", "application/json")
                .body(UPDATE);
            then.status(200)
                .header("content-type", "application/json")
                .body(one);
        });
        server.mock(|when, then| {
            when.method(DELETE)
                .path(&item)
                .header("x-api-key", MOCK_KEY);
            then.status(204);
        });
    }
    // Anything else: the documented 404 body.
    server.mock(|when, then| {
        when.any_request();
        then.status(404).header("content-type", "application/json").body(
            r#"{"error":{"code":"NOT_FOUND","message":"No such resource in the quickstart mock","details":{}}}"#,
        );
    });
    server
}
