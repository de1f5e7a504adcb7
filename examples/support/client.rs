//! The examples' client: lomi. when `LOMI_API_KEY` is set, the embedded mock otherwise.
#![allow(dead_code, reason = "each example uses what it needs")]

#[path = "mock_api.rs"]
mod mock_api;

/// A builder for lomi. (`LOMI_API_KEY`, `LOMI_BASE_URL`) or, without a key, for the embedded
/// mock, which runs until the returned server is dropped.
pub fn builder() -> Result<(lomi::ClientBuilder, Option<httpmock::MockServer>), lomi::Error> {
    if std::env::var_os("LOMI_API_KEY").is_some() {
        return Ok((lomi::ClientBuilder::from_env()?, None));
    }
    let mock = mock_api::start();
    let builder = lomi::Client::builder(mock_api::MOCK_KEY).base_url(mock.url("/v1"));
    Ok((builder, Some(mock)))
}

/// A blocking client from [`builder`].
pub fn client() -> Result<(lomi::Client, Option<httpmock::MockServer>), lomi::Error> {
    let (builder, mock) = builder()?;
    let client = builder.build()?;
    let target = if mock.is_some() {
        "the embedded mock"
    } else {
        "lomi."
    };
    eprintln!("using {target} at {}", client.base_url());
    Ok((client, mock))
}
