//! The generated client against scripted HTTP servers on 127.0.0.1: every status of the seed
//! operation, bad bodies, transport failures, credentials and what `Debug` shows.

mod support;

use generated::client::{BuildError, Client, Error, HeaderProblem, Success};
use generated::responses::{BeneficiaryBatchScaChallengeError as E, BeneficiaryBatchScaChallengeResponse as R};
use generated::types::{
    BeneficiaryBatchScaChallengeConflictErrorCode as Code, BeneficiaryBatchScaChallengeId as Id, ScaOtpChannel,
};
use std::time::Duration;
use support::{response, scripted};

const TOKEN: &str = "secret-token-4f1d";
const KEY: &str = "secret-key-9a2c";

fn client(base: &str) -> Client {
    Client::builder(base)
        .auth_token(TOKEN)
        .api_key(KEY)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

async fn call(reply: Vec<u8>) -> (Result<Success<R>, Error<E>>, String) {
    let mut server = scripted(reply, Duration::ZERO).await;
    let id = Id::new("1001").expect("valid id");
    let result = client(&server.base)
        .beneficiary_batch_sca_challenge(&id, &ScaOtpChannel::Sms)
        .await;
    let request = server.requests.try_recv().unwrap_or_default();
    (result, request)
}

#[tokio::test]
async fn success_sends_credentials_and_reads_the_request_ref() {
    let headers = [
        ("request-ref", "r-1"),
        ("x-ratelimit-remaining", "41"),
        ("etag", "\"v7\""),
    ];
    let (result, request) = call(response("204 No Content", &headers, b"")).await;
    let success = result.expect("204 is success");
    assert_eq!(success.status, 204);
    assert!(success.is_complete(), "{:?}", success.header_problems);
    assert_eq!(
        success.headers["x-ratelimit-remaining"], "41",
        "undocumented headers are kept"
    );
    assert_eq!(success.headers["etag"], "\"v7\"");
    assert!(matches!(&*success, R::NoContent { request_ref: Some(r) } if r == "r-1"));
    assert_eq!(
        success.into_inner(),
        R::NoContent {
            request_ref: Some("r-1".into())
        }
    );
    assert!(
        request.starts_with("POST /beneficiaries/batch/1001/challenges/otp/SMS HTTP/1.1"),
        "{request}"
    );
    let lower = request.to_ascii_lowercase();
    assert!(lower.contains(&format!("authorization: bearer {TOKEN}")), "{request}");
    assert!(lower.contains(&format!("api-key: {KEY}")), "{request}");
}

#[tokio::test]
async fn a_success_missing_its_required_header_is_still_a_success() {
    // The POST has taken effect: a missing `request-ref` must not turn it into an error.
    let (result, _) = call(response("204 No Content", &[], b"")).await;
    let success = result.expect("a 204 without request-ref is still a success");
    assert_eq!(success.value, R::NoContent { request_ref: None });
    assert_eq!(
        success.header_problems,
        [HeaderProblem {
            name: "request-ref",
            reason: "is missing".into()
        }]
    );
    assert!(!success.is_complete());
    let bad = [("request-ref", "caf\u{e9}")];
    let (result, _) = call(response("204 No Content", &bad, b"")).await;
    let success = result.expect("a malformed header does not fail the call either");
    assert_eq!(success.header_problems.len(), 1, "{:?}", success.header_problems);
    assert_eq!(success.header_problems[0].name, "request-ref");
}

/// A predicate on a decoded error.
type Check = fn(&E) -> bool;

#[tokio::test]
async fn every_documented_error_status_decodes_into_its_own_variant() {
    let json = [("content-type", "application/json"), ("request-ref", "r-2")];
    let plain = [("request-ref", "r-2")];
    let bad = br#"{"message":"bad","syntaxErrors":{"invalidFields":[{"fieldName":"id","error":"REGEX","params":[]}]}}"#;
    let cases: Vec<(Vec<u8>, Check)> = vec![
        (
            response("400 Bad Request", &json, bad),
            |e| matches!(e, E::BadRequest { body, .. } if body.message.as_deref() == Some("bad")),
        ),
        (
            response("401 Unauthorized", &plain, b""),
            |e| matches!(e, E::Unauthorized { request_ref } if request_ref == "r-2"),
        ),
        (response("403 Forbidden", &plain, b""), |e| {
            matches!(e, E::Forbidden { .. })
        }),
        (
            response("405 Method Not Allowed", &json, br#"{"code":"X","message":"no"}"#),
            |e| matches!(e, E::MethodNotAllowed { body, .. } if body.code.as_deref() == Some("X")),
        ),
        (
            response(
                "409 Conflict",
                &[("content-type", "application/json")],
                br#"{"errorCode":"STATE_INVALID"}"#,
            ),
            |e| matches!(e, E::Conflict { body, .. } if body.error_code == Some(Code::StateInvalid)),
        ),
        (
            response(
                "429 Too Many Requests",
                &[
                    ("request-ref", "r"),
                    ("x-ratelimit-limit", "20;w=60"),
                    ("x-ratelimit-reset", "17"),
                ],
                b"",
            ),
            |e| matches!(e, E::TooManyRequests { x_ratelimit_limit, x_ratelimit_reset: 17, .. } if x_ratelimit_limit == "20;w=60"),
        ),
        (response("500 Internal Server Error", &plain, b""), |e| {
            matches!(e, E::InternalServerError { .. })
        }),
        (response("503 Service Unavailable", &plain, b""), |e| {
            matches!(e, E::ServiceUnavailable { .. })
        }),
        (
            response("404 Not Found", &json, br#"{"code":"NOT_FOUND"}"#),
            |e| matches!(e, E::Default { status, body } if status.as_u16() == 404 && body.code.as_deref() == Some("NOT_FOUND")),
        ),
    ];
    // Shapes overlap (405 and `default` share `Error`; 401, 403, 500 and 503 have no body):
    // only the status decides the variant.
    for (reply, expected) in cases {
        let head = String::from_utf8_lossy(&reply[..20]).to_string();
        match call(reply).await.0 {
            Err(Error::Api(e)) => {
                assert!(expected(&e), "{head}: got {e:?}");
                assert!(!e.to_string().is_empty());
            }
            other => panic!("{head}: expected a documented error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_unknown_error_code_is_kept_not_rejected() {
    let reply = response(
        "409 Conflict",
        &[("request-ref", "r")],
        br#"{"errorCode":"NEW_CODE_FROM_THE_FUTURE"}"#,
    );
    match call(reply).await.0 {
        Err(Error::Api(E::Conflict { body, .. })) => {
            assert_eq!(body.error_code, Some(Code::Unknown("NEW_CODE_FROM_THE_FUTURE".into())))
        }
        other => panic!("got {other:?}"),
    }
}

#[tokio::test]
async fn a_malformed_body_keeps_status_and_bytes() {
    let reply = response("409 Conflict", &[("request-ref", "r")], b"{not json");
    match call(reply).await.0 {
        Err(Error::Decode { response, .. }) => {
            assert_eq!(response.status.as_u16(), 409);
            assert_eq!(&response.body[..], b"{not json");
        }
        other => panic!("got {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_body_where_json_is_documented_is_its_own_error() {
    let reply = response("400 Bad Request", &[("request-ref", "r")], b"");
    assert!(matches!(call(reply).await.0, Err(Error::EmptyBody(r)) if r.status.as_u16() == 400));
}

#[tokio::test]
async fn a_missing_or_malformed_documented_header_of_an_error_is_reported() {
    // (On a success it is kept beside the value instead: see the test above.)
    let reply = response("401 Unauthorized", &[], b"");
    assert!(matches!(
        call(reply).await.0,
        Err(Error::InvalidHeader {
            name: "request-ref",
            ..
        })
    ));
    let reply = response(
        "429 Too Many Requests",
        &[
            ("request-ref", "r"),
            ("x-ratelimit-limit", "1"),
            ("x-ratelimit-reset", "soon"),
        ],
        b"",
    );
    assert!(matches!(
        call(reply).await.0,
        Err(Error::InvalidHeader {
            name: "x-ratelimit-reset",
            ..
        })
    ));
}

#[tokio::test]
async fn a_truncated_body_keeps_what_arrived() {
    let mut reply = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 100\r\nrequest-ref: r\r\n\r\n".to_vec();
    reply.extend_from_slice(b"{\"message\":");
    match call(reply).await.0 {
        Err(Error::IncompleteBody { response, .. }) => assert_eq!(&response.body[..], b"{\"message\":"),
        other => panic!("got {other:?}"),
    }
}

#[tokio::test]
async fn timeouts_network_failures_and_bad_base_urls_are_distinct() {
    let server = scripted(
        response("204 No Content", &[("request-ref", "r")], b""),
        Duration::from_secs(3),
    )
    .await;
    let slow = Client::builder(&server.base)
        .auth_token(TOKEN)
        .api_key(KEY)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");
    let id = Id::new("1").expect("id");
    assert!(matches!(
        slow.beneficiary_batch_sca_challenge(&id, &ScaOtpChannel::Sms).await,
        Err(Error::Timeout(_))
    ));

    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    let result = client(&base)
        .beneficiary_batch_sca_challenge(&id, &ScaOtpChannel::Sms)
        .await;
    assert!(matches!(result, Err(Error::Network(_))), "{result:?}");

    for bad in ["not a url", "ftp://example.com", "http://example.com/?q=1"] {
        assert!(
            matches!(Client::new(bad), Err(BuildError::InvalidBaseUrl { .. })),
            "{bad}"
        );
    }
}

/// The request is built when the method is called: the returned call borrows the client
/// only, so it may be awaited after its arguments are gone (this compiles only if so).
#[tokio::test]
async fn a_call_outlives_its_arguments() {
    let mut server = scripted(response("204 No Content", &[("request-ref", "r")], b""), Duration::ZERO).await;
    let c = client(&server.base);
    let call = {
        let id = Id::new("7").expect("id");
        let channel = ScaOtpChannel::Sms;
        c.beneficiary_batch_sca_challenge(&id, &channel)
    };
    call.await.expect("204");
    let request = server.requests.recv().await.expect("request");
    assert!(
        request.starts_with("POST /beneficiaries/batch/7/challenges/otp/SMS HTTP/1.1"),
        "{request}"
    );
}

#[tokio::test]
async fn the_base_path_is_kept_and_path_segments_are_encoded() {
    let mut server = scripted(response("204 No Content", &[("request-ref", "r")], b""), Duration::ZERO).await;
    let c = client(&format!("{}/multi/", server.base));
    let odd = ScaOtpChannel::Unknown("S/M S?".into());
    c.beneficiary_batch_sca_challenge(&Id::new("42").expect("id"), &odd)
        .await
        .expect("204");
    let request = server.requests.recv().await.expect("request");
    assert!(
        request.starts_with("POST /multi/beneficiaries/batch/42/challenges/otp/S%2FM%20S%3F HTTP/1.1"),
        "{request}"
    );
}

#[tokio::test]
async fn the_id_is_checked_against_its_pattern_before_anything_is_sent() {
    let err = Id::new("12a").expect_err("letters are not digits");
    assert!(err.to_string().contains("^[0-9]+$"), "{err}");
    assert!("".parse::<Id>().is_err());
    assert!(
        serde_json::from_str::<Id>("\"x\"").is_err(),
        "decoding checks the pattern too"
    );
    assert_eq!(Id::new("007").expect("digits").as_str(), "007");
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    // Nothing listens here: had the client sent anything, this would be a network error.
    let c = Client::builder("http://127.0.0.1:9")
        .auth_token(TOKEN)
        .build()
        .expect("client");
    let result = c
        .beneficiary_batch_sca_challenge(&Id::new("1").expect("id"), &ScaOtpChannel::Sms)
        .await;
    match result {
        Err(Error::MissingCredentials { needed }) => assert!(needed.contains("api-key"), "{needed}"),
        other => panic!("got {other:?}"),
    }
}

#[tokio::test]
async fn secrets_never_show_in_debug_or_errors() {
    let c = client("http://127.0.0.1:9");
    // Each scheme's slot holds its own kind of credential: a token, a key.
    let token: &generated::BearerToken = c.credentials().auth_token.as_ref().expect("set");
    let key: &generated::ApiKey = c.credentials().api_key.as_ref().expect("set");
    use generated::ExposeSecret as _;
    assert_eq!(
        (token.secret().expose_secret(), key.secret().expose_secret()),
        (TOKEN, KEY)
    );
    let shown = format!("{c:?} {:?} {token:?} {token}", c.credentials());
    assert!(!shown.contains(TOKEN) && !shown.contains(KEY), "{shown}");
    assert!(shown.contains("REDACTED"), "{shown}");
    let err = c
        .beneficiary_batch_sca_challenge(&Id::new("1").expect("id"), &ScaOtpChannel::Sms)
        .await
        .expect_err("nothing listens");
    let shown = format!("{err:?} {err}");
    assert!(!shown.contains(TOKEN) && !shown.contains(KEY), "{shown}");
}
