//! The runtime of generated crates, compiled on its own so it can be unit-tested.
//!
//! `generator/src/emit/runtime/{mod,client,server,mock}.rs` is copied verbatim into every
//! generated crate as `src/runtime/`, and is otherwise only ever compiled there: its pure
//! helpers (form and deepObject encoding, `nest`, `from_text_tree`, parameter text,
//! constraint checks, credentials, path captures) are exercised only indirectly, through whole
//! generated APIs. This crate includes the same files with `#[path]`, next to hand-written
//! stand-ins for the few generated items the runtime refers to (`crate::security` and
//! `crate::client::Client`), and tests the runtime directly.
//!
//! The stand-ins mirror what the generator writes (see `generator/tests/snapshots/*/src/security.rs`
//! and `client.rs`); there is one security scheme of every kind so that every way of carrying a
//! credential can be tested. Nothing here is published.

// Skipped by rustfmt: the runtime is formatted as part of the generator, not as this crate.
// The runtime uses `Option::is_none_or` (Rust 1.82), newer than the workspace's `rust-version`;
// generated crates declare no `rust-version`, so only this crate would trip over it.
#[rustfmt::skip]
#[allow(clippy::incompatible_msrv)]
#[path = "../../src/emit/runtime/mod.rs"]
pub mod runtime;

// The format modules a generated crate gets when its spec uses the formats.
#[path = "../../src/emit/runtime/formats/dates.rs"]
mod dates;
#[path = "../../src/emit/runtime/formats/dates_jiff.rs"]
mod dates_jiff;
#[path = "../../src/emit/runtime/formats/decimals.rs"]
mod decimals;
#[path = "../../src/emit/runtime/formats/uuids.rs"]
mod uuids;

pub use runtime::{ApiKey, BasicAuth, BearerToken, ConstraintError, FieldError, SecretString};

/// Stand-in for a generated `security` module: one optional, typed credential per scheme.
pub mod security {
    use crate::runtime::{ApiKey, BasicAuth, BearerToken};

    /// The credentials a client sends, or a server received. `Debug` never shows secrets.
    #[derive(Debug, Clone, Default)]
    pub struct Credentials {
        /// `basic`: HTTP basic authentication.
        pub basic: Option<BasicAuth>,
        /// `bearer`: a token sent as `Authorization: Bearer …`.
        pub bearer: Option<BearerToken>,
        /// `headerKey`: a key sent in the header `x-api-key`.
        pub header_key: Option<ApiKey>,
        /// `queryKey`: a key sent in the query `key`.
        pub query_key: Option<ApiKey>,
        /// `cookieKey`: a key sent in the cookie `session`.
        pub cookie_key: Option<ApiKey>,
    }

    /// The security schemes of the (imaginary) spec, each with its typed field.
    pub(crate) mod schemes {
        use crate::runtime::{Scheme, SchemeCredential, SchemeKind};

        pub(crate) const BASIC: Scheme = Scheme {
            name: "basic",
            kind: SchemeKind::Basic,
            get: |c| c.basic.as_ref().map(SchemeCredential::to_credential),
            set: |c, credential| c.basic = SchemeCredential::from_credential(credential),
        };
        pub(crate) const BEARER: Scheme = Scheme {
            name: "bearer",
            kind: SchemeKind::Bearer,
            get: |c| c.bearer.as_ref().map(SchemeCredential::to_credential),
            set: |c, credential| c.bearer = SchemeCredential::from_credential(credential),
        };
        pub(crate) const HEADER_KEY: Scheme = Scheme {
            name: "headerKey",
            kind: SchemeKind::ApiKeyHeader("x-api-key"),
            get: |c| c.header_key.as_ref().map(SchemeCredential::to_credential),
            set: |c, credential| c.header_key = SchemeCredential::from_credential(credential),
        };
        pub(crate) const QUERY_KEY: Scheme = Scheme {
            name: "queryKey",
            kind: SchemeKind::ApiKeyQuery("key"),
            get: |c| c.query_key.as_ref().map(SchemeCredential::to_credential),
            set: |c, credential| c.query_key = SchemeCredential::from_credential(credential),
        };
        pub(crate) const COOKIE_KEY: Scheme = Scheme {
            name: "cookieKey",
            kind: SchemeKind::ApiKeyCookie("session"),
            get: |c| c.cookie_key.as_ref().map(SchemeCredential::to_credential),
            set: |c, credential| c.cookie_key = SchemeCredential::from_credential(credential),
        };
    }

    /// Every scheme, for the server to read whatever a request carries.
    #[cfg(feature = "server")]
    pub(crate) const SCHEMES: &[&crate::runtime::Scheme] = &[
        &schemes::BASIC,
        &schemes::BEARER,
        &schemes::HEADER_KEY,
        &schemes::QUERY_KEY,
        &schemes::COOKIE_KEY,
    ];
}

/// Stand-in for a generated `client` module: the client type `ClientBuilder::build` returns.
#[cfg(feature = "client")]
pub mod client {
    pub use crate::runtime::client::{BuildError, ClientBuilder, Error};

    use crate::runtime::client::{RawResponse, Request};

    /// A client for the API.
    #[derive(Debug, Clone)]
    pub struct Client {
        pub(crate) inner: crate::runtime::client::Inner,
    }

    impl Client {
        /// Settings for a client: credentials, timeouts, user agent, a custom `reqwest::Client`.
        pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
            ClientBuilder::new(base_url)
        }
        /// The base URL requests go to.
        pub fn base_url(&self) -> &str {
            self.inner.base_url()
        }
        /// The credentials this client sends.
        pub fn credentials(&self) -> &crate::security::Credentials {
            self.inner.credentials()
        }
        /// Sends a request, returning the raw response.
        pub async fn send<E>(&self, request: Request) -> Result<RawResponse, Error<E>> {
            self.inner.send(request).await
        }
        /// Sends a request as a generated operation method does, decoding the response.
        pub fn call<T: 'static, E: 'static>(
            &self,
            request: Request,
            decode: fn(RawResponse) -> Result<crate::runtime::client::Success<T>, Error<E>>,
        ) -> crate::runtime::client::Call<'_, T, E> {
            self.inner.call(request, decode)
        }
    }
}

#[cfg(all(test, feature = "client", feature = "server", feature = "mock"))]
mod tests;
