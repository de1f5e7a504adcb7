//! The typed mocks match the client's request for any id the client accepts, with the client
//! pointed at the mock server's root or at its `/v1`, as a user's own tests would write them.
#![cfg(feature = "mock")]

use httpmock::MockServer;
use lomi::mock::MockServerExt as _;
use lomi::types::PaymentLink;
use proptest::prelude::*;

fn retrieve_through_a_mock(id: &str, base: &str) {
    let server = MockServer::start();
    let mock = server.retrieve_payment_link(|when, then| {
        when.link_id(id);
        then.ok(&PaymentLink {
            link_id: id.to_owned(),
            ..Default::default()
        });
    });
    let client = lomi::Client::builder("lomi_sk_test_0123456789")
        .base_url(server.url(base))
        .max_retries(0)
        .build()
        .unwrap();
    let link = client.retrieve_payment_link(id).unwrap_or_else(|e| {
        panic!("{id:?} at {base:?}: {e}");
    });
    assert_eq!(link.link_id, id);
    mock.assert();
}

#[test]
fn ids_with_regex_and_reserved_characters_match() {
    for id in [
        "link_1234567890abcdef",
        "cs_(weird)+id",
        "a.b*c?d[e]{f}|g^h$i\\j",
        "slash/and?query#frag",
        "50% off",
        "é€ 🙂",
    ] {
        retrieve_through_a_mock(id, "");
        retrieve_through_a_mock(id, "/v1");
    }
}

#[test]
fn a_mock_for_one_id_does_not_match_another() {
    let server = MockServer::start();
    let mock = server.retrieve_payment_link(|when, then| {
        when.link_id("link_a.c");
        then.ok(&PaymentLink::default());
    });
    let client = lomi::Client::builder("lomi_sk_test_0123456789")
        .base_url(server.base_url())
        .max_retries(0)
        .build()
        .unwrap();
    // `.` is a regex wildcard: unescaped, `link_abc` would match the mock for `link_a.c`.
    assert!(client.retrieve_payment_link("link_abc").is_err());
    mock.assert_calls(0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn any_accepted_id_matches_its_mock(id in "[^\\x00]{1,40}") {
        prop_assume!(id != "." && id != "..");
        retrieve_through_a_mock(&id, "/v1");
    }
}
