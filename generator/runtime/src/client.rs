//! Client support: the HTTP plumbing every generated operation method shares.

use super::param::{Tree, Wire};
use super::shapes::{Input, Shapes};
use super::{
    Credential, CredentialSet, ExposeSecret, FieldError, InvalidField, Location, ParamValue, Presence, SchemeKind,
    Security,
};
use bytes::Bytes;
use std::time::Duration;

/// Everything that can go wrong calling an operation whose documented errors are `E`.
#[derive(Debug, thiserror::Error)]
pub enum Error<E> {
    /// The server answered with a status the operation documents as an error.
    #[error("the server answered with a documented error: {0}")]
    Api(E),
    /// A parameter cannot be sent (for example a header value with a line break).
    #[error("invalid {location} parameter `{name}`: {reason}")]
    InvalidParameter {
        name: &'static str,
        location: Location,
        reason: String,
    },
    /// The operation needs credentials the client was not given.
    #[error("missing credentials: this operation needs {needed}")]
    MissingCredentials { needed: String },
    /// The inputs break their schemas (bounds, lengths, counts, …): the request was not
    /// sent, because the server would refuse it. Each field says where and why.
    #[error("the request breaks the spec's constraints: {}", super::describe(.0))]
    InvalidRequest(Vec<InvalidField>),
    /// A request body or a deepObject parameter could not be encoded.
    #[error("the request body could not be encoded: {0}")]
    Encode(#[source] serde_json::Error),
    /// The request timed out.
    #[error("the request timed out")]
    Timeout(#[source] reqwest::Error),
    /// The request could not be sent or the response not received.
    #[error("network error: {0}")]
    Network(#[source] reqwest::Error),
    /// The connection failed while the body was being received; what arrived is kept.
    #[error("the {} response body was cut short after {} bytes: {source}", .response.status, .response.body.len())]
    IncompleteBody {
        response: Box<RawResponse>,
        source: reqwest::Error,
    },
    /// The status is not one the operation documents.
    #[error("unexpected response status {}", .0.status)]
    UnexpectedStatus(Box<RawResponse>),
    /// The body is empty where the operation documents one.
    #[error("the {} response has an empty body where one was expected", .0.status)]
    EmptyBody(Box<RawResponse>),
    /// The body is not valid JSON of the documented type.
    #[error("the {} response body does not decode: {source}", .response.status)]
    Decode {
        response: Box<RawResponse>,
        source: serde_json::Error,
    },
    /// A text body is not UTF-8.
    #[error("the {} response body is not UTF-8", .response.status)]
    InvalidUtf8 {
        response: Box<RawResponse>,
        source: std::str::Utf8Error,
    },
    /// A documented response header is missing or malformed.
    #[error("the {} response header `{name}` {reason}", .response.status)]
    InvalidHeader {
        response: Box<RawResponse>,
        name: &'static str,
        reason: String,
    },
}

/// A documented success, with everything else the response carried.
///
/// Derefs to the operation's response enum, so `match &*success { … }` reads as a match on
/// the value; [`Success::into_inner`] gives the value itself. A documented header that is
/// missing or malformed does not turn a success into an error (the request has taken
/// effect): its field is `None` and [`Success::header_problems`] says why.
#[derive(Debug, Clone, PartialEq)]
pub struct Success<T> {
    /// The decoded response: the status's variant, its body and documented headers.
    pub value: T,
    /// The status the server answered with.
    pub status: http::StatusCode,
    /// Every header of the response, documented or not (rate limits, `ETag`, trace ids).
    pub headers: http::HeaderMap,
    /// The documented headers that were missing or malformed, in spec order.
    pub header_problems: Vec<HeaderProblem>,
}

impl<T> Success<T> {
    /// The decoded response, without the status and headers.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Whether every header the spec documents as required arrived and decoded.
    pub fn is_complete(&self) -> bool {
        self.header_problems.is_empty()
    }
}

impl<T> std::ops::Deref for Success<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// A documented response header of a success that is missing or does not decode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the response header `{name}` {reason}")]
pub struct HeaderProblem {
    /// The header's name, lower-cased.
    pub name: &'static str,
    /// What is wrong with it.
    pub reason: String,
}

/// A response as it arrived: nothing in it is dropped.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: http::StatusCode,
    pub headers: http::HeaderMap,
    pub body: Bytes,
}

impl RawResponse {
    /// The media type of the body without parameters, lower-cased (`""` when absent).
    pub fn content_type(&self) -> String {
        let value = self
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        value.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
    }

    pub fn json<T: serde::de::DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        if self.body.is_empty() {
            return Err(Error::EmptyBody(Box::new(self.clone())));
        }
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            response: Box::new(self.clone()),
            source,
        })
    }

    pub fn text<E>(&self) -> Result<String, Error<E>> {
        match std::str::from_utf8(&self.body) {
            Ok(s) => Ok(s.to_owned()),
            Err(source) => Err(Error::InvalidUtf8 {
                response: Box::new(self.clone()),
                source,
            }),
        }
    }

    pub fn form<T: serde::de::DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        super::from_form(&self.body, &[]).map_err(|e| Error::Decode {
            response: Box::new(self.clone()),
            source: serde::de::Error::custom(e),
        })
    }

    pub fn bytes<E>(&self) -> Result<Bytes, Error<E>> {
        Ok(self.body.clone())
    }

    /// A documented header the spec marks as required.
    pub fn header<T: ParamValue, E>(&self, name: &'static str) -> Result<T, Error<E>> {
        match self.header_opt(name)? {
            Some(v) => Ok(v),
            None => Err(Error::InvalidHeader {
                response: Box::new(self.clone()),
                name,
                reason: "is missing".to_owned(),
            }),
        }
    }

    pub fn header_opt<T: ParamValue, E>(&self, name: &'static str) -> Result<Option<T>, Error<E>> {
        self.parse_header(name).map_err(|reason| Error::InvalidHeader {
            response: Box::new(self.clone()),
            name,
            reason,
        })
    }

    /// A header's value, `None` when absent, or why it does not decode.
    fn parse_header<T: ParamValue>(&self, name: &'static str) -> Result<Option<T>, String> {
        let Some(value) = self.headers.get(name) else {
            return Ok(None);
        };
        let text = value.to_str().map_err(|_| "is not visible ASCII".to_owned())?;
        T::parse_received(text).map(Some).map_err(|e| e.to_string())
    }

    /// A documented header of a success: a problem is recorded, never returned, so the
    /// success stays visible. A missing header is a problem only where the spec requires it.
    pub fn header_lenient<T: ParamValue>(
        &self,
        name: &'static str,
        required: bool,
        problems: &mut Vec<HeaderProblem>,
    ) -> Option<T> {
        let problem = match self.parse_header(name) {
            Ok(Some(value)) => return Some(value),
            Ok(None) if !required => return None,
            Ok(None) => "is missing".to_owned(),
            Err(reason) => reason,
        };
        problems.push(HeaderProblem { name, reason: problem });
        None
    }

    /// Wraps a decoded success with the status and headers it came with.
    pub fn success<T>(self, value: T, header_problems: Vec<HeaderProblem>) -> Success<T> {
        Success {
            value,
            status: self.status,
            headers: self.headers,
            header_problems,
        }
    }

    pub fn unexpected<T, E>(self) -> Result<T, Error<E>> {
        Err(Error::UnexpectedStatus(Box::new(self)))
    }
}

/// A body to send.
pub enum Body {
    Json(Vec<u8>),
    Form(String),
    Text(String),
    Binary(Bytes),
}

/// Why a request cannot be sent, found while it was built: the call fails with it when
/// awaited, before anything is sent.
pub enum Failure {
    /// The inputs break their schemas.
    Invalid(Vec<InvalidField>),
    /// A body or a deepObject parameter could not be encoded.
    Encode(serde_json::Error),
    /// A parameter's value cannot travel in its place and style (see [`super::param`]).
    Param {
        name: &'static str,
        location: Location,
        reason: String,
    },
}

impl<E> From<Failure> for Error<E> {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Invalid(fields) => Error::InvalidRequest(fields),
            Failure::Encode(e) => Error::Encode(e),
            Failure::Param { name, location, reason } => Error::InvalidParameter { name, location, reason },
        }
    }
}

/// A call of an operation: `.await` sends it and decodes the response. Its request is
/// built, and its inputs checked, before it is polled: when an operation's method is
/// called, or when its `…Request` builder is awaited. It borrows what `'a` covers: the
/// client, and a builder's inputs.
pub type Call<'a, T, E> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Success<T>, Error<E>>> + Send + 'a>>;

/// One request, as a generated method describes it, for a client whose credentials are `C`.
pub struct Request<C: 'static> {
    pub method: http::Method,
    /// The path, percent-encoded.
    pub path: String,
    /// The query's `key=value` pairs, percent-encoded (joined with `&` when sent).
    pub query: Vec<String>,
    pub headers: Vec<(&'static str, String)>,
    /// `name=value` cookie pairs (joined with `; ` when sent).
    pub cookies: Vec<String>,
    pub body: Option<(&'static str, Body)>,
    pub security: Security<C>,
    /// The first reason the request cannot be sent, if any.
    pub(crate) failure: Option<Failure>,
}

impl<C> Request<C> {
    pub fn new(method: http::Method, path: String, security: Security<C>) -> Self {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            security,
            failure: None,
        }
    }

    /// Keeps the first failure: what the checks found comes before what encoding does.
    fn fail(&mut self, failure: Failure) {
        self.failure.get_or_insert(failure);
    }

    /// Keeps what the checks of the inputs found, if anything, as the request's failure.
    pub fn record_checks(&mut self, checks: Checks) {
        if !checks.fields.is_empty() {
            self.fail(Failure::Invalid(checks.fields));
        }
    }

    /// A JSON body of `media` type.
    pub fn json_body<T: serde::Serialize + ?Sized>(&mut self, media: &'static str, value: &T) {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.body = Some((media, Body::Json(bytes))),
            Err(e) => self.fail(Failure::Encode(e)),
        }
    }

    /// A form (`application/x-www-form-urlencoded`) body of `media` type, its properties
    /// written as `fields` say (see [`super::encode_form`]).
    pub fn form_body<T: serde::Serialize + ?Sized>(&mut self, media: &'static str, value: &T, fields: &[Wire]) {
        match super::encode_form(value, fields) {
            Ok(text) => self.body = Some((media, Body::Form(text))),
            Err(super::FormError::Encode(e)) => self.fail(Failure::Encode(e)),
            Err(super::FormError::Field { name, reason }) => self.fail(Failure::Param {
                name,
                location: Location::Body,
                reason,
            }),
        }
    }

    /// Literal text of the path template, as the spec writes it.
    pub fn path_text(&mut self, text: &'static str) {
        self.path.push_str(text);
    }

    /// A parameter, written as its place and style say (see [`super::param`]); a value
    /// its encoding cannot carry is the request's failure, and so is a required one that
    /// comes to nothing (an empty list or object, which RFC 6570 leaves out, and which a
    /// server would then refuse as missing) or an empty path value (an empty segment
    /// routes elsewhere).
    pub fn param(&mut self, wire: &'static Wire, presence: Presence, tree: Tree) {
        let pieces = super::param::encode(wire, &tree).and_then(|pieces| match (wire.location, presence) {
            (Location::Path, _) if pieces.iter().all(String::is_empty) => {
                Err("a path value cannot be empty".to_owned())
            }
            (_, Presence::Required) if pieces.is_empty() => {
                Err("a required parameter cannot be empty here: its style writes nothing for it".to_owned())
            }
            _ => Ok(pieces),
        });
        match pieces {
            Ok(pieces) => match wire.location {
                Location::Path => self.path.extend(pieces),
                Location::Header => self.headers.extend(pieces.into_iter().map(|p| (wire.name, p))),
                Location::Cookie => self.cookies.extend(pieces),
                _ => self.query.extend(pieces),
            },
            Err(reason) => self.fail(Failure::Param {
                name: wire.name,
                location: wire.location,
                reason,
            }),
        }
    }

    /// A `content: application/json` parameter: its JSON text, as one text value.
    pub fn param_json<T: serde::Serialize + ?Sized>(&mut self, wire: &'static Wire, presence: Presence, value: &T) {
        match serde_json::to_string(value) {
            Ok(text) => self.param(wire, presence, Tree::Scalar(text)),
            Err(e) => self.fail(Failure::Encode(e)),
        }
    }

    /// An object parameter (see [`super::param::object`]).
    pub fn param_object<T: serde::Serialize + ?Sized>(&mut self, wire: &'static Wire, presence: Presence, value: &T) {
        match super::param::object(value) {
            Ok(tree) => self.param(wire, presence, tree),
            Err(e) => self.fail(Failure::Encode(e)),
        }
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidBaseUrl { url: String, reason: String },
    #[error("the HTTP client could not be built: {0}")]
    Http(#[source] reqwest::Error),
}

/// A generated crate's client type: what [`ClientBuilder::build`] makes, around the
/// state every client shares ([`Inner`]).
pub trait ApiClient: Sized {
    /// The crate's `security::Credentials`.
    type Credentials: CredentialSet;
    fn from_inner(inner: Inner<Self::Credentials>) -> Self;
}

/// Settings for a client of type `T` (a generated crate's `client::Client`).
pub struct ClientBuilder<T: ApiClient> {
    base_url: String,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    credentials: T::Credentials,
    unchecked: bool,
    client: std::marker::PhantomData<fn() -> T>,
}

impl<T: ApiClient> Clone for ClientBuilder<T> {
    fn clone(&self) -> Self {
        ClientBuilder {
            base_url: self.base_url.clone(),
            http: self.http.clone(),
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            user_agent: self.user_agent.clone(),
            credentials: self.credentials.clone(),
            unchecked: self.unchecked,
            client: std::marker::PhantomData,
        }
    }
}

impl<T: ApiClient> std::fmt::Debug for ClientBuilder<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("http", &self.http)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("credentials", &self.credentials)
            .field("unchecked", &self.unchecked)
            .finish()
    }
}

impl<T: ApiClient> ClientBuilder<T> {
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientBuilder {
            base_url: base_url.into(),
            http: None,
            timeout: None,
            connect_timeout: None,
            user_agent: None,
            credentials: T::Credentials::default(),
            unchecked: false,
            client: std::marker::PhantomData,
        }
    }

    /// The credentials set so far (a generated crate's setters fill one each).
    pub fn credentials_mut(&mut self) -> &mut T::Credentials {
        &mut self.credentials
    }

    /// Uses this `reqwest` client (its own timeouts, user agent and redirect policy apply; those
    /// set here do not). The default client follows no redirects, so documented 3XX
    /// responses reach the caller.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The time a whole request may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Whether inputs are checked against the spec's constraints before a request is sent
    /// (on by default): a call that breaks one fails with [`Error::InvalidRequest`]
    /// instead of reaching the server. Turn it off to send what a lenient server accepts.
    pub fn check_requests(mut self, check: bool) -> Self {
        self.unchecked = !check;
        self
    }

    /// Replaces every credential at once.
    pub fn credentials(mut self, credentials: T::Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    pub fn build(self) -> Result<T, BuildError> {
        let invalid = |reason: &str| BuildError::InvalidBaseUrl {
            url: self.base_url.clone(),
            reason: reason.to_owned(),
        };
        let url = reqwest::Url::parse(&self.base_url).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
            return Err(invalid("the scheme must be http or https"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("a base URL has no query or fragment"));
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                // Redirects are responses the spec documents (a 303 with its `Location`):
                // they reach the caller as typed values instead of being followed.
                let mut b =
                    reqwest::Client::builder()
                        .redirect(reqwest::redirect::Policy::none())
                        .user_agent(self.user_agent.unwrap_or_else(|| {
                            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()
                        }));
                if let Some(t) = self.timeout {
                    b = b.timeout(t);
                }
                if let Some(t) = self.connect_timeout {
                    b = b.connect_timeout(t);
                }
                b.build().map_err(BuildError::Http)?
            }
        };
        let base = url.as_str().trim_end_matches('/').to_owned();
        Ok(T::from_inner(Inner {
            http,
            base,
            credentials: self.credentials,
            unchecked: self.unchecked,
        }))
    }
}

/// The state a client shares between calls.
#[derive(Debug, Clone)]
pub struct Inner<C> {
    http: reqwest::Client,
    base: String,
    credentials: C,
    unchecked: bool,
}

/// The inputs of one call, checked against the schemas of the operation they are for.
pub struct Checks {
    shapes: &'static Shapes,
    inputs: &'static [Input],
    fields: Vec<InvalidField>,
}

impl Checks {
    /// Checks one input as it will be sent (its JSON form).
    pub fn input<T: serde::Serialize + ?Sized>(&mut self, location: Location, name: &'static str, value: &T) {
        let Some(input) = self.inputs.iter().find(|i| i.is(location, name)) else {
            return;
        };
        let Ok(json) = serde_json::to_value(value) else {
            return;
        };
        for v in self.shapes.check_sent(input, &json) {
            self.fields.push(InvalidField {
                name: name.to_owned(),
                location,
                pointer: v.pointer,
                error: FieldError::Violates(v.message),
            });
        }
    }
}

impl<C: CredentialSet> Inner<C> {
    /// The checks of a call's inputs against the schemas of the `index`th operation in
    /// `shapes`; none when the client was built not to check.
    pub fn checks(&self, shapes: &'static Shapes, index: usize) -> Checks {
        Checks {
            shapes,
            inputs: if self.unchecked { &[] } else { shapes.operation(index) },
            fields: Vec::new(),
        }
    }

    /// Sends `request` and decodes the response.
    pub fn call<'a, T: 'a, E: 'a>(
        &'a self,
        request: Request<C>,
        decode: fn(RawResponse) -> Result<Success<T>, Error<E>>,
    ) -> Call<'a, T, E> {
        Box::pin(async move { decode(self.send(request).await?) })
    }

    pub fn credentials(&self) -> &C {
        &self.credentials
    }

    pub fn credentials_mut(&mut self) -> &mut C {
        &mut self.credentials
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Sends a request and reads the whole response; a request that failed while it was
    /// built is not sent, and its failure is the error.
    pub async fn send<E>(&self, mut req: Request<C>) -> Result<RawResponse, Error<E>> {
        if let Some(failure) = req.failure.take() {
            return Err(failure.into());
        }
        let mut sensitive: Vec<(&'static str, http::HeaderValue)> = Vec::new();
        self.authenticate(&mut req, &mut sensitive)?;
        // URL resolution removes `.` and `..` segments (percent-encoded ones too), which
        // would send the request to another path.
        // `%2E` counts as `.` there (the WHATWG URL rules), so `.%2E` is `..` too.
        let dots = |segment: &str| {
            let plain = segment.replace("%2E", ".").replace("%2e", ".");
            plain == "." || plain == ".."
        };
        if req.path.split('/').any(dots) {
            return Err(Error::InvalidParameter {
                name: "path",
                location: Location::Path,
                reason: "a path parameter may not be `.` or `..`: URLs remove such segments".to_owned(),
            });
        }
        let mut url =
            reqwest::Url::parse(&format!("{}{}", self.base, req.path)).map_err(|e| Error::InvalidParameter {
                name: "path",
                location: Location::Path,
                reason: e.to_string(),
            })?;
        if !req.query.is_empty() {
            // Already percent-encoded by `param` (a space is `%20`, never `+`).
            url.set_query(Some(&req.query.join("&")));
        }
        let mut builder = self.http.request(req.method.clone(), url);
        for (name, value) in &req.headers {
            let value = http::HeaderValue::from_str(value).map_err(|e| Error::InvalidParameter {
                name,
                location: Location::Header,
                reason: e.to_string(),
            })?;
            builder = builder.header(*name, value);
        }
        for (name, value) in sensitive {
            builder = builder.header(name, value);
        }
        if !req.cookies.is_empty() {
            let cookie = req.cookies.join("; ");
            let mut value = http::HeaderValue::from_str(&cookie).map_err(|e| Error::InvalidParameter {
                name: "cookie",
                location: Location::Cookie,
                reason: e.to_string(),
            })?;
            value.set_sensitive(true);
            builder = builder.header(http::header::COOKIE, value);
        }
        if let Some((content_type, body)) = req.body {
            builder = builder.header(http::header::CONTENT_TYPE, content_type);
            builder = match body {
                Body::Json(b) => builder.body(b),
                Body::Form(s) | Body::Text(s) => builder.body(s),
                Body::Binary(b) => builder.body(b),
            };
        }
        let mut response = builder.send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let mut body = bytes::BytesMut::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(source) if source.is_timeout() => return Err(Error::Timeout(source.without_url())),
                Err(source) => {
                    let source = source.without_url();
                    let response = Box::new(RawResponse {
                        status,
                        headers,
                        body: body.freeze(),
                    });
                    return Err(Error::IncompleteBody { response, source });
                }
            }
        }
        Ok(RawResponse {
            status,
            headers,
            body: body.freeze(),
        })
    }

    fn authenticate<E>(
        &self,
        req: &mut Request<C>,
        sensitive: &mut Vec<(&'static str, http::HeaderValue)>,
    ) -> Result<(), Error<E>> {
        let alternatives = req.security.alternatives;
        if alternatives.is_empty() {
            return Ok(());
        }
        let chosen = alternatives
            .iter()
            .find(|all| all.iter().all(|scheme| (scheme.get)(&self.credentials).is_some()));
        let Some(chosen) = chosen else {
            if req.security.optional {
                return Ok(());
            }
            let needed = alternatives
                .iter()
                .map(|all| {
                    all.iter()
                        .map(|scheme| format!("`{}`", scheme.name))
                        .collect::<Vec<_>>()
                        .join(" and ")
                })
                .collect::<Vec<_>>()
                .join(", or ");
            return Err(Error::MissingCredentials { needed });
        };
        for scheme in chosen.iter() {
            let Some(credential) = (scheme.get)(&self.credentials) else {
                continue;
            };
            let secret_header = |value: String| {
                let mut v = http::HeaderValue::from_str(&value).map_err(|_| Error::InvalidParameter {
                    name: scheme.name,
                    location: Location::Credential,
                    reason: "contains characters a header cannot carry".to_owned(),
                })?;
                v.set_sensitive(true);
                Ok::<_, Error<E>>(v)
            };
            match (scheme.kind, credential) {
                (SchemeKind::Basic, Credential::Basic { username, password }) => {
                    use base64::Engine as _;
                    let raw = format!("{username}:{}", password.expose_secret());
                    let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
                    sensitive.push(("authorization", secret_header(format!("Basic {encoded}"))?));
                }
                // A basic scheme's field holds `BasicAuth`, which gives only the arm above.
                (SchemeKind::Basic, Credential::Token(_)) => {}
                (_, Credential::Basic { .. }) => {}
                (SchemeKind::Bearer, Credential::Token(t)) => {
                    sensitive.push(("authorization", secret_header(format!("Bearer {}", t.expose_secret()))?))
                }
                (SchemeKind::ApiKeyHeader(name), Credential::Token(t)) => {
                    sensitive.push((name, secret_header(t.expose_secret().to_owned())?))
                }
                (SchemeKind::ApiKeyQuery(name), Credential::Token(t)) => {
                    req.query.push(super::param::query_pair(name, t.expose_secret()))
                }
                (SchemeKind::ApiKeyCookie(name), Credential::Token(t)) => {
                    if !super::param::cookie_octets(t.expose_secret()) {
                        return Err(Error::InvalidParameter {
                            name: scheme.name,
                            location: Location::Credential,
                            reason: "a cookie value may only hold visible ASCII other than `\"`, `,`, `;` and `\\`"
                                .to_owned(),
                        });
                    }
                    req.cookies.push(format!("{name}={}", t.expose_secret()))
                }
            }
        }
        Ok(())
    }
}

/// Maps a transport error, dropping the URL: it may carry an API key in its query.
fn transport<E>(e: reqwest::Error) -> Error<E> {
    let e = e.without_url();
    if e.is_timeout() {
        Error::Timeout(e)
    } else {
        Error::Network(e)
    }
}
