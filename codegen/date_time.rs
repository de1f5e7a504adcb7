//! Routes every `date-time` field's decoding through `crate::values::date_time`, which reads the shape
//! lomi. sends without chrono's general parser and leaves every other text to chrono (see
//! `src/values/date_time.rs`). Serialising stays chrono's.

/// Adds `#[serde(deserialize_with = …)]` to every struct field typed `DateTime<Utc>` or
/// `Option<DateTime<Utc>>` (the latter with `default`, so an absent field is still `None`).
pub fn decode_date_times_fast(file: &mut syn::File) {
    for item in &mut file.items {
        let syn::Item::Struct(item) = item else {
            continue;
        };
        for field in &mut item.fields {
            let attr: syn::Attribute = if is_date_time(&field.ty) {
                syn::parse_quote!(#[serde(deserialize_with = "crate::values::date_time::deserialize")])
            } else if option_of(&field.ty).is_some_and(is_date_time) {
                if has_serde_default(&field.attrs) {
                    syn::parse_quote!(#[serde(deserialize_with = "crate::values::date_time::option")])
                } else {
                    syn::parse_quote!(#[serde(default, deserialize_with = "crate::values::date_time::option")])
                }
            } else {
                continue;
            };
            field.attrs.push(attr);
        }
    }
}

/// The last segment of a path type (`Option` in `::std::option::Option<T>`), if `ty` is one.
pub fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last(),
        _ => None,
    }
}

/// The one type argument of `ty`'s last segment.
fn type_argument(segment: &syn::PathSegment) -> Option<&syn::Type> {
    let syn::PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(ty) if args.args.len() == 1 => Some(ty),
        _ => None,
    }
}

fn option_of(ty: &syn::Type) -> Option<&syn::Type> {
    let segment = last_segment(ty).filter(|s| s.ident == "Option")?;
    type_argument(segment)
}

/// `…::DateTime<…::Utc>`.
fn is_date_time(ty: &syn::Type) -> bool {
    last_segment(ty)
        .filter(|s| s.ident == "DateTime")
        .and_then(type_argument)
        .and_then(last_segment)
        .is_some_and(|zone| zone.ident == "Utc")
}

/// Whether a `#[serde(…)]` among `attrs` already says `default`.
fn has_serde_default(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .any(|a| {
            let mut found = false;
            let _ = a.parse_nested_meta(|meta| {
                found |= meta.path.is_ident("default");
                if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<syn::Expr>()?;
                }
                Ok(())
            });
            found
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn date_time_fields_decode_through_the_crate_and_others_are_untouched() {
        let mut file: syn::File = syn::parse_quote! {
            struct S {
                a: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                b: Option<chrono::DateTime<chrono::Utc>>,
                c: ::chrono::DateTime<::chrono::offset::Utc>,
                d: Option<String>,
                e: Vec<::chrono::DateTime<::chrono::offset::Utc>>,
                f: ::chrono::DateTime<::chrono::FixedOffset>,
            }
        };
        decode_date_times_fast(&mut file);
        let syn::Item::Struct(item) = &file.items[0] else {
            unreachable!()
        };
        let added: Vec<String> = item
            .fields
            .iter()
            .map(|f| match f.attrs.last() {
                Some(a) if a.to_token_stream().to_string().contains("deserialize_with") => {
                    a.to_token_stream().to_string()
                }
                _ => String::new(),
            })
            .collect();
        assert_eq!(
            added,
            [
                r#"# [serde (default , deserialize_with = "crate::values::date_time::option")]"#,
                r#"# [serde (deserialize_with = "crate::values::date_time::option")]"#,
                r#"# [serde (deserialize_with = "crate::values::date_time::deserialize")]"#,
                "",
                "",
                "",
            ]
        );
    }
}
