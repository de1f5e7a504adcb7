//! A success response whose body could not be decoded.

use std::error::Error as StdError;
use std::fmt;

use crate::error::quote::quote;

/// A success response whose body could not be decoded.
///
/// # Example
///
/// ```no_run
/// # fn main() -> Result<(), lomi::Error> {
/// # let client = lomi::Client::from_env()?;
/// if let Err(lomi::Error::Decode(e)) = client.retrieve_payment_link("link_1234567890abcdef") {
///     eprintln!("field {} was wrong: {e}; body began {}", e.path(), e.snippet());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct DecodeError {
    pub(crate) status: u16,
    pub(crate) path: String,
    pub(crate) snippet: String,
    pub(crate) body: String,
    pub(crate) request_id: Option<String>,
    pub(crate) source: Escaped,
}

impl DecodeError {
    /// The JSON path that failed, such as `data[3].amount` (`.` for the whole body).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The first bytes of the body (at most 500), lossily UTF-8.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }

    /// The body as received (its first 64 KiB, lossily UTF-8, the key redacted), for a support
    /// ticket; as [`snippet`](Self::snippet), its control characters are not escaped (`Display`
    /// escapes them).
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id of the response, when sent.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot decode the {} response at `{}`: {}; body: {}",
            self.status,
            quote(&self.path),
            // serde's message may quote the server's text (an invalid value, a field name).
            self.source,
            quote(&self.snippet)
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {}]", quote(id))?;
        }
        Ok(())
    }
}

/// serde's error as a source. Its message may quote the server's text (an invalid value, a
/// field name), and error reporters print every source (anyhow's "Caused by:"), so it shows
/// that text escaped, as [`quote`] does.
#[derive(Debug)]
pub(crate) struct Escaped(pub(crate) serde_json::Error);

impl fmt::Display for Escaped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&quote(&self.0.to_string()))
    }
}

impl StdError for Escaped {}

/// A decode error alone is an error too, with serde's error as its source (shown escaped, as
/// every piece of server text is).
///
/// ```
/// fn boxed(e: lomi::DecodeError) -> Box<dyn std::error::Error + Send + Sync> {
///     Box::new(e)
/// }
/// ```
impl StdError for DecodeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}
