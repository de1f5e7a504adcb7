//! The `mock` feature: progenitor's typed httpmock helpers, as a user testing their own code
//! would use them; and every operation of the table against its typed mock, on both clients.
#![cfg(feature = "mock")]

mod common;

use std::num::NonZeroU64;

use common::*;
use httpmock::{Mock, MockServer};
use lomi::mock::MockServerExt as _;
use lomi::types::{ErrorDetail, ErrorResponse, PaymentLink};

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

/// The typed mock of `op`: matching lomi.'s example (typed, as a user writes it), answering
/// the fixture (typed).
fn typed_mock<'a>(server: &'a MockServer, op: &Operation) -> Mock<'a> {
    let limit = NonZeroU64::new(20);
    match (op.name, op.answer()) {
        ("list_checkout_sessions", Answer::Sessions(page)) => {
            server.list_checkout_sessions(|when, then| {
                when.limit(limit).offset(0).sort("created_at:desc");
                then.ok(&page);
            })
        }
        ("create_checkout_session", Answer::Session(session)) => {
            server.create_checkout_session(|when, then| {
                when.body(&create_session_body());
                then.created(&session);
            })
        }
        ("retrieve_checkout_session", Answer::Session(session)) => server
            .retrieve_checkout_session(|when, then| {
                when.session_id(SESSION_ID);
                then.ok(&session);
            }),
        ("update_checkout_session", Answer::Session(session)) => {
            server.update_checkout_session(|when, then| {
                when.session_id(SESSION_ID).body(&update_session_body());
                then.ok(&session);
            })
        }
        ("delete_checkout_session", Answer::Deleted) => {
            server.delete_checkout_session(|when, then| {
                when.session_id(SESSION_ID);
                then.no_content();
            })
        }
        ("list_payment_links", Answer::Links(page)) => server.list_payment_links(|when, then| {
            when.limit(limit).offset(0).sort("created_at:desc");
            then.ok(&page);
        }),
        ("create_payment_link", Answer::Link(link)) => server.create_payment_link(|when, then| {
            when.body(&create_link_body());
            then.created(&link);
        }),
        ("retrieve_payment_link", Answer::Link(link)) => {
            server.retrieve_payment_link(|when, then| {
                when.link_id(LINK_ID);
                then.ok(&link);
            })
        }
        ("update_payment_link", Answer::Link(link)) => server.update_payment_link(|when, then| {
            when.link_id(LINK_ID).body(&update_link_body());
            then.ok(&link);
        }),
        ("delete_payment_link", Answer::Deleted) => server.delete_payment_link(|when, then| {
            when.link_id(LINK_ID);
            then.no_content();
        }),
        (name, answer) => panic!("no typed mock for {name} answering {answer:?}"),
    }
}

#[test]
fn every_operation_against_its_typed_mock() {
    for_each_kind(|kind| {
        for op in &OPERATIONS {
            let server = MockServer::start();
            let mock = typed_mock(&server, op);
            // progenitor's mocks match paths from the spec's root: no `/v1` prefix.
            let client = kind.client(lomi::Client::builder(KEY).base_url(server.base_url()));
            let answer = op.call(&client);
            assert_eq!(answer.unwrap(), op.answer(), "{}", op.name);
            mock.assert();
        }
    });
}
