//! Any id and query text into a request: an id stays one path segment (nothing that ends or
//! leaves it, percent-decoding back to the id), a raw path is refused or names a resource under
//! the base URL, and nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lomi::RawRequest;

fuzz_target!(|input: (&str, &str, &str)| {
    let (id, path, value) = input;
    // How the client encodes an id, as its mocks match it (regex-escaped).
    let encoded = lomi::mock::path_value(id);
    assert!(!encoded.contains(['/', '?', '#', ' ']), "{encoded}");
    assert!(!encoded.chars().any(char::is_control), "{encoded}");
    let request = RawRequest::get("/checkout-sessions").unwrap();
    match request.clone().segment(id) {
        Ok(_) => assert!(!id.is_empty() && id != "." && id != ".."),
        Err(e) => assert!(matches!(e, lomi::Error::InvalidRequest(_))),
    }
    let _ = request.query(value, value);
    if let Ok(_raw) = RawRequest::get(path) {
        assert!(path.starts_with('/'), "{path:?}");
        assert!(!path.contains(['?', '#', '%', '\\']), "{path:?}");
        assert!(!path.split('/').skip(1).any(|s| s == ".." || s == "."), "{path:?}");
        assert!(!path.starts_with("//"), "{path:?}");
    }
});
