#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "async")]
mod asynchronous;
mod blocking;
mod call;
mod builder;
mod error;
mod pagination;
mod proxy;
mod values;
pub mod webhook;

#[cfg(feature = "async")]
pub use asynchronous::AsyncClient;
pub use blocking::Client;
pub use call::raw::RawRequest;
pub use builder::{ClientBuilder, Environment};
pub use error::{ApiError, ApiErrorKind, DecodeError, Error, TransportError, TransportErrorKind};
#[cfg(feature = "mock")]
pub use values::generated::mock;
pub use values::generated::types;
pub use values::number::{Number, ParseNumberError};
