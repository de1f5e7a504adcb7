//! Generates the crate's typed API from the OpenAPI spec at build time.
//!
//! Reads `openapi.yaml` (or the file named by `LOMI_OPENAPI_SPEC`), runs the generator in
//! `codegen/`, and writes `types.rs`, `methods.rs` and, with the `mock` feature, `mock.rs`
//! into `OUT_DIR`; with the `schemars` feature the types implement `schemars::JsonSchema`. It
//! reruns only when the spec, the generator or that variable changes (a change of features
//! runs it again too).

#[path = "codegen/mod.rs"]
mod codegen;

use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=codegen");
    println!("cargo:rerun-if-env-changed=LOMI_OPENAPI_SPEC");

    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let spec_path = match env::var_os("LOMI_OPENAPI_SPEC") {
        Some(path) => manifest_dir.join(path),
        None => manifest_dir.join("openapi.yaml"),
    };
    println!("cargo:rerun-if-changed={}", spec_path.display());

    let spec = fs::read_to_string(&spec_path).unwrap_or_else(|e| {
        let hint = match env::var_os("LOMI_OPENAPI_SPEC") {
            Some(given) if Path::new(&given).is_relative() => format!(
                "\nLOMI_OPENAPI_SPEC={} is relative, and a relative path is read from the lomi \
                 package's directory, not your project's. Give an absolute path, or set it in \
                 your project's .cargo/config.toml:\n  [env]\n  LOMI_OPENAPI_SPEC = \
                 {{ value = \"{}\", relative = true }}",
                given.to_string_lossy(),
                given.to_string_lossy()
            ),
            _ => String::new(),
        };
        panic!(
            "cannot read the OpenAPI spec at {}: {e}{hint}",
            spec_path.display()
        )
    });
    let options = codegen::Options {
        async_client: env::var_os("CARGO_FEATURE_ASYNC").is_some(),
        mock: env::var_os("CARGO_FEATURE_MOCK").is_some(),
        schemars: env::var_os("CARGO_FEATURE_SCHEMARS").is_some(),
    };
    let generated = codegen::generate(&spec, options).unwrap_or_else(|e| {
        panic!(
            "cannot generate the client from {}: {e}",
            spec_path.display()
        )
    });

    // What hand-written code serves only when the spec has it: without it, no dead-code warning.
    println!("cargo:rustc-check-cfg=cfg(lomi_lists, lomi_query)");
    if generated.lists {
        println!("cargo:rustc-cfg=lomi_lists");
    }
    if generated.query {
        println!("cargo:rustc-cfg=lomi_query");
    }

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    write(&out_dir, "types.rs", &generated.types);
    write(&out_dir, "methods.rs", &generated.methods);
    write(
        &out_dir,
        "mock.rs",
        generated.mock.as_deref().unwrap_or_default(),
    );
}

fn write(dir: &Path, name: &str, contents: &str) {
    let path = dir.join(name);
    fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
