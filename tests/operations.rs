//! Every operation on the wire: method, path, query, headers and body exactly as the contract
//! says, and a realistic response with every field decoded.

mod common;

use chrono::{TimeZone, Utc};
use common::*;
use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;
use lomi::types::{
    CheckoutSession, CheckoutSessionStatus, CurrencyCode, ListCheckoutSessionsParams,
    ListPaymentLinksParams, PaymentLink,
};
use lomi::{Error, Number};

fn seed_list_params_sessions() -> ListCheckoutSessionsParams {
    ListCheckoutSessionsParams::new()
        .limit(20)
        .offset(0)
        .sort("created_at:desc")
}

fn assert_full_session(s: &CheckoutSession) {
    assert_eq!(s.checkout_session_id, "cs_7d1f0c2a9b8e4f6a");
    assert_eq!(s.allow_coupon_code, Some(true));
    assert_eq!(s.allow_quantity, Some(false));
    assert_eq!(s.allowed_providers.as_deref(), Some("WAVE,ORANGE,MTN"));
    assert_eq!(s.amount, Some(Number::from(15000)));
    assert_eq!(s.cancel_url.as_deref(), Some("https://example.com/cancel"));
    assert_eq!(
        s.created_at,
        Some(Utc.with_ymd_and_hms(2025, 11, 21, 13, 30, 0).unwrap())
    );
    assert_eq!(s.created_by.as_deref(), Some("usr_4c2b9e1d7a3f5e80"));
    assert_eq!(s.currency_code, Some(CurrencyCode::Xof));
    assert_eq!(s.customer_email.as_deref(), Some("customer@example.com"));
    assert_eq!(s.customer_id.as_deref(), Some("cus_9a8b7c6d5e4f3a2b"));
    assert_eq!(s.customer_name.as_deref(), Some("Aminata Diallo"));
    assert_eq!(s.customer_phone.as_deref(), Some("+221771234567"));
    assert_eq!(s.environment.as_deref(), Some("test"));
    assert_eq!(
        s.expires_at,
        Some(Utc.with_ymd_and_hms(2025, 11, 22, 13, 30, 0).unwrap())
    );
    assert_eq!(
        s.installment_plan_id.as_deref(),
        Some("inst_0f1e2d3c4b5a6978")
    );
    assert_eq!(s.is_pos, Some(false));
    assert_eq!(s.is_spi, Some(true));
    let metadata = s.metadata.as_ref().unwrap();
    assert_eq!(metadata["order_id"], "ord-2025-0042");
    assert_eq!(metadata["items"], 3);
    assert_eq!(metadata["tags"][1], "promo");
    assert_eq!(metadata["nested"]["channel"], "web");
    assert!(metadata["note"].is_null());
    assert_eq!(s.organization_id.as_deref(), Some("org_1a2b3c4d5e6f7a8b"));
    assert_eq!(s.payment_link_id.as_deref(), Some("link_1234567890abcdef"));
    assert_eq!(
        s.payment_request_id.as_deref(),
        Some("preq_5e6f7a8b9c0d1e2f")
    );
    assert_eq!(s.price_id.as_deref(), Some("price_3c4d5e6f7a8b9c0d"));
    assert_eq!(s.product_id.as_deref(), Some("prod_1234567890abcdef"));
    assert_eq!(
        s.public_description.as_deref(),
        Some("Commande #42 – Boutique Dakar")
    );
    assert_eq!(s.qr_code_data["expires_in"], 900);
    assert_eq!(s.qr_code_type.as_deref(), Some("SPI"));
    assert_eq!(s.quantity, Some(Number::from(1)));
    assert_eq!(s.spi_account_number.as_deref(), Some("SN0123456789"));
    assert_eq!(s.spi_qr_code_id.as_deref(), Some("spiqr_8b9c0d1e2f3a4b5c"));
    assert_eq!(s.status, Some(CheckoutSessionStatus::Open));
    assert_eq!(s.subscription_id.as_deref(), Some("sub_2f3a4b5c6d7e8f90"));
    assert_eq!(
        s.success_url.as_deref(),
        Some("https://example.com/success")
    );
    assert_eq!(s.title.as_deref(), Some("Commande #42"));
    let updated = Utc.with_ymd_and_hms(2025, 11, 21, 13, 32, 16).unwrap()
        + chrono::Duration::milliseconds(240);
    assert_eq!(s.updated_at, Some(updated));
}

fn assert_full_link(l: &PaymentLink) {
    assert_eq!(l.link_id, "link_1234567890abcdef");
    assert_eq!(l.allow_coupon_code, Some(false));
    assert_eq!(l.allow_quantity, Some(true));
    assert_eq!(l.allowed_providers.as_deref(), Some("WAVE,ORANGE"));
    assert_eq!(l.amount, Some(Number::from(50000)));
    assert_eq!(l.cancel_url.as_deref(), Some("https://example.com/cancel"));
    assert_eq!(
        l.created_at,
        Some(Utc.with_ymd_and_hms(2025, 11, 21, 10, 0, 0).unwrap())
    );
    assert_eq!(l.created_by.as_deref(), Some("usr_4c2b9e1d7a3f5e80"));
    assert_eq!(l.currency_code, Some(CurrencyCode::Xof));
    assert_eq!(l.description.as_deref(), Some("Annual premium membership"));
    assert_eq!(l.environment.as_deref(), Some("live"));
    assert_eq!(
        l.expires_at,
        Some(Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap())
    );
    assert_eq!(l.is_active, Some(true));
    assert_eq!(l.link_type.as_deref(), Some("product"));
    assert_eq!(l.metadata.as_ref().unwrap()["campaign"], "rentree-2025");
    assert_eq!(l.organization_id.as_deref(), Some("org_1a2b3c4d5e6f7a8b"));
    assert_eq!(l.price_id.as_deref(), Some("price_3c4d5e6f7a8b9c0d"));
    assert_eq!(
        l.private_description.as_deref(),
        Some("Internal: annual plan, Dakar office")
    );
    assert_eq!(l.product_id.as_deref(), Some("prod_1234567890abcdef"));
    assert_eq!(
        l.public_description.as_deref(),
        Some("Annual premium membership")
    );
    assert_eq!(l.quantity, Some(Number::from(1)));
    assert_eq!(
        l.success_url.as_deref(),
        Some("https://example.com/success")
    );
    assert_eq!(l.title.as_deref(), Some("Premium Membership"));
    assert!(l.updated_at.is_some());
    assert_eq!(
        l.url.as_deref(),
        Some("https://pay.lomi.africa/link_1234567890abcdef")
    );
}

#[test]
fn seed_bodies_serialize_byte_for_byte() {
    assert_eq!(
        serde_json::to_string(&create_session_body()).unwrap(),
        CREATE_SESSION_JSON
    );
    assert_eq!(
        serde_json::to_string(&create_link_body()).unwrap(),
        CREATE_LINK_JSON
    );
    assert_eq!(
        serde_json::to_string(&update_session_body()).unwrap(),
        UPDATE_JSON
    );
    assert_eq!(
        serde_json::to_string(&update_link_body()).unwrap(),
        UPDATE_JSON
    );
}

#[test]
fn create_checkout_session() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        exactly(
            when,
            POST,
            "/v1/checkout_sessions",
            Some(CREATE_SESSION_JSON),
        );
        then.status(201)
            .header("content-type", "application/json")
            .body(fixture("checkout_session.json"));
    });
    let session = client(&server)
        .create_checkout_session(&create_session_body())
        .unwrap();
    mock.assert_calls(1);
    assert_full_session(&session);
}

#[test]
fn list_checkout_sessions() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        exactly(
            when,
            GET,
            &format!("/v1/checkout_sessions?{LIST_QUERY}"),
            None,
        );
        then.status(200).body(fixture("checkout_session_list.json"));
    });
    let page = client(&server)
        .list_checkout_sessions(&seed_list_params_sessions())
        .unwrap();
    mock.assert_calls(1);
    assert_eq!(page.data.len(), 1);
    assert_full_session(&page.data[0]);
    let pagination = page.pagination.unwrap();
    assert_eq!(
        (pagination.limit, pagination.offset, pagination.total),
        (Some(20), Some(0), Some(1))
    );
}

#[test]
fn list_without_parameters_sends_no_query() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        exactly(when, GET, "/v1/payment_links", None);
        then.status(200)
            .body(r#"{"data":[],"pagination":{"limit":20,"offset":0,"total":0}}"#);
    });
    let page = client(&server)
        .list_payment_links(&ListPaymentLinksParams::new())
        .unwrap();
    mock.assert_calls(1);
    assert!(page.data.is_empty());
}

#[test]
fn retrieve_checkout_session() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        exactly(when, GET, "/v1/checkout_sessions/cs_7d1f0c2a9b8e4f6a", None);
        then.status(200).body(fixture("checkout_session.json"));
    });
    let session = client(&server)
        .retrieve_checkout_session("cs_7d1f0c2a9b8e4f6a")
        .unwrap();
    mock.assert_calls(1);
    assert_full_session(&session);
}

#[test]
fn update_checkout_session() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        exactly(
            when,
            PATCH,
            "/v1/checkout_sessions/cs_7d1f0c2a9b8e4f6a",
            Some(UPDATE_JSON),
        );
        then.status(200).body(fixture("checkout_session.json"));
    });
    let session = client(&server)
        .update_checkout_session("cs_7d1f0c2a9b8e4f6a", &update_session_body())
        .unwrap();
    mock.assert_calls(1);
    assert_full_session(&session);
}

#[test]
fn delete_checkout_session() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        exactly(
            when,
            DELETE,
            "/v1/checkout_sessions/cs_7d1f0c2a9b8e4f6a",
            None,
        );
        then.status(204);
    });
    client(&server)
        .delete_checkout_session("cs_7d1f0c2a9b8e4f6a")
        .unwrap();
    mock.assert_calls(1);
}

#[test]
fn create_payment_link() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        exactly(when, POST, "/v1/payment_links", Some(CREATE_LINK_JSON));
        then.status(201).body(fixture("payment_link.json"));
    });
    let link = client(&server)
        .create_payment_link(&create_link_body())
        .unwrap();
    mock.assert_calls(1);
    assert_full_link(&link);
}

#[test]
fn list_payment_links() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        exactly(when, GET, &format!("/v1/payment_links?{LIST_QUERY}"), None);
        then.status(200).body(fixture("payment_link_list.json"));
    });
    let params = ListPaymentLinksParams::new()
        .limit(20)
        .offset(0)
        .sort("created_at:desc");
    let page = client(&server).list_payment_links(&params).unwrap();
    mock.assert_calls(1);
    assert_eq!(page.data.len(), 1);
    assert_full_link(&page.data[0]);
    assert_eq!(page.pagination.unwrap().total, Some(1));
}

#[test]
fn retrieve_payment_link() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        exactly(when, GET, "/v1/payment_links/link_1234567890abcdef", None);
        then.status(200).body(fixture("payment_link.json"));
    });
    let link = client(&server)
        .retrieve_payment_link("link_1234567890abcdef")
        .unwrap();
    mock.assert_calls(1);
    assert_full_link(&link);
}

#[test]
fn update_payment_link() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        exactly(
            when,
            PATCH,
            "/v1/payment_links/link_1234567890abcdef",
            Some(UPDATE_JSON),
        );
        then.status(200).body(fixture("payment_link.json"));
    });
    let link = client(&server)
        .update_payment_link("link_1234567890abcdef", &update_link_body())
        .unwrap();
    mock.assert_calls(1);
    assert_full_link(&link);
}

#[test]
fn delete_payment_link() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        exactly(
            when,
            DELETE,
            "/v1/payment_links/link_1234567890abcdef",
            None,
        );
        then.status(204);
    });
    client(&server)
        .delete_payment_link("link_1234567890abcdef")
        .unwrap();
    mock.assert_calls(1);
}

#[test]
fn unknown_values_and_fields_decode() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/v1/checkout_sessions/cs_1");
        then.status(200).body(
            r#"{"checkout_session_id":"cs_1","status":"refunded","currency_code":"GHS",
                "amount":1250.5,"quantity":2.0,"brand_new_field":{"x":[1,2]},"another":null}"#,
        );
    });
    let s = client(&server).retrieve_checkout_session("cs_1").unwrap();
    assert_eq!(
        s.status,
        Some(CheckoutSessionStatus::Unknown("refunded".into()))
    );
    assert_eq!(s.status.as_ref().unwrap().as_str(), "refunded");
    assert_eq!(s.currency_code, Some(CurrencyCode::Unknown("GHS".into())));
    assert_eq!(s.amount.unwrap().as_f64(), 1250.5);
    assert_eq!(s.quantity, Some(Number::from(2)));
    assert_eq!(s.checkout_session_id, "cs_1");
}

#[test]
fn every_known_status_decodes() {
    for (text, status) in [
        ("open", CheckoutSessionStatus::Open),
        ("completed", CheckoutSessionStatus::Completed),
        ("expired", CheckoutSessionStatus::Expired),
    ] {
        let s: CheckoutSession = serde_json::from_str(&format!(
            r#"{{"checkout_session_id":"cs","status":"{text}"}}"#
        ))
        .unwrap();
        assert_eq!(s.status, Some(status));
    }
}

#[test]
fn a_success_without_the_objects_id_is_a_decode_error() {
    // An envelope, as some lomi. servers have sent, or an empty object: never a session with
    // every field `None` that the caller takes for success.
    for body in [r#"{"data":{"checkout_session_id":"cs_1"}}"#, "{}"] {
        let server = MockServer::start();
        server.mock(|when, then| {
            when.any_request();
            then.status(200).body(body);
        });
        let client = client(&server);
        let results = [
            client.retrieve_checkout_session("cs_1").map(drop),
            client
                .create_checkout_session(&create_session_body())
                .map(drop),
            client
                .update_checkout_session("cs_1", &update_session_body())
                .map(drop),
        ];
        for result in results {
            let Err(Error::Decode(e)) = result else {
                panic!("{body}: expected a decode error, got {result:?}")
            };
            assert!(
                e.to_string()
                    .contains("missing field `checkout_session_id`"),
                "{e}"
            );
        }
        let Err(Error::Decode(e)) = client.retrieve_payment_link("link_1") else {
            panic!("{body}: a payment link without its id must not decode")
        };
        assert!(e.to_string().contains("link_id"), "{e}");
        let Err(Error::Decode(e)) = client.list_payment_links(&Default::default()) else {
            panic!("{body}: a list without data must not decode")
        };
        assert!(e.to_string().contains("`data`"), "{e}");
    }
}
