//! The spec-to-Rust generator, shared by `build.rs` and the crate's codegen tests.
//!
//! `generate` turns the text of `openapi.yaml` into the Rust sources the crate `include!`s:
//!
//! | output      | what                                                          | made by     |
//! |-------------|---------------------------------------------------------------|-------------|
//! | `types`     | data types, open enums, number aliases, query-parameter structs | progenitor (typify) + us |
//! | `methods`   | each operation's request, once, and the methods sending it on `Client` (and `AsyncClient`), plus iterators (and streams) | us |
//! | `mock`      | progenitor's typed httpmock helpers                            | progenitor  |
//!
//! Nothing here names an operation or a schema of the lomi. API: add an operation to the spec
//! and every output gains it.

pub mod constructors;
pub mod date_time;
pub mod defaults;
pub mod doc_text;
pub mod methods;
pub mod mock;
pub mod model;
pub mod numbers;
pub mod order;
pub mod own_types;
pub mod params;
pub mod servers;

use std::fmt;

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use progenitor_impl::{GenerationSettings, Generator, InterfaceStyle, TypeImpl};
use quote::quote;

/// Which optional outputs to generate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Generate the `AsyncClient` methods too.
    pub async_client: bool,
    /// Generate progenitor's httpmock helpers.
    pub mock: bool,
    /// Derive or implement `schemars::JsonSchema` for every type, and list them by name.
    pub schemars: bool,
}

/// The generated Rust sources, formatted.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// Data types and query-parameter structs (the body of `lomi::types`).
    pub types: String,
    /// The requests and the clients' methods.
    pub methods: String,
    /// The httpmock helpers, when asked for.
    pub mock: Option<String>,
    /// Whether some operation is a list with an iterator (build.rs sets `lomi_lists`).
    pub lists: bool,
    /// Whether some operation has query parameters (build.rs sets `lomi_query`).
    pub query: bool,
}

/// What the generator could not handle, naming the operation or schema at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodegenError(String);

impl CodegenError {
    /// A new error with that message.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CodegenError {}

/// The spec as the generator reads it: what typify would turn into a dependency or a closed
/// type is relaxed first. A string's `pattern` and `format: uuid` are not checked (they would
/// need `regress` and `uuid`; lomi.'s ids are not all UUIDs), nor its length (typify
/// would make a newtype with only `TryFrom`), path parameters are required,
/// and an `enum` anywhere but a
/// named component schema is dropped, its values kept in the description: typify would make a
/// closed enum of it, failing on a value lomi. adds (only a named schema becomes an open enum).
fn relaxed(spec_text: &str) -> Result<OpenAPI, CodegenError> {
    // serde_yaml_ng's value keeps the order of keys, which is the order of fields.
    use serde_yaml_ng::Value;
    fn walk(value: &mut Value, named_component: bool) {
        match value {
            Value::Mapping(map) => {
                // A path parameter is required whatever the spec says (OpenAPI requires
                // `required: true` there; progenitor asserts it).
                if map.get("in").and_then(Value::as_str) == Some("path") {
                    map.insert("required".into(), Value::Bool(true));
                }
                if map.get("type").and_then(Value::as_str) == Some("string") {
                    map.remove("pattern");
                    // typify would make a bounded string a newtype with only `TryFrom<&str>`:
                    // a body's constructor could not take `"Tee"`, and an answer longer than
                    // the spec said would not decode.
                    map.remove("minLength");
                    map.remove("maxLength");
                    if map.get("format").and_then(Value::as_str) == Some("uuid") {
                        map.remove("format");
                    }
                    if !named_component && let Some(Value::Sequence(values)) = map.remove("enum") {
                        let listed: Vec<String> = values
                            .iter()
                            .map(|v| serde_json::to_string(v).unwrap_or_default())
                            .collect();
                        let note = format!("One of {}.", listed.join(", "));
                        let description = match map.get("description").and_then(Value::as_str) {
                            Some(d) => format!("{d} {note}"),
                            None => note,
                        };
                        map.insert("description".into(), Value::String(description));
                    }
                }
                for (key, child) in map.iter_mut() {
                    match (key.as_str(), &*child) {
                        // Values of the API, not the spec's words: kept as written.
                        (Some("example" | "examples" | "default" | "enum"), _) => continue,
                        // Words that become doc comments: shown by rustdoc as the text they are.
                        (Some("description" | "summary"), Value::String(text)) => {
                            *child = Value::String(doc_text::doc_text(text));
                            continue;
                        }
                        _ => {}
                    }
                    // The component schemas themselves are named; anything inside them is not.
                    if key.as_str() == Some("schemas")
                        && let Value::Mapping(schemas) = child
                    {
                        for schema in schemas.values_mut() {
                            walk(schema, true);
                        }
                        continue;
                    }
                    walk(child, false);
                }
            }
            Value::Sequence(items) => items.iter_mut().for_each(|v| walk(v, false)),
            Value::Tagged(tagged) => walk(&mut tagged.value, false),
            _ => {}
        }
    }
    let invalid = |e: serde_yaml_ng::Error| {
        CodegenError::new(format!("the spec is not a valid OpenAPI 3.0 document: {e}"))
    };
    let mut yaml: Value = serde_yaml_ng::from_str(spec_text).map_err(invalid)?;
    optional_when_nullable(&mut yaml);
    walk(&mut yaml, false);
    serde_yaml_ng::from_value(yaml).map_err(invalid)
}

/// Takes out of each object's `required` the properties that are a `$ref` to a nullable
/// component schema: typify would make such a field the schema's type, not an `Option`, and a
/// `null` the spec allows would not decode.
fn optional_when_nullable(yaml: &mut serde_yaml_ng::Value) {
    use serde_yaml_ng::Value;
    let nullable: Vec<String> = yaml
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten()
        .filter(|(_, schema)| schema.get("nullable").and_then(Value::as_bool) == Some(true))
        .filter_map(|(name, _)| Some(format!("#/components/schemas/{}", name.as_str()?)))
        .collect();
    fn walk(value: &mut Value, nullable: &[String]) {
        match value {
            Value::Mapping(map) => {
                let is_nullable = |property: &str| {
                    let reference = map
                        .get("properties")
                        .and_then(|p| p.get(property))
                        .and_then(|p| p.get("$ref"))
                        .and_then(Value::as_str);
                    reference.is_some_and(|r| nullable.iter().any(|n| n == r))
                };
                let keep: Option<Vec<Value>> = map
                    .get("required")
                    .and_then(Value::as_sequence)
                    .map(|required| {
                        required
                            .iter()
                            .filter(|p| !p.as_str().is_some_and(is_nullable))
                            .cloned()
                            .collect()
                    });
                if let Some(keep) = keep {
                    map.insert("required".into(), Value::Sequence(keep));
                }
                map.values_mut().for_each(|v| walk(v, nullable));
            }
            Value::Sequence(items) => items.iter_mut().for_each(|v| walk(v, nullable)),
            _ => {}
        }
    }
    if !nullable.is_empty() {
        walk(yaml, &nullable);
    }
}

/// Generates every output from the spec's text.
pub fn generate(spec_text: &str, options: Options) -> Result<Generated, CodegenError> {
    let spec = relaxed(spec_text)?;
    required_schemas(&spec)?;
    let ops = model::operations(&spec)?;
    let own = own_types::own_types(&spec, options.schemars)?;

    let mut types_generator = generator(&own, options.schemars);
    types_generator
        .generate_tokens(&spec)
        .map_err(|e| CodegenError::new(format!("progenitor: {e}")))?;
    let mut typify_types = syn::parse2::<syn::File>(own_types::raw_gen(
        types_generator.get_type_space().to_stream(),
    ))
    .map_err(|e| CodegenError::new(format!("typify's types are not valid Rust: {e}")))?;
    order::spec_field_order(&spec, &mut typify_types);
    numbers::exact_numbers(&mut typify_types);
    defaults::derive_defaults(&mut typify_types);
    date_time::decode_date_times_fast(&mut typify_types);
    let constructors = constructors::constructors(&typify_types);
    let own_tokens = own.iter().map(|n| &n.tokens);
    let params = ops
        .iter()
        .map(|op| params::params_struct(op, options.schemars));
    let pages = methods::page_impls(&ops);
    let schemas = match options.schemars {
        true => own_types::schema_registry(&spec, &ops)?,
        false => TokenStream::new(),
    };
    let types = quote! {
        #typify_types
        #constructors
        #(#own_tokens)*
        #(#params)*
        #pages
        #schemas
    };

    let mock = if options.mock {
        let tokens = generator(&own, options.schemars)
            .httpmock(&spec, "crate")
            .map_err(|e| CodegenError::new(format!("progenitor httpmock: {e}")))?;
        Some(mock::match_client_paths(&spec, &format(tokens, "mock")?)?)
    } else {
        None
    };

    Ok(Generated {
        types: format(types, "types")?,
        methods: format(
            {
                let clients = methods::clients(&ops, options.async_client);
                let servers = servers::base_urls(&spec)?;
                quote!(#servers #clients)
            },
            "methods",
        )?,
        mock,
        lists: ops.iter().any(|op| op.pagination.is_some()),
        query: ops.iter().any(|op| !op.query_params.is_empty()),
    })
}

/// The component schemas hand-written code uses (`lomi::webhook` types the events lomi. sends
/// with them), each with the properties it reads; every other schema may come and go.
const REQUIRED_SCHEMAS: [(&str, &[&str]); 2] = [
    ("WebhookEvent", &["event", "data", "timestamp"]),
    ("WebhookEventType", &[]),
];

/// Fails, naming what is missing, when the spec lacks a schema of [`REQUIRED_SCHEMAS`].
fn required_schemas(spec: &openapiv3::OpenAPI) -> Result<(), CodegenError> {
    for (name, properties) in REQUIRED_SCHEMAS {
        let schema = model::component_schema(spec, name).map_err(|_| {
            CodegenError::new(format!(
                "the spec must define the component schema `{name}`: lomi::webhook types the \
                 events lomi. sends with it (see the README's \"Regenerating from an updated \
                 spec\")"
            ))
        })?;
        for property in properties {
            let has = match &schema.schema_kind {
                openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => {
                    o.properties.contains_key(*property)
                }
                _ => false,
            };
            if !has {
                return Err(CodegenError::new(format!(
                    "the spec's schema `{name}` must have the property `{property}`, which \
                     lomi::webhook reads"
                )));
            }
        }
    }
    Ok(())
}

/// A progenitor generator whose types use our open enums and number aliases.
fn generator(own: &[own_types::OwnType], schemars: bool) -> Generator {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_derive("PartialEq");
    if schemars {
        settings.with_derive("schemars::JsonSchema");
    }
    for n in own.iter().filter(|n| n.replaces_typify) {
        settings.with_replacement(
            &n.name,
            format!("crate::types::{}", n.name),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    Generator::new(&settings)
}

/// Pretty-prints generated tokens, or says which output did not parse as Rust.
fn format(tokens: TokenStream, what: &str) -> Result<String, CodegenError> {
    let file = syn::parse2::<syn::File>(tokens)
        .map_err(|e| CodegenError::new(format!("generated {what} is not valid Rust: {e}")))?;
    Ok(prettyplease::unparse(&file))
}
