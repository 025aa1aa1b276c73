//! `src/responses.rs`: per operation, an enum of its success responses and one of its errors.

use super::{doc, ident, rust_type, variant_fields, Module, Place};
use crate::model::*;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(api: &Api) -> Module<'_> {
    let header = quote! {
        //! Typed responses: for each operation, `…Response` holds the statuses that mean success
        //! and `…Error` the documented error statuses. The client decodes into them and the server
        //! traits return them, so both sides share one definition.
        #![allow(clippy::large_enum_variant)]
    };
    let operations = api
        .operations
        .iter()
        .zip(super::response_users(api))
        .flat_map(move |(op, [ok, err])| [response_enum(api, op, false, ok), response_enum(api, op, true, err)]);
    // Shared responses carry the same body enum: emit each once, in first-use order, for
    // the features of every operation that uses it.
    let mut users: std::collections::BTreeMap<&str, Vec<&Gate>> = std::collections::BTreeMap::new();
    for op in &api.operations {
        for r in &op.responses {
            if let ResponseContent::ByMediaType(c) = &r.content {
                users.entry(c.enum_name.as_str()).or_default().push(&op.gate);
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    let bodies = api
        .operations
        .iter()
        .flat_map(|op| &op.responses)
        .filter_map(move |r| match &r.content {
            ResponseContent::ByMediaType(c) if seen.insert(c.enum_name.clone()) => {
                let gate = Gate::any(users.get(c.enum_name.as_str()).into_iter().flatten().copied());
                Some((super::cfg(api, &gate), body_enum(api, c, r)))
            }
            _ => None,
        });
    Module::gated(header, operations.chain(bodies))
}

/// One of an operation's response enums, with its gate: defined, for the operations in
/// `enum_users` (this one first), or an alias of an earlier operation's.
fn response_enum(api: &Api, op: &Operation, errors: bool, enum_users: Vec<usize>) -> (TokenStream, TokenStream) {
    // Spec text in code spans: a backtick in it would end the span.
    let code = |text: &str| format!("`{}`", text.replace('`', "'"));
    let what = format!(
        "{} ({})",
        code(&op.wire_id),
        code(&format!("{} {}", op.method.as_str(), op.path))
    );
    let kind = if errors { "Documented error" } else { "Success" };
    let (name, same_as) = super::enum_of(op, errors);
    let name = ident(name);
    if let Some(owner) = same_as.and_then(|k| api.operations.get(k)) {
        let original = super::enum_of(owner, errors).0;
        let doc = doc::attrs_with(
            None,
            &[format!(
                "{kind} responses of {what}: {} declares the same, so both use one enum, [`{original}`].",
                code(&owner.wire_id)
            )],
        );
        let original = ident(original);
        return (super::cfg(api, &op.gate), quote! { #doc pub type #name = #original; });
    }
    let mut doc = vec![format!("{kind} responses of {what}.")];
    let others: Vec<String> = enum_users
        .iter()
        .skip(1)
        .filter_map(|&k| api.operations.get(k))
        .map(|o| code(&o.wire_id))
        .collect();
    const LISTED: usize = 5;
    match others.len() {
        0 => {}
        n if n <= LISTED => doc.push(format!(
            "Also the enum of {}, which declare{} the same responses.",
            others.join(", "),
            if n == 1 { "s" } else { "" }
        )),
        n => doc.push(format!(
            "Also the enum of {n} more operations that declare the same responses, such as {}.",
            others.iter().take(LISTED).cloned().collect::<Vec<_>>().join(", ")
        )),
    }
    let doc = doc::attrs_with(None, &doc);
    let cfg = super::cfg(api, &super::gate_of(api, &enum_users));
    let responses: Vec<&Response> = op.responses.iter().filter(|r| r.is_error == errors).collect();
    if !errors {
        return (cfg, enumeration(api, &name, &doc, &responses, TokenStream::new()));
    }
    let descriptions = descriptions(api, &responses);
    let description = quote! {
        /// The spec's description of this response.
        pub fn description(&self) -> &'static str {
            #descriptions
        }
    };
    let err = enumeration(api, &name, &doc, &responses, description);
    let tokens = quote! {
        #err

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}: {}", self.status(), self.description())
            }
        }

        impl std::error::Error for #name {}
    };
    (cfg, tokens)
}

/// The bodies one response offers, one variant per media type.
fn body_enum(api: &Api, c: &BodyChoices, r: &Response) -> TokenStream {
    let name = ident(&c.enum_name);
    let status = status_label(r.status);
    let doc = format!(" The body of a {status} response, by media type (the `Content-Type` header decides).");
    let variants = c.variants.iter().map(|(v, b)| {
        let v = ident(v);
        let ty = rust_type(api, &b.ty, Place::Elsewhere);
        let media = format!(" `{}`", b.media_type);
        quote! { #[doc = #media] #v(#ty), }
    });
    let arms = c.variants.iter().map(|(v, b)| {
        let v = ident(v);
        let media = &b.media_type;
        quote! { Self::#v(_) => #media, }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #( #variants )* }

        impl #name {
            /// The media type of this body.
            pub fn media_type(&self) -> &'static str {
                match self { #( #arms )* }
            }
        }
    }
}

/// How the docs name a status: as the spec writes it, `default` in words.
fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Default => "Any other status".to_owned(),
        other => other.to_string(),
    }
}

fn status_doc(r: &Response) -> String {
    let status = status_label(r.status);
    match &r.doc {
        Some(d) => format!("{status}: {d}"),
        None => status,
    }
}

/// A response enum and its methods: `status`, then `more`.
fn enumeration(
    api: &Api,
    name: &syn::Ident,
    docs: &TokenStream,
    responses: &[&Response],
    more: TokenStream,
) -> TokenStream {
    let variants = responses.iter().map(|r| {
        let v = ident(&r.variant);
        let docs = doc::attrs(Some(&status_doc(r)));
        let f = variant_fields(api, r);
        if f.is_unit() {
            return quote! { #docs #v, };
        }
        let status = f.status.then(|| {
            quote! { /// The status the server answered with.
            status: http::StatusCode, }
        });
        let body = f.body.as_ref().map(|t| quote! { body: #t, });
        let headers = r.headers.iter().zip(&f.headers).map(|(h, (n, t, required))| {
            // A success's required header is an `Option` all the same (see `VariantFields`).
            let lenient = (h.required && !r.is_error).then_some(
                "Required by the spec: the client leaves it `None` only when the server left it out or sent it malformed, and says so in `Success::header_problems`.",
            );
            let docs = doc::attrs(Some(
                &doc::join(&[Some(&format!("The `{}` header.", h.wire_name)), h.doc.as_deref(), lenient])
                    .unwrap_or_default(),
            ));
            if *required {
                quote! { #docs #n: #t, }
            } else {
                quote! { #docs #n: Option<#t>, }
            }
        });
        quote! { #docs #v { #status #body #( #headers )* }, }
    });
    let status_body = if responses.is_empty() {
        quote! { match *self {} }
    } else {
        let arms = responses.iter().map(|r| {
            let v = ident(&r.variant);
            let f = variant_fields(api, r);
            match r.status {
                StatusMatch::Code(c) => {
                    let lit = proc_macro2::Literal::u16_unsuffixed(c);
                    if f.is_unit() {
                        quote! { Self::#v => crate::runtime::status(#lit), }
                    } else {
                        quote! { Self::#v { .. } => crate::runtime::status(#lit), }
                    }
                }
                _ => quote! { Self::#v { status, .. } => *status, },
            }
        });
        quote! { match self { #( #arms )* } }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #( #variants )* }

        impl #name {
            /// The HTTP status of this response.
            pub fn status(&self) -> http::StatusCode {
                #status_body
            }
            #more
        }
    }
}

fn descriptions(api: &Api, responses: &[&Response]) -> TokenStream {
    if responses.is_empty() {
        return quote! { match *self {} };
    }
    let arms = responses.iter().map(|r| {
        let v = ident(&r.variant);
        let text = r.doc.clone().unwrap_or_default();
        if variant_fields(api, r).is_unit() {
            quote! { Self::#v => #text, }
        } else {
            quote! { Self::#v { .. } => #text, }
        }
    });
    quote! { match self { #( #arms )* } }
}
