//! The seed API's mock server: `cargo run -p generated --example mock -- --addr 127.0.0.1:8080`.
//!
//! Every operation answers with its first documented success, built from the spec's schemas
//! (see `generated::mock`). Options: `--addr HOST:PORT` (default 127.0.0.1:8080; port 0 picks
//! a free one), `--seed N` (default 0).

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let mut addr = "127.0.0.1:8080".to_owned();
    let mut seed = 0;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--addr", Some(v)) => addr = v,
            ("--seed", Some(v)) => match v.parse::<u64>() {
                Ok(n) => seed = n,
                Err(e) => return fail(&format!("--seed {v:?}: {e}")),
            },
            (other, _) => return fail(&format!("unknown or incomplete option {other:?}")),
        }
    }
    let app = generated::server::router(generated::mock::MockApi::new(seed));
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => return fail(&format!("cannot listen on {addr}: {e}")),
    };
    let local = listener.local_addr().map(|a| a.to_string()).unwrap_or(addr);
    eprintln!("mock listening on http://{local}");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("server error: {e}")),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}\nusage: mock [--addr HOST:PORT] [--seed N]");
    ExitCode::from(2)
}
