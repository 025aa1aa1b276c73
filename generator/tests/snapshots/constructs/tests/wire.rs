//! The constructs fixture over real HTTP on 127.0.0.1: media types, auth schemes, unions,
//! statuses the spec does not document, and the server's parameter parsing.

#[path = "../../../../../generated/tests/support/mod.rs"]
mod support;

use snapshot_constructs::client::{Client, Error};
use snapshot_constructs::responses::*;
use snapshot_constructs::server::{Constructs, Items, RequestContext, ServerHooks};
use snapshot_constructs::types::*;
// The spec has a schema named `Result`; an explicit import wins over the glob.
use snapshot_constructs::Credentials;
use std::result::Result;
use std::time::Duration;
use support::{raw, response, scripted, spawn, status_of};

#[tokio::test]
async fn query_api_keys_binary_bodies_and_undocumented_statuses() {
    let mut server = scripted(
        response(
            "200 OK",
            &[("content-type", "application/octet-stream")],
            &[0, 159, 146, 150],
        ),
        Duration::ZERO,
    )
    .await;
    let c = Client::builder(&server.base).api_key("k 1").build().expect("client");
    let id = ItemId::new("abc-1").expect("matches the pattern");
    let ok = c.get_raw(&id).await.expect("200").into_inner();
    assert_eq!(
        ok,
        GetRawResponse::Ok {
            body: bytes::Bytes::from_static(&[0, 159, 146, 150])
        }
    );
    let request = server.requests.recv().await.expect("request");
    assert!(
        // A space in a query is `%20` (RFC 3986), never `+`.
        request.starts_with("GET /items/abc-1/raw?key=k%201 HTTP/1.1"),
        "{request}"
    );
    assert!(ItemId::new("ABC").is_err());

    let server = scripted(response("500 Internal Server Error", &[], b"boom"), Duration::ZERO).await;
    let c = Client::builder(&server.base).api_key("k").build().expect("client");
    match c.get_raw(&id).await {
        Err(Error::UnexpectedStatus(raw)) => {
            assert_eq!(raw.status.as_u16(), 500);
            assert_eq!(&raw.body[..], b"boom");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn text_bodies_must_be_utf8_and_operations_without_security_send_none() {
    let mut server = scripted(
        response("200 OK", &[("content-type", "text/plain")], &[0xff, 0xfe]),
        Duration::ZERO,
    )
    .await;
    let c = Client::new(&server.base).expect("client");
    let id = ItemId::new("x").expect("id");
    let result = c.put_raw(&id).body(&bytes::Bytes::from_static(b"\x00\x01")).await;
    assert!(matches!(result, Err(Error::InvalidUtf8 { .. })), "{result:?}");
    let request = server.requests.recv().await.expect("request");
    assert!(
        request
            .to_ascii_lowercase()
            .contains("content-type: application/octet-stream"),
        "{request}"
    );
    assert!(!request.to_ascii_lowercase().contains("authorization"), "{request}");
}

#[tokio::test]
async fn form_bodies_and_basic_or_bearer() {
    let item = r#"{"id":"1","self":"s","kind":"in progress"}"#;
    let mut server = scripted(
        response("201 Created", &[("content-type", "application/json")], item.as_bytes()),
        Duration::ZERO,
    )
    .await;
    let c = Client::builder(&server.base)
        .basic("ann", "pw")
        .build()
        .expect("client");
    let body = PostItemsBody {
        name: "a b&c".into(),
        count: Some(2),
    };
    let created = c.post_items(&body).await.expect("201").into_inner();
    assert!(
        matches!(created, PostItemsResponse::Created { body } if body.kind == Kind::InProgress && body.self_ == "s")
    );
    let request = server.requests.recv().await.expect("request");
    assert!(request.contains("authorization: Basic YW5uOnB3"), "{request}");
    let (_, form) = request.split_once("\r\n\r\n").expect("a body");
    let mut pairs: Vec<&str> = form.split('&').collect();
    pairs.sort();
    assert_eq!(pairs, ["count=2", "name=a+b%26c"], "{request:?}");

    let c = Client::new("http://127.0.0.1:9").expect("client");
    assert!(
        matches!(c.post_items(&body).await, Err(Error::MissingCredentials { needed }) if needed.contains("`basic`, or `bearer`"))
    );
}

#[tokio::test]
async fn discriminated_unions_vendor_json_and_status_ranges() {
    let server = scripted(
        response("200 OK", &[], br#"{"shapeType":"square","side":2.5}"#),
        Duration::ZERO,
    )
    .await;
    let c = Client::builder(&server.base).bearer("t").build().expect("client");
    let shape = c.get_shape(&Kind::V1).await.expect("200").into_inner();
    assert_eq!(
        shape,
        GetShapeResponse::Ok {
            body: Shape::Square(Square { side: 2.5 })
        }
    );

    // A tag this version of the spec does not know is kept, whole, by the client.
    let server = scripted(
        response("200 OK", &[], br#"{"shapeType":"hexagon","sides":6}"#),
        Duration::ZERO,
    )
    .await;
    let c = Client::builder(&server.base).bearer("t").build().expect("client");
    let shape = c
        .get_shape(&Kind::V1)
        .await
        .expect("an unknown tag is not an error")
        .into_inner();
    assert_eq!(
        shape,
        GetShapeResponse::Ok {
            body: Shape::Unknown(serde_json::json!({"shapeType": "hexagon", "sides": 6}))
        }
    );
    // The variant writes its tag: a value cannot carry one that contradicts it.
    let square = Shape::Square(Square { side: 1.0 });
    assert_eq!(
        serde_json::to_value(&square).expect("serializes"),
        serde_json::json!({"shapeType": "square", "side": 1.0})
    );

    let server = scripted(
        response(
            "202 Accepted",
            &[("content-type", "application/vnd.constructs+json")],
            br#"{"status":null,"retryAfter":3}"#,
        ),
        Duration::ZERO,
    )
    .await;
    let c = Client::builder(&server.base).bearer("t").build().expect("client");
    let job = c.get_items().await.expect("202").into_inner();
    assert_eq!(
        job,
        GetItemsResponse::Accepted {
            body: Job {
                // Optional and nullable: an explicit `null` is `Some(None)`, not absent.
                status: Some(None),
                retry_after: Some(3),
                ..Job::default()
            }
        }
    );

    let server = scripted(
        response(
            "404 Not Found",
            &[],
            br#"{"title":"gone","detail":{"created":"2026-01-02T03:04:05Z","n":1}}"#,
        ),
        Duration::ZERO,
    )
    .await;
    let c = Client::builder(&server.base).bearer("t").build().expect("client");
    match c.get_items().await {
        Err(Error::Api(GetItemsError::Status4xx { status, body })) => {
            assert_eq!(status.as_u16(), 404);
            assert!(matches!(body.detail, Some(ProblemDetail::Metadata(_))), "{body:?}");
        }
        other => panic!("{other:?}"),
    }
}

struct Service;

impl ServerHooks for Service {}

impl Items for Service {
    async fn get_items(
        &self,
        _context: RequestContext,
        credentials: Credentials,
        r#type: Option<String>,
        type2: Option<String>,
        ids: Option<Vec<i64>>,
        session: Option<String>,
        x_trace: Option<String>,
    ) -> Result<GetItemsResponse, GetItemsError> {
        assert!(credentials.bearer.is_some());
        // `type=csv` asks for the CSV body, so both media types of the 200 travel.
        if r#type.as_deref() == Some("csv") {
            return Ok(GetItemsResponse::Ok {
                body: GetItemsOkBody::TextCsv("id,kind\n1,active".into()),
            });
        }
        if r#type.as_deref() == Some("json") {
            return Ok(GetItemsResponse::Ok {
                body: GetItemsOkBody::ApplicationJsonCharsetUtf8(vec![]),
            });
        }
        let echo = format!("{type:?} {type2:?} {ids:?} {session:?} {x_trace:?}", r#type = r#type);
        Ok(GetItemsResponse::Accepted {
            body: Job {
                status: Some(Some(JobStatus::Unknown(echo))),
                ..Job::default()
            },
        })
    }

    async fn post_items(
        &self,
        _context: RequestContext,
        _credentials: Credentials,
        body: PostItemsBody,
    ) -> Result<PostItemsResponse, PostItemsError> {
        let item = Item {
            id: body.name,
            self_: String::new(),
            kind: Kind::Active,
            note: None,
            labels: None,
            extra: None,
            parent: None,
            children: None,
            metadata: None,
        };
        Ok(PostItemsResponse::Created { body: item })
    }
}

impl Constructs for Service {
    async fn put_raw(
        &self,
        _context: RequestContext,
        item_id: ItemId,
        body: Option<bytes::Bytes>,
    ) -> Result<PutRawResponse, PutRawError> {
        Ok(PutRawResponse::Ok {
            body: format!("{item_id}:{}", body.map_or(0, |b| b.len())),
        })
    }

    async fn get_raw(
        &self,
        _context: RequestContext,
        _credentials: Credentials,
        _item_id: ItemId,
    ) -> Result<GetRawResponse, GetRawError> {
        Ok(GetRawResponse::NotModified)
    }

    async fn get_report(&self, _context: RequestContext, name: String) -> Result<GetReportResponse, GetReportError> {
        Ok(GetReportResponse::Ok {
            body: format!("report {name}"),
        })
    }

    async fn plan_route(
        &self,
        _context: RequestContext,
        body: PlanRouteBody,
    ) -> Result<PlanRouteResponse, PlanRouteError> {
        // `from` and `to` are `Stop`s (copies of it), and every `geo` is one type, so they
        // move between them as they are; `via` checks a length and stays a type of its own.
        let via = body.via.map(|via| Stop {
            city: via.city,
            geo: via.geo,
        });
        Ok(PlanRouteResponse::Ok {
            body: [Some(body.from), via, Some(body.to)].into_iter().flatten().collect(),
        })
    }

    async fn search(
        &self,
        _context: RequestContext,
        created: Option<SearchCreated>,
        page: SearchPage,
    ) -> Result<SearchResponse, SearchError> {
        Ok(SearchResponse::Ok {
            body: format!("{created:?} {page:?}"),
        })
    }

    async fn get_shape(
        &self,
        _context: RequestContext,
        _credentials: Credentials,
        shape: Kind,
    ) -> Result<GetShapeResponse, GetShapeError> {
        // The radius says which kind arrived: the length of its wire value.
        Ok(GetShapeResponse::Ok {
            body: Shape::Circle(Circle {
                radius: shape.as_str().len() as f64,
            }),
        })
    }
}

#[tokio::test]
async fn the_server_parses_every_parameter_style_and_body() {
    let base = spawn(snapshot_constructs::server::router(Service)).await;
    let c = Client::builder(&base).bearer("t").build().expect("client");
    let answer = c
        .get_items()
        .r#type("a")
        .type2("B")
        .ids(&[1, 2, 3])
        .session("s1")
        .x_trace("tr")
        .await
        .expect("202")
        .into_inner();
    let GetItemsResponse::Accepted { body } = answer else {
        panic!("{answer:?}")
    };
    assert_eq!(
        body.status,
        Some(Some(JobStatus::Unknown(
            r#"Some("a") Some("B") Some([1, 2, 3]) Some("s1") Some("tr")"#.into()
        )))
    );

    let created = c
        .post_items(&PostItemsBody {
            name: "n".into(),
            count: None,
        })
        .await
        .expect("201")
        .into_inner();
    assert!(matches!(created, PostItemsResponse::Created { body } if body.id == "n"));

    let anonymous = Client::new(&base).expect("client");
    let text = anonymous
        .put_raw(&ItemId::new("q").expect("id"))
        .body(&bytes::Bytes::from_static(b"abc"))
        .await
        .expect("200")
        .into_inner();
    assert_eq!(text, PutRawResponse::Ok { body: "q:3".into() });
    assert!(matches!(
        anonymous.get_shape(&Kind::Active).await,
        Err(Error::MissingCredentials { .. })
    ));

    let shape = c
        .get_shape(&Kind::InProgress)
        .await
        .expect("a value with a space travels encoded")
        .into_inner();
    assert!(
        matches!(shape, GetShapeResponse::Ok { body: Shape::Circle(circle) } if circle.radius == "in progress".len() as f64)
    );

    let bad = "GET /items?ids=1,x HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\nconnection: close\r\n\r\n";
    let answer = raw(&base, bad.as_bytes()).await;
    assert_eq!(status_of(&answer), 400, "{answer}");
    assert!(answer.contains("ids"), "{answer}");
    let bad = "GET /shapes/nope HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\nconnection: close\r\n\r\n";
    assert_eq!(status_of(&raw(&base, bad.as_bytes()).await), 400);
}

#[tokio::test]
async fn the_content_type_picks_the_body_and_json_is_the_fallback() {
    for (headers, body, expected) in [
        (
            vec![("content-type", "text/csv; charset=utf-8")],
            &b"a,b"[..],
            GetItemsOkBody::TextCsv("a,b".into()),
        ),
        (
            vec![("content-type", "application/json; charset=utf-8")],
            &b"[]"[..],
            GetItemsOkBody::ApplicationJsonCharsetUtf8(vec![]),
        ),
        (vec![], &b"[]"[..], GetItemsOkBody::ApplicationJsonCharsetUtf8(vec![])),
    ] {
        let server = scripted(response("200 OK", &headers, body), Duration::ZERO).await;
        let c = Client::builder(&server.base).bearer("t").build().expect("client");
        let got = c.get_items().await.expect("200").into_inner();
        assert_eq!(got, GetItemsResponse::Ok { body: expected }, "{headers:?}");
    }
}

#[tokio::test]
async fn structured_query_values_travel_deep_object_style() {
    let mut server = scripted(
        response("200 OK", &[("content-type", "text/plain")], b"ok"),
        Duration::ZERO,
    )
    .await;
    let c = Client::new(&server.base).expect("client");
    let range = SearchCreated::SearchCreatedVariant0(SearchCreatedVariant0 {
        gt: Some(1),
        lte: Some(5),
    });
    let page = SearchPage {
        size: 10,
        cursor: Some("c d".into()),
        tags: Some(vec!["a".into(), "b".into()]),
    };
    c.search(&page).created(&range).await.expect("200");
    let request = server.requests.recv().await.expect("request");
    let line = request
        .lines()
        .next()
        .unwrap_or_default()
        .replace("%5B", "[")
        .replace("%5D", "]");
    assert_eq!(
        line,
        "GET /search?created[gt]=1&created[lte]=5&page[size]=10&page[cursor]=c%20d&page[tags][0]=a&page[tags][1]=b HTTP/1.1"
    );

    let base = spawn(snapshot_constructs::server::router(Service)).await;
    let c = Client::new(&base).expect("client");
    let echo = c.search(&page).created(&range).await.expect("200").into_inner();
    let expected = format!("{:?} {:?}", Some(&range), page);
    assert_eq!(echo, SearchResponse::Ok { body: expected });
    let exact = SearchCreated::Integer(7);
    let echo = c
        .search(&SearchPage {
            size: 1,
            cursor: None,
            tags: None,
        })
        .created(&exact)
        .await
        .expect("200")
        .into_inner();
    assert!(matches!(echo, SearchResponse::Ok { body } if body.starts_with("Some(Integer(7))")));
    let missing = raw(&base, b"GET /search HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await;
    assert_eq!(status_of(&missing), 400, "page is required: {missing}");
    let bad = raw(
        &base,
        b"GET /search?page[size]=big HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status_of(&bad), 400, "{bad}");
}

#[tokio::test]
async fn a_parameter_inside_a_segment_is_routed_and_stripped() {
    let base = spawn(snapshot_constructs::server::router(Service)).await;
    let c = Client::new(&base).expect("client");
    let report = c.get_report("q1 2026").await.expect("200").into_inner();
    assert_eq!(
        report,
        GetReportResponse::Ok {
            body: "report q1 2026".into()
        }
    );
    let wrong = raw(
        &base,
        b"GET /reports/q1.txt HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status_of(&wrong), 404, "{wrong}");
    let empty = raw(
        &base,
        b"GET /reports/.csv HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status_of(&empty), 404, "{empty}");
}

/// Structs decode through `runtime::de` (not serde's derive), with the derive's behaviour:
/// absent, `null` and present optional properties, renamed properties, unknown properties
/// skipped or kept, and errors for a missing, a repeated or a mistyped property.
#[test]
fn structs_decode_as_the_serde_derive_decoded_them() {
    let item = |json: &str| serde_json::from_str::<Item>(json).map_err(|e| e.to_string());
    let base = r#""id": "a", "self": "s", "kind": "ACTIVE""#;
    let plain = item(&format!("{{{base}}}")).expect("required properties only");
    assert_eq!((plain.id.as_str(), plain.self_.as_str()), ("a", "s"));
    assert_eq!(plain.kind, Kind::Active);
    assert_eq!(plain.note, None, "absent");
    assert_eq!(plain.extra, None);
    let null = item(&format!(
        r#"{{{base}, "note": null, "extra": null, "unknown": [1, {{"x": 2}}]}}"#
    ))
    .expect("nulls and an unknown property");
    assert_eq!(null.note, Some(None), "null is kept apart from absent");
    assert_eq!(
        null.extra, None,
        "null in a property that is not nullable reads as absent"
    );
    let set = item(&format!(r#"{{"note": "n", {base}}}"#)).expect("any order");
    assert_eq!(set.note, Some(Some("n".to_owned())));
    // Writing gives back what was read, absent and null apart.
    assert_eq!(
        serde_json::to_value(&null).expect("serializes"),
        serde_json::json!({"id": "a", "self": "s", "kind": "ACTIVE", "note": null})
    );
    let error = |json: String| item(&json).expect_err("refused");
    assert!(
        error(r#"{"self": "s", "kind": "ACTIVE"}"#.to_owned()).starts_with("missing field `id`"),
        "missing"
    );
    assert!(
        error(format!(r#"{{{base}, "id": "b"}}"#)).starts_with("duplicate field `id`"),
        "repeated"
    );
    assert!(
        error(format!(r#"{{{base}, "note": 5}}"#)).starts_with("invalid type: integer `5`, expected a string"),
        "mistyped"
    );
    assert!(
        error(r#"["a", "s", "ACTIVE"]"#.to_owned()).starts_with("invalid type: sequence, expected struct Item"),
        "an array is no object"
    );
    // A struct with extra properties keeps them, typed; declared ones stay out of the map.
    let meta: Metadata =
        serde_json::from_str(r#"{"created": "2024-01-02T03:04:05Z", "a": 1, "b": 2}"#).expect("metadata");
    assert!(meta.created.is_some());
    assert_eq!(
        meta.additional_properties.into_iter().collect::<Vec<_>>(),
        [("a".to_owned(), 1), ("b".to_owned(), 2)]
    );
    let wrong = serde_json::from_str::<Metadata>(r#"{"a": "one"}"#).expect_err("extra values are typed");
    assert!(
        wrong
            .to_string()
            .starts_with("invalid type: string \"one\", expected i64"),
        "{wrong}"
    );
}

/// Copies of a type are that type: inline objects that repeat the `Stop` component, and
/// the `geo` object each of them repeats, travel and come back as `Stop` and `StopGeo`.
#[tokio::test]
async fn copies_of_a_type_are_aliases_of_it_over_the_wire() {
    let base = spawn(snapshot_constructs::server::router(Service)).await;
    let c = Client::new(&base).expect("client");
    let geo: PlanRouteBodyToGeo = StopGeo {
        lat: Some(48.85),
        lon: Some(2.35),
    };
    let from: PlanRouteBodyFrom = Stop {
        city: "Lyon".into(),
        geo: None,
    };
    let body = PlanRouteBody {
        from: from.clone(),
        to: PlanRouteBodyTo {
            city: "Paris".into(),
            geo: Some(geo.clone()),
        },
        via: Some(PlanRouteBodyVia {
            city: "Dijon".into(),
            geo: Some(geo.clone()),
        }),
    };
    let stops = match c.plan_route(&body).await.expect("200").into_inner() {
        PlanRouteResponse::Ok { body } => body,
    };
    let cities: Vec<&str> = stops.iter().map(|s| s.city.as_str()).collect();
    assert_eq!(cities, ["Lyon", "Dijon", "Paris"]);
    assert_eq!(stops[0], from);
    assert_eq!(stops[2].geo, Some(geo));
}
