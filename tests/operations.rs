//! Every operation on the wire, from the table in `tests/common/operations.rs`, against both
//! clients: method, path, query, headers and body exactly as lomi.'s examples in `openapi.yaml`
//! say, and a realistic response with every field decoded. Also what configures the wire: the
//! user agent, and `from_env`.

mod common;

use chrono::{TimeZone, Utc};
use common::raw_server::{Action, RawServer};
use common::*;
use lomi::types::{
    CheckoutSession, CheckoutSessionStatus, CurrencyCode, ListPaymentLinksParams, PaymentLink,
};
use lomi::{Error, Number};
use serde_json::Value;

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
    assert_eq!(s.qr_code_data.as_ref().unwrap()["expires_in"], 900);
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

/// Asserts every field of an answer built from the fixtures.
fn assert_in_full(answer: &Answer) {
    match answer {
        Answer::Session(s) => assert_full_session(s),
        Answer::Link(l) => assert_full_link(l),
        Answer::Sessions(page) => {
            assert_eq!(page.data.len(), 1);
            assert_full_session(&page.data[0]);
            let pagination = page.pagination.as_ref().unwrap();
            assert_eq!(
                (pagination.limit, pagination.offset, pagination.total),
                (Some(20), Some(0), Some(1))
            );
        }
        Answer::Links(page) => {
            assert_eq!(page.data.len(), 1);
            assert_full_link(&page.data[0]);
            assert_eq!(page.pagination.as_ref().unwrap().total, Some(1));
        }
        Answer::Deleted => {}
    }
}

#[test]
fn every_operation_on_the_wire() {
    for_each_kind(|kind| {
        for op in &OPERATIONS {
            let server = RawServer::start(vec![op.reply()]);
            let answer = op.call(&kind.client(server.builder()));
            let answer = answer.unwrap_or_else(|e| panic!("{}: {e:?}", op.name));
            let sent = server.sent();
            assert_eq!(sent.len(), 1, "{}", op.name);
            op.assert_sent(&sent[0], USER_AGENT);
            assert_eq!(answer, op.answer(), "{}", op.name);
            assert_in_full(&answer);
        }
    });
}

/// The spec, as JSON.
fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    serde_yaml_ng::from_str(&text).unwrap()
}

/// The component a `$ref` points at, or the value itself.
fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str() {
        Some(reference) => spec
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("{reference} is not in the spec")),
        None => value,
    }
}

#[test]
fn the_table_is_lomis_examples_from_the_spec() {
    let spec = spec();
    for op in &OPERATIONS {
        let operation = &spec["paths"][op.template][op.method.to_ascii_lowercase()];
        assert_eq!(operation["operationId"], op.operation_id, "{}", op.name);
        let example = &operation["requestBody"]["content"]["application/json"]["example"];
        match op.body {
            Some(body) => {
                let body: Value = serde_json::from_str(body).unwrap();
                assert_eq!(&body, example, "{}", op.name);
            }
            None => assert!(example.is_null(), "{}", op.name),
        }
        assert!(
            operation["responses"][op.status.to_string()].is_object(),
            "{}: no {} in the spec",
            op.name,
            op.status
        );
        // Query parameters, from their examples, in the spec's order.
        let query: Vec<String> = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| resolve(&spec, p))
            .filter(|p| p["in"] == "query")
            .map(|p| {
                let value = match &p["example"] {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                format!("{}={value}", p["name"].as_str().unwrap())
            })
            .collect();
        let target = format!("/v1{}", op.template)
            .replace("{session_id}", SESSION_ID)
            .replace("{link_id}", LINK_ID);
        let target = match query.join("&") {
            q if q.is_empty() => target,
            q => format!("{target}?{q}"),
        };
        assert_eq!(op.target, target, "{}", op.name);
    }
    assert_eq!(
        operation("list_checkout_sessions").target,
        format!("/v1/checkout_sessions?{LIST_QUERY}")
    );
}

#[test]
fn lomis_examples_serialize_byte_for_byte() {
    fn json(body: &impl serde::Serialize) -> String {
        serde_json::to_string(body).unwrap()
    }
    assert_eq!(json(&create_session_body()), CREATE_SESSION_JSON);
    assert_eq!(json(&create_link_body()), CREATE_LINK_JSON);
    assert_eq!(json(&update_session_body()), UPDATE_JSON);
    assert_eq!(json(&update_link_body()), UPDATE_JSON);
}

#[test]
fn list_without_parameters_sends_no_query() {
    for_each_kind(|kind| {
        let empty = r#"{"data":[],"pagination":{"limit":20,"offset":0,"total":0}}"#;
        let server = RawServer::start(vec![Action::json(200, empty)]);
        let client = kind.client(server.builder());
        let page = call!(&client, c => c.list_payment_links(&ListPaymentLinksParams::new()));
        assert!(page.unwrap().data.is_empty());
        assert_eq!(server.sent()[0].target, "/v1/payment_links");
    });
}

#[test]
fn the_user_agent_names_the_callers_product_first() {
    for_each_kind(|kind| {
        let server = RawServer::start(vec![operation("retrieve_payment_link").reply()]);
        let client = kind.client(server.builder().user_agent("shop/1.2"));
        operation("retrieve_payment_link").call(&client).unwrap();
        let expected = format!("shop/1.2 lomi-rust/{}", env!("CARGO_PKG_VERSION"));
        operation("retrieve_payment_link").assert_sent(&server.sent()[0], &expected);
    });
}

#[test]
fn the_host_header_names_the_server_of_the_base_url() {
    for_each_kind(|kind| {
        for host in ["127.0.0.1", "localhost", "LocalHost"] {
            let server = RawServer::start(vec![operation("retrieve_payment_link").reply()]);
            let base = format!("http://{host}:{}/v1", server.port());
            let client = kind.client(server.builder().base_url(base));
            operation("retrieve_payment_link").call(&client).unwrap();
            // Host names are case-insensitive; both clients send them in lower case.
            let expected = format!("{}:{}", host.to_lowercase(), server.port());
            // `header` also fails if it was sent twice.
            assert_eq!(
                server.sent()[0].header("host"),
                Some(&*expected),
                "{kind:?}"
            );
        }
    });
}

/// Set in the child process that [`from_env_reads_the_key_and_the_base_url`] starts.
const CHILD: &str = "LOMI_TEST_FROM_ENV_CHILD";

/// Runs this very test binary again with only `test` selected and `vars` set (or, for `None`,
/// removed), and returns its output. The parent never changes its own environment.
fn run_child(test: &str, vars: &[(&str, Option<&str>)]) -> std::process::Output {
    let mut command = std::process::Command::new(std::env::current_exe().unwrap());
    command.args(["--exact", test, "--nocapture", "--test-threads=1"]);
    command.env(CHILD, "1");
    for (name, value) in vars {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    let output = command.output().expect("the test binary runs again");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn from_env_reads_the_key_and_the_base_url() {
    const NAME: &str = "from_env_reads_the_key_and_the_base_url";
    if std::env::var_os(CHILD).is_some() {
        // The child: every client from the environment alone.
        match std::env::var("LOMI_API_KEY") {
            Ok(_) => {
                let base = std::env::var("LOMI_BASE_URL").unwrap();
                let clients = [
                    AnyClient::Blocking(lomi::Client::from_env().unwrap()),
                    #[cfg(feature = "async")]
                    Kind::Async.client(lomi::ClientBuilder::from_env().unwrap()),
                ];
                for client in clients {
                    assert_eq!(client.base_url(), base);
                    operation("retrieve_payment_link").call(&client).unwrap();
                }
                #[cfg(feature = "async")]
                assert_eq!(lomi::AsyncClient::from_env().unwrap().base_url(), base);
            }
            Err(_) => {
                let errors = [
                    lomi::Client::from_env().map(drop),
                    #[cfg(feature = "async")]
                    lomi::AsyncClient::from_env().map(drop),
                ];
                for result in errors {
                    let Err(e @ Error::Config(_)) = result else {
                        panic!("{result:?}")
                    };
                    assert!(e.to_string().ends_with(": LOMI_API_KEY is not set"), "{e}");
                }
            }
        }
        return;
    }
    let server = RawServer::start(vec![
        operation("retrieve_payment_link").reply();
        Kind::ALL.len()
    ]);
    run_child(
        NAME,
        &[
            ("LOMI_API_KEY", Some(KEY)),
            ("LOMI_BASE_URL", Some(&server.url())),
        ],
    );
    let sent = server.sent();
    assert_eq!(sent.len(), Kind::ALL.len());
    for sent in &sent {
        operation("retrieve_payment_link").assert_sent(sent, USER_AGENT);
    }
    run_child(NAME, &[("LOMI_API_KEY", None), ("LOMI_BASE_URL", None)]);
}

#[test]
fn unknown_values_and_fields_decode() {
    let body = r#"{"checkout_session_id":"cs_1","status":"refunded","currency_code":"GHS",
                "amount":1250.5,"quantity":2.0,"brand_new_field":{"x":[1,2]},"another":null}"#;
    for_each_kind(|kind| {
        let server = RawServer::start(vec![Action::json(200, body)]);
        let client = kind.client(server.builder());
        let s = call!(&client, c => c.retrieve_checkout_session("cs_1")).unwrap();
        assert_eq!(
            s.status,
            Some(CheckoutSessionStatus::Unknown("refunded".into()))
        );
        assert_eq!(s.status.as_ref().unwrap().as_str(), "refunded");
        assert_eq!(s.currency_code, Some(CurrencyCode::Unknown("GHS".into())));
        assert_eq!(s.amount.unwrap().as_f64(), 1250.5);
        assert_eq!(s.quantity, Some(Number::from(2)));
        assert_eq!(s.checkout_session_id, "cs_1");
    });
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
    // An envelope, as some lomi. servers have sent, or an empty object: never an object with
    // every field `None` that the caller takes for success. Every operation that answers an
    // object or a page is tried.
    for body in [r#"{"data":{"checkout_session_id":"cs_1"}}"#, "{}"] {
        for_each_kind(|kind| {
            for op in OPERATIONS.iter().filter(|op| op.shape != Shape::Nothing) {
                let server = RawServer::start(vec![Action::respond(
                    op.status,
                    &[("x-request-id", "req_9")],
                    body,
                )]);
                let e = expect_decode(op.call(&kind.client(server.builder())));
                let missing = match op.shape {
                    Shape::Session => "missing field `checkout_session_id`",
                    Shape::Link => "missing field `link_id`",
                    _ if body == "{}" => "missing field `data`",
                    // An object where the list's array should be.
                    _ => "invalid type: map, expected a sequence",
                };
                assert!(e.to_string().contains(missing), "{}: {e}", op.name);
                assert_eq!(e.status(), op.status);
                assert_eq!(e.request_id(), Some("req_9"));
            }
        });
    }
}
