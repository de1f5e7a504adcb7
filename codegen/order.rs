//! Puts struct fields back in the spec's property order.
//!
//! typify sorts the fields of every struct by name, and serde serializes fields in declaration
//! order, so without this a body would go on the wire in alphabetical order instead of the
//! order the spec (and lomi.'s own examples) write it.

use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};

/// Reorders the named fields of every struct that is a component object schema.
pub fn spec_field_order(spec: &OpenAPI, file: &mut syn::File) {
    let Some(components) = &spec.components else {
        return;
    };
    for item in &mut file.items {
        let syn::Item::Struct(item) = item else {
            continue;
        };
        let Some(ReferenceOr::Item(schema)) = components.schemas.get(&item.ident.to_string())
        else {
            continue;
        };
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            continue;
        };
        let syn::Fields::Named(fields) = &mut item.fields else {
            continue;
        };
        let position = |field: &syn::Field| {
            let name = wire_name(field);
            object.properties.get_index_of(&name).unwrap_or(usize::MAX)
        };
        let mut sorted: Vec<syn::Field> = fields.named.iter().cloned().collect();
        sorted.sort_by_key(position);
        fields.named = sorted.into_iter().collect();
    }
}

/// The JSON name of a field: its `#[serde(rename = "…")]`, or its identifier.
fn wire_name(field: &syn::Field) -> String {
    for attr in &field.attrs {
        if !attr.path().is_ident("serde") {
            continue;
        }
        let mut rename = None;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                // Skip the value of other `key = value` arguments.
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
        if let Some(rename) = rename {
            return rename;
        }
    }
    field
        .ident
        .as_ref()
        .map(|i| i.to_string().trim_start_matches("r#").to_owned())
        .unwrap_or_default()
}
