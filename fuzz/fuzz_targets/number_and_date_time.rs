//! Any text as a `Number` and as a date-time: a number that parses re-encodes and reads back
//! as itself (through `serde_json::Value` too); a date-time decodes exactly as chrono decodes
//! it, accepted and refused alike.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lomi::Number;

fuzz_target!(|text: &str| {
    if let Ok(n) = text.parse::<Number>() {
        let wire = serde_json::to_string(&n).expect("a Number encodes");
        assert_eq!(serde_json::from_str::<Number>(&wire).expect("and decodes"), n);
        let value = serde_json::to_value(n).expect("a Number goes through Value");
        assert_eq!(serde_json::from_value::<Number>(value).unwrap(), n);
        assert_eq!(n.to_string().parse::<Number>().unwrap(), n);
    }
    if let Ok(n) = serde_json::from_str::<Number>(text) {
        let wire = serde_json::to_string(&n).expect("a Number encodes");
        assert_eq!(serde_json::from_str::<Number>(&wire).unwrap(), n);
    }
    // A date-time field, as lomi decodes it and as chrono does.
    let json = serde_json::to_string(text).unwrap();
    let body = format!(r#"{{"checkout_session_id":"cs","created_at":{json}}}"#);
    let ours = serde_json::from_str::<lomi::types::CheckoutSession>(&body).map(|s| s.created_at);
    let chrono = serde_json::from_str::<chrono::DateTime<chrono::Utc>>(&json);
    match (ours, chrono) {
        (Ok(Some(a)), Ok(b)) => assert_eq!(a, b, "{text:?}"),
        (Err(_), Err(_)) => {}
        (a, b) => panic!("{text:?}: lomi {a:?}, chrono {b:?}"),
    }
});
