//! Stand-ins for what a generated crate declares and the runtime's tests need: its
//! `security` module (one scheme of every kind, so every way of carrying a credential is
//! tested) and its `client::Client`. They mirror what the generator writes (see
//! `generator/tests/snapshots/*/src/security.rs` and `client.rs`).

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
        use super::Credentials;
        use crate::runtime::{SchemeCredential, SchemeKind};

        type Scheme = crate::runtime::Scheme<Credentials>;

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

    impl crate::runtime::CredentialSet for Credentials {
        const SCHEMES: &'static [&'static crate::runtime::Scheme<Credentials>] = &[
            &schemes::BASIC,
            &schemes::BEARER,
            &schemes::HEADER_KEY,
            &schemes::QUERY_KEY,
            &schemes::COOKIE_KEY,
        ];
    }
}

/// Stand-in for a generated `client` module: the client type `ClientBuilder::build` returns.
pub mod client {
    pub use crate::runtime::client::Error;

    use crate::runtime::client::{RawResponse, Request};
    use crate::security::Credentials;

    pub type ClientBuilder = crate::runtime::client::ClientBuilder<Client>;

    /// A client for the API.
    #[derive(Debug, Clone)]
    pub struct Client {
        pub(crate) inner: crate::runtime::client::Inner<Credentials>,
    }

    impl crate::runtime::client::ApiClient for Client {
        type Credentials = Credentials;
        fn from_inner(inner: crate::runtime::client::Inner<Credentials>) -> Self {
            Client { inner }
        }
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
        pub async fn send<E>(&self, request: Request<Credentials>) -> Result<RawResponse, Error<E>> {
            self.inner.send(request).await
        }
        /// Sends a request as a generated operation method does, decoding the response.
        pub fn call<T: 'static, E: 'static>(
            &self,
            request: Request<Credentials>,
            decode: fn(RawResponse) -> Result<crate::runtime::client::Success<T>, Error<E>>,
        ) -> crate::runtime::client::Call<'_, T, E> {
            self.inner.call(request, decode)
        }
    }
}
