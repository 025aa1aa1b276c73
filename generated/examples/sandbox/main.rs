//! A sandbox of the seed endpoint: `cargo run --example sandbox -- --addr 127.0.0.1:8080`.
//!
//! Options: `--addr HOST:PORT` (default 127.0.0.1:8080), `--prefix /multi` (default none),
//! `--rate-limit-per-minute N` (default off). See the README for its users and batches.

mod service;

use std::process::ExitCode;
use std::sync::Arc;

#[tokio::main]
async fn main() -> ExitCode {
    let mut addr = "127.0.0.1:8080".to_owned();
    let mut prefix = String::new();
    let mut rate_limit = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--addr", Some(v)) => addr = v,
            ("--prefix", Some(v)) => prefix = v,
            ("--rate-limit-per-minute", Some(v)) => match v.parse::<u32>() {
                Ok(n) => rate_limit = Some(n),
                Err(e) => return fail(&format!("--rate-limit-per-minute {v:?}: {e}")),
            },
            (other, _) => return fail(&format!("unknown or incomplete option {other:?}")),
        }
    }
    let sandbox = Arc::new(service::Sandbox::new(rate_limit));
    let app = service::app(sandbox, &prefix);
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => return fail(&format!("cannot listen on {addr}: {e}")),
    };
    let local = listener.local_addr().map(|a| a.to_string()).unwrap_or(addr);
    eprintln!(
        "sandbox listening on http://{local}{prefix} (api key {:?}, tokens {:?} and {:?})",
        service::API_KEY,
        service::TOKEN_ENROLLED,
        service::TOKEN_NOT_ENROLLED
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("server error: {e}")),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}\nusage: sandbox [--addr HOST:PORT] [--prefix /PATH] [--rate-limit-per-minute N]");
    ExitCode::from(2)
}
