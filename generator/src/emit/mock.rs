//! `src/mock.rs` (feature `mock`): example values for every type and every operation's
//! arguments and responses, and a mock server answering from them.
//!
//! The mock's shapes go to `shapes.json` (see `super::shapes`) beside the ones every crate
//! has: named types by Rust name, and the places (parameters, bodies, headers) in the order
//! the code below numbers them. The runtime (`runtime/mock.rs`) builds values from them.

use super::{allow_many_arguments, ident, server_inputs, tags_with_operations, value_ident, variant_fields, Module};
use crate::model::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The two files: the module's code and the shapes it reads.
pub struct Emitted<'a> {
    pub module: Module<'a>,
    pub json: String,
}

/// Numbers the shapes the code refers to.
#[derive(Default)]
struct Places<'a> {
    shapes: Vec<&'a Shape>,
}

impl<'a> Places<'a> {
    /// `g.place(i, mode, what)` for `shape`.
    fn call(&mut self, shape: &'a Shape, mode: Wire, what: &str) -> TokenStream {
        let i = proc_macro2::Literal::usize_unsuffixed(self.shapes.len());
        self.shapes.push(shape);
        let mode = match mode {
            Wire::Text => quote! { crate::runtime::mock::Mode::Text },
            Wire::Body => quote! { crate::runtime::mock::Mode::Body },
            Wire::Form => quote! { crate::runtime::mock::Mode::Form },
        };
        quote! { g.place(#i, #mode, #what) }
    }

    fn value(&mut self, shape: &'a Shape, mode: Wire, required: bool, what: &str) -> TokenStream {
        let call = self.call(shape, mode, what);
        if required {
            quote! { #call? }
        } else {
            quote! { g.maybe(|g| #call)? }
        }
    }
}

/// How a value travels, which limits what an example may hold (see the runtime's `Mode`).
#[derive(Clone, Copy)]
enum Wire {
    Body,
    Text,
    Form,
}

impl Wire {
    fn of_body(format: BodyFormat) -> Wire {
        match format {
            BodyFormat::Form => Wire::Form,
            _ => Wire::Body,
        }
    }
}

pub fn emit(api: &Api) -> Emitted<'_> {
    let mut places = Places::default();
    let header = quote! {
        //! Example values and a mock server (feature `mock`).
        //!
        //! Every type implements [`Example`]; [`args`] has each operation's arguments and
        //! [`replies`] each of its documented responses, all built from the spec's schemas
        //! (its examples where they fit). [`MockApi`] implements every server trait with
        //! them, and [`router`] serves it: a stand-in for the real API in tests.
        //!
        //! ```ignore
        //! let app = my_api::mock::router();
        //! ```

        pub use crate::runtime::mock::{Example, ExampleError, Gen, Mode};
    };
    let mut items = vec![quote! {
        /// The shapes of the spec's schemas, parsed on first use.
        pub fn shapes() -> &'static crate::runtime::shapes::Shapes {
            crate::shapes()
        }

        /// A generator of example values: the same seed gives the same values, and seed 0
        /// prefers the spec's own examples.
        pub fn examples(seed: u64) -> Gen {
            Gen::new(shapes(), seed)
        }
    }];
    // An alias is its target type, which has (or, for a primitive, cannot have) its own impl.
    let own_types = api
        .types_by_name()
        .into_iter()
        .filter(|d| !matches!(d.kind, TypeKind::Alias(_)));
    items.extend(own_types.map(|def| {
        let name = ident(&def.name);
        let key = &def.name;
        let cfg = super::cfg(api, &def.gate);
        quote! {
            #cfg
            impl Example for crate::types::#name {
                fn example(g: &mut Gen) -> ::std::result::Result<Self, ExampleError> {
                    g.of_type(#key)
                }
            }
        }
    }));
    let args = api.operations.iter().map(|op| args(api, op, &mut places));
    let args: Vec<TokenStream> = args.collect();
    items.push(quote! {
        /// Each operation's arguments, as its server trait method receives them.
        pub mod args {
            #( #args )*
        }
    });
    let replies: Vec<TokenStream> = api.operations.iter().map(|op| replies(api, op, &mut places)).collect();
    items.push(quote! {
        /// Each operation's documented responses: `index` counts them in spec order.
        pub mod replies {
            #( #replies )*
        }
    });
    items.push(mock_api(api));
    let json = super::shapes::json(api, Some(&places.shapes));
    Emitted {
        module: Module::new(header, items),
        json,
    }
}

fn args<'a>(api: &Api, op: &'a Operation, places: &mut Places<'a>) -> TokenStream {
    let name = ident(&op.type_name);
    let fields = server_inputs(api, op, &quote! { crate::types:: })
        .into_iter()
        .map(|(n, t)| quote! { pub #n: #t, });
    let mut values = Vec::new();
    for p in &op.params {
        let n = value_ident(&p.rust_name);
        let what = format!("`{}` {} parameter `{}`", op.wire_id, p.location.as_str(), p.wire_name);
        let mode = if p.wire.kind == ParamKind::Object
            || (p.wire.kind == ParamKind::Json && p.location != ParamLocation::Header)
        {
            Wire::Form
        } else {
            Wire::Text
        };
        // Left out, a parameter with a default arrives as the default: the round trip sends one.
        let value = if p.default.is_some() && !p.required {
            let value = places.value(&p.shape, mode, true, &what);
            quote! { ::std::option::Option::Some(#value) }
        } else {
            places.value(&p.shape, mode, p.required, &what)
        };
        values.push(quote! { #n: #value, });
    }
    if let Some(b) = &op.body {
        let what = format!("`{}` request body", op.wire_id);
        let value = places.value(&b.shape, Wire::of_body(b.format), b.required, &what);
        values.push(quote! { body: #value, });
    }
    let doc = format!(" Arguments of `{}` (`{} {}`).", op.wire_id, op.method.as_str(), op.path);
    let unused = values.is_empty().then(|| quote! { let _ = g; });
    let cfg = super::cfg(api, &op.gate);
    quote! {
        #[doc = #doc]
        #cfg
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #( #fields )*
        }

        #cfg
        impl crate::runtime::mock::Example for #name {
            fn example(g: &mut crate::runtime::mock::Gen) -> ::std::result::Result<Self, crate::runtime::mock::ExampleError> {
                #unused
                ::std::result::Result::Ok(Self { #( #values )* })
            }
        }
    }
}

/// The status a response is sent with: its code, or for a range or `default` one that no
/// other response of the operation claims. `None` when HTTP cannot deliver it as a final
/// response (1XX).
pub(crate) fn representative_status(op: &Operation, r: &Response) -> Option<u16> {
    let claimed = |code: u16| {
        op.responses.iter().any(|o| match o.status {
            StatusMatch::Code(c) => c == code,
            StatusMatch::Range(d) => u16::from(d) == code / 100 && !matches!(r.status, StatusMatch::Range(_)),
            StatusMatch::Default => false,
        })
    };
    let known = |code: u16| {
        http::StatusCode::from_u16(code)
            .ok()
            .and_then(|s| s.canonical_reason())
            .is_some()
    };
    let status = match r.status {
        StatusMatch::Code(c) => c,
        StatusMatch::Range(d) => {
            let base = u16::from(d) * 100;
            (base..base + 100).find(|c| known(*c) && !claimed(*c))?
        }
        StatusMatch::Default => {
            let candidates: &[u16] = if r.is_error {
                &[500, 502, 503, 504, 400, 409, 422, 418, 501, 505]
            } else {
                &[200, 201, 202, 203, 206, 207, 208, 226]
            };
            *candidates.iter().find(|c| !claimed(**c))?
        }
    };
    (status >= 200).then_some(status)
}

fn replies<'a>(api: &Api, op: &'a Operation, places: &mut Places<'a>) -> TokenStream {
    let fn_name = value_ident(&op.fn_name);
    let ok = ident(&op.ok_enum);
    let err = ident(&op.error_enum);
    let before = places.shapes.len();
    let arms = op.responses.iter().enumerate().map(|(i, r)| {
        let f = variant_fields(api, r);
        let variant = ident(&r.variant);
        let code = representative_status(op, r).unwrap_or(500);
        let what = format!("`{}` response {}", op.wire_id, r.status);
        let mut values = Vec::new();
        if f.status {
            values.push(quote! { status: crate::runtime::status(#code), });
        }
        if let ResponseContent::ByMediaType(c) = &r.content {
            let enum_name = ident(&c.enum_name);
            let n = c.variants.len();
            let arms = c.variants.iter().enumerate().map(|(k, (v, b))| {
                let v = ident(v);
                let call = places.call(&b.shape, Wire::of_body(b.format), &format!("{what} body ({})", b.media_type));
                let k = proc_macro2::Literal::usize_unsuffixed(k);
                quote! { #k => crate::responses::#enum_name::#v(#call?), }
            });
            values.push(quote! {
                body: match g.pick(#n) { #( #arms )* _ => return ::std::result::Result::Err(crate::runtime::mock::ExampleError { what: #what.into(), detail: "no media type".into(), value: ::std::option::Option::None }) },
            });
        } else if let ResponseContent::One(b) = &r.content {
            let call = places.call(&b.shape, Wire::of_body(b.format), &format!("{what} body"));
            values.push(quote! { body: #call?, });
        }
        for (h, (n, _, typed)) in r.headers.iter().zip(&f.headers) {
            let what = format!("{what} header `{}`", h.wire_name);
            // A header the spec requires is always sent, even where its field is an `Option`.
            let value = if h.required && !typed {
                let call = places.call(&h.shape, Wire::Text, &what);
                quote! { ::std::option::Option::Some(#call?) }
            } else {
                places.value(&h.shape, Wire::Text, h.required, &what)
            };
            values.push(quote! { #n: #value, });
        }
        let (outer, enum_name) = if r.is_error {
            (quote! { ::std::result::Result::Err }, &err)
        } else {
            (quote! { ::std::result::Result::Ok }, &ok)
        };
        let value = if f.is_unit() {
            quote! { crate::responses::#enum_name::#variant }
        } else {
            quote! { crate::responses::#enum_name::#variant { #( #values )* } }
        };
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        quote! { #i => #outer(#value), }
    });
    let arms: Vec<TokenStream> = arms.collect();
    let doc = format!(
        " A documented response of `{}`: the `index`th in spec order.",
        op.wire_id
    );
    let wire_id = &op.wire_id;
    let unused = (places.shapes.len() == before).then(|| quote! { let _ = &g; });
    let none = quote! {
        crate::runtime::mock::ExampleError { what: format!("`{}` response {index}", #wire_id), detail: "no such response".into(), value: ::std::option::Option::None }
    };
    let body = if arms.is_empty() {
        quote! { ::std::result::Result::Err(#none) }
    } else {
        quote! {
            ::std::result::Result::Ok(match index {
                #( #arms )*
                _ => return ::std::result::Result::Err(#none),
            })
        }
    };
    let cfg = super::cfg(api, &op.gate);
    quote! {
        #[doc = #doc]
        #cfg
        pub fn #fn_name(g: &mut crate::runtime::mock::Gen, index: usize) -> ::std::result::Result<::std::result::Result<crate::responses::#ok, crate::responses::#err>, crate::runtime::mock::ExampleError> {
            #unused
            #body
        }
    }
}

/// The index of the response the mock answers with: the first success it can send.
fn mock_response(op: &Operation) -> usize {
    let sendable = |r: &&Response| representative_status(op, r).is_some();
    op.responses
        .iter()
        .position(|r| !r.is_error && sendable(&r))
        .or_else(|| op.responses.iter().position(|r| sendable(&r)))
        .unwrap_or(0)
}

/// The response of `op` documented for `status`: exact code, then range, then `default`.
fn documented_for(op: &Operation, status: u16) -> Option<usize> {
    let find = |m: &dyn Fn(&Response) -> bool| op.responses.iter().position(|r| r.is_error && m(r));
    find(&|r| r.status == StatusMatch::Code(status))
        .or_else(|| find(&|r| r.status == StatusMatch::Range((status / 100) as u8)))
        .or_else(|| find(&|r| r.status == StatusMatch::Default))
}

fn mock_api(api: &Api) -> TokenStream {
    let arms: Vec<TokenStream> = api
        .operations
        .iter()
        .filter(|op| op.server_route.is_some())
        .flat_map(|op| {
            [400u16, 401].into_iter().filter_map(move |status| {
                let index = proc_macro2::Literal::usize_unsuffixed(documented_for(op, status)?);
                let wire_id = &op.wire_id;
                let name = value_ident(&op.fn_name);
                let code = proc_macro2::Literal::u16_unsuffixed(status);
                let cfg = super::cfg(api, &op.gate);
                Some(quote! {
                    #cfg
                    (#wire_id, #code) => ::std::option::Option::Some(crate::runtime::mock::documented(replies::#name(&mut self.next_examples().telling(message), #index), status)),
                })
            })
        })
        .collect();
    let documented = if arms.is_empty() {
        quote! {
            let _ = (operation, status, message);
            ::std::option::Option::None
        }
    } else {
        // Each arm may be gated, so none of them may be needed for the others to compile.
        quote! {
            match (operation, status) {
                #( #arms )*
                // Every other arm may be gated off: the message is used here too.
                _ => {
                    ::std::mem::drop(message);
                    ::std::option::Option::None
                }
            }
        }
    };
    let impls = tags_with_operations(api).map(|(tag, ops)| {
        let trait_name = ident(&tag.trait_name);
        let gate = super::operations_gate(ops.iter().copied());
        let trait_cfg = super::cfg(api, &gate);
        let methods = ops.into_iter().map(|op| {
            let cfg = super::cfg_inside(api, op, &gate);
            let name = value_ident(&op.fn_name);
            let ok = ident(&op.ok_enum);
            let err = ident(&op.error_enum);
            let mut args: Vec<TokenStream> = server_inputs(api, op, &quote! { crate::types:: })
                .into_iter()
                .map(|(_, t)| quote! { _: #t })
                .collect();
            if !op.security.is_empty() {
                args.insert(0, quote! { _: crate::security::Credentials });
            }
            args.insert(0, quote! { _: crate::server::RequestContext });
            let index = proc_macro2::Literal::usize_unsuffixed(mock_response(op));
            let many = allow_many_arguments(op, super::Side::Server);
            quote! {
                #cfg
                #many
                async fn #name(&self, #( #args ),*) -> ::std::result::Result<crate::responses::#ok, crate::responses::#err> {
                    crate::runtime::mock::answer(replies::#name(&mut self.next_examples(), #index))
                }
            }
        });
        quote! {
            #trait_cfg
            impl crate::server::#trait_name for MockApi {
                #( #methods )*
            }
        }
    });
    quote! {
        /// Every operation answered with its first documented success, built from the spec.
        ///
        /// Each request gets the next seed, so answers differ from call to call but repeat
        /// from run to run when requests arrive in the same order.
        #[derive(Debug, Default)]
        pub struct MockApi {
            seed: u64,
            calls: std::sync::atomic::AtomicU64,
        }

        impl MockApi {
            /// A mock whose first answer uses `seed`.
            pub fn new(seed: u64) -> Self {
                MockApi { seed, calls: std::sync::atomic::AtomicU64::new(0) }
            }

            /// The generator of the next answer.
            pub fn next_examples(&self) -> Gen {
                let call = self.calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                examples(self.seed.wrapping_add(call))
            }
        }

        impl MockApi {
            /// The response `operation` documents for `status` (exactly, by range or as its
            /// default), built from the spec, with `message` in its first message-like text
            /// property where it has one; `None` when it documents none.
            pub fn documented(&self, operation: &str, status: u16, message: ::std::string::String) -> ::std::option::Option<axum::response::Response> {
                #documented
            }
        }

        /// Refusals take the shape the operation documents for their status, when it does.
        impl crate::server::ServerHooks for MockApi {
            fn bad_request(&self, rejection: crate::server::BadRequest) -> axum::response::Response {
                match self.documented(rejection.operation, 400, rejection.message()) {
                    ::std::option::Option::Some(response) => response,
                    ::std::option::Option::None => crate::runtime::server::default_bad_request(rejection),
                }
            }

            fn unauthorized(&self, rejection: crate::server::Unauthorized) -> axum::response::Response {
                match self.documented(rejection.operation, 401, ::std::format!("missing credentials: {}", rejection.needed)) {
                    ::std::option::Option::Some(response) => response,
                    ::std::option::Option::None => crate::runtime::server::default_unauthorized(rejection),
                }
            }
        }

        #( #impls )*

        /// A router serving [`MockApi`] at the spec's paths.
        pub fn router() -> axum::Router {
            crate::server::router(MockApi::default())
        }
    }
}
