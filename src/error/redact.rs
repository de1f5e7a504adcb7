//! Server text scrubbed of the client's API key.

use serde_json::Value;

/// Scrubs server text of the client's API key, so that a server or proxy echoing the key back
/// (in an error body, a request id, a redirect) cannot make it appear in an error or a log.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Redact<'a> {
    key: &'a str,
}

/// The replacement for the key in server text.
const REDACTED: &str = "<redacted>";

/// Keys shorter than this are not searched for: a short test key (`k`) would mangle every word.
/// Real keys (`lomi_sk_…`) are far longer.
const SHORTEST_REDACTED: usize = 8;

impl<'a> Redact<'a> {
    pub(crate) fn new(key: &'a str) -> Self {
        Self { key }
    }

    /// `text` with every occurrence of the key replaced.
    pub(crate) fn text(&self, text: &str) -> String {
        if self.finds_key_in(text) {
            text.replace(self.key, REDACTED)
        } else {
            text.to_owned()
        }
    }

    /// `text` that was cut from a longer one at its end (a body read up to a limit): as
    /// [`text`](Self::text), and a tail that begins the key is redacted too, since the cut may
    /// fall inside it. A tail shorter than [`SHORTEST_REDACTED`] is left: it shows at most the
    /// public `lomi_sk` prefix.
    pub(crate) fn cut_text(&self, text: &str) -> String {
        let mut out = self.text(text);
        if self.key.len() >= SHORTEST_REDACTED {
            let tail = (SHORTEST_REDACTED..self.key.len())
                .rev()
                .find(|&n| self.key.get(..n).is_some_and(|head| out.ends_with(head)));
            if let Some(n) = tail {
                out.truncate(out.len() - n);
                out.push_str(REDACTED);
            }
        }
        out
    }

    /// serde's error about a body, whose message quotes the value it refused (`invalid type:
    /// string "…"`): rebuilt from the scrubbed message when that value held the key.
    pub(crate) fn serde_error(&self, error: serde_json::Error) -> serde_json::Error {
        let message = error.to_string();
        if self.finds_key_in(&message) {
            // serde_json reads the position back from the message's " at line L column C".
            serde::de::Error::custom(self.text(&message))
        } else {
            error
        }
    }

    /// Whether `text` holds the key, for a key long enough to be searched for.
    fn finds_key_in(&self, text: &str) -> bool {
        self.key.len() >= SHORTEST_REDACTED && text.contains(self.key)
    }

    pub(crate) fn json(&self, value: &mut Value) {
        match value {
            Value::String(s) => {
                if self.finds_key_in(s) {
                    *s = s.replace(self.key, REDACTED);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.json(v)),
            Value::Object(map) => {
                // Keys too: a server may echo the key as a field name.
                let fields = std::mem::take(map);
                for (name, mut v) in fields {
                    self.json(&mut v);
                    map.insert(self.text(&name), v);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
}
