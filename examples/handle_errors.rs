//! Tell apart what can go wrong: an API error, a transport failure, a bad body, a bad argument.
//!
//! ```sh
//! LOMI_API_KEY=lomi_sk_test_… cargo run --example handle_errors
//! ```

#[path = "support/client.rs"]
mod support;

use lomi::{ApiErrorKind, Error};

fn main() -> Result<(), Error> {
    let (client, _mock) = support::client()?;
    for id in ["cs_does_not_exist", ""] {
        match client.retrieve_checkout_session(id) {
            Ok(session) => println!("{id:?}: found, status {:?}", session.status),
            Err(e) if e.is_not_found() => println!("{id:?}: no such checkout session"),
            Err(Error::Api(e)) => {
                match e.kind() {
                    ApiErrorKind::Unauthorized => println!("{id:?}: check LOMI_API_KEY"),
                    ApiErrorKind::RateLimited => {
                        println!("{id:?}: slow down, retry in {:?}", e.retry_after())
                    }
                    _ => println!(
                        "{id:?}: lomi. said {} {:?}: {}",
                        e.status(),
                        e.code(),
                        e.message()
                    ),
                }
                if let Some(request_id) = e.request_id() {
                    println!("  quote request id {request_id} to lomi. support");
                }
            }
            Err(Error::Transport(e)) => {
                println!("{id:?}: the request failed ({:?}): {e}", e.kind())
            }
            Err(Error::Decode(e)) => println!("{id:?}: unexpected body at {}: {e}", e.path()),
            Err(Error::InvalidRequest(why)) => println!("{id:?}: not sent: {why}"),
            Err(other) => return Err(other),
        }
    }
    Ok(())
}
