//! The async client: progenitor's own, made to share `crate::types`, and a facade on
//! `crate::AsyncClient` with the blocking client's signatures and error type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::CodegenError;
use super::methods::{Signature, method_doc, signature};
use super::model::{Operation, QueryKind};

/// progenitor's client module with its private copy of the types swapped for `crate::types`.
pub fn without_types(client: TokenStream) -> Result<TokenStream, CodegenError> {
    let mut file = syn::parse2::<syn::File>(client)
        .map_err(|e| CodegenError::new(format!("progenitor's async client: {e}")))?;
    let before = file.items.len();
    file.items
        .retain(|item| !matches!(item, syn::Item::Mod(m) if m.ident == "types"));
    if file.items.len() + 1 != before {
        return Err(CodegenError::new(
            "progenitor's async client has no `types` module to share",
        ));
    }
    file.items.push(syn::parse_quote!(
        #[allow(unused_imports)]
        pub use crate::types;
    ));
    Ok(quote!(#file))
}

/// `impl crate::AsyncClient` with one method per operation, and a stream per pageable list.
pub fn facade(ops: &[Operation]) -> TokenStream {
    let methods = ops.iter().map(method);
    let streams = ops.iter().filter_map(stream);
    quote! {
        impl crate::AsyncClient {
            #(#methods)*
            #(#streams)*
        }
    }
}

fn method(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.method_name);
    let Signature {
        args,
        path_idents,
        output,
    } = signature(op);
    // progenitor's positional order: path (template order), query (by name), body.
    let mut query: Vec<_> = op.query_params.iter().collect();
    query.sort_by(|a, b| a.name.cmp(&b.name));
    let query_args = query.iter().map(|q| {
        let field = format_ident!("{}", q.field);
        let wire = &q.name;
        match q.kind {
            QueryKind::Text => quote!(params.#field.as_deref()),
            QueryKind::Flag => quote!(params.#field),
            QueryKind::Unsigned | QueryKind::Signed => {
                quote!(crate::asynchronous::narrow(#wire, params.#field)?)
            }
        }
    });
    let validate = op
        .params_type()
        .map(|_| quote!(crate::query::Query::validate(params)?;));
    let body = op.body.as_ref().map(|_| quote!(body));
    let checks = path_idents
        .iter()
        .map(|p| quote!(crate::path::check_segment(stringify!(#p), #p)?;));
    let doc = method_doc(op, true);
    quote! {
        #[doc = #doc]
        pub async fn #name(&self, #(#args),*) -> ::std::result::Result<#output, crate::Error> {
            #(#checks)*
            #validate
            let client = self.progenitor();
            let answer = client.#name(#(#path_idents,)* #(#query_args,)* #body).await;
            crate::asynchronous::finish(answer, &ClientInfo::inner(client).settings).await
        }
    }
}

fn stream(op: &Operation) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    let name = format_ident!("{}_stream", op.method_name);
    let list = format_ident!("{}", op.method_name);
    let params = format_ident!("{}", op.params_type()?);
    let item = format_ident!("{}", pagination.item);
    let Signature { path_idents, .. } = signature(op);
    let doc = format!(
        "Every item of [`{m}`](Self::{m}), page after page, as a lazy stream.\n\n\
         The async twin of [`Client::{m}_iter`](crate::Client::{m}_iter): the same paging \
         and the same stopping rules.\n\n\
         # Errors\n\nEach page's error arrives as an `Err` item and ends the stream.\n\n\
         # Example\n\n```no_run\n# async fn run() -> Result<(), lomi::Error> {{\n\
         use futures_util::StreamExt as _;\n\
         let client = lomi::AsyncClient::from_env()?;\n\
         let params = lomi::types::{p}::new();\n\
         let mut items = std::pin::pin!(client.{m}_stream(&params));\n\
         while let Some(item) = items.next().await {{\n    println!(\"{{:?}}\", item?);\n}}\n\
         # Ok(())\n# }}\n```",
        m = op.method_name,
        p = op.params_type()?
    );
    Some(quote! {
        #[doc = #doc]
        pub fn #name<'a>(&'a self, #(#path_idents: &'a str,)* params: &crate::types::#params)
            -> impl ::futures_core::Stream<Item = ::std::result::Result<crate::types::#item, crate::Error>> + 'a
        {
            crate::pagination::stream(params.clone(), move |params| async move {
                self.#list(#(#path_idents,)* &params).await
            })
        }
    })
}
