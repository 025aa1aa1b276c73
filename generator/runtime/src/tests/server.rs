//! `runtime::server`: reading requests (`Inbound`), collecting problems, writing replies.

use super::{BASIC_OR_BEARER_AND_KEY, NONE};
use crate::runtime::param::{Kind, Style, Wire};
use crate::runtime::server::{
    decode_bytes, decode_form, decode_json, decode_text, default_bad_request, default_unauthorized, mount, BadRequest,
    EmptyBody, Inbound, InvalidField, Problems, Rejection, Reply, ServerHooks, Unauthorized, BODY_LIMIT,
};
use crate::runtime::shapes::Shapes;
use crate::runtime::{ExposeSecret, FieldError, Location, Presence, Security};
use axum::body::Body;
use bytes::Bytes;
use http::{Method, StatusCode};
use serde_json::{json, Value};

/// Shapes that list no operation, so nothing beyond decoding is checked.
fn unchecked() -> &'static Shapes {
    shapes(json!({}))
}

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

/// Shapes parsed from `json`, kept for the whole test run.
fn shapes(json: Value) -> &'static Shapes {
    Box::leak(Box::new(Shapes::parse(&json.to_string())))
}
use tower::ServiceExt as _;

/// Routes `request` through a router with the single route `template` (captures named `p0`,
/// `p1`, … as the generator names them) and returns what `Inbound::read` made of it.
async fn read(template: &str, request: http::Request<Body>) -> Result<Inbound, BadRequest> {
    match read_any(template, request).await {
        Ok(inbound) => Ok(inbound),
        Err(Rejection::BadRequest(rejection)) => Err(rejection),
        Err(other) => panic!("not a bad request: {other:?}"),
    }
}

/// [`read`], with every kind of rejection.
async fn read_any(template: &str, request: http::Request<Body>) -> Result<Inbound, Rejection> {
    let (tx, rx) = std::sync::mpsc::channel();
    let route = template.to_owned();
    let handler = move |request: axum::extract::Request| {
        let (tx, route) = (tx.clone(), route.clone());
        async move {
            tx.send(Inbound::read("op", &route, request).await).unwrap();
            StatusCode::NO_CONTENT
        }
    };
    let router = axum::Router::new().route(template, axum::routing::any(handler));
    let response = router.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "the route did not match");
    rx.try_recv().unwrap()
}

fn get(uri: &str) -> http::Request<Body> {
    http::Request::get(uri).body(Body::empty()).unwrap()
}

async fn read_get(template: &str, uri: &str) -> Inbound {
    read(template, get(uri)).await.unwrap()
}

/// A request with headers, read through the route `/`.
async fn with_headers(uri: &str, headers: &[(&str, &str)]) -> Inbound {
    let mut builder = http::Request::get(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    read("/", builder.body(Body::empty()).unwrap()).await.unwrap()
}

async fn body_text(response: axum::response::Response) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

async fn body_json(response: axum::response::Response) -> Value {
    serde_json::from_str(&body_text(response).await).unwrap()
}

#[tokio::test]
async fn captures_are_kept_as_sent_and_in_template_order() {
    // Decoded by the parameter's style (`runtime::param`), after splitting at delimiters.
    let inbound = read_get("/items/{p0}", "/items/a%2Fb%20c%C3%A9+d").await;
    assert_eq!(inbound.capture(0), Some("a%2Fb%20c%C3%A9+d"));
    assert_eq!(inbound.capture(1), None);
    // `p10` comes after `p9`, not after `p1`.
    let template: String = (0..=10).map(|i| format!("/{{p{i}}}")).collect();
    let uri: String = (0..=10).map(|i| format!("/v{i}")).collect();
    let inbound = read_get(&template, &uri).await;
    let captures: Vec<&str> = (0..=10).map(|i| inbound.capture(i).unwrap()).collect();
    let expected: Vec<String> = (0..=10).map(|i| format!("v{i}")).collect();
    assert_eq!(captures, expected);
    assert_eq!(inbound.method, Method::GET);
    assert_eq!(inbound.uri.path(), uri);
}

#[tokio::test]
async fn captures_that_are_not_utf8_are_refused() {
    let Err(rejection) = read("/items/{p0}", get("/items/%FF")).await else {
        panic!("an undecodable capture was accepted");
    };
    assert_eq!(rejection.operation, "op");
    assert!(matches!(
        &rejection.fields[..],
        [InvalidField { name, location: Location::Path, error: FieldError::Malformed { expected: "UTF-8 text", .. }, .. }] if name == "path"
    ));
}

#[tokio::test]
async fn bodies_up_to_the_limit_are_read_and_larger_ones_refused() {
    let post = |len: usize| http::Request::post("/").body(Body::from(vec![b'x'; len])).unwrap();
    let inbound = read("/", post(BODY_LIMIT)).await.unwrap();
    assert_eq!(inbound.body.len(), BODY_LIMIT);
    // HTTP's answer to a body over the limit is 413, not 400.
    let rejection = read_any("/", post(BODY_LIMIT + 1)).await.err().unwrap();
    assert_eq!(rejection, Rejection::PayloadTooLarge { operation: "op" });
    assert_eq!(rejection.answer(&Defaults).status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_default_body_limit_layer_sets_the_limit() {
    let (tx, rx) = std::sync::mpsc::channel();
    let handler = move |request: axum::extract::Request| {
        let tx = tx.clone();
        async move {
            tx.send(Inbound::read("op", "/", request).await.map(|i| i.body.len()))
                .unwrap();
            StatusCode::NO_CONTENT
        }
    };
    let router = axum::Router::new()
        .route("/", axum::routing::post(handler))
        .layer(axum::extract::DefaultBodyLimit::max(10));
    let post = |len: usize| http::Request::post("/").body(Body::from(vec![b'x'; len])).unwrap();
    router.clone().oneshot(post(10)).await.unwrap();
    assert_eq!(rx.try_recv().unwrap(), Ok(10));
    router.clone().oneshot(post(11)).await.unwrap();
    assert!(rx.try_recv().unwrap().is_err(), "11 bytes are over the layer's limit");
    // Disabled, the limit is gone: a body over the default is read.
    let open = axum::Router::new()
        .route(
            "/",
            axum::routing::post(|request: axum::extract::Request| async move {
                match Inbound::read("op", "/", request).await {
                    Ok(inbound) => inbound.body.len().to_string(),
                    Err(rejection) => format!("{rejection:?}"),
                }
            }),
        )
        .layer(axum::extract::DefaultBodyLimit::disable());
    let response = open.oneshot(post(BODY_LIMIT + 1)).await.unwrap();
    let text = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    assert_eq!(text, (BODY_LIMIT + 1).to_string());
}

#[tokio::test]
async fn strip_affixes_keeps_the_text_between_prefix_and_suffix() {
    let mut inbound = read_get("/reports/{p0}", "/reports/q1.csv").await;
    assert!(inbound.strip_affixes(&[("", ".csv")]));
    assert_eq!(inbound.capture(0), Some("q1"));

    let mut inbound = read_get("/reports/{p0}", "/reports/report.csv.csv").await;
    assert!(inbound.strip_affixes(&[("", ".csv")]));
    assert_eq!(inbound.capture(0), Some("report.csv"));

    let mut inbound = read_get("/files/{p0}/{p1}", "/files/v2/name.tar.gz").await;
    assert!(inbound.strip_affixes(&[("v", ""), ("", ".tar.gz")]));
    assert_eq!((inbound.capture(0), inbound.capture(1)), (Some("2"), Some("name")));

    // Plain captures have empty affixes and stay as they are.
    let mut inbound = read_get("/files/{p0}/{p1}", "/files/a/b").await;
    assert!(inbound.strip_affixes(&[("", ""), ("", "")]));
    assert_eq!((inbound.capture(0), inbound.capture(1)), (Some("a"), Some("b")));

    // Captures without affixes listed are left alone.
    let mut inbound = read_get("/files/{p0}/{p1}", "/files/v1/x.json").await;
    assert!(inbound.strip_affixes(&[("v", "")]));
    assert_eq!(inbound.capture(1), Some("x.json"));
}

#[tokio::test]
async fn strip_affixes_refuses_captures_without_their_text_or_with_nothing_between() {
    for (uri, affix) in [
        ("/r/q1.json", ("", ".csv")),
        ("/r/.csv", ("", ".csv")),
        ("/r/v", ("v", "")),
        ("/r/ab", ("ab", "b")),
        ("/r/xv1", ("v", "")),
    ] {
        let mut inbound = read_get("/r/{p0}", uri).await;
        assert!(!inbound.strip_affixes(&[affix]), "{uri} with {affix:?}");
    }
    // One capture without its text is enough.
    let mut inbound = read_get("/f/{p0}/{p1}", "/f/v1/x.txt").await;
    assert!(!inbound.strip_affixes(&[("v", ""), ("", ".json")]));
}

#[tokio::test]
async fn query_values_are_form_decoded() {
    let inbound = read_get("/", "/?a=1&b=x+y%20z&a=2&c=%26%3D&empty=&flag&%C3%A9=%C3%BC").await;
    let one = |name| inbound.query_one(name);
    assert_eq!(one("a").as_deref(), Some("1"));
    assert_eq!(one("b").as_deref(), Some("x y z"));
    assert_eq!(one("c").as_deref(), Some("&="));
    assert_eq!(one("empty").as_deref(), Some(""));
    assert_eq!(one("flag").as_deref(), Some(""));
    assert_eq!(one("é").as_deref(), Some("ü"));
    assert_eq!(one("A"), None);
}

#[tokio::test]
async fn path_captures_are_kept_as_sent_so_styles_split_before_decoding() {
    let inbound = read_get("/items/{p0}/x/{p1}", "/items/a%2Cb,c/x/%2Eq").await;
    assert_eq!(inbound.capture(0), Some("a%2Cb,c"));
    assert_eq!(inbound.capture(1), Some("%2Eq"));
    let mut problems = Problems::new("op", unchecked(), 0);
    let ids = wire("ids", Location::Path, Style::Simple, false, Kind::List);
    assert_eq!(
        problems.param_list::<String>(ids, &inbound, Some(0), Presence::Required),
        Some(Some(vec!["a,b".to_owned(), "c".to_owned()]))
    );
}

#[tokio::test]
async fn headers_must_be_visible_ascii() {
    let request = http::Request::get("/")
        .header("x-plain", "abc")
        .header("x-latin1", http::HeaderValue::from_bytes(b"caf\xe9").unwrap())
        .body(Body::empty())
        .unwrap();
    let inbound = read("/", request).await.unwrap();
    assert_eq!(inbound.header("x-plain"), Some(Ok("abc")));
    assert_eq!(inbound.header("X-Plain"), Some(Ok("abc")));
    assert_eq!(inbound.header("x-latin1"), Some(Err(())));
    assert_eq!(inbound.header("x-missing"), None);
}

#[tokio::test]
async fn cookies_are_found_across_cookie_headers() {
    let inbound = with_headers("/", &[("cookie", "a=1; session=abc=def;theme=dark"), ("cookie", "b=2")]).await;
    assert_eq!(inbound.cookie("a"), Some("1"));
    assert_eq!(inbound.cookie("session"), Some("abc=def"));
    assert_eq!(inbound.cookie("theme"), Some("dark"));
    assert_eq!(inbound.cookie("b"), Some("2"));
    assert_eq!(inbound.cookie("sess"), None);
    assert_eq!(inbound.cookie("c"), None);
}

fn basic(user_and_password: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(user_and_password)
    )
}

#[tokio::test]
async fn credentials_are_read_from_every_kind_of_scheme() {
    let authorization = basic("ann:pa:ss");
    let headers = [
        ("authorization", authorization.as_str()),
        ("x-api-key", "hk"),
        ("cookie", "session=ck"),
    ];
    let inbound = with_headers("/?key=qk", &headers).await;
    let found = inbound.credentials("op", NONE).unwrap();
    assert!(matches!(
        &found.basic,
        Some(basic) if basic.username() == "ann" && basic.password().expose_secret() == "pa:ss"
    ));
    assert!(found.bearer.is_none(), "a basic authorization is not a bearer token");
    assert_eq!(
        found.header_key.as_ref().map(|c| c.secret().expose_secret()),
        Some("hk")
    );
    assert_eq!(found.query_key.as_ref().map(|c| c.secret().expose_secret()), Some("qk"));
    assert_eq!(
        found.cookie_key.as_ref().map(|c| c.secret().expose_secret()),
        Some("ck")
    );
}

#[tokio::test]
async fn bearer_tokens_are_trimmed_and_the_scheme_is_case_insensitive() {
    for (header, token) in [
        ("Bearer abc", Some("abc")),
        ("bearer   abc ", Some("abc")),
        ("BEARER abc", Some("abc")),
        ("Bearer ", None),
        ("Bearer", None),
        ("Token abc", None),
    ] {
        let inbound = with_headers("/", &[("authorization", header)]).await;
        let found = inbound.credentials("op", NONE).unwrap();
        assert_eq!(
            found.bearer.as_ref().map(|c| c.secret().expose_secret()),
            token,
            "{header:?}"
        );
        assert!(found.basic.is_none());
    }
}

#[tokio::test]
async fn malformed_basic_credentials_and_empty_keys_are_ignored() {
    let no_colon = basic("no-colon");
    for header in ["Basic !!!", no_colon.as_str(), "Basic", "Digest abc"] {
        let inbound = with_headers("/", &[("authorization", header)]).await;
        assert!(inbound.credentials("op", NONE).unwrap().basic.is_none(), "{header:?}");
    }
    let inbound = with_headers("/?key=", &[("x-api-key", ""), ("cookie", "session=")]).await;
    let found = inbound.credentials("op", NONE).unwrap();
    assert!(found.header_key.is_none() && found.query_key.is_none() && found.cookie_key.is_none());
}

#[tokio::test]
async fn credentials_must_satisfy_one_alternative() {
    let inbound = with_headers("/?key=k", &[("authorization", "Bearer t")]).await;
    let found = inbound.credentials("op", BASIC_OR_BEARER_AND_KEY).unwrap();
    assert_eq!(found.bearer.as_ref().map(|c| c.secret().expose_secret()), Some("t"));
    assert_eq!(found.query_key.as_ref().map(|c| c.secret().expose_secret()), Some("k"));

    let inbound = with_headers("/", &[("authorization", "Bearer t")]).await;
    let refused = inbound.credentials("op", BASIC_OR_BEARER_AND_KEY).unwrap_err();
    assert_eq!(
        refused,
        Unauthorized {
            operation: "op",
            needed: "`basic`, or `bearer` and `queryKey`".to_owned()
        }
    );
    let optional = Security {
        optional: true,
        ..BASIC_OR_BEARER_AND_KEY
    };
    assert!(inbound.credentials("op", optional).unwrap().bearer.is_some());
    let nothing = with_headers("/", &[]).await;
    assert!(nothing.credentials("op", optional).is_ok());
    assert!(nothing.credentials("op", NONE).is_ok());
}

#[tokio::test]
async fn problems_collect_every_invalid_input() {
    let request = http::Request::get("/?limit=10&size=ten&full=true&fast=yes&ids=1&ids=2&bad=1&bad=x&bad=y")
        .header("x-a", "a")
        .header("x-d", http::HeaderValue::from_bytes(b"caf\xe9").unwrap())
        .body(Body::empty())
        .unwrap();
    let inbound = read("/", request).await.unwrap();
    let q = |name| wire(name, Location::Query, Style::Form, true, Kind::Scalar);
    let list = |name| wire(name, Location::Query, Style::Form, true, Kind::List);
    let h = |name| wire(name, Location::Header, Style::Simple, false, Kind::Scalar);
    let (required, optional) = (Presence::Required, Presence::Optional);
    let mut problems = Problems::new("listPets", unchecked(), 0);
    assert_eq!(
        problems.param::<i32>(q("limit"), &inbound, None, required),
        Some(Some(10))
    );
    assert_eq!(problems.param::<i32>(q("page"), &inbound, None, required), None);
    assert_eq!(problems.param::<i32>(q("size"), &inbound, None, required), None);
    assert_eq!(problems.param::<bool>(q("all"), &inbound, None, optional), Some(None));
    assert_eq!(
        problems.param::<bool>(q("full"), &inbound, None, optional),
        Some(Some(true))
    );
    assert_eq!(problems.param::<bool>(q("fast"), &inbound, None, optional), None);
    assert_eq!(
        problems.param::<String>(h("x-a"), &inbound, None, required),
        Some(Some("a".to_owned()))
    );
    assert_eq!(problems.param::<String>(h("x-b"), &inbound, None, optional), Some(None));
    assert_eq!(problems.param::<String>(h("x-c"), &inbound, None, required), None);
    assert_eq!(problems.param::<String>(h("x-d"), &inbound, None, optional), None);
    assert_eq!(
        problems.param_list::<u8>(list("ids"), &inbound, None, required),
        Some(Some(vec![1, 2]))
    );
    assert_eq!(
        problems.param_list::<u8>(list("tags"), &inbound, None, optional),
        Some(None)
    );
    assert_eq!(problems.param_list::<u8>(list("must"), &inbound, None, required), None);
    assert_eq!(problems.param_list::<u8>(list("bad"), &inbound, None, optional), None);
    let rejection = problems.into_rejection();
    assert_eq!(rejection.operation, "listPets");
    let refused: Vec<(&str, &str, &FieldError)> = rejection
        .fields
        .iter()
        .map(|f| (f.location.as_str(), f.name.as_str(), &f.error))
        .collect();
    let malformed = |expected: &'static str, detail: &str| FieldError::Malformed {
        expected,
        detail: detail.to_owned(),
    };
    assert_eq!(
        refused,
        [
            ("query", "page", &FieldError::Required),
            (
                "query",
                "size",
                &malformed("an integer", "invalid digit found in string")
            ),
            (
                "query",
                "fast",
                &malformed("`true` or `false`", "provided string was not `true` or `false`")
            ),
            ("header", "x-c", &FieldError::Required),
            (
                "header",
                "x-d",
                &malformed("simple-style text", "a header value that is not visible ASCII")
            ),
            ("query", "must", &FieldError::Required),
            // A list stops at its first bad item.
            (
                "query",
                "bad",
                &malformed("a non-negative integer", "invalid digit found in string")
            ),
        ]
    );
    assert_eq!(
        rejection.message(),
        "invalid request: query `page` is required; \
         query `size` must be an integer (invalid digit found in string); \
         query `fast` must be `true` or `false` (provided string was not `true` or `false`); \
         header `x-c` is required; header `x-d` must be simple-style text (a header value that is not visible ASCII); query `must` is required; \
         query `bad` must be a non-negative integer (invalid digit found in string)"
    );
}

#[tokio::test]
async fn deep_object_parameters_are_decoded_from_text() {
    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Page {
        size: i32,
        cursor: Option<String>,
        tags: Option<Vec<String>>,
    }
    let inbound = read_get(
        "/",
        "/?page%5Bsize%5D=10&page%5Bcursor%5D=42&page%5Btags%5D%5B0%5D=7&bad%5Bsize%5D=x",
    )
    .await;
    let mut problems = Problems::new("search", unchecked(), 0);
    let deep = |name| wire(name, Location::Query, Style::DeepObject, true, Kind::Object);
    assert_eq!(
        problems.param_object::<Page>(deep("page"), &inbound, None, &[], Presence::Required),
        Some(Some(Page {
            size: 10,
            cursor: Some("42".to_owned()),
            tags: Some(vec!["7".to_owned()])
        }))
    );
    assert_eq!(
        problems.param_object::<Page>(deep("absent"), &inbound, None, &[], Presence::Optional),
        Some(None)
    );
    assert_eq!(
        problems.param_object::<Page>(deep("required"), &inbound, None, &[], Presence::Required),
        None
    );
    assert_eq!(
        problems.param_object::<Page>(deep("bad"), &inbound, None, &[], Presence::Optional),
        None
    );
    let rejection = problems.into_rejection();
    assert_eq!(rejection.fields.len(), 2);
    assert_eq!(rejection.fields[0].error, FieldError::Required);
    assert!(matches!(
        &rejection.fields[1],
        InvalidField { name, location: Location::Query, error: FieldError::Malformed { expected: "a structured value", .. }, .. } if name == "bad"
    ));
}

#[tokio::test]
async fn bodies_empty_absent_and_invalid() {
    let post = |body: &'static str, content_type: Option<&str>| {
        let mut builder = http::Request::post("/");
        if let Some(ct) = content_type {
            builder = builder.header("content-type", ct);
        }
        builder.body(Body::from(body)).unwrap()
    };
    let empty = read("/", post("", None)).await.unwrap();
    let empty_typed = read("/", post("", Some("text/plain"))).await.unwrap();
    let json = read("/", post("{\"a\":1}", Some("application/json"))).await.unwrap();
    let broken = read("/", post("{", Some("application/json"))).await.unwrap();

    let mut problems = Problems::new("op", unchecked(), 0);
    assert_eq!(
        problems.body(
            &empty,
            Presence::Optional,
            decode_json::<Value>,
            "JSON",
            EmptyBody::Absent
        ),
        Some(None)
    );
    assert_eq!(
        problems.body(
            &empty,
            Presence::Required,
            decode_json::<Value>,
            "JSON",
            EmptyBody::Absent
        ),
        None
    );
    // An empty text body with a content type is an empty string, not an absent body…
    assert_eq!(
        problems.body(
            &empty_typed,
            Presence::Required,
            decode_text,
            "text",
            EmptyBody::ValueWhenTyped
        ),
        Some(Some(String::new()))
    );
    // …but for JSON (`EmptyBody::Absent`) it is absent.
    assert_eq!(
        problems.body(
            &empty_typed,
            Presence::Optional,
            decode_json::<Value>,
            "JSON",
            EmptyBody::Absent
        ),
        Some(None)
    );
    assert_eq!(
        problems.body(
            &empty,
            Presence::Optional,
            decode_text,
            "text",
            EmptyBody::ValueWhenTyped
        ),
        Some(None)
    );
    assert_eq!(
        problems.body(
            &json,
            Presence::Required,
            decode_json::<Value>,
            "JSON",
            EmptyBody::Absent
        ),
        Some(Some(json!({"a": 1})))
    );
    assert_eq!(
        problems.body(
            &broken,
            Presence::Required,
            decode_json::<Value>,
            "JSON",
            EmptyBody::Absent
        ),
        None
    );
    let rejection = problems.into_rejection();
    assert_eq!(rejection.fields.len(), 2);
    assert_eq!(rejection.fields[0].error, FieldError::Required);
    assert!(matches!(
        &rejection.fields[1],
        InvalidField { name, location: Location::Body, error: FieldError::Malformed { expected: "JSON", detail }, .. } if name == "body" && !detail.is_empty()
    ));
}

#[test]
fn body_decoders() {
    assert_eq!(decode_json::<Vec<u8>>(&Bytes::from_static(b"[1,2]")), Ok(vec![1, 2]));
    assert!(decode_json::<Vec<u8>>(&Bytes::from_static(b"[1,")).is_err());
    assert_eq!(decode_text(&Bytes::from_static("é".as_bytes())).as_deref(), Ok("é"));
    assert!(decode_text(&Bytes::from_static(b"\xff")).is_err());
    assert_eq!(
        decode_bytes(&Bytes::from_static(b"\x00\xff")),
        Ok(Bytes::from_static(b"\x00\xff"))
    );
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Form {
        name: String,
        count: Option<i64>,
    }
    assert_eq!(
        decode_form::<Form>(&Bytes::from_static(b"name=Rex&count=2"), &[]),
        Ok(Form {
            name: "Rex".to_owned(),
            count: Some(2)
        })
    );
    assert!(decode_form::<Form>(&Bytes::from_static(b"count=2"), &[]).is_err());
}

#[tokio::test]
async fn replies_carry_status_headers_and_body() {
    let response = Reply::new(StatusCode::CREATED)
        .header("x-count", &5i32)
        .header_opt::<String>("x-absent", None)
        .header_opt("x-tags", Some(&vec!["a".to_owned(), "b".to_owned()]))
        .json("application/json", &json!({"id": 1}))
        .finish();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["x-count"], "5");
    assert_eq!(response.headers()["x-tags"], "a,b");
    assert!(!response.headers().contains_key("x-absent"));
    assert_eq!(body_json(response).await, json!({"id": 1}));

    let response = Reply::new(StatusCode::NO_CONTENT).finish();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(!response.headers().contains_key("content-type"));
    assert_eq!(body_text(response).await, "");

    let response = Reply::new(StatusCode::OK).text("text/plain", "hé").finish();
    assert_eq!(response.headers()["content-type"], "text/plain");
    assert_eq!(body_text(response).await, "hé");

    let response = Reply::new(StatusCode::OK)
        .bytes("application/octet-stream", &Bytes::from_static(b"\x01\x02"))
        .finish();
    assert_eq!(response.headers()["content-type"], "application/octet-stream");
    assert_eq!(body_text(response).await, "\u{1}\u{2}");

    let response = Reply::new(StatusCode::OK)
        .form("application/x-www-form-urlencoded", &json!({"a": {"b": [1, "x y"]}}))
        .finish();
    assert_eq!(body_text(response).await, "a[b][0]=1&a[b][1]=x+y");
}

#[tokio::test]
async fn replies_that_cannot_be_written_become_500() {
    let response = Reply::new(StatusCode::OK)
        .header("x-note", &"line\nbreak".to_owned())
        .text("text/plain", "fine")
        .finish();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        body_text(response).await,
        "response header `x-note` cannot carry its value"
    );

    let not_json: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into_iter().collect();
    let response = Reply::new(StatusCode::OK).json("application/json", &not_json).finish();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body_text(response).await.starts_with("response body does not encode:"));
    let response = Reply::new(StatusCode::OK)
        .form("application/x-www-form-urlencoded", &not_json)
        .finish();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

struct Defaults;
impl ServerHooks for Defaults {}

#[tokio::test]
async fn default_hooks_answer_in_json() {
    let rejection = BadRequest {
        operation: "op",
        fields: vec![InvalidField {
            pointer: String::new(),
            name: "limit".to_owned(),
            location: Location::Query,
            error: FieldError::Required,
        }],
    };
    let response = Defaults.bad_request(rejection.clone());
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        body_json(response).await,
        json!({
            "message": "invalid request: query `limit` is required",
            "invalidFields": [{"name": "limit", "in": "query", "message": "is required"}],
        })
    );
    assert_eq!(
        body_json(default_bad_request(rejection)).await["invalidFields"][0]["in"],
        "query"
    );

    let unauthorized = Unauthorized {
        operation: "op",
        needed: "`bearer`".to_owned(),
    };
    let response = Defaults.unauthorized(unauthorized.clone());
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        body_json(response).await,
        json!({"message": "missing credentials: `bearer`"})
    );
    assert_eq!(default_unauthorized(unauthorized).status(), StatusCode::UNAUTHORIZED);

    let response = Defaults.method_not_allowed(&Method::DELETE, "/pets", &["GET", "POST"]);
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()["allow"], "GET, POST");
    assert_eq!(
        body_json(response).await,
        json!({"message": "DELETE is not allowed on /pets"})
    );

    let response = Defaults.not_found(&Method::GET, "/nope");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        body_json(response).await,
        json!({"message": "no operation at GET /nope"})
    );
}

#[tokio::test]
async fn mount_nests_routes_under_a_normalised_prefix() {
    let routes = || axum::Router::new().route("/ping", axum::routing::get(|| async { "pong" }));
    let status =
        |router: axum::Router, uri: &'static str| async move { router.oneshot(get(uri)).await.unwrap().status() };
    for prefix in ["", "/"] {
        assert_eq!(
            status(mount(prefix, routes()), "/ping").await,
            StatusCode::OK,
            "{prefix:?}"
        );
    }
    for prefix in ["api", "/api", "/api/", "api//"] {
        assert_eq!(
            status(mount(prefix, routes()), "/api/ping").await,
            StatusCode::OK,
            "{prefix:?}"
        );
        assert_eq!(
            status(mount(prefix, routes()), "/ping").await,
            StatusCode::NOT_FOUND,
            "{prefix:?}"
        );
    }
    assert_eq!(status(mount("/v1/api", routes()), "/v1/api/ping").await, StatusCode::OK);
}

#[tokio::test]
async fn a_parameter_is_checked_as_the_text_received_not_as_it_decoded() {
    let shapes = shapes(json!({
        "operations": [[
            { "in": "query", "name": "n", "shape": { "t": "string", "format": "int64", "pattern": "^[0-9]{3}$" } },
            { "in": "query", "name": "ids", "shape": { "t": "array", "items": { "t": "string", "format": "int64", "max_length": 2 } } },
        ]],
    }));
    let inbound = read_get("/", "/?n=007&ids=01,002").await;
    let mut problems = Problems::new("op", shapes, 0);
    let n = wire("n", Location::Query, Style::Form, true, Kind::Scalar);
    let n = problems.param::<crate::runtime::IntText<i64>>(n, &inbound, None, Presence::Optional);
    assert_eq!(
        n,
        Some(Some(crate::runtime::IntText(7))),
        "`007` matches; its decoded `7` would not"
    );
    let ids = wire("ids", Location::Query, Style::Form, false, Kind::List);
    let ids = problems.param_list::<crate::runtime::IntText<i64>>(ids, &inbound, None, Presence::Optional);
    assert_eq!(ids, None, "`002` is three characters long as received");
    let rejection = problems.into_rejection();
    assert_eq!(rejection.fields.len(), 1, "{rejection:?}");
    assert_eq!(rejection.fields[0].pointer, "/1");
}

#[tokio::test]
async fn a_reply_that_breaks_its_contract_is_a_500_naming_why() {
    // A header the spec requires, left out.
    let response = Reply::new(StatusCode::OK)
        .header_required::<String>("x-request-id", None)
        .finish();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body_text(response).await.contains("x-request-id"));
    let response = Reply::new(StatusCode::OK)
        .header_required("x-request-id", Some(&"r1".to_owned()))
        .finish();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-request-id"], "r1");
    // A `2XX` variant carrying a 500 went out as a 500 before.
    let response = Reply::ranged(StatusCode::INTERNAL_SERVER_ERROR, Some(2), &[200], &[]).finish();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body_text(response).await.contains("outside the response's range 2XX"));
    let response = Reply::ranged(StatusCode::OK, Some(2), &[200], &[]).finish();
    assert!(body_text(response).await.contains("another documented response"));
    assert_eq!(
        Reply::ranged(StatusCode::ACCEPTED, Some(2), &[200], &[])
            .finish()
            .status(),
        StatusCode::ACCEPTED
    );
    // `default` takes any status its siblings do not document.
    assert_eq!(
        Reply::ranged(StatusCode::CONFLICT, None, &[404], &[]).finish().status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        Reply::ranged(StatusCode::NOT_FOUND, None, &[404], &[])
            .finish()
            .status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    // Nor one another response documents by its range: a client would decode it as that.
    assert_eq!(
        Reply::ranged(StatusCode::CONFLICT, None, &[200], &[4])
            .finish()
            .status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    // A response header the spec names as HTTP cannot is a broken reply, not a panic.
    let response = Reply::new(StatusCode::OK).header("x rate", &1u8).finish();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[test]
fn accept_admits_by_the_most_specific_matching_range() {
    use crate::runtime::server::acceptable;
    let accept = |lines: &[&str]| {
        let mut headers = http::HeaderMap::new();
        for l in lines {
            headers.append(http::header::ACCEPT, http::HeaderValue::from_str(l).unwrap());
        }
        headers
    };
    assert!(
        acceptable(&accept(&[]), "application/json"),
        "no Accept admits anything"
    );
    assert!(acceptable(
        &accept(&["application/json"]),
        "application/json; charset=utf-8"
    ));
    assert!(!acceptable(&accept(&["application/json"]), "text/plain"));
    assert!(acceptable(&accept(&["text/*;q=0.5", "application/json"]), "text/plain"));
    // RFC 9110 §12.5.1: the most specific range decides, whatever its place.
    assert!(!acceptable(&accept(&["*/*, text/plain;q=0"]), "text/plain"));
    assert!(acceptable(&accept(&["*/*;q=0, text/plain"]), "text/plain"));
    assert!(!acceptable(&accept(&["*/*;q=0, text/plain"]), "text/html"));
    assert!(acceptable(&accept(&["TEXT/Plain"]), "text/plain"));
}
