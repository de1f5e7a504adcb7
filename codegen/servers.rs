//! The environments' base URLs, from the spec's `servers`: production's is the first whose URL
//! and description do not say `sandbox`; the sandbox's is the first that says it, if any.
//! Hand-written code names no host and no path prefix: a spec of another deployment brings its
//! own.

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use quote::quote;

use super::CodegenError;

/// `PRODUCTION_URL` and `SANDBOX_URL`, for `crate::builder::Environment`.
pub fn base_urls(spec: &OpenAPI) -> Result<TokenStream, CodegenError> {
    let url = |server: &openapiv3::Server| server.url.trim_end_matches('/').to_owned();
    // A server a client may be sent to carries the key: https only, and a URL both clients
    // send as written (the rules `ClientBuilder::base_url` holds a URL to, checked again there).
    let usable = |role: &str, url: String| {
        let Some(rest) = url.strip_prefix("https://") else {
            return Err(CodegenError::new(format!(
                "the spec's {role} server `{url}` must be an absolute https:// URL: the key \
                 travels with every request"
            )));
        };
        if url.contains(['{', '}']) {
            return Err(CodegenError::new(format!(
                "the spec's {role} server `{url}` has a variable, which is not supported: write \
                 the URL out"
            )));
        }
        let plain = rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~/:".contains(c));
        let mut segments = rest.split('/');
        let host = segments.next().unwrap_or_default();
        if !plain || host.is_empty() || segments.any(|s| matches!(s, "" | "." | "..")) {
            return Err(CodegenError::new(format!(
                "the spec's {role} server `{url}` must be `https://host[:port][/path]` in \
                 letters, digits and `-._~`: no user info, query, fragment, escapes, empty or \
                 dot segments"
            )));
        }
        Ok(url)
    };
    let production = production_server(spec).map(url).ok_or_else(|| {
        CodegenError::new(
            "the spec names no production server: its first server whose URL and description \
             do not say `sandbox` is production's base URL (add `servers: [{url: https://…}]`)",
        )
    })?;
    let production = usable("production", production)?;
    let sandbox = match spec.servers.iter().find(|s| is_sandbox(s)).map(url) {
        Some(sandbox) => {
            let sandbox = usable("sandbox", sandbox)?;
            quote!(Some(#sandbox))
        }
        None => quote!(None),
    };
    Ok(quote! {
        /// Production's base URL: the spec's first server that does not say `sandbox`.
        pub(crate) const PRODUCTION_URL: &str = #production;
        /// The sandbox's base URL: the spec's server that says `sandbox`, if any.
        pub(crate) const SANDBOX_URL: ::std::option::Option<&str> = #sandbox;
    })
}

/// Production's server: the first whose URL and description do not say `sandbox`, wherever
/// the spec lists its sandbox, so a live key never goes to a sandbox taken for production.
pub fn production_server(spec: &OpenAPI) -> Option<&openapiv3::Server> {
    spec.servers.iter().find(|s| !is_sandbox(s))
}

/// Whether a server's URL or description says `sandbox`.
fn is_sandbox(server: &openapiv3::Server) -> bool {
    let says = |text: &str| text.to_lowercase().contains("sandbox");
    says(&server.url) || server.description.as_deref().is_some_and(says)
}
