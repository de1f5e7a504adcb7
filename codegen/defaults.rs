//! Gives a `Default` to every response struct whose required fields all have one.
//!
//! typify derives `Default` only when every property is optional. A response object whose id
//! is required (`CheckoutSession.checkout_session_id: String`) would then have none, and a
//! user building one for a mock or a unit test would have to spell out every field. Its
//! default is the empty object with an empty id: build real ones with struct-update syntax,
//! `CheckoutSession { checkout_session_id: "cs_1".into(), ..Default::default() }`.

/// Adds `Default` to the derives of every struct whose fields all have a default.
pub fn derive_defaults(file: &mut syn::File) {
    for item in &mut file.items {
        let syn::Item::Struct(item) = item else {
            continue;
        };
        let syn::Fields::Named(fields) = &item.fields else {
            continue;
        };
        if !fields.named.iter().all(|f| has_default(&f.ty)) {
            continue;
        }
        for attr in &mut item.attrs {
            if !attr.path().is_ident("derive") {
                continue;
            }
            let Ok(mut derives) = attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            ) else {
                continue;
            };
            if derives
                .iter()
                .any(|d| d.segments.last().is_some_and(|s| s.ident == "Default"))
            {
                break;
            }
            derives.push(syn::parse_quote!(Default));
            *attr = syn::parse_quote!(#[derive(#derives)]);
            break;
        }
    }
}

/// Whether a field type is one whose `Default` is the empty value: an option, a string, a
/// vector, a map or a flag.
fn has_default(ty: &syn::Type) -> bool {
    super::date_time::last_segment(ty).is_some_and(|s| {
        matches!(
            s.ident.to_string().as_str(),
            "Option" | "String" | "Vec" | "Map" | "HashMap" | "BTreeMap" | "bool"
        )
    })
}
