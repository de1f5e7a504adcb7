//! Filling path templates with caller-supplied ids, each kept to one path segment.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::Error;

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded, so an id
/// such as `a/../b?x=1#y` stays one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The longest id accepted, in bytes. lomi.'s ids are a few dozen characters; a longer value
/// is a mistake (a body pasted as an id), and once encoded it could exceed what a URL can hold.
pub(crate) const LONGEST_ID: usize = 2048;

/// Rejects ids that cannot name a resource: empty, `.`, `..`, or longer than [`LONGEST_ID`].
///
/// Control characters and every other byte are fine: they are percent-encoded.
pub(crate) fn check_segment(name: &str, value: &str) -> Result<(), Error> {
    match value {
        "" => Err(Error::invalid_request(format!(
            "`{name}` must not be empty"
        ))),
        "." | ".." => Err(Error::invalid_request(format!(
            "`{name}` must not be `{value}`"
        ))),
        long if long.len() > LONGEST_ID => Err(Error::invalid_request(format!(
            "`{name}` is {} bytes long; ids are at most {LONGEST_ID} bytes",
            long.len()
        ))),
        _ => Ok(()),
    }
}

/// `value` percent-encoded as one path segment, as [`expand`] writes it.
pub(crate) fn encode_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// Appends `template` to `out`, replacing each `{placeholder}` with the next value of
/// `values`, checked and percent-encoded.
pub(crate) fn expand(out: &mut String, template: &str, values: &[&str]) -> Result<(), Error> {
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| Error::invalid_request(format!("bad path template `{template}`")))?;
        let name = &rest[open + 1..close];
        let value = values.next().ok_or_else(|| {
            Error::invalid_request(format!("no value for `{{{name}}}` in `{template}`"))
        })?;
        check_segment(name, value)?;
        out.push_str(&rest[..open]);
        out.extend(utf8_percent_encode(value, SEGMENT));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(template: &str, values: &[&str]) -> Result<String, Error> {
        let mut out = String::new();
        expand(&mut out, template, values).map(|()| out)
    }

    #[test]
    fn plain_ids_are_unchanged() {
        assert_eq!(
            path("/checkout_sessions/{session_id}", &["cs_123-abc.~"]).unwrap(),
            "/checkout_sessions/cs_123-abc.~"
        );
        assert_eq!(path("/payment_links", &[]).unwrap(), "/payment_links");
    }

    #[test]
    fn reserved_characters_stay_in_one_segment() {
        assert_eq!(
            path("/x/{id}", &["a/../b?x=1#y"]).unwrap(),
            "/x/a%2F..%2Fb%3Fx%3D1%23y"
        );
        assert_eq!(
            path("/x/{id}", &["50% off me"]).unwrap(),
            "/x/50%25%20off%20me"
        );
        assert_eq!(path("/x/{id}", &["é\n"]).unwrap(), "/x/%C3%A9%0A");
        assert_eq!(path("/x/{a}/y/{b}", &["1", "2"]).unwrap(), "/x/1/y/2");
    }

    #[test]
    fn empty_and_dot_ids_are_rejected() {
        for bad in ["", ".", ".."] {
            let err = path("/x/{id}", &[bad]).unwrap_err();
            assert!(matches!(err, Error::InvalidRequest(_)), "{bad:?}: {err}");
        }
        assert_eq!(path("/x/{id}", &["..."]).unwrap(), "/x/...");
        let long = "é".repeat(LONGEST_ID);
        let err = path("/x/{id}", &[&long]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `id` is 4096 bytes long; ids are at most 2048 bytes"
        );
        assert!(path("/x/{id}", &[&"a".repeat(LONGEST_ID)]).is_ok());
    }

    proptest::proptest! {
        /// Any id but the three refused ones becomes exactly one segment that decodes back to it.
        #[test]
        fn any_id_is_one_segment(id in "\\PC*") {
            let mut out = String::new();
            match expand(&mut out, "/x/{id}", &[&id]) {
                Err(_) => proptest::prop_assert!(
                    id.is_empty() || id == "." || id == ".." || id.len() > LONGEST_ID
                ),
                Ok(()) => {
                    let segment = out.strip_prefix("/x/").unwrap();
                    proptest::prop_assert!(!segment.contains(['/', '?', '#', ' ']));
                    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8().unwrap();
                    proptest::prop_assert_eq!(decoded, id.as_str());
                }
            }
        }
    }
}
