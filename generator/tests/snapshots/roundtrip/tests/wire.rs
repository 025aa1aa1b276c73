//! What the round trip found, pinned: each construct travels from the generated client to
//! the generated server and back unchanged, and the mock's examples keep the schema.

#[path = "../../../../../generated/tests/support/mod.rs"]
mod support;

use snapshot_roundtrip::client::Client;
use snapshot_roundtrip::mock::{self, Example};
use snapshot_roundtrip::responses::*;
use snapshot_roundtrip::server::{RequestContext, RoundTrip, ServerHooks};
use snapshot_roundtrip::types::*;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use support::spawn;

#[derive(Default)]
struct Echo {
    bodies: Mutex<Vec<Option<String>>>,
}

impl ServerHooks for Echo {}

impl RoundTrip for Echo {
    async fn login(&self, _context: RequestContext, body: Option<String>) -> Result<LoginResponse, LoginError> {
        self.bodies.lock().expect("lock").push(body);
        Ok(LoginResponse::SeeOther {
            location: Some("/items".into()),
        })
    }

    async fn post_form(&self, _context: RequestContext, body: Form) -> Result<PostFormResponse, PostFormError> {
        Ok(PostFormResponse::Ok { body })
    }

    async fn put_note(&self, _context: RequestContext, body: String) -> Result<PutNoteResponse, PutNoteError> {
        self.bodies.lock().expect("lock").push(Some(body));
        Ok(PutNoteResponse::NoContent)
    }

    async fn put_labels(&self, _context: RequestContext, body: Labels) -> Result<PutLabelsResponse, PutLabelsError> {
        Ok(PutLabelsResponse::Ok { body })
    }

    async fn post_event(
        &self,
        _context: RequestContext,
        day: chrono::NaiveDate,
        at: chrono::DateTime<chrono::Utc>,
        x_request_id: Option<uuid::Uuid>,
        body: Event,
    ) -> Result<PostEventResponse, PostEventError> {
        Ok(PostEventResponse::Ok {
            body: Event {
                at: Some(at),
                day: Some(day),
                id: x_request_id,
                ..body
            },
        })
    }

    async fn patch_note(
        &self,
        _context: RequestContext,
        _id: i64,
        body: NotePatch,
    ) -> Result<PatchNoteResponse, PatchNoteError> {
        Ok(PatchNoteResponse::Ok { body })
    }

    async fn put_limits(
        &self,
        _context: RequestContext,
        _code: String,
        _count: i64,
        _tags: Option<Vec<String>>,
        _x_ratio: Option<f64>,
        body: Limits,
    ) -> Result<PutLimitsResponse, PutLimitsError> {
        Ok(PutLimitsResponse::Ok { body })
    }

    async fn create_account(
        &self,
        _context: RequestContext,
        body: AccountInput,
    ) -> Result<CreateAccountResponse, CreateAccountError> {
        // The server keeps the total of the named counts.
        let counters = body.counters.map(|c| Counters {
            total: Some(c.additional_properties.values().sum()),
            additional_properties: c.additional_properties,
        });
        Ok(CreateAccountResponse::Created {
            body: Account {
                id: 7,
                name: body.name,
                counters,
            },
        })
    }

    async fn head_blob(&self, _context: RequestContext) -> Result<HeadBlobResponse, HeadBlobError> {
        Ok(HeadBlobResponse::Ok { x_size: Some(2) })
    }

    async fn get_blob(&self, _context: RequestContext) -> Result<GetBlobResponse, GetBlobError> {
        Ok(GetBlobResponse::Ok {
            body: bytes::Bytes::from_static(b"\x00\x01"),
        })
    }

    async fn list_items(
        &self,
        _context: RequestContext,
        sort: Option<SortMode>,
    ) -> Result<ListItemsResponse, ListItemsError> {
        let sort = sort.ok_or(ListItemsError::Default {
            status: http::StatusCode::BAD_REQUEST,
            body: ListItemsDefault {
                message: "no sort".into(),
                code: None,
            },
        })?;
        Ok(ListItemsResponse::Ok {
            body: Listing {
                sort,
                tags: vec!["ab-123".into(), "cd-456".into()],
                sha: "0".repeat(40),
                code: "abc".into(),
                activity: None,
                ratio: None,
                created: None,
                id: None,
            },
        })
    }
}

#[tokio::test]
async fn a_documented_redirect_is_returned_not_followed() {
    let echo = Arc::new(Echo::default());
    let base = spawn(snapshot_roundtrip::server::router_shared(echo.clone(), "")).await;
    let client = Client::new(&base).expect("client");
    let answer = client.login().body("").await.expect("303 is a documented success");
    assert_eq!(answer.status, 303);
    assert_eq!(
        answer.into_inner(),
        LoginResponse::SeeOther {
            location: Some("/items".into())
        }
    );
    client.login().await.expect("303");
    assert_eq!(
        *echo.bodies.lock().expect("lock"),
        vec![Some(String::new()), None],
        "an empty text body is not an absent one"
    );
}

#[tokio::test]
async fn form_bodies_keep_nested_values_lists_and_digit_only_text() {
    let base = spawn(snapshot_roundtrip::server::router(Echo::default())).await;
    let client = Client::new(&base).expect("client");
    let form = Form {
        name: "123".into(),
        count: 5,
        tags: Some(vec!["6".into(), "x y".into(), "é&=".into()]),
        meta: Some(FormMeta {
            level: Some(2),
            note: Some("007".into()),
        }),
    };
    let PostFormResponse::Ok { body } = client.post_form(&form).await.expect("200").into_inner();
    assert_eq!(body, form);
}

#[tokio::test]
async fn a_json_string_body_is_sent_from_a_str() {
    let echo = Arc::new(Echo::default());
    let base = spawn(snapshot_roundtrip::server::router_shared(echo.clone(), "")).await;
    let client = Client::new(&base).expect("client");
    client.put_note("say \"hi\"").await.expect("204");
    assert_eq!(*echo.bodies.lock().expect("lock"), vec![Some("say \"hi\"".to_owned())]);
}

#[tokio::test]
async fn a_media_range_is_answered_with_a_concrete_type() {
    let base = spawn(snapshot_roundtrip::server::router(Echo::default())).await;
    let answer = support::raw(&base, b"GET /blob HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await;
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("content-type: application/octet-stream"),
        "{answer}"
    );
    let client = Client::new(&base).expect("client");
    let GetBlobResponse::Ok { body } = client.get_blob().await.expect("200").into_inner();
    assert_eq!(&body[..], b"\x00\x01");
}

#[test]
fn a_property_with_one_fixed_value_per_variant_chooses_the_variant() {
    let busy: Activity = serde_json::from_str(r#"{"state":"busy","job":"j-1"}"#).expect("decodes");
    let Activity::ActivityVariant1(variant) = &busy else {
        panic!("the `busy` variant, not the first that accepts any state: {busy:?}")
    };
    assert_eq!(variant.job, "j-1");
    let idle: Activity = serde_json::from_str(r#"{"state":"idle"}"#).expect("decodes");
    assert!(matches!(idle, Activity::ActivityVariant0(_)), "{idle:?}");
}

#[tokio::test]
async fn single_value_enum_variants_keep_their_own_values() {
    let decoded: SortMode = serde_json::from_str(r#""name_descending""#).expect("decodes");
    assert_eq!(decoded, SortMode::SortModeVariant1(SortModeVariant1::NameDescending));
    let unknown: SortMode = serde_json::from_str(r#""by_size""#).expect("unknown values are kept");
    assert_eq!(
        unknown,
        SortMode::SortModeVariant0(SortModeVariant0::Unknown("by_size".into()))
    );

    let base = spawn(snapshot_roundtrip::server::router(Echo::default())).await;
    let client = Client::new(&base).expect("client");
    for sort in [
        SortMode::SortModeVariant0(SortModeVariant0::NameAscending),
        SortMode::SortModeVariant1(SortModeVariant1::NameDescending),
        SortMode::SortModeVariant2(SortModeVariant2::IdAscending),
    ] {
        let ListItemsResponse::Ok { body } = client.list_items().sort(&sort).await.expect("200").into_inner() else {
            panic!("not 200")
        };
        assert_eq!(body.sort, sort, "the server and the client agree on the variant");
    }
}

#[test]
fn examples_keep_the_schema_and_vary_with_the_seed() {
    let pattern = regex::Regex::new("^[a-z]{2}-[0-9]{3}$").expect("pattern");
    let mut distinct = BTreeSet::new();
    for seed in 0..40 {
        let listing = Listing::example(&mut mock::examples(seed)).expect("an example");
        assert_eq!(
            listing,
            Listing::example(&mut mock::examples(seed)).expect("again"),
            "seed {seed} repeats"
        );
        assert!((2..=4).contains(&listing.tags.len()), "{listing:?}");
        assert_eq!(
            listing.tags.iter().collect::<BTreeSet<_>>().len(),
            listing.tags.len(),
            "unique: {listing:?}"
        );
        assert!(listing.tags.iter().all(|t| pattern.is_match(t)), "{listing:?}");
        assert!(
            listing.sha.len() == 40 && listing.sha.chars().all(|c| c.is_ascii_hexdigit()),
            "a pattern with a length: {listing:?}"
        );
        assert!(
            listing.code.len() == 3
                && listing
                    .code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
            "a pattern with look-ahead: {listing:?}"
        );
        if let Some(r) = listing.ratio {
            assert!(r > 0.0 && r <= 1.0, "{listing:?}");
        }
        // Typed now (`uuid::Uuid`, `chrono::DateTime<Utc>`): the example decoded, so it had
        // the format; what is left to check is that it is a plausible one.
        if let Some(id) = &listing.id {
            assert!(!id.is_nil(), "a uuid: {listing:?}");
        }
        if let Some(created) = &listing.created {
            assert!(created.timestamp() > 0, "a date-time: {listing:?}");
        }
        distinct.insert(format!("{listing:?}"));
    }
    let spec_example = Listing::example(&mut mock::examples(0)).expect("seed 0");
    assert_eq!(
        spec_example.tags,
        vec!["ab-123".to_owned(), "cd-456".to_owned()],
        "seed 0 prefers the spec's example"
    );
    assert!(
        distinct.len() > 20,
        "only {} distinct values in 40 seeds",
        distinct.len()
    );

    for seed in 0..40 {
        let Err(ListItemsError::Default { status, body }) =
            mock::replies::list_items(&mut mock::examples(seed), 2).expect("a reply")
        else {
            panic!("index 2 is the default response")
        };
        assert_eq!(status.as_u16(), 500, "default takes a status no other response claims");
        assert!((3..=8).contains(&body.message.chars().count()), "{body:?}");
        if let Some(code) = body.code {
            assert!((100..=200).contains(&code) && code % 5 == 0, "{body:?}");
        }
    }
}

#[tokio::test]
async fn the_mock_router_answers_every_operation_from_the_spec() {
    let base = spawn(mock::router()).await;
    let client = Client::new(&base).expect("client");
    let answer = client.login().await.expect("the mock's 303").into_inner();
    assert!(matches!(answer, LoginResponse::SeeOther { .. }), "{answer:?}");
    let answer = client.list_items().await.expect("the mock's 200").into_inner();
    assert!(matches!(answer, ListItemsResponse::Ok { .. }), "{answer:?}");
    let form = Form {
        name: "n".into(),
        count: 1,
        tags: None,
        meta: None,
    };
    let answer = client.post_form(&form).await.expect("the mock's 200").into_inner();
    assert!(matches!(answer, PostFormResponse::Ok { .. }), "{answer:?}");
    let answer = client.get_blob().await.expect("the mock's 200").into_inner();
    assert!(matches!(answer, GetBlobResponse::Ok { .. }), "{answer:?}");
}

fn labels(colors: &[LabelsLabelsItemColor]) -> Labels {
    Labels {
        labels: colors
            .iter()
            .map(|c| LabelsLabelsItem {
                color: c.clone(),
                mark: None,
            })
            .collect(),
    }
}

#[tokio::test]
async fn a_server_refuses_an_unlisted_enum_value_deep_in_a_body_and_names_its_pointer() {
    let base = spawn(snapshot_roundtrip::server::router(Echo::default())).await;
    let client = Client::new(&base).expect("client");
    let listed = labels(&[LabelsLabelsItemColor::Red, LabelsLabelsItemColor::Green]);
    let echoed = client.put_labels(&listed).await.expect("listed values pass");
    assert_eq!(echoed.into_inner(), PutLabelsResponse::Ok { body: listed });

    let unlisted = labels(&[
        LabelsLabelsItemColor::Red,
        LabelsLabelsItemColor::Unknown("mauve".into()),
    ]);
    match client.put_labels(&unlisted).await {
        Err(snapshot_roundtrip::client::Error::UnexpectedStatus(raw)) => {
            assert_eq!(raw.status, 400);
            let body: serde_json::Value = serde_json::from_slice(&raw.body).expect("a JSON 400");
            let field = &body["invalidFields"][0];
            assert_eq!(field["name"], "body", "{body}");
            assert_eq!(field["pointer"], "/labels/1/color", "{body}");
            let message = field["message"].as_str().unwrap_or_default();
            assert!(message.contains("mauve") && message.contains("red"), "{body}");
        }
        other => panic!("the server must refuse an unlisted value: {other:?}"),
    }
}

#[tokio::test]
async fn a_client_keeps_an_unlisted_enum_value_a_server_answers() {
    let reply = support::response(
        "200 OK",
        &[("content-type", "application/json")],
        br#"{"labels":[{"color":"green"},{"color":"mauve"}]}"#,
    );
    let server = support::scripted(reply, std::time::Duration::ZERO).await;
    let client = Client::new(&server.base).expect("client");
    let answer = client
        .put_labels(&labels(&[LabelsLabelsItemColor::Red]))
        .await
        .expect("a newer server's value does not break an older client");
    assert_eq!(
        answer.into_inner(),
        PutLabelsResponse::Ok {
            body: labels(&[
                LabelsLabelsItemColor::Green,
                LabelsLabelsItemColor::Unknown("mauve".into())
            ])
        }
    );
}

#[tokio::test]
async fn a_discriminated_variant_writes_its_tag_and_an_unknown_tag_is_kept_or_refused() {
    let base = spawn(snapshot_roundtrip::server::router(Echo::default())).await;
    let client = Client::new(&base).expect("client");
    let mut marked = labels(&[LabelsLabelsItemColor::Red, LabelsLabelsItemColor::Green]);
    marked.labels[0].mark = Some(Mark::Star(Star { points: 5 }));
    marked.labels[1].mark = Some(Mark::Dot(Dot {}));
    assert_eq!(
        serde_json::to_value(&marked.labels[0].mark).expect("json"),
        serde_json::json!({"kind": "star", "points": 5})
    );
    let echoed = client.put_labels(&marked).await.expect("known tags pass");
    assert_eq!(echoed.into_inner(), PutLabelsResponse::Ok { body: marked });

    // The server refuses a tag the spec does not list, naming where it is.
    let body = br#"{"labels":[{"color":"red"},{"color":"red","mark":{"kind":"hexagon"}}]}"#;
    let request = format!(
        "PUT /labels HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let answer = support::raw(&base, &[request.as_bytes(), body].concat()).await;
    assert_eq!(support::status_of(&answer), 400, "{answer}");
    assert!(answer.contains(r#""pointer":"/labels/1/mark/kind""#), "{answer}");
    assert!(answer.contains("hexagon"), "{answer}");

    // A client keeps it, whole.
    let reply = support::response(
        "200 OK",
        &[("content-type", "application/json")],
        br#"{"labels":[{"color":"red","mark":{"kind":"hexagon","sides":6}}]}"#,
    );
    let server = support::scripted(reply, std::time::Duration::ZERO).await;
    let answer = Client::new(&server.base)
        .expect("client")
        .put_labels(&labels(&[]))
        .await
        .expect("an unknown tag does not break an older client")
        .into_inner();
    let PutLabelsResponse::Ok { body } = answer;
    assert_eq!(
        body.labels[0].mark,
        Some(Mark::Unknown(serde_json::json!({"kind": "hexagon", "sides": 6})))
    );
}

#[tokio::test]
async fn dates_with_offsets_uuids_and_base64_travel_typed() {
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-26T12:30:00.25+02:00").expect("rfc 3339");
    let at = at.with_timezone(&chrono::Utc);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 2, 28).expect("a date");
    let id = uuid::Uuid::parse_str("67e55044-10b1-426f-9247-bb680e5fe0c8").expect("a uuid");
    let body = Event {
        payload: snapshot_roundtrip::Base64(vec![0, 255, 1, 2]),
        at: None,
        day: None,
        id: None,
        source: None,
        sequence: Some(snapshot_roundtrip::IntText(9_007_199_254_740_993)),
    };
    assert_eq!(
        serde_json::to_value(&body).expect("json"),
        serde_json::json!({"payload": "AP8BAg==", "sequence": "9007199254740993"}),
        "bytes travel as standard base64, integers past 2^53 as text"
    );

    let base = spawn(snapshot_roundtrip::server::router(Echo::default())).await;
    let client = Client::new(&base).expect("client");
    let echoed = client
        .post_event(day, at, &body)
        .x_request_id(id)
        .await
        .expect("200")
        .into_inner();
    let PostEventResponse::Ok { body: echoed } = echoed;
    assert_eq!(echoed.payload, body.payload);
    assert_eq!(echoed.sequence, body.sequence);
    assert_eq!(
        echoed.at,
        Some(at),
        "the same instant, whatever offset it was written with"
    );
    assert_eq!(echoed.day, Some(day));
    assert_eq!(echoed.id, Some(id));

    // On the wire: RFC 3339 text in the query and path, hyphenated UUIDs in headers.
    let mut server = support::scripted(
        support::response(
            "200 OK",
            &[("content-type", "application/json")],
            br#"{"payload":"AP8"}"#,
        ),
        std::time::Duration::ZERO,
    )
    .await;
    let lenient = Client::new(&server.base)
        .expect("client")
        .post_event(day, at, &body)
        .x_request_id(id)
        .await
        .expect("unpadded base64 from a server still decodes")
        .into_inner();
    let PostEventResponse::Ok { body: lenient } = lenient;
    assert_eq!(&lenient.payload[..], &[0, 255]);
    let request = server.requests.recv().await.expect("request");
    assert!(
        request.starts_with("POST /events/2026-02-28?at=2026-11-26T10%3A30%3A00.250Z HTTP/1.1"),
        "{request}"
    );
    assert!(
        request.contains("x-request-id: 67e55044-10b1-426f-9247-bb680e5fe0c8"),
        "{request}"
    );

    // The server refuses text that is not of the format, naming the parameter.
    let bad = "POST /events/2026-02-30?at=yesterday HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 14\r\nconnection: close\r\n\r\n{\"payload\":\"\"}";
    let answer = support::raw(&base, bad.as_bytes()).await;
    assert_eq!(support::status_of(&answer), 400, "{answer}");
    assert!(
        answer.contains(r#""name":"day""#) && answer.contains(r#""name":"at""#),
        "{answer}"
    );
}

#[tokio::test]
async fn an_optional_nullable_property_tells_absent_from_null() {
    // Clear the title, leave `pinned` as it is.
    let patch = NotePatch {
        title: Some(None),
        pinned: None,
    };
    assert_eq!(serde_json::to_string(&patch).expect("json"), r#"{"title":null}"#);
    let mut server = support::scripted(
        support::response("200 OK", &[("content-type", "application/json")], br#"{"pinned":true}"#),
        std::time::Duration::ZERO,
    )
    .await;
    let answer = Client::new(&server.base)
        .expect("client")
        .patch_note(7, &patch)
        .await
        .expect("200")
        .into_inner();
    let request = server.requests.recv().await.expect("request");
    assert!(
        request.ends_with(r#"{"title":null}"#),
        "the explicit null is on the wire: {request}"
    );
    assert_eq!(
        answer,
        PatchNoteResponse::Ok {
            body: NotePatch {
                title: None,
                pinned: Some(Some(true))
            }
        },
        "absent stays absent"
    );

    let base = spawn(snapshot_roundtrip::server::router(Echo::default())).await;
    for patch in [
        NotePatch {
            title: Some(None),
            pinned: None,
        },
        NotePatch {
            title: Some(Some("t".into())),
            pinned: Some(None),
        },
        NotePatch::default(),
    ] {
        let echoed = Client::new(&base)
            .expect("client")
            .patch_note(1, &patch)
            .await
            .expect("200")
            .into_inner();
        assert_eq!(
            echoed,
            PatchNoteResponse::Ok { body: patch },
            "the server sees the same three states"
        );
    }
}

#[test]
fn an_untagged_variant_that_lists_the_value_wins_over_one_that_would_keep_it() {
    // Both variants would take the object on a client (`Refund` keeping the unlisted
    // `object` in its catch-all); the one whose enums list every value is the answer.
    let reversal: Source = serde_json::from_str(r#"{"object":"transfer_reversal","amount":5}"#).expect("decodes");
    assert!(matches!(reversal, Source::Reversal(_)), "{reversal:?}");
    let refund: Source = serde_json::from_str(r#"{"object":"refund","amount":5}"#).expect("decodes");
    assert!(matches!(refund, Source::Refund(_)), "{refund:?}");
    // A value only a catch-all takes is still kept, by the first variant that takes it.
    let newer: Source = serde_json::from_str(r#"{"object":"payout","amount":5}"#).expect("decodes");
    assert!(matches!(newer, Source::Refund(_)), "{newer:?}");
}

#[tokio::test]
async fn values_within_every_constraint_travel_and_one_400_lists_every_violation() {
    let base = spawn(snapshot_roundtrip::server::router(Echo::default())).await;
    let client = Client::new(&base).expect("client");
    let limits = Limits {
        name: "abcde".into(),
        sizes: vec![0, 7],
        quotas: Some([("a".to_owned(), 99)].into()),
        step: Some(0.75),
    };
    let tags = ["x".to_owned(), "y".to_owned()];
    let echoed = client
        .put_limits("ab", 10, &limits)
        .tags(&tags)
        .x_ratio(1.0)
        .await
        .expect("values at the bounds pass");
    assert_eq!(echoed.into_inner(), PutLimitsResponse::Ok { body: limits });

    let body = r#"{"name":"toolong","sizes":[1,1,-2],"quotas":{},"step":0.3,"extra":true}"#;
    let request = format!(
        "POST /limits/x?count=11&tags=a&tags=a&tags=b HTTP/1.1\r\nHost: test\r\nX-Ratio: 0\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let answer = support::raw(&base, request.as_bytes()).await;
    assert_eq!(support::status_of(&answer), 400, "{answer}");
    let json = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(json).expect("a JSON 400");
    let fields: Vec<(String, String, String, String)> = json["invalidFields"]
        .as_array()
        .expect("invalidFields")
        .iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
            (text("in"), text("name"), text("pointer"), text("message"))
        })
        .collect();
    let expected = [
        ("path", "code", "", "must be at least 2 characters long"),
        ("query", "count", "", "must be at most 10"),
        ("query", "count", "", "must be a multiple of 2"),
        ("query", "tags", "", "must have at most 2 items"),
        (
            "query",
            "tags",
            "",
            "must hold unique items (item 1 repeats an earlier one)",
        ),
        ("header", "X-Ratio", "", "must be greater than 0"),
        ("body", "body", "/name", "must be at most 5 characters long"),
        (
            "body",
            "body",
            "/sizes",
            "must hold unique items (item 1 repeats an earlier one)",
        ),
        ("body", "body", "/sizes/2", "must be at least 0"),
        ("body", "body", "/quotas", "must have at least 1 properties"),
        ("body", "body", "/step", "must be a multiple of 0.25"),
        ("body", "body", "/extra", "is not a property this object may have"),
    ];
    let expected: Vec<(String, String, String, String)> = expected
        .iter()
        .map(|(a, b, c, d)| ((*a).into(), (*b).into(), (*c).into(), (*d).into()))
        .collect();
    assert_eq!(fields, expected, "{json}");
}

#[tokio::test]
async fn a_client_refuses_to_send_what_breaks_a_constraint_unless_told_not_to_check() {
    let base = spawn(snapshot_roundtrip::server::router(Echo::default())).await;
    let too_long = Limits {
        name: "toolong".into(),
        sizes: vec![],
        quotas: None,
        step: None,
    };
    // Nothing is sent: the server is never asked (its 400 would be the answer otherwise).
    match Client::new(&base).expect("client").put_limits("ab", 3, &too_long).await {
        Err(snapshot_roundtrip::client::Error::InvalidRequest(fields)) => {
            let found: Vec<(&str, &str, &str)> = fields
                .iter()
                .map(|f| (f.location.as_str(), f.pointer.as_str(), f.name.as_str()))
                .collect();
            assert_eq!(
                found,
                [
                    ("query", "", "count"),
                    ("body", "/name", "body"),
                    ("body", "/sizes", "body")
                ],
                "{fields:?}"
            );
            assert_eq!(fields[0].error.to_string(), "must be a multiple of 2");
        }
        other => panic!("the client must refuse to send it: {other:?}"),
    }
    let unchecked = Client::builder(&base).check_requests(false).build().expect("client");
    match unchecked.put_limits("ab", 3, &too_long).await {
        Err(snapshot_roundtrip::client::Error::UnexpectedStatus(raw)) => assert_eq!(raw.status, 400),
        other => panic!("sent unchecked, the server refuses it: {other:?}"),
    }
}

#[tokio::test]
async fn read_only_and_write_only_properties_travel_one_way_each_required_where_it_travels() {
    let base = spawn(snapshot_roundtrip::server::router(Echo::default())).await;
    let client = Client::new(&base).expect("client");
    // The request form has no `id`; the response form has no `password`; neither is optional.
    // `CountersInput` has no declared property left (`total` is read-only): only the others.
    let counts = std::collections::BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)]);
    let input = AccountInput {
        name: "ada".into(),
        password: "correct horse".into(),
        counters: Some(CountersInput {
            additional_properties: counts.clone(),
        }),
    };
    assert_eq!(
        serde_json::to_value(&input).expect("json"),
        serde_json::json!({"name": "ada", "password": "correct horse", "counters": {"a": 1, "b": 2}})
    );
    let created = client.create_account(&input).await.expect("created");
    assert_eq!(
        created.into_inner(),
        CreateAccountResponse::Created {
            body: Account {
                id: 7,
                name: "ada".into(),
                counters: Some(Counters {
                    total: Some(3),
                    additional_properties: counts,
                }),
            }
        }
    );
    // A request without the read-only `id` is whole; one without the write-only password is not.
    let body = br#"{"name":"ada"}"#;
    let request = format!(
        "POST /accounts HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let answer = support::raw(&base, &[request.as_bytes(), body].concat()).await;
    assert_eq!(support::status_of(&answer), 400, "{answer}");
    assert!(answer.contains(r#""pointer":"/password""#), "{answer}");
    assert!(!answer.contains(r#""pointer":"/id""#), "{answer}");
}

/// A raw request with a body, answered whole.
async fn send_raw(base: &str, head: &str, content_type: &str, body: &[u8]) -> String {
    let request = format!(
        "{head} HTTP/1.1\r\nhost: x\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    support::raw(base, &[request.as_bytes(), body].concat()).await
}

#[tokio::test]
async fn a_body_in_a_media_type_the_operation_does_not_read_is_a_415_listing_those_it_reads() {
    let echo = Arc::new(Echo::default());
    let base = spawn(snapshot_roundtrip::server::router_shared(echo.clone(), "")).await;
    // JSON posted to a form operation: its fields were all `None` before, the data lost.
    let answer = send_raw(&base, "POST /forms", "application/json", br#"{"name":"x"}"#).await;
    assert_eq!(support::status_of(&answer), 415, "{answer}");
    assert!(answer.contains("application/x-www-form-urlencoded"), "{answer}");
    // Text where JSON is declared: it reached the handler with its quotes before.
    let answer = send_raw(&base, "PUT /notes", "text/plain", b"\"hi\"").await;
    assert_eq!(support::status_of(&answer), 415, "{answer}");
    assert!(echo.bodies.lock().expect("lock").is_empty(), "the handler ran");
    // Parameters of the media type do not matter; the type is compared without case.
    let answer = send_raw(&base, "PUT /notes", "Application/JSON; charset=utf-8", b"\"hi\"").await;
    assert_eq!(support::status_of(&answer), 204, "{answer}");
}

#[tokio::test]
async fn head_is_answered_without_a_body_and_decoded_with_its_headers() {
    let base = spawn(snapshot_roundtrip::server::router(Echo::default())).await;
    let c = Client::new(&base).expect("client");
    // It failed with "empty body where one was expected" while the type held GET's body.
    let answer = c.head_blob().await.expect("200");
    assert_eq!(answer.into_inner(), HeadBlobResponse::Ok { x_size: Some(2) });
    let raw = support::raw(&base, b"HEAD /blob HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await;
    assert_eq!(support::status_of(&raw), 200, "{raw}");
    assert!(raw.to_ascii_lowercase().contains("\r\nx-size: 2\r\n"), "{raw}");
    // The media type GET's body would have, as GET would send it.
    assert!(
        raw.to_ascii_lowercase()
            .contains("\r\ncontent-type: application/octet-stream\r\n"),
        "{raw}"
    );
    assert!(raw.ends_with("\r\n\r\n"), "a body was sent: {raw}");
    // Content-Length, if sent, would be GET's (RFC 9110 §9.3.2); the handler does not know
    // it, so none is sent (it was `0`, which says GET's body is empty).
    assert!(!raw.to_ascii_lowercase().contains("content-length"), "{raw}");
}
