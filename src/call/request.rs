//! One call as a generated method describes it: method, path, query and body, checked and
//! encoded before anything is sent. Both clients send the same description.

use std::borrow::Cow;

use http::Method;
use serde::Serialize;

use crate::Error;
use crate::call::query::{Query, QueryWriter};

/// An API call, ready to send to any base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) method: Method,
    /// The path template from the spec, such as `/checkout_sessions/{session_id}`; logs show
    /// it rather than the ids.
    pub(crate) template: Cow<'static, str>,
    /// The path with its values percent-encoded, and the query: what follows the base URL.
    pub(crate) target: String,
    /// The JSON body, serialized once for every attempt.
    pub(crate) body: Option<Vec<u8>>,
}

impl Request {
    /// A request for `template` with its placeholders filled, in order, by `path_values`
    /// (each checked and encoded as exactly one path segment).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when a value is empty, `.`, `..` or too long.
    pub(crate) fn new(
        method: Method,
        template: &'static str,
        path_values: &[&str],
    ) -> Result<Self, Error> {
        let mut target = String::with_capacity(template.len() + 32);
        crate::call::path::expand(&mut target, template, path_values)?;
        Ok(Self {
            method,
            template: Cow::Borrowed(template),
            target,
            body: None,
        })
    }

    /// A request a caller described (see [`RawRequest`](crate::RawRequest)): logs show its
    /// `template` (its literal path, `{id}` for each segment added); `target` is the path and
    /// query, already checked and encoded.
    pub(crate) fn raw(
        method: Method,
        template: String,
        target: String,
        body: Option<Vec<u8>>,
    ) -> Self {
        Self {
            method,
            template: Cow::Owned(template),
            target,
            body,
        }
    }

    /// Adds the query parameters, after checking them against the spec's bounds.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when a parameter is out of bounds.
    #[cfg_attr(
        not(lomi_query),
        allow(
            dead_code,
            reason = "used by generated query parameters: a spec without any leaves it unused"
        )
    )]
    pub(crate) fn query(mut self, query: &dyn Query) -> Result<Self, Error> {
        query.validate()?;
        query.write(&mut QueryWriter::new(&mut self.target));
        Ok(self)
    }

    /// Adds the JSON body.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the body cannot be serialized (a number out of JSON's
    /// range, say).
    pub(crate) fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        self.body = Some(to_json(body)?);
        Ok(self)
    }

    /// Whether the request creates something (a `POST`).
    pub(crate) fn is_create(&self) -> bool {
        self.method == Method::POST
    }
}

/// `body` as JSON bytes.
///
/// # Errors
///
/// [`Error::InvalidRequest`] when it cannot be serialized (a number out of JSON's range, say).
pub(crate) fn to_json<B: Serialize + ?Sized>(body: &B) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(body)
        .map_err(|e| Error::invalid_request(format!("the request body cannot be serialized: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_path_query_and_body() {
        struct Q;
        impl Query for Q {
            fn validate(&self) -> Result<(), Error> {
                Ok(())
            }
            fn write(&self, query: &mut QueryWriter<'_>) {
                query.push("sort", &"created_at:desc");
            }
        }
        let r = Request::new(Method::PATCH, "/x/{id}", &["a b"])
            .unwrap()
            .query(&Q)
            .unwrap()
            .json(&serde_json::json!({"k": 1}))
            .unwrap();
        assert_eq!(r.target, "/x/a%20b?sort=created_at:desc");
        assert_eq!(r.body.as_deref(), Some(&b"{\"k\":1}"[..]));
        assert!(!r.is_create());
        assert_eq!(r.template, "/x/{id}");
    }
}
