//! The generator run as `build.rs` runs it on variants of `tests/served/openapi.yaml`, for the
//! tests that declare `#[path = "../codegen/mod.rs"] mod codegen;` and include this file.

use crate::codegen;

/// What a user's crate with the async client and the mocks asks for.
pub fn options() -> codegen::Options {
    codegen::Options {
        async_client: true,
        mock: true,
        schemars: false,
    }
}

/// `tests/served/openapi.yaml`, to edit.
pub fn served() -> serde_json::Value {
    serde_yaml_ng::from_str(include_str!("../served/openapi.yaml")).expect("valid YAML")
}

/// The outputs generated from `spec`.
pub fn generate(spec: &serde_json::Value) -> Result<codegen::Generated, codegen::CodegenError> {
    codegen::generate(&serde_json::to_string(spec).unwrap(), options())
}
