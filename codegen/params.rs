//! One struct per operation that takes query parameters, with chainable setters, bounds checks
//! taken from the spec's `minimum`/`maximum`, and the query string writer. With `schemars`, each
//! struct derives `schemars::JsonSchema`: an object of the parameters by wire name, with bounds.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::model::{Operation, QueryKind, QueryParam};

/// The query-parameter struct of an operation, or nothing when it takes none.
pub fn params_struct(op: &Operation, schemars: bool) -> TokenStream {
    let Some(name) = op.params_type() else {
        return TokenStream::new();
    };
    let ty = format_ident!("{name}");
    let fields = op.query_params.iter().map(|q| field(q, schemars));
    let setters = op.query_params.iter().map(setter);
    let checks = op.query_params.iter().filter_map(check);
    let writes = op.query_params.iter().map(|q| {
        let field = format_ident!("{}", q.field);
        let wire = &q.name;
        quote! { if let Some(value) = &self.#field { query.push(#wire, value); } }
    });
    let pages = op.pagination.as_ref().map(|_| {
        // The spec's default page size, or the walk's own (20) kept within the spec's maximum.
        let limit = op.query_params.iter().find(|q| q.name == "limit");
        let default_size = limit
            .and_then(|q| q.default.as_deref()?.parse::<u64>().ok())
            .or_else(|| {
                let maximum = u64::try_from(limit?.maximum?).ok()?;
                (maximum < 20).then_some(maximum.max(1))
            });
        let page_size = match default_size {
            Some(size) => quote!(Some(self.limit.unwrap_or(#size))),
            None => quote!(self.limit),
        };
        quote! {
            impl crate::pagination::PageParams for #ty {
                fn page_size(&self) -> Option<u64> { #page_size }
                fn start(&self) -> u64 { self.offset.unwrap_or(0) }
                fn window(&self, offset: u64, limit: u64) -> Self {
                    Self { offset: Some(offset), limit: Some(limit), ..self.clone() }
                }
            }
        }
    });
    let doc = format!(
        "Query parameters of [`Client::{}`](crate::Client::{}); every one is optional.",
        op.method_name, op.method_name
    );
    let example = example(op, &name);
    let schema = schemars.then(|| {
        let description = format!(
            "The query parameters of `{}`; every one is optional.",
            op.method_name
        );
        quote! {
            #[derive(::schemars::JsonSchema)]
            #[schemars(description = #description)]
        }
    });
    quote! {
        #[doc = #doc]
        ///
        /// # Example
        #[doc = #example]
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        #schema
        #[non_exhaustive]
        pub struct #ty {
            #(#fields)*
        }

        impl #ty {
            /// No parameters: the server's defaults apply.
            pub fn new() -> Self {
                <Self as ::std::default::Default>::default()
            }
            #(#setters)*
        }

        impl crate::call::query::Query for #ty {
            fn validate(&self) -> ::std::result::Result<(), crate::Error> {
                #(#checks)*
                Ok(())
            }
            fn write(&self, query: &mut crate::call::query::QueryWriter<'_>) {
                #(#writes)*
            }
        }

        #pages
    }
}

fn rust_type(q: &QueryParam) -> TokenStream {
    match q.kind {
        QueryKind::Unsigned => quote!(u64),
        QueryKind::Signed => quote!(i64),
        QueryKind::Text => quote!(::std::string::String),
        QueryKind::Flag => quote!(bool),
        QueryKind::Enum => {
            let ty = format_ident!("{}", q.enum_type.as_deref().unwrap_or_default());
            quote!(crate::types::#ty)
        }
    }
}

fn describe(q: &QueryParam) -> String {
    let mut doc = q
        .description
        .clone()
        .unwrap_or_else(|| format!("The `{}` query parameter.", q.name));
    match (q.minimum, q.maximum) {
        (Some(min), Some(max)) => doc.push_str(&format!("\n\nFrom {min} to {max}.")),
        (Some(min), None) => doc.push_str(&format!("\n\nAt least {min}.")),
        (None, Some(max)) => doc.push_str(&format!("\n\nAt most {max}.")),
        (None, None) => {}
    }
    if let Some(default) = &q.default {
        doc.push_str(&format!(" The server's default is `{default}`."));
    }
    doc
}

fn field(q: &QueryParam, schemars: bool) -> TokenStream {
    let name = format_ident!("{}", q.field);
    let ty = rust_type(q);
    let doc = describe(q);
    let schema = schemars.then(|| {
        let wire = &q.name;
        let rename = (q.field != q.name).then(|| quote!(#[schemars(rename = #wire)]));
        let range = match (q.minimum, q.maximum) {
            (None, None) => None,
            (min, max) => {
                let lit = proc_macro2::Literal::i64_unsuffixed;
                let min = min.map(lit).map(|v| quote!(min = #v));
                let max = max.map(lit).map(|v| quote!(max = #v));
                let bounds = min.into_iter().chain(max);
                Some(quote!(#[schemars(range(#(#bounds),*))]))
            }
        };
        quote!(#rename #range)
    });
    quote! {
        #[doc = #doc]
        #schema
        pub #name: Option<#ty>,
    }
}

fn setter(q: &QueryParam) -> TokenStream {
    let name = format_ident!("{}", q.field);
    let doc = format!("Sets `{}`.", q.name);
    let ty = rust_type(q);
    let (arg, value) = match q.kind {
        QueryKind::Text | QueryKind::Enum => {
            (quote!(impl ::std::convert::Into<#ty>), quote!(value.into()))
        }
        _ => (ty, quote!(value)),
    };
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #name(mut self, value: #arg) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

fn check(q: &QueryParam) -> Option<TokenStream> {
    if q.minimum.is_none() && q.maximum.is_none() {
        return None;
    }
    let field = format_ident!("{}", q.field);
    let wire = &q.name;
    let min = option_tokens(q.minimum);
    let max = option_tokens(q.maximum);
    Some(quote! {
        if let Some(value) = self.#field {
            crate::call::query::check_range(#wire, value as i128, #min, #max)?;
        }
    })
}

fn option_tokens(v: Option<i64>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

fn example(op: &Operation, name: &str) -> String {
    let setters: String = op
        .query_params
        .iter()
        .map(|q| {
            let value = q.example.clone().or_else(|| q.default.clone());
            match (q.kind, value) {
                (QueryKind::Text | QueryKind::Enum, Some(v)) => {
                    format!("\n    .{}({v:?})", q.field)
                }
                (QueryKind::Text | QueryKind::Enum, None) => format!("\n    .{}(\"…\")", q.field),
                (QueryKind::Flag, v) => {
                    format!("\n    .{}({})", q.field, v.unwrap_or("true".into()))
                }
                (_, v) => format!("\n    .{}({})", q.field, v.unwrap_or("1".into())),
            }
        })
        .collect();
    format!("```\nlet params = lomi::types::{name}::new(){setters};\n# let _ = params;\n```")
}
