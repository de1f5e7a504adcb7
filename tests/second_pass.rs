//! The second adversarial pass's findings that are not about a payment's outcome (those are in
//! `payment_safety.rs`): settings both clients must refuse alike at `build()`, and errors that
//! are errors on their own. Each case failed before its fix.

mod common;

use std::time::Duration;

use common::*;

const PROXY_PASSWORD: &str = "s3cr3t-proxy-pass";

/// Both clients refuse `builder` at `build()`, saying `about`, never quoting the proxy's
/// password.
fn both_refuse(builder: impl Fn() -> lomi::ClientBuilder, about: &str) {
    for_each_kind(|kind| {
        let err = kind.build(builder()).unwrap_err();
        assert!(matches!(err, lomi::Error::Config(_)), "{err:?}");
        let text = format!("{err} {err:?}");
        assert!(text.contains(about), "{text}");
        assert!(!text.contains(PROXY_PASSWORD), "{text}");
    });
}

#[test]
fn a_proxy_port_out_of_range_is_refused_by_both_clients_at_build() {
    for port in ["65536", "99999", "123456789012"] {
        let proxy = format!("http://user:{PROXY_PASSWORD}@proxy.internal:{port}");
        both_refuse(
            || {
                lomi::Client::builder(KEY)
                    .base_url("https://api.lomi.africa/v1")
                    .proxy(proxy.clone())
            },
            "port",
        );
    }
    // In range, both build.
    for_each_kind(|kind| {
        kind.build(
            lomi::Client::builder(KEY)
                .base_url("https://api.lomi.africa/v1")
                .proxy(format!("http://user:{PROXY_PASSWORD}@proxy.internal:65535")),
        )
        .unwrap();
    });
}

#[test]
fn a_pem_of_valid_base64_but_no_certificate_is_refused_by_both_clients_at_build() {
    for garbage in [
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
    ] {
        both_refuse(
            || lomi::Client::builder(KEY).root_certificates(garbage),
            "certificate",
        );
    }
}

#[test]
fn a_zero_backoff_is_refused_at_build() {
    for (initial, max) in [
        (Duration::ZERO, Duration::ZERO),
        (Duration::ZERO, Duration::from_secs(1)),
        (Duration::from_millis(1), Duration::ZERO),
    ] {
        both_refuse(
            || lomi::Client::builder(KEY).retry_backoff(initial, max),
            "backoff",
        );
    }
}

#[test]
fn each_error_is_an_error_on_its_own() {
    fn boxed(
        e: impl std::error::Error + Send + Sync + 'static,
    ) -> Box<dyn std::error::Error + Send + Sync> {
        Box::new(e)
    }
    let server = common::raw_server::RawServer::start(vec![
        common::raw_server::Action::json(200, "{}"),
        common::raw_server::Action::json(404, r#"{"error":{"message":"gone"}}"#),
    ]);
    let client = server.builder().max_retries(0).build().unwrap();
    match client.retrieve_checkout_session("cs_1") {
        Err(lomi::Error::Decode(e)) => {
            let message = e.to_string();
            let e = boxed(*e);
            assert_eq!(e.to_string(), message);
            assert!(e.source().is_some(), "serde's error is the source");
        }
        other => panic!("{other:?}"),
    }
    match client.retrieve_checkout_session("cs_1") {
        Err(lomi::Error::Api(e)) => assert!(boxed(*e).to_string().contains("gone")),
        other => panic!("{other:?}"),
    }
    drop(server);
    match client.retrieve_checkout_session("cs_1") {
        Err(lomi::Error::Transport(e)) => {
            let e = boxed(*e);
            assert!(e.source().is_some(), "the I/O error is the source");
        }
        other => panic!("{other:?}"),
    }
}
