//! The `mock` feature: progenitor's typed httpmock helpers, as a user testing their own code
//! would use them.
#![cfg(feature = "mock")]

mod common;

use common::*;
use httpmock::MockServer;
use lomi::mock::MockServerExt as _;
use lomi::types::{
    CheckoutSession, CheckoutSessionStatus, ErrorDetail, ErrorResponse, PaymentLink,
};

/// A user's function under test: the URL to send a customer, or why there is none.
fn share_url(client: &lomi::Client, link_id: &str) -> Result<Option<String>, lomi::Error> {
    let link = client.retrieve_payment_link(link_id)?;
    Ok(link
        .is_active
        .unwrap_or(false)
        .then_some(link.url)
        .flatten())
}

fn client_for(server: &MockServer) -> lomi::Client {
    // progenitor's mocks match paths from the spec's root: no `/v1` prefix.
    lomi::Client::builder(KEY)
        .base_url(server.base_url())
        .build()
        .unwrap()
}

#[test]
fn a_users_function_against_typed_mocks() {
    let server = MockServer::start();
    let active = server.retrieve_payment_link(|when, then| {
        when.link_id("link_active");
        then.ok(&PaymentLink {
            link_id: "link_active".into(),
            is_active: Some(true),
            url: Some("https://pay.lomi.africa/link_active".into()),
            ..Default::default()
        });
    });
    let missing = server.retrieve_payment_link(|when, then| {
        when.link_id("link_gone");
        then.not_found(&ErrorResponse {
            error: Some(ErrorDetail {
                code: Some("NOT_FOUND".into()),
                message: Some("Payment link not found".into()),
                details: Default::default(),
            }),
        });
    });
    let client = client_for(&server);
    assert_eq!(
        share_url(&client, "link_active").unwrap().as_deref(),
        Some("https://pay.lomi.africa/link_active")
    );
    let err = share_url(&client, "link_gone").unwrap_err();
    let lomi::Error::Api(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!((e.status(), e.code()), (404, Some("NOT_FOUND")));
    active.assert();
    missing.assert();
}

#[test]
fn typed_body_matching_for_creates() {
    let server = MockServer::start();
    let created = server.create_checkout_session(|when, then| {
        when.body(&create_session_body());
        then.created(&CheckoutSession {
            checkout_session_id: "cs_new".into(),
            status: Some(CheckoutSessionStatus::Open),
            ..Default::default()
        });
    });
    let session = client_for(&server)
        .create_checkout_session(&create_session_body())
        .unwrap();
    assert_eq!(session.checkout_session_id, "cs_new");
    assert_eq!(session.status, Some(CheckoutSessionStatus::Open));
    created.assert();
}
