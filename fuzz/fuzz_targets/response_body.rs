//! Any success body into every response type: what decodes encodes again, through
//! `serde_json::Value` too, and decodes to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lomi::types::{CheckoutSession, CheckoutSessionList, PaymentLink, PaymentLinkList, Transaction};
use serde::Serialize;
use serde::de::DeserializeOwned;

fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(body: &[u8]) {
    let Ok(value) = serde_json::from_slice::<T>(body) else {
        return;
    };
    let text = serde_json::to_vec(&value).expect("a decoded value encodes");
    let again: T = serde_json::from_slice(&text).expect("an encoded value decodes");
    assert_eq!(again, value, "text round trip");
    let json = serde_json::to_value(&value).expect("a decoded value goes through Value");
    let again: T = serde_json::from_value(json).expect("a Value decodes");
    assert_eq!(again, value, "Value round trip");
}

fuzz_target!(|body: &[u8]| {
    round_trip::<CheckoutSession>(body);
    round_trip::<CheckoutSessionList>(body);
    round_trip::<PaymentLink>(body);
    round_trip::<PaymentLinkList>(body);
    round_trip::<Transaction>(body);
});
