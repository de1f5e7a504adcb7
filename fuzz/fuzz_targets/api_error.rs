//! Any status and body into the error reader: never a panic, and the message the client shows
//! carries no character that could forge a log line or repaint a terminal.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn is_sneaky(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}'
            | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fuzz_target!(|input: (u16, &[u8])| {
    let (status, body) = input;
    let error = lomi::ApiError::from_response(status, body);
    let shown = error.to_string();
    assert!(!shown.chars().any(is_sneaky), "unescaped: {shown:?}");
    assert_eq!(error.status(), status);
    let error: lomi::Error = error.into();
    let shown = error.to_string();
    assert!(!shown.chars().any(is_sneaky), "unescaped: {shown:?}");
    let _ = (error.is_retryable(), error.may_have_been_processed());
});
