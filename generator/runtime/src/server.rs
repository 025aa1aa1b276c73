//! Server support: reading requests into typed inputs and writing typed responses.

use super::param::{Tree, Wire};
use super::shapes::{Input, Shapes};
use super::{Credential, CredentialSet, FieldError, Location, ParamValue, Presence, SchemeKind, Security};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderMap, StatusCode};

/// The largest request body a handler reads unless a `DefaultBodyLimit` layer says
/// otherwise: axum's default, which the generated handlers honour like axum's extractors.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Hooks that let an implementation answer rejected requests in its own error format.
///
/// Every method has a default, so `impl ServerHooks for MyService {}` is enough.
pub trait ServerHooks: Send + Sync + 'static {
    /// A parameter or the body is missing or invalid. Default: 400 with a JSON list of the problems.
    fn bad_request(&self, rejection: BadRequest) -> Response {
        default_bad_request(rejection)
    }

    /// The credentials the operation needs are missing. Default: 401 with a JSON message.
    fn unauthorized(&self, rejection: Unauthorized) -> Response {
        default_unauthorized(rejection)
    }

    /// The path exists but not with this method. Default: 405 with an `Allow` header.
    fn method_not_allowed(&self, method: &http::Method, path: &str, allowed: &'static [&'static str]) -> Response {
        let body = serde_json::json!({ "message": format!("{method} is not allowed on {path}") });
        (
            StatusCode::METHOD_NOT_ALLOWED,
            [(http::header::ALLOW, allowed.join(", "))],
            axum::Json(body),
        )
            .into_response()
    }

    /// No operation has this path. Default: 404 with a JSON message.
    fn not_found(&self, method: &http::Method, path: &str) -> Response {
        let body = serde_json::json!({ "message": format!("no operation at {method} {path}") });
        (StatusCode::NOT_FOUND, axum::Json(body)).into_response()
    }

    /// The request body is over the limit (`axum::extract::DefaultBodyLimit`, 2 MiB unless a
    /// layer sets another). Default: 413 with a JSON message.
    fn payload_too_large(&self, operation: &'static str) -> Response {
        let body =
            serde_json::json!({ "message": format!("the request body of `{operation}` is over the size limit") });
        (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(body)).into_response()
    }

    /// The request's `Accept` refuses every media type the operation answers a success in
    /// (checked before the operation runs). Default: 406 with a JSON message listing them.
    fn not_acceptable(&self, operation: &'static str, offered: &'static [&'static str]) -> Response {
        let body = serde_json::json!({
            "message": format!("`{operation}` answers in {}, which the request's Accept refuses", offered.join(", ")),
            "offered": offered,
        });
        (StatusCode::NOT_ACCEPTABLE, axum::Json(body)).into_response()
    }

    /// The request's `Content-Type` is not one the operation reads. Default: 415 with a
    /// JSON message listing those it reads.
    fn unsupported_media_type(
        &self,
        operation: &'static str,
        received: &str,
        supported: &'static [&'static str],
    ) -> Response {
        let body = serde_json::json!({
            "message": format!("`{operation}` reads {}, not {received:?}", supported.join(", ")),
            "supported": supported,
        });
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, axum::Json(body)).into_response()
    }
}

/// Why a request was refused while it was read, before its inputs were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// Answered with [`ServerHooks::bad_request`].
    BadRequest(BadRequest),
    /// The body is over the limit: [`ServerHooks::payload_too_large`].
    PayloadTooLarge { operation: &'static str },
    /// The request's `Accept` refuses every media type of the operation's successes:
    /// [`ServerHooks::not_acceptable`].
    NotAcceptable {
        operation: &'static str,
        offered: &'static [&'static str],
    },
    /// The body's `Content-Type` is not one the operation reads:
    /// [`ServerHooks::unsupported_media_type`].
    UnsupportedMediaType {
        operation: &'static str,
        received: String,
        supported: &'static [&'static str],
    },
}

impl Rejection {
    /// The answer `hooks` give to it.
    pub fn answer(self, hooks: &impl ServerHooks) -> Response {
        match self {
            Rejection::BadRequest(rejection) => hooks.bad_request(rejection),
            Rejection::PayloadTooLarge { operation } => hooks.payload_too_large(operation),
            Rejection::NotAcceptable { operation, offered } => hooks.not_acceptable(operation, offered),
            Rejection::UnsupportedMediaType {
                operation,
                received,
                supported,
            } => hooks.unsupported_media_type(operation, &received, supported),
        }
    }
}

/// A path's methods, answering any method they do not route with
/// [`ServerHooks::method_not_allowed`] and the `allowed` list: one generic function
/// instead of a closure per path.
pub fn allow_only<S: ServerHooks>(
    methods: axum::routing::MethodRouter<std::sync::Arc<S>>,
    allowed: &'static [&'static str],
) -> axum::routing::MethodRouter<std::sync::Arc<S>> {
    methods.fallback(
        move |axum::extract::State(service): axum::extract::State<std::sync::Arc<S>>,
              request: axum::extract::Request| async move {
            service.method_not_allowed(request.method(), request.uri().path(), allowed)
        },
    )
}

/// The default answer to a bad request: 400 with a JSON list of the problems.
pub fn default_bad_request(rejection: BadRequest) -> Response {
    let fields: Vec<serde_json::Value> = rejection
        .fields
        .iter()
        .map(|f| {
            let mut field =
                serde_json::json!({ "name": f.name, "in": f.location.as_str(), "message": f.error.to_string() });
            if !f.pointer.is_empty() {
                field["pointer"] = serde_json::Value::from(f.pointer.as_str());
            }
            field
        })
        .collect();
    let body = serde_json::json!({ "message": rejection.message(), "invalidFields": fields });
    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
}

/// The default answer to missing credentials: 401 with a JSON message.
pub fn default_unauthorized(rejection: Unauthorized) -> Response {
    let body = serde_json::json!({ "message": format!("missing credentials: {}", rejection.needed) });
    (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response()
}

pub use super::InvalidField;

/// Why a request was refused before the implementation saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRequest {
    /// The operationId.
    pub operation: &'static str,
    pub fields: Vec<InvalidField>,
}

impl BadRequest {
    pub fn message(&self) -> String {
        format!("invalid request: {}", super::describe(&self.fields))
    }
}

/// Missing credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unauthorized {
    pub operation: &'static str,
    /// The alternatives the operation accepts, for messages.
    pub needed: String,
}

/// What a handler may want of the request beyond its typed inputs: the method, the URI,
/// every header, and the extensions that tower layers and axum set (the peer address among
/// them, where the server records it).
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub method: http::Method,
    pub uri: http::Uri,
    pub headers: HeaderMap,
    pub extensions: http::Extensions,
}

impl RequestContext {
    /// Whether the request's `Accept` header admits `media_type` (RFC 9110 §12.5.1: the most
    /// specific range that matches decides, `q=0` refuses; no header admits anything). A
    /// handler whose operation documents several media types answers in one this admits (a
    /// request that admits none of them was answered 406 before the handler ran).
    pub fn accepts(&self, media_type: &str) -> bool {
        acceptable(&self.headers, media_type)
    }

    /// The address the request came from, when the router is served with
    /// `router.into_make_service_with_connect_info::<std::net::SocketAddr>()`.
    pub fn peer_addr(&self) -> Option<std::net::SocketAddr> {
        self.extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0)
    }
}

/// A request, read whole.
pub struct Inbound {
    pub method: http::Method,
    pub uri: http::Uri,
    pub headers: HeaderMap,
    extensions: http::Extensions,
    captures: Vec<String>,
    query: Vec<(String, String)>,
    pub body: Bytes,
}

impl Inbound {
    /// Reads the request matched by `route` (`/a/{p0}`, the route the operation's handler
    /// is registered with); refuses undecodable path segments and oversized bodies.
    pub async fn read(
        operation: &'static str,
        route: &str,
        request: axum::extract::Request,
    ) -> Result<Inbound, Rejection> {
        use axum::extract::{FromRequest as _, FromRequestParts as _};
        let (mut parts, body) = request.into_parts();
        let refuse = |name: &str, location: Location, expected, detail: String| {
            Rejection::BadRequest(BadRequest {
                operation,
                fields: vec![InvalidField {
                    name: name.to_owned(),
                    location,
                    pointer: String::new(),
                    error: FieldError::Malformed { expected, detail },
                }],
            })
        };
        let params = axum::extract::RawPathParams::from_request_parts(&mut parts, &())
            .await
            .map_err(|e| refuse("path", Location::Path, "UTF-8 text", e.body_text()))?;
        let mut captures: Vec<(usize, String)> = params
            .iter()
            .map(|(k, v)| (k.trim_start_matches('p').parse().unwrap_or(usize::MAX), v.to_owned()))
            .collect();
        captures.sort();
        // Captures as sent, still percent-encoded, so a style can split a value at its
        // delimiters before decoding (`a%2Cb,c` is two items). The route's captures are
        // whole segments, found from the end (a prefix the router was nested under is
        // before them); the decoded captures stand in if the two do not line up.
        if let Some(raw) = raw_captures(route, parts.uri.path()) {
            if raw.len() == captures.len() {
                captures = raw;
            }
        }
        let query = parts
            .uri
            .query()
            .map(super::param::Received::parse_query)
            .unwrap_or_default();
        // Read as axum's own `Bytes` extractor reads it, with the limit an
        // `axum::extract::DefaultBodyLimit` layer sets (in the extensions): over it is a 413.
        let mut whole = axum::extract::Request::new(body);
        *whole.extensions_mut() = parts.extensions.clone();
        let body = match Bytes::from_request(whole, &()).await {
            Ok(body) => body,
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(Rejection::PayloadTooLarge { operation })
            }
            Err(rejection) => return Err(refuse("body", Location::Body, "a readable body", rejection.body_text())),
        };
        Ok(Inbound {
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            extensions: parts.extensions,
            captures: captures.into_iter().map(|(_, v)| v).collect(),
            query,
            body,
        })
    }

    /// Refuses a body whose `Content-Type` is not among `supported` (media types, ranges
    /// such as `image/*` allowed; parameters such as `charset` ignored). A request without a
    /// body, or without a `Content-Type`, passes: the operation's own type is assumed.
    pub fn content_type_in(
        &self,
        operation: &'static str,
        supported: &'static [&'static str],
    ) -> Result<(), Rejection> {
        let Some(value) = self.headers.get(http::header::CONTENT_TYPE) else {
            return Ok(());
        };
        if self.body.is_empty() {
            return Ok(());
        }
        let received = value.to_str().unwrap_or_default();
        let essence = received
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let matches = |declared: &&str| match declared.split_once('/') {
            Some(("*", "*")) => true,
            Some((kind, "*")) => essence.split_once('/').is_some_and(|(k, _)| k == kind),
            _ => essence == *declared,
        };
        if supported.iter().any(matches) {
            Ok(())
        } else {
            Err(Rejection::UnsupportedMediaType {
                operation,
                received: received.to_owned(),
                supported,
            })
        }
    }

    /// The request's context for the handler, once its inputs have been read.
    pub fn into_context(self) -> RequestContext {
        RequestContext {
            method: self.method,
            uri: self.uri,
            headers: self.headers,
            extensions: self.extensions,
        }
    }

    /// Strips the text around each captured parameter (`{name}.json` captures `x.json`,
    /// the parameter is `x`); `false` when a capture does not have that text, so the path
    /// does not match this operation after all.
    pub fn strip_affixes(&mut self, affixes: &[(&str, &str)]) -> bool {
        for (capture, (prefix, suffix)) in self.captures.iter_mut().zip(affixes) {
            let inner = capture.strip_prefix(prefix).and_then(|rest| rest.strip_suffix(suffix));
            match inner {
                Some(inner) if !inner.is_empty() => *capture = inner.to_owned(),
                _ => return false,
            }
        }
        true
    }

    /// The `index`th path capture (template order), percent-encoded as it arrived.
    pub fn capture(&self, index: usize) -> Option<&str> {
        self.captures.get(index).map(String::as_str)
    }

    /// The first query value of `name`, decoded.
    pub fn query_one(&self, name: &'static str) -> Option<String> {
        let wire = super::param::Wire {
            name,
            location: Location::Query,
            style: super::param::Style::Form,
            explode: true,
            allow_reserved: false,
            kind: super::param::Kind::Scalar,
        };
        match super::param::decode(&wire, &self.received(), None, &[]) {
            Ok(Some(super::param::Tree::Scalar(v))) => Some(v),
            _ => None,
        }
    }

    /// The request's parameters as they arrived, for [`super::param::decode`].
    pub fn received(&self) -> super::param::Received<'_> {
        super::param::Received {
            captures: &self.captures,
            query: &self.query,
            headers: &self.headers,
        }
    }

    /// A header's value; `Some(Err(()))` when it is not visible ASCII.
    pub fn header(&self, name: &str) -> Option<Result<&str, ()>> {
        self.headers.get(name).map(|v| v.to_str().map_err(|_| ()))
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        super::param::cookie_pairs(&self.headers)
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }

    /// The credentials of the first alternative the request satisfies.
    pub fn credentials<C: CredentialSet>(
        &self,
        operation: &'static str,
        security: Security<C>,
    ) -> Result<C, Unauthorized> {
        let mut found = C::default();
        for scheme in C::SCHEMES {
            if let Some(c) = self.credential(scheme.kind) {
                (scheme.set)(&mut found, c);
            }
        }
        let satisfied = security
            .alternatives
            .iter()
            .any(|all| all.iter().all(|scheme| (scheme.get)(&found).is_some()));
        if security.alternatives.is_empty() || security.optional || satisfied {
            return Ok(found);
        }
        let needed = security
            .alternatives
            .iter()
            .map(|all| {
                all.iter()
                    .map(|s| format!("`{}`", s.name))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect::<Vec<_>>()
            .join(", or ");
        Err(Unauthorized { operation, needed })
    }

    fn credential(&self, kind: SchemeKind) -> Option<Credential> {
        let token = |v: &str| Some(Credential::Token(v.to_owned().into()));
        match kind {
            SchemeKind::Bearer => {
                let value = self.header("authorization")?.ok()?;
                let (scheme, rest) = value.split_once(' ')?;
                (scheme.eq_ignore_ascii_case("bearer") && !rest.trim().is_empty())
                    .then(|| Credential::Token(rest.trim().to_owned().into()))
            }
            SchemeKind::Basic => {
                use base64::Engine as _;
                let value = self.header("authorization")?.ok()?;
                let (scheme, rest) = value.split_once(' ')?;
                if !scheme.eq_ignore_ascii_case("basic") {
                    return None;
                }
                let decoded = base64::engine::general_purpose::STANDARD.decode(rest.trim()).ok()?;
                let text = String::from_utf8(decoded).ok()?;
                let (username, password) = text.split_once(':')?;
                Some(Credential::Basic {
                    username: username.to_owned(),
                    password: password.to_owned().into(),
                })
            }
            SchemeKind::ApiKeyHeader(name) => self.header(name)?.ok().filter(|v| !v.is_empty()).and_then(token),
            SchemeKind::ApiKeyQuery(name) => self.query_one(name).filter(|v| !v.is_empty()).and_then(|v| token(&v)),
            SchemeKind::ApiKeyCookie(name) => self.cookie(name).filter(|v| !v.is_empty()).and_then(token),
        }
    }
}

/// The captures of `template` (`/a/{p0}/b/{p1}`, whole segments) in `path` as sent, in
/// capture order, aligned from the end; `None` when the two do not line up.
fn raw_captures(template: &str, path: &str) -> Option<Vec<(usize, String)>> {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    let skip = p.len().checked_sub(t.len())?;
    let mut out = Vec::new();
    for (segment, raw) in t.iter().zip(&p[skip..]) {
        if let Some(n) = segment.strip_prefix("{p").and_then(|s| s.strip_suffix('}')) {
            out.push((n.parse().ok()?, (*raw).to_owned()));
        }
    }
    out.sort();
    Some(out)
}

/// Whether the `Accept` lines of `headers` admit `media_type` (see [`RequestContext::accepts`]).
pub fn acceptable(headers: &HeaderMap, media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let Some((kind, sub)) = essence.split_once('/') else {
        return true;
    };
    // No Accept, or only empty lines, admits anything.
    let mut lines = headers
        .get_all(http::header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|l| !l.trim().is_empty())
        .peekable();
    if lines.peek().is_none() {
        return true;
    }
    // The most specific matching range: (specificity, q). What is not a media range
    // (`type/subtype`) is ignored; an Accept that names none admits anything.
    let mut best: Option<(u8, f32)> = None;
    let mut ranges = 0;
    for range in lines.flat_map(|l| l.split(',')) {
        let mut parts = range.split(';');
        let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        if !name
            .split_once('/')
            .is_some_and(|(k, s)| !k.is_empty() && !s.is_empty())
        {
            continue;
        }
        ranges += 1;
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let specificity = match name.split_once('/') {
            Some(("*", "*")) => 1,
            Some((k, "*")) if k == kind => 2,
            Some((k, s)) if k == kind && s == sub => 3,
            _ => continue,
        };
        if best.is_none_or(|(b, _)| specificity > b) {
            best = Some((specificity, q));
        }
    }
    ranges == 0 || best.is_some_and(|(_, q)| q > 0.0)
}

/// Refuses, before the operation runs, a request whose `Accept` admits none of the media
/// types the operation answers a success in (`offered`; none offered, nothing to refuse).
/// A handler still picks among several with [`RequestContext::accepts`]; an answer is never
/// turned into a 406 after it was made (the operation may have had its effect).
pub fn accepting(
    operation: &'static str,
    headers: &HeaderMap,
    offered: &'static [&'static str],
) -> Result<(), Rejection> {
    if offered.is_empty() || offered.iter().any(|m| acceptable(headers, m)) {
        Ok(())
    } else {
        Err(Rejection::NotAcceptable { operation, offered })
    }
}

/// What an empty request body means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyBody {
    /// No body (JSON: an empty text is no JSON value).
    Absent,
    /// An empty value when a `Content-Type` says one was sent (text, a form, bytes).
    ValueWhenTyped,
}

/// Collects every invalid input of one request, so the answer lists them all: values that
/// do not decode, and values that decode but break a constraint of their schema (checked
/// against the operation's shapes once decoded; JSON bodies before, so that properties an
/// object may not have are seen).
pub struct Problems {
    operation: &'static str,
    shapes: &'static Shapes,
    inputs: &'static [Input],
    fields: Vec<InvalidField>,
}

impl Problems {
    /// `index`: the operation's place in the spec (its inputs' place in `shapes`).
    pub fn new(operation: &'static str, shapes: &'static Shapes, index: usize) -> Self {
        Problems {
            operation,
            shapes,
            inputs: shapes.operation(index),
            fields: Vec::new(),
        }
    }

    /// Records every violation of `input`'s schema by `value`; `false` when there is one.
    fn conforms(&mut self, location: Location, name: &str, value: &serde_json::Value) -> bool {
        let Some(input) = self.inputs.iter().find(|i| i.is(location, name)) else {
            return true;
        };
        let violations = self.shapes.check_input(input, value);
        let ok = violations.is_empty();
        for v in violations {
            self.refuse_at(location, name, v.pointer, FieldError::Violates(v.message));
        }
        ok
    }

    /// `value` when it also conforms to its schema (checked as JSON, as it would be sent).
    fn checked<T: serde::Serialize>(&mut self, location: Location, name: &str, value: T) -> Option<T> {
        self.checked_as_received(location, name, value, &[])
    }

    /// [`Problems::checked`] for a value read from text: where its JSON form is text (or a
    /// list of texts, one per item received), the text received is what is checked, so a
    /// pattern or a length sees `007` and not the `7` it decoded to.
    fn checked_as_received<T: serde::Serialize>(
        &mut self,
        location: Location,
        name: &str,
        value: T,
        raw: &[&str],
    ) -> Option<T> {
        let Ok(mut json) = serde_json::to_value(&value) else {
            return Some(value);
        };
        match &mut json {
            serde_json::Value::String(text) if raw.len() == 1 => raw[0].clone_into(text),
            serde_json::Value::Array(items) if items.len() == raw.len() && items.iter().all(|i| i.is_string()) => {
                for (item, r) in items.iter_mut().zip(raw) {
                    *item = serde_json::Value::from(*r);
                }
            }
            _ => {}
        }
        self.conforms(location, name, &json).then_some(value)
    }

    fn refuse(&mut self, location: Location, name: &str, error: FieldError) {
        self.refuse_at(location, name, String::new(), error);
    }

    fn refuse_at(&mut self, location: Location, name: &str, pointer: String, error: FieldError) {
        self.fields.push(InvalidField {
            name: name.to_owned(),
            location,
            pointer,
            error,
        });
    }

    /// A parameter's text as its style wrote it (see [`super::param`]): `Some(None)` when
    /// absent and optional, `None` when missing, or not in its style's form (recorded).
    /// `capture`: a path parameter's place among the captures; `others`: the names an
    /// exploded form object does not take (the operation's other parameters in its place).
    fn read_param(
        &mut self,
        wire: &'static Wire,
        inbound: &Inbound,
        capture: Option<usize>,
        others: &[&str],
        presence: Presence,
    ) -> Option<Option<Tree>> {
        match super::param::decode(wire, &inbound.received(), capture, others) {
            Ok(Some(tree)) => Some(Some(tree)),
            Ok(None) if presence == Presence::Required => {
                self.refuse(wire.location, wire.name, FieldError::Required);
                None
            }
            Ok(None) => Some(None),
            Err(detail) => {
                let expected = match wire.style {
                    super::param::Style::Simple => "simple-style text",
                    super::param::Style::Label => "label-style text (`.value`)",
                    super::param::Style::Matrix => "matrix-style text (`;name=value`)",
                    super::param::Style::Form => "form-style text",
                    super::param::Style::SpaceDelimited => "space-delimited text",
                    super::param::Style::PipeDelimited => "pipe-delimited text",
                    super::param::Style::DeepObject => "deepObject-style pairs (`name[key]=value`)",
                };
                self.refuse(wire.location, wire.name, FieldError::Malformed { expected, detail });
                None
            }
        }
    }

    /// A parameter of one text value.
    pub fn param<T: ParamValue + serde::Serialize>(
        &mut self,
        wire: &'static Wire,
        inbound: &Inbound,
        capture: Option<usize>,
        presence: Presence,
    ) -> Option<Option<T>> {
        let text = match self.read_param(wire, inbound, capture, &[], presence)? {
            Some(Tree::Scalar(text)) => text,
            Some(_) | None => return Some(None),
        };
        match T::parse_param(&text) {
            Ok(v) => self
                .checked_as_received(wire.location, wire.name, v, &[&text])
                .map(Some),
            Err(e) => {
                self.refuse(wire.location, wire.name, e);
                None
            }
        }
    }

    /// A parameter that is a list of text values.
    pub fn param_list<T: ParamValue + serde::Serialize>(
        &mut self,
        wire: &'static Wire,
        inbound: &Inbound,
        capture: Option<usize>,
        presence: Presence,
    ) -> Option<Option<Vec<T>>> {
        let items = match self.read_param(wire, inbound, capture, &[], presence)? {
            // `name=` is one empty item where that is a value of the item type, else no
            // item (as clients that write an empty list so send it).
            Some(Tree::List(items)) if items.len() == 1 && items[0].is_empty() && T::parse_param("").is_err() => {
                Vec::new()
            }
            // A client or proxy that encoded the `,` between items (`1%2C2`) sent one item:
            // where that is no value of the item type, it is split after decoding.
            Some(Tree::List(items))
                if items.len() == 1
                    && items[0].contains(',')
                    && !matches!(
                        wire.style,
                        super::param::Style::SpaceDelimited | super::param::Style::PipeDelimited
                    )
                    && T::parse_param(&items[0]).is_err() =>
            {
                items[0].split(',').map(str::to_owned).collect()
            }
            Some(Tree::List(items)) => items,
            Some(_) | None => return Some(None),
        };
        let mut out = Vec::with_capacity(items.len());
        for item in &items {
            match T::parse_param(item) {
                Ok(v) => out.push(v),
                Err(e) => {
                    self.refuse(wire.location, wire.name, e);
                    return None;
                }
            }
        }
        let received: Vec<&str> = items.iter().map(String::as_str).collect();
        self.checked_as_received(wire.location, wire.name, out, &received)
            .map(Some)
    }

    /// A `content: application/json` parameter: JSON text, checked as JSON, then decoded.
    pub fn param_json<T: serde::de::DeserializeOwned>(
        &mut self,
        wire: &'static Wire,
        inbound: &Inbound,
        capture: Option<usize>,
        presence: Presence,
    ) -> Option<Option<T>> {
        let text = match self.read_param(wire, inbound, capture, &[], presence)? {
            Some(Tree::Scalar(text)) => text,
            Some(_) | None => return Some(None),
        };
        let value: serde_json::Value = match serde_json::from_str(&text) {
            Ok(value) => value,
            Err(e) => {
                self.refuse(
                    wire.location,
                    wire.name,
                    FieldError::Malformed {
                        expected: "JSON",
                        detail: e.to_string(),
                    },
                );
                return None;
            }
        };
        if !self.conforms(wire.location, wire.name, &value) {
            return None;
        }
        match decode_json_value(value) {
            Ok(v) => Some(Some(v)),
            Err(Refused { pointer, detail }) => {
                self.refuse_at(
                    wire.location,
                    wire.name,
                    pointer,
                    FieldError::Malformed {
                        expected: "JSON",
                        detail,
                    },
                );
                None
            }
        }
    }

    /// An object parameter. Leaves arrive as text, so a value that does not decode as it
    /// is is tried again with numbers and booleans read as such. `others`: the names in the
    /// same place that are not its properties (the operation's other parameters there, and
    /// the API keys of its spec's security schemes there).
    pub fn param_object<T: serde::de::DeserializeOwned + serde::Serialize>(
        &mut self,
        wire: &'static Wire,
        inbound: &Inbound,
        capture: Option<usize>,
        others: &[&str],
        presence: Presence,
    ) -> Option<Option<T>> {
        let value = match self.read_param(wire, inbound, capture, others, presence)? {
            Some(Tree::Object(map)) => serde_json::Value::Object(map),
            // A deepObject may carry a union's other variants: `name=7`, `name[0]=a`.
            Some(Tree::Scalar(text)) => serde_json::Value::String(text),
            Some(Tree::Nested(value)) => value,
            Some(Tree::List(items)) => items.into_iter().map(serde_json::Value::String).collect(),
            None => return Some(None),
        };
        match super::decode_listed_only(|| super::from_text_tree::<T>(value)) {
            Ok(v) => self.checked(wire.location, wire.name, v).map(Some),
            Err(detail) => {
                self.refuse(
                    wire.location,
                    wire.name,
                    FieldError::Malformed {
                        expected: "a structured value",
                        detail,
                    },
                );
                None
            }
        }
    }

    /// A body: `Some(None)` when optional and absent, `None` when invalid. An empty body is
    /// absent, unless [`EmptyBody::ValueWhenTyped`] and a `Content-Type` says one was sent.
    /// The decoded value is checked against its schema.
    pub fn body<T: serde::Serialize>(
        &mut self,
        inbound: &Inbound,
        presence: Presence,
        decode: impl FnOnce(&Bytes) -> Result<T, Refused>,
        expected: &'static str,
        empty: EmptyBody,
    ) -> Option<Option<T>> {
        match self.read_body(inbound, presence, decode, expected, empty)? {
            Some(v) => self.checked(Location::Body, "body", v).map(Some),
            None => Some(None),
        }
    }

    /// A binary body: as [`Problems::body`], with nothing to check but its presence.
    pub fn bytes_body(&mut self, inbound: &Inbound, presence: Presence) -> Option<Option<Bytes>> {
        self.read_body(inbound, presence, decode_bytes, "bytes", EmptyBody::ValueWhenTyped)
    }

    fn read_body<T>(
        &mut self,
        inbound: &Inbound,
        presence: Presence,
        decode: impl FnOnce(&Bytes) -> Result<T, Refused>,
        expected: &'static str,
        empty: EmptyBody,
    ) -> Option<Option<T>> {
        let typed = empty == EmptyBody::ValueWhenTyped && inbound.header("content-type").is_some();
        if inbound.body.is_empty() && !typed {
            if presence == Presence::Required {
                self.refuse(Location::Body, "body", FieldError::Required);
                return None;
            }
            return Some(None);
        }
        match decode(&inbound.body) {
            Ok(v) => Some(Some(v)),
            Err(Refused { pointer, detail }) => {
                self.refuse_at(
                    Location::Body,
                    "body",
                    pointer,
                    FieldError::Malformed { expected, detail },
                );
                None
            }
        }
    }

    /// A JSON body: `Some(None)` when optional and absent, `None` when invalid. The JSON is
    /// checked against its schema before it is decoded, so every violation is listed
    /// (properties an object may not have among them), then decoded with listed values only.
    pub fn json_body<T: serde::de::DeserializeOwned>(
        &mut self,
        inbound: &Inbound,
        presence: Presence,
    ) -> Option<Option<T>> {
        let read =
            |body: &Bytes| serde_json::from_slice::<serde_json::Value>(body).map_err(|e| Refused::from(e.to_string()));
        let Some(value) = self.read_body(inbound, presence, read, "JSON", EmptyBody::Absent)? else {
            return Some(None);
        };
        if !self.conforms(Location::Body, "body", &value) {
            return None;
        }
        // Absent properties with a default reach the handler as the default.
        let mut value = value;
        if let Some(input) = self.inputs.iter().find(|i| i.is(Location::Body, "body")) {
            self.shapes.fill_defaults(&mut value, &input.shape);
        }
        match decode_json_value(value) {
            Ok(v) => Some(Some(v)),
            Err(Refused { pointer, detail }) => {
                self.refuse_at(
                    Location::Body,
                    "body",
                    pointer,
                    FieldError::Malformed {
                        expected: "JSON",
                        detail,
                    },
                );
                None
            }
        }
    }

    /// The answer to a request with problems: 400 listing every problem (see
    /// [`ServerHooks::bad_request`]).
    pub fn answer(self, hooks: &impl ServerHooks) -> Response {
        hooks.bad_request(self.into_rejection())
    }

    pub fn into_rejection(self) -> BadRequest {
        BadRequest {
            operation: self.operation,
            fields: self.fields,
        }
    }
}

/// Why a body does not decode, and where inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// A JSON pointer into the body (empty for the whole body).
    pub pointer: String,
    pub detail: String,
}

impl From<String> for Refused {
    fn from(detail: String) -> Self {
        Refused {
            pointer: String::new(),
            detail,
        }
    }
}

/// A parameter's `default` (JSON the generator wrote from the spec), for a request that
/// leaves the parameter out; `None` if it does not decode as the parameter's type.
pub fn default_value<T: serde::de::DeserializeOwned>(json: &str) -> Option<T> {
    super::decode_listed_only(|| serde_json::from_str(json).ok())
}

/// A JSON body; string enums must hold listed values. A problem is located by JSON pointer.
pub fn decode_json<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, Refused> {
    super::decode_listed_only(|| {
        let mut de = serde_json::Deserializer::from_slice(body);
        let value = serde_path_to_error::deserialize(&mut de).map_err(|e| Refused {
            pointer: json_pointer(e.path()),
            detail: e.into_inner().to_string(),
        })?;
        de.end().map_err(|e| Refused::from(e.to_string()))?;
        Ok(value)
    })
}

/// A JSON value already read; string enums must hold listed values. A number with a zero
/// fraction (`76.0`, `7.6e1`) is an integer, as JSON Schema counts it (see
/// [`super::integral_numbers`]).
pub fn decode_json_value<T: serde::de::DeserializeOwned>(mut value: serde_json::Value) -> Result<T, Refused> {
    super::integral_numbers(&mut value);
    super::decode_listed_only(|| {
        serde_path_to_error::deserialize(value).map_err(|e| Refused {
            pointer: json_pointer(e.path()),
            detail: e.into_inner().to_string(),
        })
    })
}

/// `serde_path_to_error`'s path as a JSON pointer (RFC 6901).
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => super::shapes::push_token(&mut pointer, key),
            Segment::Enum { .. } => {}
            // Past a place the path cannot name, the pointer stops (shorter, never wrong).
            Segment::Unknown => break,
        }
    }
    pointer
}

/// A form body, its properties read as `fields` say (see [`super::from_form`]); string
/// enums must hold listed values.
pub fn decode_form<T: serde::de::DeserializeOwned>(body: &Bytes, fields: &[super::param::Wire]) -> Result<T, Refused> {
    super::decode_listed_only(|| super::from_form(body, fields)).map_err(Refused::from)
}

pub fn decode_text(body: &Bytes) -> Result<String, Refused> {
    String::from_utf8(body.to_vec()).map_err(|e| Refused::from(e.to_string()))
}

pub fn decode_bytes(body: &Bytes) -> Result<Bytes, Refused> {
    Ok(body.clone())
}

/// A typed response on its way out.
pub struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Option<(&'static str, Vec<u8>)>,
    broken: Option<String>,
    head: bool,
}

impl Reply {
    pub fn new(status: StatusCode) -> Self {
        Reply {
            status,
            headers: HeaderMap::new(),
            body: None,
            broken: None,
            head: false,
        }
    }

    pub fn header<T: ParamValue>(mut self, name: &'static str, value: &T) -> Self {
        // A spec may name a header what HTTP cannot (`X Rate`): that breaks the reply, not
        // the server.
        match (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(&value.write_param()),
        ) {
            (Ok(name), Ok(v)) => {
                self.headers.insert(name, v);
            }
            (Err(_), _) => self.broken = Some(format!("`{name}` cannot be a header name")),
            (_, Err(_)) => self.broken = Some(format!("response header `{name}` cannot carry its value")),
        }
        self
    }

    pub fn header_opt<T: ParamValue>(self, name: &'static str, value: Option<&T>) -> Self {
        match value {
            Some(v) => self.header(name, v),
            None => self,
        }
    }

    /// A header the spec requires of this response: leaving it out breaks the contract
    /// (answered 500, see [`Reply::finish`]).
    pub fn header_required<T: ParamValue>(mut self, name: &'static str, value: Option<&T>) -> Self {
        match value {
            Some(v) => self.header(name, v),
            None => {
                self.broken = Some(format!("the response leaves out `{name}`, a header the spec requires"));
                self
            }
        }
    }

    /// A reply for a `2XX`-style (`range`: its first digit) or `default` (`None`) response:
    /// its status must be in the range, and not one another response of the operation
    /// documents, as a code (`claimed`) or a range (`claimed_ranges`, first digits), which
    /// a client would decode it as.
    pub fn ranged(status: StatusCode, range: Option<u8>, claimed: &[u16], claimed_ranges: &[u8]) -> Self {
        let mut reply = Reply::new(status);
        let code = status.as_u16();
        if let Some(digit) = range.filter(|digit| code / 100 != u16::from(*digit)) {
            reply.broken = Some(format!("status {code} is outside the response's range {digit}XX"));
        } else if claimed.contains(&code) || claimed_ranges.iter().any(|d| u16::from(*d) == code / 100) {
            reply.broken = Some(format!("status {code} belongs to another documented response"));
        }
        reply
    }

    pub fn json<T: serde::Serialize>(mut self, content_type: &'static str, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((content_type, bytes)),
            Err(e) => self.broken = Some(format!("response body does not encode: {e}")),
        }
        self
    }

    pub fn form<T: serde::Serialize>(mut self, content_type: &'static str, body: &T) -> Self {
        match super::encode_form(body, &[]) {
            Ok(s) => self.body = Some((content_type, s.into_bytes())),
            Err(super::FormError::Encode(e)) => self.broken = Some(format!("response body does not encode: {e}")),
            Err(super::FormError::Field { name, reason }) => {
                self.broken = Some(format!("response body property `{name}` does not encode: {reason}"))
            }
        }
        self
    }

    pub fn text(mut self, content_type: &'static str, body: &str) -> Self {
        self.body = Some((content_type, body.as_bytes().to_vec()));
        self
    }

    /// An answer to HEAD: no body, and no length (the handler does not know GET's).
    pub fn head(mut self) -> Self {
        self.head = true;
        self
    }

    /// A `Content-Type` without a body: what a response to HEAD says of GET's body.
    pub fn content_type(mut self, content_type: &'static str) -> Self {
        match http::HeaderValue::from_str(content_type) {
            Ok(v) => {
                self.headers.insert(http::header::CONTENT_TYPE, v);
            }
            Err(_) => self.broken = Some(format!("the media type {content_type:?} cannot be a header value")),
        }
        self
    }

    pub fn bytes(mut self, content_type: &'static str, body: &Bytes) -> Self {
        self.body = Some((content_type, body.to_vec()));
        self
    }

    /// The response; a reply that breaks the spec's contract (a required header left out,
    /// a status its response may not carry, a body or header that does not encode) is a
    /// 500 naming the problem instead, also written to standard error.
    pub fn finish(self) -> Response {
        if let Some(problem) = self.broken {
            eprintln!("generated server: answered 500: {problem}");
            return (StatusCode::INTERNAL_SERVER_ERROR, problem).into_response();
        }
        let mut response = match self.body {
            Some((content_type, body)) => ([(http::header::CONTENT_TYPE, content_type)], body).into_response(),
            // An answer to HEAD: a body of unknown length, so that no `Content-Length: 0`
            // claims GET's body is empty (RFC 9110 §9.3.2; the server sends none of it).
            None if self.head => Response::new(axum::body::Body::from_stream(
                axum::body::Body::empty().into_data_stream(),
            )),
            None => Response::default(),
        };
        *response.status_mut() = self.status;
        response.headers_mut().extend(self.headers);
        response
    }
}

/// Mounts `routes` under `prefix` (`""` or `"/"` for none).
pub fn mount<S: Clone + Send + Sync + 'static>(prefix: &str, routes: axum::Router<S>) -> axum::Router<S> {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() {
        return routes;
    }
    let prefix = if prefix.starts_with('/') {
        prefix.to_owned()
    } else {
        format!("/{prefix}")
    };
    axum::Router::new().nest(&prefix, routes)
}
