//! The environments' base URLs, from the spec's `servers`: the first is production's; the
//! sandbox is the one whose URL or description says `sandbox`, if any. Hand-written code names
//! no host and no path prefix: a spec of another deployment brings its own.

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use quote::quote;

use super::CodegenError;

/// `PRODUCTION_URL` and `SANDBOX_URL`, for `crate::builder::Environment`.
pub fn base_urls(spec: &OpenAPI) -> Result<TokenStream, CodegenError> {
    let url = |server: &openapiv3::Server| server.url.trim_end_matches('/').to_owned();
    // A server a client may be sent to carries the key: https only, and a URL as written.
    let usable = |role: &str, url: String| {
        if !url.starts_with("https://") {
            return Err(CodegenError::new(format!(
                "the spec's {role} server `{url}` must be an absolute https:// URL: the key \
                 travels with every request"
            )));
        }
        if url.contains(['{', '}']) {
            return Err(CodegenError::new(format!(
                "the spec's {role} server `{url}` has a variable, which is not supported: write \
                 the URL out"
            )));
        }
        Ok(url)
    };
    let production = spec.servers.first().map(url).ok_or_else(|| {
        CodegenError::new(
            "the spec names no `servers`: its first server is production's base URL \
             (add `servers: [{url: https://…}]`)",
        )
    })?;
    let production = usable("first (production)", production)?;
    let is_sandbox = |server: &&openapiv3::Server| {
        server.url.to_lowercase().contains("sandbox")
            || server
                .description
                .as_deref()
                .is_some_and(|d| d.to_lowercase().contains("sandbox"))
    };
    let sandbox = match spec.servers.iter().skip(1).find(is_sandbox).map(url) {
        Some(sandbox) => {
            let sandbox = usable("sandbox", sandbox)?;
            quote!(Some(#sandbox))
        }
        None => quote!(None),
    };
    Ok(quote! {
        /// Production's base URL: the spec's first server.
        pub(crate) const PRODUCTION_URL: &str = #production;
        /// The sandbox's base URL: the spec's server that says `sandbox`, if any.
        pub(crate) const SANDBOX_URL: ::std::option::Option<&str> = #sandbox;
    })
}
