//! `runtime::client`: path segments, the builder, raw responses, and requests sent to a local
//! echo server.

use super::standins::client::Client;
use super::{BASIC_OR_BEARER_AND_KEY, NONE};
use crate::runtime::client::{BuildError, Error};

type Request = crate::runtime::client::Request<crate::security::Credentials>;
use crate::runtime::client::{Body, Failure, RawResponse, Success};
use crate::runtime::param::{list, scalar, Kind, Style, Wire};
use crate::runtime::{from_text_tree, ApiKey, BasicAuth, BearerToken, ExposeSecret, Location, Presence, Security};
use crate::security::Credentials;
use axum::response::IntoResponse as _;
use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

/// A parameter's wire, as generated code writes it (leaked: tests only).
fn wire(name: &'static str, location: Location, style: Style, explode: bool, kind: Kind) -> &'static Wire {
    Box::leak(Box::new(Wire {
        name,
        location,
        style,
        explode,
        allow_reserved: false,
        kind,
    }))
}

/// A simple-style path parameter.
fn id() -> &'static Wire {
    wire("id", Location::Path, Style::Simple, false, Kind::Scalar)
}

fn query(name: &'static str, kind: Kind, explode: bool) -> &'static Wire {
    wire(name, Location::Query, Style::Form, explode, kind)
}

fn header(name: &'static str) -> &'static Wire {
    wire(name, Location::Header, Style::Simple, false, Kind::Scalar)
}

fn cookie(name: &'static str) -> &'static Wire {
    wire(name, Location::Cookie, Style::Form, true, Kind::Scalar)
}

/// `/items/` and one path parameter, as a request's path.
fn segment<T: crate::runtime::ParamText + ?Sized>(value: &T) -> String {
    let mut request = Request::new(Method::GET, "/items/".to_owned(), NONE);
    request.param(id(), Presence::Required, scalar(value));
    request.path
}

#[test]
fn path_parameters_percent_encode_everything_but_unreserved_characters() {
    assert_eq!(segment("AZaz09-._~"), "/items/AZaz09-._~");
    assert_eq!(segment("a/b c?d#e%f"), "/items/a%2Fb%20c%3Fd%23e%25f");
    assert_eq!(
        segment("+;=,:@!$&'()*[]"),
        "/items/%2B%3B%3D%2C%3A%40%21%24%26%27%28%29%2A%5B%5D"
    );
    assert_eq!(segment("é€"), "/items/%C3%A9%E2%82%AC");
    assert_eq!(segment("line\nbreak\0"), "/items/line%0Abreak%00");
    assert_eq!(segment(""), "/items/");
}

#[test]
fn path_parameters_write_any_parameter_text() {
    assert_eq!(segment(&42u32), "/items/42");
    assert_eq!(segment(&-1.5f64), "/items/-1.5");
    assert_eq!(segment(&true), "/items/true");
    assert_eq!(segment(&"a b".to_owned()), "/items/a%20b");
    // A list is comma-separated; a comma inside an item is encoded with the rest.
    let mut request = Request::new(Method::GET, "/items/".to_owned(), NONE);
    request.param(
        wire("ids", Location::Path, Style::Simple, false, Kind::List),
        Presence::Required,
        list(&["x/y".to_owned(), "z,w".to_owned()]),
    );
    assert_eq!(request.path, "/items/x%2Fy,z%2Cw");
    let mut request = Request::new(Method::GET, "/a/".to_owned(), NONE);
    request.param(id(), Presence::Required, scalar("b"));
    request.path.push_str("/c/");
    request.param(id(), Presence::Required, scalar("d e"));
    assert_eq!(request.path, "/a/b/c/d%20e");
}

fn build_error(base: &str) -> String {
    match Client::builder(base).build() {
        Err(BuildError::InvalidBaseUrl { url, reason }) => {
            assert_eq!(url, base);
            reason
        }
        Err(other) => panic!("{base}: unexpected {other}"),
        Ok(client) => panic!("{base}: accepted as {}", client.base_url()),
    }
}

#[test]
fn the_builder_accepts_only_http_base_urls_without_query_or_fragment() {
    assert!(build_error("not a url").contains("relative URL without a base"));
    assert!(build_error("").contains("relative URL without a base"));
    for base in ["ftp://example.com", "mailto:someone@example.com", "file:///tmp"] {
        assert_eq!(build_error(base), "the scheme must be http or https");
    }
    for base in [
        "http://example.com/v1?x=1",
        "http://example.com/#top",
        "https://example.com/?",
    ] {
        assert_eq!(build_error(base), "a base URL has no query or fragment");
    }
    let error = Client::builder("ftp://x").build().unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid base URL \"ftp://x\": the scheme must be http or https"
    );
}

#[test]
fn the_base_url_is_normalised_without_a_trailing_slash() {
    for (base, normalised) in [
        ("http://example.com", "http://example.com"),
        ("http://example.com/", "http://example.com"),
        ("https://example.com/v1/", "https://example.com/v1"),
        ("HTTP://Example.COM:80/a b", "http://example.com/a%20b"),
        ("http://localhost:8080/v1", "http://localhost:8080/v1"),
    ] {
        let client = Client::builder(base).build().unwrap();
        assert_eq!(client.base_url(), normalised, "{base}");
    }
}

#[test]
fn the_builder_keeps_the_credentials() {
    let credentials = Credentials {
        bearer: Some(BearerToken::new("t")),
        ..Default::default()
    };
    let client = Client::builder("http://example.com")
        .credentials(credentials)
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(1))
        .user_agent("tests")
        .build()
        .unwrap();
    assert_eq!(
        client.credentials().bearer.as_ref().map(|t| t.secret().expose_secret()),
        Some("t")
    );
    assert!(client.credentials().basic.is_none());
}

fn raw(status: u16, headers: &[(&'static str, &'static str)], body: &'static [u8]) -> RawResponse {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.append(*name, http::HeaderValue::from_static(value));
    }
    RawResponse {
        status: StatusCode::from_u16(status).unwrap(),
        headers: map,
        body: Bytes::from_static(body),
    }
}

type Result<T> = std::result::Result<T, Error<String>>;

#[test]
fn raw_responses_report_their_media_type() {
    assert_eq!(
        raw(200, &[("content-type", "Application/JSON; charset=utf-8")], b"").content_type(),
        "application/json"
    );
    assert_eq!(
        raw(200, &[("content-type", " text/plain ")], b"").content_type(),
        "text/plain"
    );
    assert_eq!(raw(200, &[], b"").content_type(), "");
}

#[test]
fn raw_responses_decode_their_body() {
    let ok = raw(200, &[], b"{\"a\":[1,2]}");
    assert_eq!(ok.json::<Value, String>().unwrap(), json!({"a": [1, 2]}));
    let empty = raw(200, &[], b"");
    let error = empty.json::<Value, String>().unwrap_err();
    assert!(matches!(&error, Error::EmptyBody(r) if r.status == StatusCode::OK));
    assert_eq!(
        error.to_string(),
        "the 200 OK response has an empty body where one was expected"
    );
    let error = raw(201, &[], b"{").json::<Value, String>().unwrap_err();
    assert!(matches!(&error, Error::Decode { response, .. } if response.body == "{"));
    assert!(error
        .to_string()
        .starts_with("the 201 Created response body does not decode: "));

    assert_eq!(raw(200, &[], "hé".as_bytes()).text::<String>().unwrap(), "hé");
    assert_eq!(raw(200, &[], b"").text::<String>().unwrap(), "");
    let error = raw(200, &[], b"\xff").text::<String>().unwrap_err();
    assert!(matches!(error, Error::InvalidUtf8 { .. }));

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Form {
        a: Vec<u8>,
    }
    assert_eq!(
        raw(200, &[], b"a[0]=1&a[1]=2").form::<Form, String>().unwrap(),
        Form { a: vec![1, 2] }
    );
    assert!(matches!(
        raw(200, &[], b"a=x").form::<Form, String>(),
        Err(Error::Decode { .. })
    ));
    assert_eq!(
        raw(200, &[], b"\x00\x01").bytes::<String>().unwrap(),
        Bytes::from_static(b"\x00\x01")
    );
}

#[test]
fn raw_responses_read_documented_headers() {
    let response = raw(200, &[("x-count", "7"), ("x-bad", "seven")], b"");
    let count: Result<i32> = response.header("x-count");
    assert_eq!(count.unwrap(), 7);
    let absent: Result<Option<i32>> = response.header_opt("x-absent");
    assert!(absent.unwrap().is_none());
    let missing: Result<i32> = response.header("x-absent");
    let error = missing.unwrap_err();
    assert!(matches!(&error, Error::InvalidHeader { name: "x-absent", reason, .. } if reason == "is missing"));
    assert_eq!(error.to_string(), "the 200 OK response header `x-absent` is missing");
    let bad: Result<i32> = response.header("x-bad");
    assert_eq!(
        bad.unwrap_err().to_string(),
        "the 200 OK response header `x-bad` must be an integer (invalid digit found in string)"
    );
    let mut latin1 = raw(200, &[], b"");
    latin1
        .headers
        .insert("x-text", http::HeaderValue::from_bytes(b"caf\xe9").unwrap());
    let error = latin1.header::<String, String>("x-text").unwrap_err();
    assert!(matches!(&error, Error::InvalidHeader { reason, .. } if reason == "is not visible ASCII"));
    let unexpected = raw(404, &[], b"gone").unexpected::<(), String>().unwrap_err();
    assert_eq!(unexpected.to_string(), "unexpected response status 404 Not Found");
    assert!(matches!(unexpected, Error::UnexpectedStatus(r) if r.body == "gone"));
}

#[test]
fn error_messages() {
    let api: Error<String> = Error::Api("not found".to_owned());
    assert_eq!(
        api.to_string(),
        "the server answered with a documented error: not found"
    );
    let invalid: Error<String> = Error::InvalidParameter {
        name: "limit",
        location: Location::Query,
        reason: "too big".to_owned(),
    };
    assert_eq!(invalid.to_string(), "invalid query parameter `limit`: too big");
    let missing: Error<String> = Error::MissingCredentials {
        needed: "`bearer`".to_owned(),
    };
    assert_eq!(
        missing.to_string(),
        "missing credentials: this operation needs `bearer`"
    );
}

/// A request that failed while it was built is answered with its failure and never sent.
#[tokio::test]
async fn a_request_that_cannot_be_encoded_fails_when_awaited_without_being_sent() {
    // Nothing listens here: a request that went out would fail with `Network` (or, where
    // packets are dropped, `Timeout`).
    let client = Client::builder("http://127.0.0.1:9")
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    fn not_sent(_: RawResponse) -> std::result::Result<Success<()>, Error<String>> {
        panic!("the request was sent")
    }
    let unencodable = std::collections::BTreeMap::from([((1u8, 2u8), 3u8)]);
    let mut json = Request::new(Method::POST, "/x".to_owned(), NONE);
    json.json_body("application/json", &unencodable);
    assert!(matches!(client.call(json, not_sent).await, Err(Error::Encode(_))));
    let mut form = Request::new(Method::POST, "/x".to_owned(), NONE);
    form.form_body("application/x-www-form-urlencoded", &unencodable, &[]);
    assert!(matches!(client.call(form, not_sent).await, Err(Error::Encode(_))));
    let mut deep = Request::new(Method::GET, "/x".to_owned(), NONE);
    deep.param_object(
        wire("filter", Location::Query, Style::DeepObject, true, Kind::Object),
        Presence::Optional,
        &unencodable,
    );
    assert!(matches!(client.call(deep, not_sent).await, Err(Error::Encode(_))));
    // The first failure is the one reported: an encoding failure after it does not replace it.
    let mut both = Request::new(Method::POST, "/x".to_owned(), NONE);
    both.failure = Some(Failure::Invalid(Vec::new()));
    both.json_body("application/json", &unencodable);
    assert!(matches!(
        client.call(both, not_sent).await,
        Err(Error::InvalidRequest(_))
    ));
    // Sending without decoding does not send a failed request either.
    let mut raw = Request::new(Method::POST, "/x".to_owned(), NONE);
    raw.json_body("application/json", &unencodable);
    assert!(matches!(client.send::<String>(raw).await, Err(Error::Encode(_))));
}

/// Answers every request with what it received; `/slow` answers after two seconds.
async fn echo(request: axum::extract::Request) -> axum::response::Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let mut headers = serde_json::Map::new();
    for (name, value) in &parts.headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        match headers.get_mut(name.as_str()) {
            Some(Value::String(earlier)) => *earlier = format!("{earlier} | {value}"),
            _ => {
                headers.insert(name.as_str().to_owned(), Value::String(value));
            }
        }
    }
    if parts.uri.path() == "/slow" {
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let seen = json!({
        "method": parts.method.as_str(),
        "path": parts.uri.path(),
        "query": parts.uri.query(),
        "headers": headers,
        "body": String::from_utf8_lossy(&body),
    });
    (StatusCode::ACCEPTED, [("x-echo", "1")], axum::Json(seen)).into_response()
}

/// Starts the echo server on a free local port; returns its base URL.
async fn echo_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = axum::Router::new().fallback(echo);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

async fn send(client: &Client, request: Request) -> Result<Value> {
    let response = client.send::<String>(request).await?;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    assert_eq!(response.headers["x-echo"], "1");
    assert_eq!(response.content_type(), "application/json");
    response.json()
}

fn key(secret: &str) -> Option<ApiKey> {
    Some(ApiKey::new(secret))
}

#[tokio::test]
async fn requests_carry_path_query_headers_cookies_and_body() {
    let base = echo_server().await;
    let client = Client::builder(format!("{base}/base/")).build().unwrap();
    let mut request = Request::new(Method::PUT, segment("a b/c"), NONE);
    request.param(query("q", Kind::Scalar, true), Presence::Optional, scalar("a b&c"));
    request.param(query("limit", Kind::Scalar, true), Presence::Optional, scalar(&10));
    request.param(
        query("tags", Kind::List, false),
        Presence::Optional,
        list(&["x".to_owned(), "y z".to_owned()]),
    );
    let filter = json!({"a": {"b": 1}, "l": ["p", "q"], "s": "123"});
    request.param_object(
        wire("filter", Location::Query, Style::DeepObject, true, Kind::Object),
        Presence::Optional,
        &filter,
    );
    request.param(query("id", Kind::List, true), Presence::Optional, list(&[1, 2]));
    request.param(header("x-trace"), Presence::Optional, scalar("t1"));
    request.param(header("x-count"), Presence::Optional, scalar(&3u8));
    request.param(cookie("theme"), Presence::Optional, scalar("dark"));
    request.param(cookie("lang"), Presence::Optional, scalar("en"));
    request.json_body("application/json", &json!({"k": "v"}));
    let seen = send(&client, request).await.unwrap();

    assert_eq!(seen["method"], "PUT");
    assert_eq!(seen["path"], "/base/items/a%20b%2Fc");
    assert_eq!(
        seen["query"],
        "q=a%20b%26c&limit=10&tags=x,y%20z\
         &filter[a][b]=1&filter[l][0]=p&filter[l][1]=q&filter[s]=123&id=1&id=2"
    );
    assert_eq!(seen["headers"]["x-trace"], "t1");
    assert_eq!(seen["headers"]["x-count"], "3");
    assert_eq!(seen["headers"]["cookie"], "theme=dark; lang=en");
    assert_eq!(seen["headers"]["content-type"], "application/json");
    assert_eq!(seen["body"], "{\"k\":\"v\"}");
    assert!(seen["headers"].get("authorization").is_none());

    // The server side of a deepObject parameter gets back what the client sent.
    let query = seen["query"].as_str().unwrap();
    let raw = crate::runtime::param::Received::parse_query(query);
    let pairs: Vec<(&str, &str)> = raw.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let filter = crate::runtime::param::Wire {
        name: "filter",
        location: Location::Query,
        style: crate::runtime::param::Style::DeepObject,
        explode: true,
        allow_reserved: false,
        kind: crate::runtime::param::Kind::Object,
    };
    let found = crate::runtime::param::decode_query(&filter, &pairs, &[])
        .unwrap()
        .unwrap();
    let tree = crate::runtime::param::tree_json(found);
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Filter {
        a: std::collections::BTreeMap<String, i64>,
        l: Vec<String>,
        s: String,
    }
    assert_eq!(
        from_text_tree::<Filter>(tree).unwrap(),
        Filter {
            a: [("b".to_owned(), 1)].into(),
            l: vec!["p".to_owned(), "q".to_owned()],
            s: "123".to_owned()
        }
    );
}

#[tokio::test]
async fn form_and_text_bodies_are_sent_with_their_content_type() {
    let base = echo_server().await;
    let client = Client::builder(base).build().unwrap();
    let mut request = Request::new(Method::POST, "/forms".to_owned(), NONE);
    request.form_body(
        "application/x-www-form-urlencoded",
        &json!({"name": "a b", "n": {"x": [1]}}),
        &[],
    );
    let seen = send(&client, request).await.unwrap();
    assert_eq!(seen["path"], "/forms");
    assert_eq!(seen["query"], Value::Null);
    assert_eq!(seen["headers"]["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(seen["body"], "name=a+b&n[x][0]=1");

    let mut request = Request::new(Method::POST, "/text".to_owned(), NONE);
    request.body = Some(("text/plain", Body::Text("hé".to_owned())));
    let seen = send(&client, request).await.unwrap();
    assert_eq!(
        (seen["headers"]["content-type"].as_str(), seen["body"].as_str()),
        (Some("text/plain"), Some("hé"))
    );
}

#[tokio::test]
async fn the_first_satisfied_alternative_is_sent() {
    use base64::Engine as _;
    let base = echo_server().await;
    let everything = Credentials {
        basic: Some(BasicAuth::new("ann", "p:w")),
        bearer: Some(BearerToken::new("t")),
        header_key: key("hk"),
        query_key: key("qk"),
        cookie_key: key("ck"),
    };
    let client = Client::builder(&base).credentials(everything.clone()).build().unwrap();
    let seen = send(
        &client,
        Request::new(Method::GET, "/".to_owned(), BASIC_OR_BEARER_AND_KEY),
    )
    .await
    .unwrap();
    let basic = base64::engine::general_purpose::STANDARD.encode("ann:p:w");
    assert_eq!(seen["headers"]["authorization"], format!("Basic {basic}"));
    assert_eq!(
        seen["query"],
        Value::Null,
        "the query key belongs to the other alternative"
    );

    let client = Client::builder(&base)
        .credentials(Credentials {
            basic: None,
            ..everything.clone()
        })
        .build()
        .unwrap();
    let mut request = Request::new(Method::GET, "/".to_owned(), BASIC_OR_BEARER_AND_KEY);
    request.param(query("q", Kind::Scalar, true), Presence::Optional, scalar("1"));
    let seen = send(&client, request).await.unwrap();
    assert_eq!(seen["headers"]["authorization"], "Bearer t");
    assert_eq!(seen["query"], "q=1&key=qk");

    // Header and cookie keys; the cookie joins the cookie parameters.
    let both = Security {
        alternatives: &[&[
            &crate::security::schemes::HEADER_KEY,
            &crate::security::schemes::COOKIE_KEY,
        ]],
        optional: false,
    };
    let mut request = Request::new(Method::GET, "/".to_owned(), both);
    request.param(cookie("theme"), Presence::Optional, scalar("dark"));
    let seen = send(&client, request).await.unwrap();
    assert_eq!(seen["headers"]["x-api-key"], "hk");
    assert_eq!(seen["headers"]["cookie"], "theme=dark; session=ck");
    assert!(seen["headers"].get("authorization").is_none());

    // No security: no credential is sent, whatever the client holds.
    let seen = send(&client, Request::new(Method::GET, "/".to_owned(), NONE))
        .await
        .unwrap();
    assert!(seen["headers"].get("authorization").is_none() && seen["headers"].get("x-api-key").is_none());
}

#[tokio::test]
async fn missing_credentials_are_refused_unless_optional() {
    let base = echo_server().await;
    let client = Client::builder(&base)
        .credentials(Credentials {
            bearer: Some(BearerToken::new("t")),
            ..Default::default()
        })
        .build()
        .unwrap();
    let error = send(
        &client,
        Request::new(Method::GET, "/".to_owned(), BASIC_OR_BEARER_AND_KEY),
    )
    .await
    .unwrap_err();
    assert!(matches!(&error, Error::MissingCredentials { needed } if needed == "`basic`, or `bearer` and `queryKey`"));
    let optional = Security {
        optional: true,
        ..BASIC_OR_BEARER_AND_KEY
    };
    let seen = send(&client, Request::new(Method::GET, "/".to_owned(), optional))
        .await
        .unwrap();
    assert!(seen["headers"].get("authorization").is_none());
}

#[tokio::test]
async fn values_a_header_cannot_carry_are_refused() {
    let base = echo_server().await;
    let client = Client::builder(&base)
        .credentials(Credentials {
            header_key: key("bad\nkey"),
            ..Default::default()
        })
        .build()
        .unwrap();
    let mut request = Request::new(Method::GET, "/".to_owned(), NONE);
    request.param(header("x-trace"), Presence::Optional, scalar("a\r\nx-injected: 1"));
    let error = send(&client, request).await.unwrap_err();
    assert!(matches!(
        error,
        Error::InvalidParameter {
            name: "x-trace",
            location: Location::Header,
            ..
        }
    ));

    let mut request = Request::new(Method::GET, "/".to_owned(), NONE);
    request.param(cookie("theme"), Presence::Optional, scalar("dark\n"));
    let error = send(&client, request).await.unwrap_err();
    // The cookie is named: the check runs on each value before the header is joined.
    assert!(matches!(
        error,
        Error::InvalidParameter {
            name: "theme",
            location: Location::Cookie,
            ..
        }
    ));

    let keyed = Security {
        alternatives: &[&[&crate::security::schemes::HEADER_KEY]],
        optional: false,
    };
    let error = send(&client, Request::new(Method::GET, "/".to_owned(), keyed))
        .await
        .unwrap_err();
    assert!(matches!(
        &error,
        Error::InvalidParameter {
            name: "headerKey",
            location: Location::Credential,
            ..
        }
    ));
    assert!(
        !format!("{error} {error:?}").contains("bad\nkey"),
        "the secret leaked: {error:?}"
    );
}

#[tokio::test]
async fn transport_errors_do_not_show_the_url_and_its_api_key() {
    // Nothing listens on a port just released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder(format!("http://127.0.0.1:{port}"))
        .credentials(Credentials {
            query_key: key("k-secret"),
            ..Default::default()
        })
        .build()
        .unwrap();
    let keyed = Security {
        alternatives: &[&[&crate::security::schemes::QUERY_KEY]],
        optional: false,
    };
    let error = client
        .send::<String>(Request::new(Method::GET, "/".to_owned(), keyed))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Network(_)), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("k-secret"), "{error:?}");
}

#[tokio::test]
async fn slow_responses_time_out() {
    let base = echo_server().await;
    let client = Client::builder(base)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = client
        .send::<String>(Request::new(Method::GET, "/slow".to_owned(), NONE))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(error.to_string(), "the request timed out");
}

#[tokio::test]
async fn dot_segments_are_refused_rather_than_sent_elsewhere() {
    let base = echo_server().await;
    let client = Client::builder(format!("{base}/base")).build().unwrap();
    for value in [".", ".."] {
        let mut path = segment(value);
        path.push_str("/details");
        match send(&client, Request::new(Method::GET, path, NONE)).await {
            Err(Error::InvalidParameter {
                location: Location::Path,
                ..
            }) => {}
            Err(other) => panic!("unexpected error {other}"),
            Ok(seen) => panic!("{value:?} was sent to {}", seen["path"]),
        }
    }
    // A label value `.` is `.%2E`, which URL rules read as `..`: refused too.
    let mut request = Request::new(Method::GET, "/items/".to_owned(), NONE);
    request.param(
        wire("l", Location::Path, Style::Label, false, Kind::Scalar),
        Presence::Required,
        scalar("."),
    );
    request.path_text("/details");
    assert!(matches!(
        send(&client, request).await,
        Err(Error::InvalidParameter {
            location: Location::Path,
            ..
        })
    ));
    // A dot inside a segment is an ordinary character.
    let path = segment("a..b");
    let seen = send(&client, Request::new(Method::GET, path, NONE)).await.unwrap();
    assert_eq!(seen["path"], "/base/items/a..b");
}

#[tokio::test]
async fn a_cookie_parameter_cannot_add_other_cookies() {
    let base = echo_server().await;
    let client = Client::builder(base).build().unwrap();
    let mut request = Request::new(Method::GET, "/".to_owned(), NONE);
    request.param(cookie("theme"), Presence::Optional, scalar("dark; session=forged"));
    match send(&client, request).await {
        Err(Error::InvalidParameter {
            location: Location::Cookie,
            ..
        }) => {}
        Err(other) => panic!("unexpected error {other}"),
        Ok(seen) => {
            let cookie = seen["headers"]["cookie"].as_str().unwrap();
            let names: Vec<&str> = cookie
                .split(';')
                .filter_map(|c| c.trim().split_once('='))
                .map(|(k, _)| k)
                .collect();
            assert_eq!(names, ["theme"], "the server read the cookies {cookie:?}");
        }
    }
}

#[test]
fn a_required_value_that_its_style_writes_as_nothing_is_refused() {
    let mut request = Request::new(Method::GET, "/items/".to_owned(), NONE);
    request.param(query("ids", Kind::List, false), Presence::Required, list::<u8>(&[]));
    assert!(matches!(request.failure, Some(Failure::Param { name: "ids", .. })));
    // Optional, it is left out, as RFC 6570 says.
    let mut request = Request::new(Method::GET, "/items/".to_owned(), NONE);
    request.param(query("ids", Kind::List, false), Presence::Optional, list::<u8>(&[]));
    assert!(request.failure.is_none() && request.query.is_empty());
    // An empty path value would route elsewhere.
    let mut request = Request::new(Method::GET, "/items/".to_owned(), NONE);
    request.param(id(), Presence::Required, scalar(""));
    assert!(matches!(
        request.failure,
        Some(Failure::Param {
            location: Location::Path,
            ..
        })
    ));
}
