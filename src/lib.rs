#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "async")]
mod asynchronous;
mod blocking;
mod builder;
mod call;
mod config;
mod environment;
mod error;
mod pagination;
mod proxy;
mod recorder;
mod values;
pub mod webhook;

#[cfg(feature = "async")]
pub use asynchronous::AsyncClient;
pub use blocking::Client;
pub use builder::ClientBuilder;
pub use call::raw::RawRequest;
pub use environment::Environment;
pub use error::{ApiError, ApiErrorKind, DecodeError, Error, TransportError, TransportErrorKind};
/// The `http` crate, whose `HeaderMap` a [`ResponseMeta`] holds: the version this crate uses.
pub use http;
pub use recorder::{Recorder, ResponseMeta};
#[cfg(feature = "mock")]
pub use values::generated::mock;
pub use values::generated::types;
pub use values::number::{Number, ParseNumberError};
