//! The ten operations in one table: what each call sends (method, path, query, headers and
//! body, byte for byte), the fixture it is answered with, and how to make it on either client.
//! The operation, async, property and mock tests all read it.
//!
//! The requests are lomi.'s examples: the request bodies and list parameters `openapi.yaml`
//! gives as each operation's `example` (the bodies are in `tests/fixtures/requests/`; the
//! operation tests check them against the spec). The ids are those of the response fixtures.

use lomi::Error;
use lomi::types::{
    CheckoutSession, CheckoutSessionCreate, CheckoutSessionList, CheckoutSessionUpdate,
    CurrencyCode, ListCheckoutSessionsParams, ListPaymentLinksParams, Metadata, PaymentLink,
    PaymentLinkCreate, PaymentLinkList, PaymentLinkUpdate,
};

use super::AnyClient;
use super::clients::call;
use super::raw_server::{self, Sent};

/// lomi.'s example body for `createCheckoutSession`, byte for byte as the client sends it.
pub const CREATE_SESSION_JSON: &str =
    include_str!("../fixtures/requests/create_checkout_session.json").trim_ascii_end();
/// lomi.'s example body for `createPaymentLink`, byte for byte.
pub const CREATE_LINK_JSON: &str =
    include_str!("../fixtures/requests/create_payment_link.json").trim_ascii_end();
/// lomi.'s example body for both updates, byte for byte.
pub const UPDATE_JSON: &str =
    include_str!("../fixtures/requests/update_metadata.json").trim_ascii_end();
/// lomi.'s example list parameters (`limit`, `offset`, `sort`), as a query string.
pub const LIST_QUERY: &str = "limit=20&offset=0&sort=created_at:desc";

/// The id of the checkout session in `checkout_session.json`.
pub const SESSION_ID: &str = "cs_7d1f0c2a9b8e4f6a";
/// The id of the payment link in `payment_link.json`.
pub const LINK_ID: &str = "link_1234567890abcdef";

/// lomi.'s example checkout session, built as a user would.
pub fn create_session_body() -> CheckoutSessionCreate {
    CheckoutSessionCreate {
        amount: Some(15000.into()),
        currency_code: Some(CurrencyCode::Xof),
        product_id: Some("prod_1234567890abcdef".into()),
        success_url: Some("https://example.com/success".into()),
        cancel_url: Some("https://example.com/cancel".into()),
        customer_email: Some("customer@example.com".into()),
        ..Default::default()
    }
}

/// lomi.'s example payment link.
pub fn create_link_body() -> PaymentLinkCreate {
    PaymentLinkCreate {
        title: Some("Premium Membership".into()),
        amount: Some(50000.into()),
        currency_code: Some(CurrencyCode::Xof),
        description: Some("Annual premium membership".into()),
        product_id: Some("prod_1234567890abcdef".into()),
        ..Default::default()
    }
}

fn update_metadata() -> Metadata {
    Metadata::from_iter([
        ("updated_at", "2025-11-21T13:32:16.240Z"),
        ("updated_reason", "Administrative update"),
    ])
}

/// lomi.'s example update, for a checkout session.
pub fn update_session_body() -> CheckoutSessionUpdate {
    CheckoutSessionUpdate {
        metadata: Some(update_metadata()),
        ..Default::default()
    }
}

/// lomi.'s example update, for a payment link.
pub fn update_link_body() -> PaymentLinkUpdate {
    PaymentLinkUpdate {
        metadata: Some(update_metadata()),
        ..Default::default()
    }
}

/// lomi.'s example list parameters, for checkout sessions.
pub fn list_sessions_params() -> ListCheckoutSessionsParams {
    ListCheckoutSessionsParams::new()
        .limit(20)
        .offset(0)
        .sort("created_at:desc")
}

/// lomi.'s example list parameters, for payment links.
pub fn list_links_params() -> ListPaymentLinksParams {
    ListPaymentLinksParams::new()
        .limit(20)
        .offset(0)
        .sort("created_at:desc")
}

/// What a call returned, whichever operation it was.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Session(Box<CheckoutSession>),
    Sessions(CheckoutSessionList),
    Link(Box<PaymentLink>),
    Links(PaymentLinkList),
    /// A delete's `()`.
    Deleted,
}

/// The type a success decodes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Session,
    Sessions,
    Link,
    Links,
    /// No body is read (a delete): any success is `()`.
    Nothing,
}

impl Shape {
    /// What a success with this body must decode to, decoded here with serde alone.
    pub fn decode(self, body: &[u8]) -> Result<Answer, serde_json::Error> {
        Ok(match self {
            Shape::Session => Answer::Session(serde_json::from_slice(body)?),
            Shape::Sessions => Answer::Sessions(serde_json::from_slice(body)?),
            Shape::Link => Answer::Link(serde_json::from_slice(body)?),
            Shape::Links => Answer::Links(serde_json::from_slice(body)?),
            // Only an empty body (or white space) says a delete happened.
            Shape::Nothing if body.trim_ascii().is_empty() => Answer::Deleted,
            Shape::Nothing => return Err(serde::de::Error::custom("a body where none belongs")),
        })
    }
}

/// One row of the table.
pub struct Operation {
    /// The client method, the operationId in snake case.
    pub name: &'static str,
    /// The operationId in `openapi.yaml`.
    pub operation_id: &'static str,
    pub method: &'static str,
    /// The path template in `openapi.yaml`.
    pub template: &'static str,
    /// Path and query as sent, under a base URL ending in `/v1`.
    pub target: &'static str,
    /// The exact body sent: lomi.'s example.
    pub body: Option<&'static str>,
    /// The status and fixture (under `tests/fixtures/`) of the success answer.
    pub status: u16,
    pub fixture: Option<&'static str>,
    /// What the success decodes to.
    pub shape: Shape,
    /// Makes the call with lomi.'s example.
    pub call: fn(&AnyClient) -> Result<Answer, Error>,
}

/// The ten operations, in the spec's order.
pub static OPERATIONS: [Operation; 10] = [
    Operation {
        name: "list_checkout_sessions",
        operation_id: "listCheckoutSessions",
        method: "GET",
        template: "/checkout_sessions",
        target: "/v1/checkout_sessions?limit=20&offset=0&sort=created_at:desc",
        body: None,
        status: 200,
        fixture: Some("checkout_session_list.json"),
        shape: Shape::Sessions,
        call: |c| {
            call!(c, c => c.list_checkout_sessions(&list_sessions_params())).map(Answer::Sessions)
        },
    },
    Operation {
        name: "create_checkout_session",
        operation_id: "createCheckoutSession",
        method: "POST",
        template: "/checkout_sessions",
        target: "/v1/checkout_sessions",
        body: Some(CREATE_SESSION_JSON),
        status: 201,
        fixture: Some("checkout_session.json"),
        shape: Shape::Session,
        call: |c| {
            call!(c, c => c.create_checkout_session(&create_session_body()))
                .map(|s| Answer::Session(Box::new(s)))
        },
    },
    Operation {
        name: "retrieve_checkout_session",
        operation_id: "retrieveCheckoutSession",
        method: "GET",
        template: "/checkout_sessions/{session_id}",
        target: "/v1/checkout_sessions/cs_7d1f0c2a9b8e4f6a",
        body: None,
        status: 200,
        fixture: Some("checkout_session.json"),
        shape: Shape::Session,
        call: |c| {
            call!(c, c => c.retrieve_checkout_session(SESSION_ID))
                .map(|s| Answer::Session(Box::new(s)))
        },
    },
    Operation {
        name: "update_checkout_session",
        operation_id: "updateCheckoutSession",
        method: "PATCH",
        template: "/checkout_sessions/{session_id}",
        target: "/v1/checkout_sessions/cs_7d1f0c2a9b8e4f6a",
        body: Some(UPDATE_JSON),
        status: 200,
        fixture: Some("checkout_session.json"),
        shape: Shape::Session,
        call: |c| {
            call!(c, c => c.update_checkout_session(SESSION_ID, &update_session_body()))
                .map(|s| Answer::Session(Box::new(s)))
        },
    },
    Operation {
        name: "delete_checkout_session",
        operation_id: "deleteCheckoutSession",
        method: "DELETE",
        template: "/checkout_sessions/{session_id}",
        target: "/v1/checkout_sessions/cs_7d1f0c2a9b8e4f6a",
        body: None,
        status: 204,
        fixture: None,
        shape: Shape::Nothing,
        call: |c| call!(c, c => c.delete_checkout_session(SESSION_ID)).map(|()| Answer::Deleted),
    },
    Operation {
        name: "list_payment_links",
        operation_id: "listPaymentLinks",
        method: "GET",
        template: "/payment_links",
        target: "/v1/payment_links?limit=20&offset=0&sort=created_at:desc",
        body: None,
        status: 200,
        fixture: Some("payment_link_list.json"),
        shape: Shape::Links,
        call: |c| call!(c, c => c.list_payment_links(&list_links_params())).map(Answer::Links),
    },
    Operation {
        name: "create_payment_link",
        operation_id: "createPaymentLink",
        method: "POST",
        template: "/payment_links",
        target: "/v1/payment_links",
        body: Some(CREATE_LINK_JSON),
        status: 201,
        fixture: Some("payment_link.json"),
        shape: Shape::Link,
        call: |c| {
            call!(c, c => c.create_payment_link(&create_link_body()))
                .map(|l| Answer::Link(Box::new(l)))
        },
    },
    Operation {
        name: "retrieve_payment_link",
        operation_id: "retrievePaymentLink",
        method: "GET",
        template: "/payment_links/{link_id}",
        target: "/v1/payment_links/link_1234567890abcdef",
        body: None,
        status: 200,
        fixture: Some("payment_link.json"),
        shape: Shape::Link,
        call: |c| {
            call!(c, c => c.retrieve_payment_link(LINK_ID)).map(|l| Answer::Link(Box::new(l)))
        },
    },
    Operation {
        name: "update_payment_link",
        operation_id: "updatePaymentLink",
        method: "PATCH",
        template: "/payment_links/{link_id}",
        target: "/v1/payment_links/link_1234567890abcdef",
        body: Some(UPDATE_JSON),
        status: 200,
        fixture: Some("payment_link.json"),
        shape: Shape::Link,
        call: |c| {
            call!(c, c => c.update_payment_link(LINK_ID, &update_link_body()))
                .map(|l| Answer::Link(Box::new(l)))
        },
    },
    Operation {
        name: "delete_payment_link",
        operation_id: "deletePaymentLink",
        method: "DELETE",
        template: "/payment_links/{link_id}",
        target: "/v1/payment_links/link_1234567890abcdef",
        body: None,
        status: 204,
        fixture: None,
        shape: Shape::Nothing,
        call: |c| call!(c, c => c.delete_payment_link(LINK_ID)).map(|()| Answer::Deleted),
    },
];

/// The row of the operation whose client method is `name`.
pub fn operation(name: &str) -> &'static Operation {
    OPERATIONS
        .iter()
        .find(|op| op.name == name)
        .unwrap_or_else(|| panic!("no operation `{name}` in the table"))
}

impl Operation {
    /// Makes the call with lomi.'s example on `client`.
    pub fn call(&self, client: &AnyClient) -> Result<Answer, Error> {
        (self.call)(client)
    }

    /// Whether the operation creates something: a `POST`, which is not repeated after it may
    /// have reached the application unless it carries an idempotency key.
    pub fn is_create(&self) -> bool {
        self.method == "POST"
    }

    /// The success answer's body: the fixture, or nothing.
    pub fn fixture_body(&self) -> String {
        self.fixture.map(super::fixture).unwrap_or_default()
    }

    /// The success answer, as HTTP bytes that close the connection.
    pub fn reply(&self) -> raw_server::Action {
        let headers: &[(&str, &str)] = match self.fixture {
            Some(_) => &[("content-type", "application/json")],
            None => &[],
        };
        raw_server::Action::respond(self.status, headers, self.fixture_body())
    }

    /// What the success answer decodes to.
    pub fn answer(&self) -> Answer {
        self.shape
            .decode(self.fixture_body().as_bytes())
            .expect("the fixture decodes")
    }

    /// Asserts `sent` is this call exactly as it must be on the wire, from a client with
    /// `user_agent`: method, path and query, these headers and no others (`Host` and the body's
    /// `Content-Length` aside), and the body byte for byte.
    pub fn assert_sent(&self, sent: &Sent, user_agent: &str) {
        let what = format!("{}: {sent:?}", self.name);
        assert_eq!(sent.method, self.method, "{what}");
        assert_eq!(sent.target, self.target, "{what}");
        assert_eq!(
            sent.body,
            self.body.unwrap_or_default().as_bytes(),
            "{what}"
        );
        let mut expected = vec![
            ("accept", "application/json"),
            ("user-agent", user_agent),
            ("x-api-key", super::KEY),
        ];
        if self.body.is_some() {
            expected.push(("content-type", "application/json"));
        }
        expected.sort_unstable();
        let length = sent.body.len().to_string();
        let mut headers: Vec<(&str, &str)> = Vec::new();
        for (name, value) in &sent.headers {
            match name.as_str() {
                "host" => {}
                // Either client may frame an empty body with `Content-Length: 0`, or not at all.
                "content-length" => assert_eq!(value, &length, "{what}"),
                _ => headers.push((name, value)),
            }
        }
        assert!(sent.header("host").is_some(), "{what}");
        if self.body.is_some() {
            assert!(sent.header("content-length").is_some(), "{what}");
        }
        headers.sort_unstable();
        assert_eq!(headers, expected, "{what}");
    }
}
