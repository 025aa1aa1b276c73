//! Requests per second the sandbox sustains on loopback, through the generated client and
//! router, next to a bare axum handler measured in the same run (the baseline).
//!
//! `cargo run --release --example loadtest -- [REQUESTS] [CONCURRENCY]` (defaults 20000, 64).

#[path = "sandbox/service.rs"]
mod service;

use generated::client::Client;
use generated::types::{BeneficiaryBatchScaChallengeId, ScaOtpChannel};
use std::sync::Arc;
use std::time::Instant;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let requests: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let concurrency: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or(64);

    let baseline = axum::Router::new().route(
        "/beneficiaries/batch/{id}/challenges/otp/{channel}",
        axum::routing::post(|| async { (http::StatusCode::NO_CONTENT, [("request-ref", "r")]) }),
    );
    let sandbox = service::app(Arc::new(service::Sandbox::new(None)), "");
    let base_rps = run(baseline, requests, concurrency).await;
    let sandbox_rps = run(sandbox, requests, concurrency).await;
    println!("| server | requests | concurrency | requests/s | failures |");
    println!("|---|---|---|---|---|");
    println!(
        "| bare axum handler (baseline) | {requests} | {concurrency} | {:.0} | {} |",
        base_rps.0, base_rps.1
    );
    println!(
        "| generated router + sandbox | {requests} | {concurrency} | {:.0} | {} |",
        sandbox_rps.0, sandbox_rps.1
    );
    println!("sandbox / baseline: {:.2}", sandbox_rps.0 / base_rps.0);
}

/// Serves `app` on 127.0.0.1 and sends `requests` calls with the generated client.
async fn run(app: axum::Router, requests: usize, concurrency: usize) -> (f64, usize) {
    let Ok(listener) = tokio::net::TcpListener::bind("127.0.0.1:0").await else {
        return (0.0, requests);
    };
    let Ok(addr) = listener.local_addr() else {
        return (0.0, requests);
    };
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let Ok(client) = Client::builder(format!("http://{addr}"))
        .auth_token(service::TOKEN_ENROLLED)
        .api_key(service::API_KEY)
        .build()
    else {
        return (0.0, requests);
    };
    let Ok(id) = BeneficiaryBatchScaChallengeId::new("1001") else {
        return (0.0, requests);
    };
    let started = Instant::now();
    let per_worker = requests / concurrency;
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, id) = (client.clone(), id.clone());
            tokio::spawn(async move {
                let mut failures = 0;
                for _ in 0..per_worker {
                    if client
                        .beneficiary_batch_sca_challenge(&id, &ScaOtpChannel::Sms)
                        .await
                        .is_err()
                    {
                        failures += 1;
                    }
                }
                failures
            })
        })
        .collect();
    let mut failures = 0;
    for w in workers {
        failures += w.await.unwrap_or(per_worker);
    }
    let rps = (per_worker * concurrency) as f64 / started.elapsed().as_secs_f64();
    server.abort();
    (rps, failures)
}
