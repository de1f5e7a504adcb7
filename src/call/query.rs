//! Query strings: the trait generated parameter structs implement, and a writer that
//! percent-encodes names and values.

use std::fmt::{Display, Write as _};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::Error;

/// What a query value must encode: controls, space, and the characters that would end or split
/// a query component (`# & = +`), plus `%` and the ones RFC 3986 never allows. `:` and `/`
/// stay, so `sort=created_at:desc` goes out as written.
const COMPONENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    // The async client's URL parser encodes `'` in a query; so does the blocking one, then.
    .add(b'\'')
    .add(b'+')
    .add(b'=')
    .add(b'<')
    .add(b'>')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Implemented by every generated `…Params` struct.
#[cfg_attr(
    not(lomi_query),
    allow(
        dead_code,
        reason = "used by generated query parameters: a spec without any leaves it unused"
    )
)]
pub(crate) trait Query {
    /// Checks the bounds the spec gives, before anything is sent.
    fn validate(&self) -> Result<(), Error>;
    /// Appends the parameters that are set.
    fn write(&self, query: &mut QueryWriter<'_>);
}

/// Appends `name=value` pairs to a URL, starting with `?`.
pub(crate) struct QueryWriter<'a> {
    url: &'a mut String,
    first: bool,
    scratch: String,
}

impl<'a> QueryWriter<'a> {
    #[cfg_attr(
        not(lomi_query),
        allow(
            dead_code,
            reason = "used by generated query parameters: a spec without any leaves it unused"
        )
    )]
    pub(crate) fn new(url: &'a mut String) -> Self {
        Self {
            url,
            first: true,
            scratch: String::new(),
        }
    }

    /// A writer that appends to `query`, a query string this writer's kind began (or nothing).
    pub(crate) fn continuing(query: &'a mut String) -> Self {
        let first = query.is_empty();
        Self {
            url: query,
            first,
            scratch: String::new(),
        }
    }

    /// Appends one pair; the value is formatted with `Display` and percent-encoded.
    pub(crate) fn push(&mut self, name: &str, value: &dyn Display) {
        self.url.push(if self.first { '?' } else { '&' });
        self.first = false;
        self.url.extend(utf8_percent_encode(name, COMPONENT));
        self.url.push('=');
        self.scratch.clear();
        // Writing to a String cannot fail.
        let _ = write!(self.scratch, "{value}");
        self.url
            .extend(utf8_percent_encode(&self.scratch, COMPONENT));
    }
}

/// Checks an integer parameter against the spec's inclusive bounds.
#[allow(
    dead_code,
    reason = "called by generated bounded integer parameters only: a spec may have none"
)]
pub(crate) fn check_range(
    name: &str,
    value: i128,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(), Error> {
    let low = min.is_some_and(|m| value < i128::from(m));
    let high = max.is_some_and(|m| value > i128::from(m));
    if !low && !high {
        return Ok(());
    }
    let range = match (min, max) {
        (Some(a), Some(b)) => format!("from {a} to {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => unreachable!("out of range needs a bound"),
    };
    Err(Error::invalid_request(format!(
        "`{name}` must be {range}, got {value}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_lomis_example_query_as_written() {
        let mut url = String::from("/checkout_sessions");
        let mut q = QueryWriter::new(&mut url);
        q.push("limit", &20);
        q.push("offset", &0);
        q.push("sort", &"created_at:desc");
        assert_eq!(
            url,
            "/checkout_sessions?limit=20&offset=0&sort=created_at:desc"
        );
    }

    #[test]
    fn encodes_separators_in_values() {
        let mut url = String::new();
        QueryWriter::new(&mut url).push("sort", &"a&b=c d#e+f%é");
        assert_eq!(url, "?sort=a%26b%3Dc%20d%23e%2Bf%25%C3%A9");
    }

    #[test]
    fn range_checks() {
        assert!(check_range("limit", 1, Some(1), Some(100)).is_ok());
        assert!(check_range("limit", 100, Some(1), Some(100)).is_ok());
        let err = check_range("limit", 0, Some(1), Some(100)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `limit` must be from 1 to 100, got 0"
        );
        assert!(check_range("limit", 101, Some(1), Some(100)).is_err());
        assert!(check_range("offset", -1, Some(0), None).is_err());
    }
}
