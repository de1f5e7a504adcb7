#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod answer;
#[cfg(feature = "async")]
mod asynchronous;
mod client;
mod connector;
mod error;
mod error_body;
mod generated;
mod number;
mod open_enum;
mod pagination;
mod path;
mod query;
mod resolver;
mod retry;
mod text;
mod transport;

#[cfg(feature = "async")]
pub use asynchronous::AsyncClient;
pub use client::{Client, ClientBuilder, Environment};
pub use error::{ApiError, DecodeError, Error, TransportError, TransportErrorKind};
#[cfg(feature = "mock")]
pub use generated::mock;
#[cfg(feature = "async")]
pub use generated::progenitor;
pub use generated::types;
pub use number::{Number, ParseNumberError};
