//! Makes progenitor's httpmock helpers match what the client sends.
//!
//! progenitor puts a path value into its regex as given (`^/checkout_sessions/{}$`), while the
//! client percent-encodes it into one segment: an id like `cs_(weird)+id` then never matched,
//! and an id with regex syntax could panic inside the user's test. Each value now goes through
//! `crate::mock::path_value`, which encodes it as the client does and escapes it for the regex.
//! Every path regex also accepts the spec's server path (`/v1`) in front, so a mock server
//! works with `server.base_url()` and with `server.url("/v1")` alike.

use openapiv3::OpenAPI;

use super::CodegenError;

/// Rewrites the formatted mock source.
pub fn match_client_paths(spec: &OpenAPI, source: &str) -> Result<String, CodegenError> {
    let base = base_path(spec);
    let anchored = "\"^/";
    // The regex goes into a Rust string literal: its backslashes are written twice.
    let prefixed = format!("\"^(?:{})?/", regex_escape(&base).replace('\\', "\\\\"));
    let source = if base.is_empty() {
        source.to_owned()
    } else {
        source.replace(anchored, &prefixed)
    };
    // progenitor formats each path value as `format!("^/…/{}$", value.to_string())`.
    let raw_value = "$\", value.to_string())";
    let values = source.matches("format!(").count();
    let source = source.replace(raw_value, "$\", crate::mock::path_value(value))");
    if values > 0 && source.contains(raw_value) {
        return Err(CodegenError::new(
            "progenitor's mock path matchers changed shape; update codegen/mock.rs",
        ));
    }
    Ok(source)
}

/// The path of production's server URL (`/v1`), without a trailing slash.
fn base_path(spec: &OpenAPI) -> String {
    let Some(server) = super::servers::production_server(spec) else {
        return String::new();
    };
    let after_scheme = server
        .url
        .split_once("://")
        .map_or(server.url.as_str(), |(_, r)| r);
    match after_scheme.find('/') {
        Some(slash) => after_scheme[slash..].trim_end_matches('/').to_owned(),
        None => String::new(),
    }
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
