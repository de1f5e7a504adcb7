#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "async")]
mod asynchronous;
mod blocking;
mod call;
mod client;
mod connector;
mod date_time;
mod error;
mod generated;
mod number;
mod open_enum;
mod options;
mod pagination;
mod path;
mod query;
mod request;
mod resolver;
mod response;
mod retry;
pub mod webhook;

#[cfg(feature = "async")]
pub use asynchronous::AsyncClient;
pub use blocking::Client;
pub use client::{ClientBuilder, Environment};
pub use error::{ApiError, ApiErrorKind, DecodeError, Error, TransportError, TransportErrorKind};
#[cfg(feature = "mock")]
pub use generated::mock;
pub use generated::types;
pub use number::{Number, ParseNumberError};
