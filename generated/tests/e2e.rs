//! The generated client against the generated router over real HTTP on 127.0.0.1.

mod support;

use generated::client::{Client, Error, Success};
use generated::responses::{BeneficiaryBatchScaChallengeError as E, BeneficiaryBatchScaChallengeResponse as R};
use generated::server::{Beneficiaries, RequestContext, ServerHooks};
use generated::types::{
    BeneficiaryBatchScaChallengeConflict, BeneficiaryBatchScaChallengeId as Id, Error as ErrorBody, ScaOtpChannel,
};
use generated::Credentials;
use support::{raw, spawn, status_of};

/// Answers with the variant the batch id names, so a test can reach every one.
struct Scripted;

impl ServerHooks for Scripted {}

impl Beneficiaries for Scripted {
    async fn beneficiary_batch_sca_challenge(
        &self,
        _context: RequestContext,
        credentials: Credentials,
        id: Id,
        channel: ScaOtpChannel,
    ) -> Result<R, E> {
        assert!(
            credentials.auth_token.is_some() && credentials.api_key.is_some(),
            "the router checked credentials"
        );
        assert!(channel.is_known(), "the router checked the channel");
        let request_ref = format!("ref-{id}");
        let error = || ErrorBody {
            code: Some("E".into()),
            message: Some(id.to_string()),
        };
        Err(match id.as_str() {
            "204" => {
                return Ok(R::NoContent {
                    request_ref: Some(request_ref),
                })
            }
            "400" => E::BadRequest {
                body: Default::default(),
                request_ref,
            },
            "401" => E::Unauthorized { request_ref },
            "403" => E::Forbidden { request_ref },
            "405" => E::MethodNotAllowed {
                body: error(),
                request_ref,
            },
            "409" => E::Conflict {
                body: BeneficiaryBatchScaChallengeConflict { error_code: None },
            },
            "429" => E::TooManyRequests {
                request_ref,
                x_ratelimit_limit: "1;w=60".into(),
                x_ratelimit_reset: 42,
            },
            "500" => E::InternalServerError { request_ref },
            "503" => E::ServiceUnavailable { request_ref },
            other => E::Default {
                status: http::StatusCode::from_u16(other.parse().unwrap_or(418))
                    .unwrap_or(http::StatusCode::IM_A_TEAPOT),
                body: error(),
            },
        })
    }
}

async fn start(prefix: &str) -> String {
    spawn(generated::server::router_with_prefix(Scripted, prefix)).await
}

fn client(base: &str) -> Client {
    Client::builder(base)
        .auth_token("t")
        .api_key("k")
        .build()
        .expect("client")
}

#[tokio::test]
async fn every_response_variant_travels_through_real_http() {
    let base = start("").await;
    let c = client(&base);
    let call = |id: &str| {
        let c = c.clone();
        let id = Id::new(id).expect("id");
        async move { c.beneficiary_batch_sca_challenge(&id, &ScaOtpChannel::Sms).await }
    };
    assert_eq!(
        call("204").await.expect("success").into_inner(),
        R::NoContent {
            request_ref: Some("ref-204".into())
        }
    );
    let expect = |id: &'static str, result: Result<Success<R>, Error<E>>| match result {
        Err(Error::Api(e)) => e,
        other => panic!("{id}: {other:?}"),
    };
    assert_eq!(
        expect("400", call("400").await),
        E::BadRequest {
            body: Default::default(),
            request_ref: "ref-400".into()
        }
    );
    assert_eq!(
        expect("401", call("401").await),
        E::Unauthorized {
            request_ref: "ref-401".into()
        }
    );
    assert_eq!(
        expect("403", call("403").await),
        E::Forbidden {
            request_ref: "ref-403".into()
        }
    );
    assert!(
        matches!(expect("405", call("405").await), E::MethodNotAllowed { body, .. } if body.message.as_deref() == Some("405"))
    );
    assert!(matches!(expect("409", call("409").await), E::Conflict { .. }));
    assert_eq!(
        expect("429", call("429").await),
        E::TooManyRequests {
            request_ref: "ref-429".into(),
            x_ratelimit_limit: "1;w=60".into(),
            x_ratelimit_reset: 42
        }
    );
    assert_eq!(
        expect("500", call("500").await),
        E::InternalServerError {
            request_ref: "ref-500".into()
        }
    );
    assert_eq!(
        expect("503", call("503").await),
        E::ServiceUnavailable {
            request_ref: "ref-503".into()
        }
    );
    let default = expect("404", call("404").await);
    assert_eq!(default.status().as_u16(), 404);
    assert!(matches!(default, E::Default { body, .. } if body.message.as_deref() == Some("404")));
}

#[tokio::test]
async fn the_router_refuses_bad_inputs_before_the_implementation() {
    let base = start("/multi").await;
    let post = |path: &str, auth: bool| {
        let creds = if auth {
            "authorization: Bearer t\r\napi-key: k\r\n"
        } else {
            ""
        };
        format!("POST /multi{path} HTTP/1.1\r\nhost: x\r\n{creds}content-length: 0\r\nconnection: close\r\n\r\n")
    };
    let answer = raw(
        &base,
        post("/beneficiaries/batch/12a/challenges/otp/EMAIL", true).as_bytes(),
    )
    .await;
    assert_eq!(status_of(&answer), 400, "{answer}");
    assert!(
        answer.contains("`id`") && answer.contains("`channel`"),
        "both problems are listed: {answer}"
    );
    let answer = raw(
        &base,
        post("/beneficiaries/batch/1/challenges/otp/SMS", false).as_bytes(),
    )
    .await;
    assert_eq!(status_of(&answer), 401, "{answer}");
    let answer = raw(
        &base,
        b"GET /multi/beneficiaries/batch/1/challenges/otp/SMS HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status_of(&answer), 405, "{answer}");
    assert!(answer.to_ascii_lowercase().contains("allow: post"), "{answer}");
    for path in [
        "/multi/nowhere",
        "/beneficiaries/batch/1/challenges/otp/SMS",
        "/multi/beneficiaries/batch/1/challenges/otp",
    ] {
        let answer = raw(
            &base,
            format!("POST {path} HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").as_bytes(),
        )
        .await;
        assert_eq!(status_of(&answer), 404, "{path}: {answer}");
    }
}

#[tokio::test]
async fn hostile_requests_get_4xx_and_never_a_dropped_connection() {
    let base = start("").await;
    let auth = "authorization: Bearer t\r\napi-key: k\r\n";
    let non_utf8 = format!("POST /beneficiaries/batch/%FF%FE/challenges/otp/SMS HTTP/1.1\r\nhost: x\r\n{auth}content-length: 0\r\nconnection: close\r\n\r\n");
    let huge = format!("POST /beneficiaries/batch/1/challenges/otp/SMS HTTP/1.1\r\nhost: x\r\nx-big: {}\r\n{auth}connection: close\r\n\r\n", "a".repeat(200_000));
    let garbage_method =
        "BREW /beneficiaries/batch/1/challenges/otp/SMS HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n".to_owned();
    let bad_header = "POST /beneficiaries/batch/1/challenges/otp/SMS HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\napi-key: \u{e9}\r\nconnection: close\r\n\r\n".to_owned();
    for (name, request) in [
        ("non-UTF-8 segment", non_utf8),
        ("oversized header", huge),
        ("garbage method", garbage_method),
        ("non-ASCII header", bad_header),
    ] {
        let answer = raw(&base, request.as_bytes()).await;
        let status = status_of(&answer);
        assert!((400..500).contains(&status), "{name}: {answer:.200}");
    }
    // The server is still up after all of that.
    let c = client(&base);
    assert!(c
        .beneficiary_batch_sca_challenge(&Id::new("204").expect("id"), &ScaOtpChannel::Sms)
        .await
        .is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_requests_a_hundred_at_a_time_all_succeed() {
    let base = start("").await;
    let c = client(&base);
    let id = Id::new("204").expect("id");
    let mut failures = 0;
    for _ in 0..10 {
        let batch: Vec<_> = (0..100)
            .map(|_| {
                let (c, id) = (c.clone(), id.clone());
                tokio::spawn(async move { c.beneficiary_batch_sca_challenge(&id, &ScaOtpChannel::Sms).await })
            })
            .collect();
        for task in batch {
            if !matches!(
                task.await,
                Ok(Ok(Success {
                    value: R::NoContent { .. },
                    ..
                }))
            ) {
                failures += 1;
            }
        }
    }
    assert_eq!(failures, 0);
}

/// Answers 204 with what its request context held, written into the `request-ref`.
struct Contextual;

impl ServerHooks for Contextual {}

#[derive(Clone)]
struct Tenant(&'static str);

impl Beneficiaries for Contextual {
    async fn beneficiary_batch_sca_challenge(
        &self,
        context: RequestContext,
        _credentials: Credentials,
        _id: Id,
        _channel: ScaOtpChannel,
    ) -> Result<R, E> {
        let tenant = context.extensions.get::<Tenant>().map_or("no tenant", |t| t.0);
        let loopback = context.peer_addr().map(|a| a.ip().is_loopback());
        let agent = context.headers.get("user-agent").and_then(|v| v.to_str().ok());
        Ok(R::NoContent {
            request_ref: Some(format!("{tenant} {loopback:?} {} {agent:?}", context.method)),
        })
    }
}

#[tokio::test]
async fn handlers_see_headers_layer_extensions_and_the_peer_address() {
    let app = generated::server::router(Contextual).layer(axum::Extension(Tenant("acme")));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
        let _ = axum::serve(listener, service).await;
    });
    // What the handler wrote into the 204's `request-ref`.
    let seen = |base: String| async move {
        let c = Client::builder(&base)
            .auth_token("t")
            .api_key("k")
            .user_agent("context-test/1")
            .build()
            .expect("client");
        let success = c
            .beneficiary_batch_sca_challenge(&Id::new("1").expect("id"), &ScaOtpChannel::Sms)
            .await
            .expect("204");
        match success.into_inner() {
            R::NoContent { request_ref } => request_ref.unwrap_or_default(),
        }
    };
    assert_eq!(seen(base).await, r#"acme Some(true) POST Some("context-test/1")"#);
    // Served without connect info, the peer is unknown rather than made up.
    let plain = spawn(generated::server::router(Contextual)).await;
    let success = seen(plain).await;
    assert!(success.starts_with("no tenant None POST"), "{success}");
}
