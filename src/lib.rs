#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod client;
mod error;
mod error_body;
mod generated;
mod number;
mod open_enum;
mod pagination;
mod path;
mod query;
mod retry;
mod text;
mod transport;

pub use client::{Client, ClientBuilder, Environment};
pub use error::{ApiError, DecodeError, Error, TransportError, TransportErrorKind};
pub use generated::types;
pub use number::{Number, ParseNumberError};
