//! Component schemas whose Rust types we emit ourselves instead of letting typify do it.
//!
//! - A string schema with an `enum` becomes an *open* enum: the known values as variants plus
//!   `Unknown(String)`, so a value the server adds later decodes instead of failing.
//! - A `type: number` schema becomes an alias of `crate::Number`, which keeps whole numbers
//!   whole on the wire (`15000`, not `15000.0`) and decodes any JSON number.
//!
//! Each is registered with typify as a replacement, so every field that `$ref`s the schema
//! uses our type.
//!
//! A free-form object schema (no properties, any additional ones) stays typify's newtype over a
//! JSON map; we only add `FromIterator` and `Default` so it can be written in one line.
//!
//! With `schemars` on, each open enum implements `JsonSchema` (any string, the known values
//! listed), and [`schema_registry`] lists every type of `lomi::types` by name.

use heck::ToUpperCamelCase;
use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};
use proc_macro2::{Group, TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::CodegenError;
use super::model::type_name;

/// A component schema that we emit.
pub struct OwnType {
    /// The schema (and Rust type) name.
    pub name: String,
    /// The emitted Rust items.
    pub tokens: TokenStream,
    /// Whether the items replace typify's type (or only add impls to it).
    pub replaces_typify: bool,
}

/// Every component schema that becomes an open enum or a number alias; with `schemars`, the open
/// enums implement `schemars::JsonSchema`.
pub fn own_types(spec: &OpenAPI, schemars: bool) -> Result<Vec<OwnType>, CodegenError> {
    let Some(components) = &spec.components else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (name, schema) in &components.schemas {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let doc = schema
            .schema_data
            .description
            .clone()
            .unwrap_or_else(|| format!("The `{name}` schema."));
        let mut replaces_typify = true;
        let tokens = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                // `null` among the values is how OpenAPI 3.0 lists a nullable enum's: the field
                // holding it is an `Option` already.
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                let schema = schemars.then(|| {
                    open_enum_schema(name, schema.schema_data.description.as_deref(), &values)
                });
                let mut tokens = open_enum(name, &doc, &values)?;
                tokens.extend(schema);
                tokens
            }
            SchemaKind::Type(Type::Number(_)) => {
                let ident = ident(name)?;
                quote! {
                    #[doc = #doc]
                    pub type #ident = crate::Number;
                }
            }
            SchemaKind::Type(Type::Object(object))
                if object.properties.is_empty()
                    && object.additional_properties
                        == Some(openapiv3::AdditionalProperties::Any(true)) =>
            {
                replaces_typify = false;
                free_form_object(name)?
            }
            _ => continue,
        };
        out.push(OwnType {
            name: name.clone(),
            tokens,
            replaces_typify,
        });
    }
    Ok(out)
}

fn ident(name: &str) -> Result<proc_macro2::Ident, CodegenError> {
    type_name(name)
        .map(|n| format_ident!("{n}"))
        .map_err(|e| CodegenError::new(format!("schema `{name}`: {e}")))
}

/// The variant of enum value `value`: its upper camel case, with a sort order's leading `-` or
/// `+` as `Desc` or `Asc` after it (`-created_at` is `CreatedAtDesc`), a `V` before a leading
/// digit (`3ds_required` is `V3dsRequired`), and `unknown` as `UnknownValue` (`Unknown` holds
/// the values the spec does not list).
fn variant_name(value: &str) -> String {
    let (stem, order) = match value.as_bytes().first() {
        Some(b'-') => (&value[1..], "Desc"),
        Some(b'+') => (&value[1..], "Asc"),
        _ => (value, ""),
    };
    let mut variant = stem.to_upper_camel_case() + order;
    if variant.starts_with(|c: char| c.is_ascii_digit()) {
        variant.insert(0, 'V');
    }
    if variant == "Unknown" {
        variant.push_str("Value");
    }
    variant
}

fn open_enum(name: &str, doc: &str, values: &[String]) -> Result<TokenStream, CodegenError> {
    let ty = ident(name)?;
    let mut variants = Vec::new();
    // The wire values cannot change; a spec can only describe them otherwise.
    let instead = "make it a plain `type: string` without `enum` (list the values in its \
                   description)";
    if values.is_empty() {
        return Err(CodegenError::new(format!(
            "schema `{name}`: an enum with no value but `null`: {instead}"
        )));
    }
    for value in values {
        let variant = variant_name(value);
        if variant.is_empty() || syn::parse_str::<syn::Ident>(&variant).is_err() {
            return Err(CodegenError::new(format!(
                "schema `{name}`: enum value `{value}` cannot be a Rust variant: {instead}"
            )));
        }
        if let Some(twin) = variants.iter().position(|v| v == &variant) {
            return Err(CodegenError::new(format!(
                "schema `{name}`: enum values `{}` and `{value}` both become the variant \
                 `{variant}`: {instead}",
                values[twin]
            )));
        }
        variants.push(variant);
    }
    let variants: Vec<_> = variants.iter().map(|v| format_ident!("{v}")).collect();
    let variant_docs = values.iter().map(|v| format!("`{v}`"));
    let first = &variants[0];
    let first_value = &values[0];
    let example = format!(
        "```\nuse lomi::types::{name};\n\nlet value: {name} = \"{first_value}\".parse().unwrap();\n\
         assert_eq!(value, {name}::{first});\nassert_eq!(value.as_str(), \"{first_value}\");\n\
         assert_eq!({name}::from(\"not-yet-known\"), {name}::Unknown(\"not-yet-known\".into()));\n```"
    );
    Ok(quote! {
        #[doc = #doc]
        ///
        /// Open-ended: a value this version of the crate does not know decodes as
        /// `Unknown`, with the text the server sent.
        ///
        /// # Example
        #[doc = #example]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #ty {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
            /// A value this version of the crate does not know, as the server sent it.
            Unknown(::std::string::String),
        }

        impl #ty {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #ty {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #ty {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #ty {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_str(crate::values::open_enum::Visitor::<Self>::new(#name))
            }
        }
    })
}

/// `schemars::JsonSchema` for an open enum: a string, the known values listed in an `anyOf`.
fn open_enum_schema(name: &str, description: Option<&str>, values: &[String]) -> TokenStream {
    let ty = format_ident!("{name}");
    let id = format!("lomi::types::{name}");
    let description = match description {
        Some(d) => quote!(::std::option::Option::Some(#d)),
        None => quote!(::std::option::Option::None),
    };
    quote! {
        impl ::schemars::JsonSchema for #ty {
            fn schema_name() -> ::std::string::String {
                #name.to_owned()
            }
            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#id)
            }
            fn json_schema(_: &mut ::schemars::r#gen::SchemaGenerator) -> ::schemars::schema::Schema {
                crate::values::open_enum::json_schema(#description, &[#(#values),*])
            }
        }
    }
}

/// `JSON_SCHEMA_NAMES` and `json_schema(name)` in `lomi::types`: every component schema's type,
/// then every query-parameter struct, by name.
pub fn schema_registry(
    spec: &OpenAPI,
    ops: &[super::model::Operation],
) -> Result<TokenStream, CodegenError> {
    let components = spec.components.iter().flat_map(|c| &c.schemas);
    let (mut names, mut descriptions): (Vec<String>, Vec<TokenStream>) = components
        .map(|(name, schema)| {
            let description = match schema
                .as_item()
                .and_then(|s| s.schema_data.description.as_deref())
            {
                Some(d) => quote!(::std::option::Option::Some(#d)),
                None => quote!(::std::option::Option::None),
            };
            (name.to_upper_camel_case(), description)
        })
        .unzip();
    for params in ops.iter().filter_map(|op| op.params_type()) {
        names.push(params);
        descriptions.push(quote!(::std::option::Option::None));
    }
    let mut idents = Vec::new();
    for name in &names {
        idents.push(ident(name)?);
    }
    let first = names.first().cloned().unwrap_or_default();
    let names_example = format!(
        "```\nassert!(lomi::types::JSON_SCHEMA_NAMES.contains(&{first:?}));\n\
         for name in lomi::types::JSON_SCHEMA_NAMES {{\n    \
         assert!(lomi::types::json_schema(name).is_some());\n}}\n```"
    );
    let schema_example = format!(
        "```\nlet schema = lomi::types::json_schema({first:?}).unwrap();\n\
         let json = serde_json::to_value(&schema).unwrap();\n\
         assert_eq!(json[\"title\"], {first:?});\n\
         assert!(lomi::types::json_schema(\"NotAType\").is_none());\n```"
    );
    Ok(quote! {
        /// The name of every type of this module that [`json_schema`] describes: one per
        /// component schema of the spec, in its order, then each query-parameter struct.
        ///
        /// # Example
        #[doc = #names_example]
        pub const JSON_SCHEMA_NAMES: &[&str] = &[#(#names),*];

        /// The JSON Schema (draft 7) of the type of this module named `name`, as
        /// `schemars::schema_for!` gives it, with `name` as its title (and the spec's description
        /// when the type's schema has none: the aliases of `Number`, say); `None` for a name not
        /// in [`JSON_SCHEMA_NAMES`].
        ///
        /// # Example
        #[doc = #schema_example]
        pub fn json_schema(name: &str) -> ::std::option::Option<::schemars::schema::RootSchema> {
            let (mut schema, description): (_, ::std::option::Option<&str>) = match name {
                #( #names => (::schemars::schema_for!(#idents), #descriptions), )*
                _ => return ::std::option::Option::None,
            };
            let metadata = schema.schema.metadata();
            metadata.title = ::std::option::Option::Some(name.to_owned());
            if metadata.description.is_none() {
                metadata.description = description.map(str::to_owned);
            }
            ::std::option::Option::Some(schema)
        }
    })
}

/// Every identifier `gen` made raw (`r#gen`): `gen` is a reserved keyword in edition 2024, and
/// typify writes its own schemars code (for a newtype over a non-string enum) against
/// `::schemars::gen::SchemaGenerator`, with a parameter named `gen`.
pub fn raw_gen(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Ident(ident) if ident == "gen" => {
                TokenTree::Ident(proc_macro2::Ident::new_raw("gen", ident.span()))
            }
            TokenTree::Group(group) => {
                let mut raw = Group::new(group.delimiter(), raw_gen(group.stream()));
                raw.set_span(group.span());
                TokenTree::Group(raw)
            }
            other => other,
        })
        .collect()
}

fn free_form_object(name: &str) -> Result<TokenStream, CodegenError> {
    let ty = ident(name)?;
    Ok(quote! {
        impl<K, V> ::std::iter::FromIterator<(K, V)> for #ty
        where
            K: ::std::convert::Into<::std::string::String>,
            V: ::std::convert::Into<::serde_json::Value>,
        {
            fn from_iter<I: ::std::iter::IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
                Self(pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
            }
        }

        impl ::std::default::Default for #ty {
            fn default() -> Self {
                Self(::serde_json::Map::new())
            }
        }
    })
}
