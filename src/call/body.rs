//! A response body read up to its limit, the same way by both executors, into a buffer the
//! thread keeps from one call to the next.

use std::io::Read;

use crate::error::{TransportError, TransportErrorKind};

/// How much of a body to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limit {
    /// The most bytes kept.
    pub(crate) bytes: u64,
    /// Past the limit: `true` keeps what was read (error bodies), `false` fails the attempt with
    /// [`TransportErrorKind::BodyTooLarge`] (success bodies, which must be whole to decode).
    pub(crate) keep_truncated: bool,
}

/// The most a body's `Content-Length` reserves up front; a larger body grows as it is read.
const PRESIZE_LIMIT: u64 = 1 << 20;

/// The largest body buffer a thread keeps for its next call.
const KEPT_BUFFER: usize = 16 * 1024;

thread_local! {
    /// A decoded body's buffer, kept for the thread's next response.
    static BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A body being read: the bytes so far, held to their limit.
pub(crate) struct Reading {
    bytes: Vec<u8>,
    limit: Limit,
}

impl Reading {
    /// Starts reading a body the server announced as `announced` bytes long. A success body
    /// announced over the limit fails at once, before a byte of it is read.
    pub(crate) fn start(announced: Option<u64>, limit: Limit) -> Result<Self, Box<TransportError>> {
        let announced = announced.unwrap_or(0);
        if !limit.keep_truncated && announced > limit.bytes {
            return Err(too_large(limit.bytes));
        }
        let capacity = announced.min(limit.bytes).min(PRESIZE_LIMIT) as usize;
        Ok(Self {
            bytes: buffer(capacity),
            limit,
        })
    }

    #[cfg(any(feature = "async", test))]
    /// Adds a chunk as it arrived; `Ok(true)` once an error body holds all it may keep (the
    /// rest is dropped with the connection).
    pub(crate) fn push(&mut self, chunk: &[u8]) -> Result<bool, Box<TransportError>> {
        let left = usize::try_from(self.limit.bytes)
            .unwrap_or(usize::MAX)
            .saturating_sub(self.bytes.len());
        if chunk.len() <= left {
            self.bytes.extend_from_slice(chunk);
            return Ok(false);
        }
        if !self.limit.keep_truncated {
            return Err(too_large(self.limit.bytes));
        }
        self.bytes.extend_from_slice(&chunk[..left]);
        Ok(true)
    }

    /// Reads the rest of the body from `reader`; `error` maps a failed read.
    pub(crate) fn read_from(
        mut self,
        reader: impl Read,
        error: impl FnOnce(std::io::Error) -> Box<TransportError>,
    ) -> Result<Vec<u8>, Box<TransportError>> {
        // One byte past a success body's limit tells "exactly the limit" from "over it".
        let room = self
            .limit
            .bytes
            .saturating_add(u64::from(!self.limit.keep_truncated));
        match reader.take(room).read_to_end(&mut self.bytes) {
            Ok(_) if self.bytes.len() as u64 > self.limit.bytes => Err(too_large(self.limit.bytes)),
            Ok(_) => Ok(self.bytes),
            Err(e) => self.broke(error(e)),
        }
    }

    /// Ends a read that failed: what an error body had before the connection broke is still
    /// worth keeping; a success body must be whole.
    pub(crate) fn broke(self, error: Box<TransportError>) -> Result<Vec<u8>, Box<TransportError>> {
        if self.limit.keep_truncated {
            log::debug!(target: "lomi", "an error body was cut short ({:?})", error.kind);
            return Ok(self.bytes);
        }
        Err(error)
    }

    #[cfg(any(feature = "async", test))]
    /// The body, read to its end.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

/// The error for a success body over `limit` bytes.
pub(crate) fn too_large(limit: u64) -> Box<TransportError> {
    Box::new(TransportError::new(
        TransportErrorKind::BodyTooLarge,
        format!("the response body is larger than the client's limit of {limit} bytes"),
    ))
}

/// An empty buffer with room for `capacity` bytes: the one the thread's last decoded body left,
/// if any. A body of a few KiB read into a new vector on every call makes glibc consolidate its
/// fast bins on every call; a kept buffer makes no allocation at all.
fn buffer(capacity: usize) -> Vec<u8> {
    let mut buffer = BUFFER.take();
    buffer.reserve(capacity);
    buffer
}

/// Keeps a decoded body's buffer (zeroed and emptied; up to [`KEPT_BUFFER`] bytes) for the
/// thread's next body, so the buffer this crate keeps between calls holds no customer data.
/// That is all it promises: the HTTP stack's own buffers (ureq's input buffer on a pooled
/// connection, hyper's) and freed allocations may still hold bytes of an earlier answer until
/// they are overwritten.
pub(crate) fn recycle(mut buffer: Vec<u8>) {
    if buffer.capacity() <= KEPT_BUFFER {
        buffer.fill(0);
        buffer.clear();
        BUFFER.set(buffer);
    }
}

#[cfg(test)]
mod tests {
    use super::{Limit, Reading};

    const SUCCESS: Limit = Limit {
        bytes: 4,
        keep_truncated: false,
    };
    const ERROR: Limit = Limit {
        bytes: 4,
        keep_truncated: true,
    };

    #[test]
    fn a_success_body_may_be_exactly_its_limit_and_not_a_byte_more() {
        let read = |body: &[u8]| {
            Reading::start(None, SUCCESS)
                .unwrap()
                .read_from(body, |_| unreachable!())
        };
        assert_eq!(read(b"1234").unwrap(), b"1234");
        assert!(read(b"12345").is_err());
        let mut chunks = Reading::start(None, SUCCESS).unwrap();
        assert!(!chunks.push(b"12").unwrap());
        assert!(!chunks.push(b"34").unwrap());
        assert!(chunks.push(b"5").is_err());
        assert!(Reading::start(Some(5), SUCCESS).is_err());
    }

    #[test]
    fn an_error_body_keeps_what_fits() {
        let read = Reading::start(Some(1 << 40), ERROR).unwrap();
        assert_eq!(
            read.read_from(&b"123456"[..], |_| unreachable!()).unwrap(),
            b"1234"
        );
        let mut chunks = Reading::start(None, ERROR).unwrap();
        assert!(!chunks.push(b"123").unwrap());
        assert!(chunks.push(b"456").unwrap());
        assert_eq!(chunks.finish(), b"1234");
    }
}
