//! Prints the JSON Schema of one type of `lomi::types`, by name: what a body your service
//! accepts looks like, or what a tool call to lomi. takes.
//!
//! ```sh
//! cargo run --example print_schema --features schemars -- CheckoutSessionCreate
//! ```
//!
//! An unknown name (or none) prints the known names on stderr and exits with code 2.

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let name = match (args.next(), args.next()) {
        (Some(name), None) => name,
        _ => {
            eprintln!("usage: print_schema TYPE_NAME");
            eprintln!("{}", known_names());
            return ExitCode::from(2);
        }
    };
    let Some(schema) = lomi::types::json_schema(&name) else {
        eprintln!("print_schema: lomi::types has no type named `{name}`");
        eprintln!("{}", known_names());
        return ExitCode::from(2);
    };
    // Written with an error check rather than `println!`, which panics when stdout closes early
    // (`print_schema … | head`).
    let mut out = std::io::stdout().lock();
    match serde_json::to_writer_pretty(&mut out, &schema)
        .and_then(|()| writeln!(out).map_err(serde_json::Error::io))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("print_schema: cannot write the schema of {name}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn known_names() -> String {
    format!("known names: {}", lomi::types::JSON_SCHEMA_NAMES.join(", "))
}
