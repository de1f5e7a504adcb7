//! Any body into webhook verification: what verifies was signed (a signature made for other
//! bytes never verifies), what is signed verifies or is refused as not an event, and no error
//! text carries a control character.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lomi::webhook::{self, WebhookErrorKind};

const SECRET: &str = "whsec_fuzz_secret";

fuzz_target!(|input: (&[u8], &[u8])| {
    let (body, other) = input;
    let signature = webhook::sign(body, SECRET);
    match webhook::verify(body, Some(signature.as_str()), SECRET) {
        Ok(event) => {
            let _ = event.data_as::<lomi::types::Transaction>();
            if let Err(e) = event.data_as::<std::collections::HashMap<String, u8>>() {
                assert!(!e.to_string().chars().any(char::is_control), "{e}");
            }
        }
        Err(e) => {
            assert_eq!(e.kind(), WebhookErrorKind::InvalidPayload, "{e}");
            assert!(!e.to_string().chars().any(char::is_control), "{e}");
        }
    }
    if other != body {
        let forged = webhook::verify(other, Some(signature.as_str()), SECRET);
        assert_eq!(forged.unwrap_err().kind(), WebhookErrorKind::SignatureMismatch);
    }
    // Any header text: refused or accepted, never a panic, never quoted. A header may be
    // words of the message itself ("s, not t"): then a header of the same length that shares
    // no character with it gets the same words, which a quoted header would not.
    if let Ok(header) = std::str::from_utf8(other) {
        if let Err(e) = webhook::verify(body, Some(header), SECRET) {
            let shown = e.to_string();
            if header.len() >= 8 && shown.contains(header) {
                let filler = ['z', 'y', 'x', 'q'].into_iter().find(|c| !header.contains(*c));
                let twin = filler.map(|c| c.to_string().repeat(header.len()));
                let twin_shown = twin
                    .and_then(|t| webhook::verify(body, Some(t.as_str()), SECRET).err())
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                assert!(twin_shown.contains(header), "the header is quoted: {shown}");
            }
        }
    }
});
