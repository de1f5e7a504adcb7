//! Both clients behind one handle, so that a test written once runs against each with the same
//! assertions: [`for_each_kind`] runs a test once per [`Kind`] (the async one only with feature
//! `async`), and [`call!`] makes a call on an [`AnyClient`], awaiting it on a current-thread
//! tokio runtime when the client is async.

use std::fmt;
use std::sync::Arc;

use lomi::types::{
    CheckoutSession, ListCheckoutSessionsParams, ListPaymentLinksParams, PaymentLink,
};
use lomi::{ClientBuilder, Error};

/// Which client a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// [`lomi::Client`], over ureq.
    Blocking,
    /// [`lomi::AsyncClient`], over reqwest, on a current-thread tokio runtime.
    #[cfg(feature = "async")]
    Async,
}

impl Kind {
    /// Every client this build has.
    pub const ALL: &'static [Kind] = &[
        Kind::Blocking,
        #[cfg(feature = "async")]
        Kind::Async,
    ];

    /// Builds this kind of client from `builder`.
    pub fn build(self, builder: ClientBuilder) -> Result<AnyClient, Error> {
        match self {
            Kind::Blocking => builder.build().map(AnyClient::Blocking),
            #[cfg(feature = "async")]
            Kind::Async => Ok(AnyClient::Async(builder.build_async()?, runtime())),
        }
    }

    /// Builds this kind of client from `builder`, which must be valid.
    pub fn client(self, builder: ClientBuilder) -> AnyClient {
        self.build(builder).expect("a valid test client")
    }
}

/// Runs `test` once for each kind of client; a failure says which kind it was.
pub fn for_each_kind(mut test: impl FnMut(Kind)) {
    for &kind in Kind::ALL {
        let _context = Context(kind);
        test(kind);
    }
}

/// Runs `test` once with each kind of client, each built from a fresh `builder()`.
pub fn for_each_client(builder: impl Fn() -> ClientBuilder, mut test: impl FnMut(&AnyClient)) {
    for_each_kind(|kind| test(&kind.client(builder())));
}

/// Names the client under test when a test panics.
struct Context(Kind);

impl Drop for Context {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("(this failure was with the {:?} client)", self.0);
        }
    }
}

#[cfg(feature = "async")]
fn runtime() -> Arc<tokio::runtime::Runtime> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    Arc::new(runtime)
}

/// A blocking or an async client; cheap to clone, and shared between threads as each client
/// is (threads take turns driving the async client's runtime).
#[derive(Clone)]
pub enum AnyClient {
    /// The blocking client.
    Blocking(lomi::Client),
    /// The async client and the runtime its calls are awaited on.
    #[cfg(feature = "async")]
    Async(lomi::AsyncClient, Arc<tokio::runtime::Runtime>),
}

/// Makes a call on an [`AnyClient`]: `call!(client, c => c.retrieve_checkout_session("cs_1"))`
/// is the blocking call for a blocking client, and the same call awaited for an async one.
macro_rules! call {
    ($client:expr, $c:ident => $call:expr) => {
        match $client {
            $crate::common::AnyClient::Blocking($c) => $call,
            #[cfg(feature = "async")]
            $crate::common::AnyClient::Async($c, runtime) => {
                runtime.block_on(async { $call.await })
            }
        }
    };
}
pub(crate) use call;

impl AnyClient {
    /// Which kind of client this is.
    pub fn kind(&self) -> Kind {
        match self {
            Self::Blocking(_) => Kind::Blocking,
            #[cfg(feature = "async")]
            Self::Async(..) => Kind::Async,
        }
    }

    /// The same client, keeping each success's status, request id and headers in `recorder`.
    pub fn recording(&self, recorder: &lomi::Recorder) -> Self {
        match self {
            Self::Blocking(c) => Self::Blocking(c.recording(recorder)),
            #[cfg(feature = "async")]
            Self::Async(c, runtime) => Self::Async(c.recording(recorder), Arc::clone(runtime)),
        }
    }

    /// The same client with `Idempotency-Key: key` on its requests.
    pub fn with_idempotency_key(&self, key: &str) -> Result<Self, Error> {
        Ok(match self {
            Self::Blocking(c) => Self::Blocking(c.with_idempotency_key(key)?),
            #[cfg(feature = "async")]
            Self::Async(c, runtime) => {
                Self::Async(c.with_idempotency_key(key)?, Arc::clone(runtime))
            }
        })
    }

    /// The client's base URL.
    pub fn base_url(&self) -> &str {
        match self {
            Self::Blocking(c) => c.base_url(),
            #[cfg(feature = "async")]
            Self::Async(c, _) => c.base_url(),
        }
    }

    /// Waits `duration` as an idle application would: for an async client, on its runtime, so
    /// that the runtime's tasks (the connections' among them) run meanwhile.
    pub fn idle(&self, duration: std::time::Duration) {
        match self {
            Self::Blocking(_) => std::thread::sleep(duration),
            #[cfg(feature = "async")]
            Self::Async(_, runtime) => {
                runtime.block_on(async { tokio::time::sleep(duration).await })
            }
        }
    }

    /// Every checkout session, page after page: the blocking client's `…_iter`, or the async
    /// client's `…_stream` awaited item by item (both lazy).
    pub fn sessions(
        &self,
        params: &ListCheckoutSessionsParams,
    ) -> Box<dyn Iterator<Item = Result<CheckoutSession, Error>> + '_> {
        match self {
            Self::Blocking(c) => Box::new(c.list_checkout_sessions_iter(params)),
            #[cfg(feature = "async")]
            Self::Async(c, runtime) => Box::new(Blocked {
                stream: Box::pin(c.list_checkout_sessions_stream(params)),
                runtime,
            }),
        }
    }

    /// Every payment link, page after page, as [`sessions`](Self::sessions) walks sessions.
    pub fn links(
        &self,
        params: &ListPaymentLinksParams,
    ) -> Box<dyn Iterator<Item = Result<PaymentLink, Error>> + '_> {
        match self {
            Self::Blocking(c) => Box::new(c.list_payment_links_iter(params)),
            #[cfg(feature = "async")]
            Self::Async(c, runtime) => Box::new(Blocked {
                stream: Box::pin(c.list_payment_links_stream(params)),
                runtime,
            }),
        }
    }
}

/// A stream read as an iterator, each item awaited on the runtime.
#[cfg(feature = "async")]
struct Blocked<'a, S> {
    stream: std::pin::Pin<Box<S>>,
    runtime: &'a tokio::runtime::Runtime,
}

#[cfg(feature = "async")]
impl<S: futures_util::Stream> Iterator for Blocked<'_, S> {
    type Item = S::Item;

    fn next(&mut self) -> Option<S::Item> {
        use futures_util::StreamExt as _;
        self.runtime.block_on(self.stream.next())
    }
}

/// The client's own `Debug`.
impl fmt::Debug for AnyClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Blocking(c) => c.fmt(f),
            #[cfg(feature = "async")]
            Self::Async(c, _) => c.fmt(f),
        }
    }
}
