//! `Type::new(required…)` for every struct with required fields: a body the spec requires
//! fields of (`PaymentLinkCreate { link_type, title, currency_code }`) has no `Default` to
//! update from, so the obvious way to build one is a constructor taking exactly those fields,
//! in the spec's order, with every other field empty:
//!
//! ```text
//! PaymentLinkCreate { amount: Some(50000.into()), ..PaymentLinkCreate::new("product", "Premium", "XOF") }
//! ```

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// A field is required when it is neither an `Option` nor given a serde default.
fn is_required(field: &syn::Field) -> bool {
    let optional = super::date_time::last_segment(&field.ty).is_some_and(|s| s.ident == "Option");
    let defaulted = field.attrs.iter().any(|attr| {
        attr.path().is_ident("serde")
            && attr
                .parse_args_with(
                    syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                )
                .is_ok_and(|metas| metas.iter().any(|m| m.path().is_ident("default")))
    });
    !optional && !defaulted
}

/// The `impl … { pub fn new(…) }` blocks for the structs of `file` that have required fields.
pub fn constructors(file: &syn::File) -> TokenStream {
    let impls = file.items.iter().filter_map(|item| {
        let syn::Item::Struct(item) = item else {
            return None;
        };
        let syn::Fields::Named(fields) = &item.fields else {
            return None;
        };
        let required: Vec<&syn::Field> = fields.named.iter().filter(|f| is_required(f)).collect();
        if required.is_empty() {
            return None;
        }
        let name = &item.ident;
        let args = required.iter().map(|f| {
            let (ident, ty) = (&f.ident, &f.ty);
            quote!(#ident: impl ::std::convert::Into<#ty>)
        });
        let inits = fields.named.iter().map(|f| {
            let ident = &f.ident;
            if is_required(f) {
                quote!(#ident: #ident.into())
            } else {
                quote!(#ident: ::std::default::Default::default())
            }
        });
        let names: Vec<String> = required
            .iter()
            .filter_map(|f| f.ident.as_ref().map(|i| format!("`{i}`")))
            .collect();
        let doc = format!(
            "A `{name}` with its required fields ({}) and every other field empty: set the \
             others with struct-update syntax, `{name} {{ field: Some(…), ..{name}::new(…) }}`.",
            names.join(", ")
        );
        let method = format_ident!("new");
        Some(quote! {
            impl #name {
                #[doc = #doc]
                pub fn #method(#(#args),*) -> Self {
                    Self { #(#inits),* }
                }
            }
        })
    });
    quote!(#(#impls)*)
}
