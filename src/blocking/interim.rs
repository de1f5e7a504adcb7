//! Interim (`1xx`) answers read past before ureq sees them. ureq's HTTP engine refuses a
//! `100 Continue` that carries header fields (RFC 9110 §15.2 allows them) and would fail a call
//! whose real answer follows; the async client reads past it. The outermost transport of the
//! chain takes every interim head off the front of the answer, so both clients read the same
//! final answer. A `101` is left alone: it is final here, and the call reports it.

use std::fmt;

use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

/// The most header fields an interim head may carry before it is left to ureq (which refuses
/// it, as it would refuse such a final head).
const MOST_FIELDS: usize = 64;

/// Wraps the connections of the chain before it in [`Interim`].
#[derive(Debug)]
pub(crate) struct InterimConnector;

impl<In: Transport> Connector<In> for InterimConnector {
    type Out = Interim<In>;

    fn connect(
        &self,
        _: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(chained.map(|inner| Interim {
            inner,
            awaiting_head: false,
        }))
    }
}

/// A transport that drops interim heads from the front of each answer.
pub(crate) struct Interim<T> {
    inner: T,
    /// A request went out and no byte of its final answer has been handed on yet.
    awaiting_head: bool,
}

/// What the front of an answer is.
#[derive(Debug, PartialEq, Eq)]
enum Front {
    /// An interim head of this many bytes, to drop.
    Interim(usize),
    /// Not all of a head yet.
    Partial,
    /// The final answer (or something ureq must judge).
    Final,
}

/// Whether a status is an interim answer to read past: a `1xx` other than `101`, which is
/// final here.
fn is_interim(code: u16) -> bool {
    (100..200).contains(&code) && code != 101
}

fn front(input: &[u8]) -> Front {
    let mut fields = [httparse::EMPTY_HEADER; MOST_FIELDS];
    let mut head = httparse::Response::new(&mut fields);
    match head.parse(input) {
        Ok(httparse::Status::Complete(len)) => match head.code {
            Some(code) if is_interim(code) => Front::Interim(len),
            _ => Front::Final,
        },
        // A status line not yet whole may still be a 1xx; once it is, only a 1xx waits.
        Ok(httparse::Status::Partial) => match head.code {
            Some(code) if !is_interim(code) => Front::Final,
            _ => Front::Partial,
        },
        // More fields than `MOST_FIELDS`: still an interim head when its status line says so,
        // however many fields it carries; it ends at the first empty line.
        Err(httparse::Error::TooManyHeaders) if is_interim_status_line(input) => {
            match head_end(input) {
                Some(len) => Front::Interim(len),
                None => Front::Partial,
            }
        }
        Err(_) => Front::Final,
    }
}

/// Whether `input` starts with an HTTP/1 status line of an interim answer.
fn is_interim_status_line(input: &[u8]) -> bool {
    input.starts_with(b"HTTP/1.")
        && input
            .get(9..12)
            .filter(|code| code.iter().all(u8::is_ascii_digit))
            .and_then(|code| std::str::from_utf8(code).ok()?.parse().ok())
            .is_some_and(is_interim)
}

/// The length of a head up to and including its empty line (CR LF or a bare LF, as httparse
/// reads them), if it has arrived.
fn head_end(input: &[u8]) -> Option<usize> {
    input.windows(2).enumerate().find_map(|(i, w)| match w {
        b"\n\n" => Some(i + 2),
        b"\n\r" if input.get(i + 2) == Some(&b'\n') => Some(i + 3),
        _ => None,
    })
}

impl<T: Transport> Interim<T> {
    /// After input arrived: drops the interim heads at its front; `Ok(false)` when what is
    /// left is not enough to hand on (nothing, or part of a head), so more must be read.
    fn strip(&mut self) -> bool {
        while self.awaiting_head {
            match front(self.inner.buffers().input()) {
                Front::Interim(len) => self.inner.buffers().input_consume(len),
                Front::Partial => return false,
                Front::Final => self.awaiting_head = false,
            }
        }
        true
    }
}

impl<T: Transport> Transport for Interim<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.awaiting_head = true;
        self.inner.transmit_output(amount, timeout)
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        if self.buffers().can_use_input() && self.strip() && self.buffers().can_use_input() {
            return Ok(true);
        }
        self.await_input(timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        loop {
            if !self.inner.await_input(timeout)? {
                return Ok(false);
            }
            if self.strip() && !self.inner.buffers().input().is_empty() {
                return Ok(true);
            }
        }
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

impl<T: fmt::Debug> fmt::Debug for Interim<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interim")
            .field("inner", &self.inner)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{Front, front};

    #[test]
    fn interim_heads_are_told_from_final_ones() {
        let continued = b"HTTP/1.1 100 Continue\r\nx-note: early\r\n\r\nHTTP/1.1 201 Created\r\n";
        assert_eq!(front(continued), Front::Interim(40));
        assert_eq!(
            front(b"HTTP/1.1 103 Early Hints\r\n\r\n"),
            Front::Interim(28)
        );
        assert_eq!(front(b"HTTP/1.1 100 Contin"), Front::Partial);
        assert_eq!(front(b"HTTP/1.1 100 Continue\r\nx-no"), Front::Partial);
        assert_eq!(front(b"HTTP/1."), Front::Partial);
        assert_eq!(front(b""), Front::Partial);
        assert_eq!(front(b"HTTP/1.1 201 Cre"), Front::Final);
        assert_eq!(
            front(b"HTTP/1.1 101 Switching Protocols\r\n\r\n"),
            Front::Final
        );
        assert_eq!(front(b"HTTP/1.1 101 Swi"), Front::Final);
        assert_eq!(front(b"garbage\r\n\r\n"), Front::Final);
        let many: String = (0..100).map(|i| format!("x-{i}: v\r\n")).collect();
        let head = format!("HTTP/1.1 100 Continue\r\n{many}\r\n");
        assert_eq!(front(head.as_bytes()), Front::Interim(head.len()));
        assert_eq!(front(&head.as_bytes()[..head.len() - 2]), Front::Partial);
        let final_head = format!("HTTP/1.1 201 Created\r\n{many}\r\n");
        assert_eq!(front(final_head.as_bytes()), Front::Final);
    }
}
