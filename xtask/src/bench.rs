//! `cargo xtask bench`: generation time and peak memory per corpus spec, as a table.
//!
//! Each figure is the median of several runs of the release generator in a fresh process,
//! next to the same run's baseline (serde parsing the spec into `openapiv3` types), so the
//! ratio means something on a shared, noisy machine. With `--check-build` it also times
//! `cargo check` of each generated crate after touching it (client and server included).
//! `--config FILE` generates with that configuration (into its own folders), so two runs
//! compare, say, typed formats with formats left as strings. With `--check-build`, the spec
//! is also generated for one typical tag (the one whose operation count is the median, by
//! a `[filter] include-tags`) and checked the same way, and the full crate is checked with
//! only its typical group feature on (again by median operation count), so the table shows
//! what a user of a few operations pays against all of them, either way; a column gives the
//! client alone. `--peers` adds a column per other generator (`peers.rs`: pinned, installed
//! on first use): its crate for the same spec, checked the same way in the same run, and our
//! times (client and server, client only) as ratios of its.
//! `--peer DIR` (repeatable, with `--only`) times `cargo check` of any other crate for the
//! same spec, with the features of the last `--peer-features LIST` before it on (say
//! `client,server` for a crate an older version of this generator wrote).

use crate::corpus::{corpus_dir, corpus_specs};
use crate::peers::PEERS;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut runs = 5usize;
    let mut dir = None;
    let mut check_build = false;
    let mut only: Vec<String> = Vec::new();
    let mut config: Option<PathBuf> = None;
    let mut with_peers = false;
    let mut peers: Vec<(PathBuf, String)> = Vec::new();
    let mut peer_features = String::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--runs" => runs = it.next().and_then(|v| v.parse().ok()).ok_or("--runs takes a number")?,
            "--dir" => dir = it.next().map(PathBuf::from),
            "--check-build" => check_build = true,
            "--only" => only.push(it.next().ok_or("--only takes a spec name")?.clone()),
            "--config" => config = Some(it.next().map(PathBuf::from).ok_or("--config takes a file")?),
            "--peers" => with_peers = true,
            "--peer" => {
                let dir = it.next().map(PathBuf::from).ok_or("--peer takes a crate folder")?;
                peers.push((dir, peer_features.clone()));
            }
            "--peer-features" => peer_features = it.next().ok_or("--peer-features takes a list")?.clone(),
            other => return Err(format!("unknown argument {other:?}\n{}", crate::USAGE)),
        }
    }
    if peers.last().map_or(String::new(), |(_, f)| f.clone()) != peer_features {
        return Err("--peer-features applies to the --peer folders after it: put it before them".to_owned());
    }
    if with_peers && !check_build {
        return Err("--peers times cargo check of the peers' crates: add --check-build".to_owned());
    }
    let dir = corpus_dir(dir)?;
    let root = crate::codegen::workspace_root();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--release", "-p", "openapi-rs-gen"])
        .current_dir(&root)
        .status();
    if !status.map(|s| s.success()).unwrap_or(false) {
        return Err("building the release generator failed".to_owned());
    }
    let binary = root.join("target/release/openapi-rs-gen");
    let out_root = root.join("target/bench");
    // A peer that does not install gets its column with the reason, not a failed run.
    let others: Vec<_> = if with_peers {
        PEERS.iter().map(|peer| (peer, peer.install(&root))).collect()
    } else {
        Vec::new()
    };
    let mut header = "| spec | size | parse ms (baseline) | generate ms | ratio | baseline peak MiB | peak MiB | peak / spec size | lines emitted | check s (touch, client+server) | check s (client only) | check s (+mock) | one group by feature: check s (share of all) | one tag by filter: check s (share of all) |".to_owned();
    for (peer, _) in &others {
        header.push_str(&format!(
            " {}: check s (ours / its: client+server, client only) |",
            peer.name
        ));
    }
    println!("{header}\n|{}", "---|".repeat(header.matches('|').count() - 1));
    let wanted = |spec: &Path| {
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        only.is_empty() || only.iter().any(|o| o == stem)
    };
    for spec in corpus_specs(&dir)?.into_iter().filter(|s| wanted(s)) {
        let name = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec").to_owned();
        let size = std::fs::metadata(&spec).map(|m| m.len()).unwrap_or(0);
        let suffix = config
            .as_deref()
            .and_then(|c| c.file_stem())
            .map(|s| format!("-{}", s.to_string_lossy()))
            .unwrap_or_default();
        let out = out_root.join(format!("{name}{suffix}"));
        let mut gen = Vec::new();
        let mut parse = Vec::new();
        let (mut peak, mut base_peak, mut lines) = (0u64, 0u64, 0u64);
        for _ in 0..runs {
            let mut args = vec![spec.as_os_str(), "--out".as_ref(), out.as_os_str(), "--stats".as_ref()];
            if let Some(c) = &config {
                args.extend(["--config".as_ref(), c.as_os_str()]);
            }
            let g = measure(&binary, &args)?;
            gen.push(g.ms);
            peak = peak.max(g.peak_kb);
            lines = g.lines;
            if let Ok(p) = measure(&binary, &[spec.as_os_str(), "--parse-only".as_ref()]) {
                parse.push(p.ms);
                base_peak = base_peak.max(p.peak_kb);
            }
        }
        let (g, p) = (median(&mut gen), median(&mut parse));
        let ratio = if p > 0.0 {
            format!("{:.1}x", g / p)
        } else {
            "n/a".to_owned()
        };
        let peak_mib = peak as f64 / 1024.0;
        let mem_ratio = if size > 0 {
            format!("{:.0}x", peak as f64 * 1024.0 / size as f64)
        } else {
            "n/a".to_owned()
        };
        let (check, client, mock, one_feature, one_tag) = if check_build {
            let check = check_time(&out, "client,server", false)?;
            let client = check_time(&out, "client", false)?;
            let mock = check_time(&out, "client,server,mock", false)?;
            let share = |secs: Option<f64>| match (secs, check) {
                (Some(secs), Some(all)) if all > 0.0 => format!("{:.0}%; ", 100.0 * secs / all),
                _ => String::new(),
            };
            let model = model(&spec, config.as_deref())?;
            let one_feature = match typical_feature(&model.0) {
                Some((feature, ops)) => {
                    let secs = check_time(&out, &format!("client,server,{feature}"), true)?;
                    format!("{} ({}`{feature}`, {ops} operations)", shown(secs), share(secs))
                }
                None => "no groups".to_owned(),
            };
            let one_tag = one_tag(
                &binary,
                &spec,
                config.as_deref(),
                &out_root.join(format!("{name}{suffix}-one-tag")),
                &model,
            )?;
            let one_tag = match one_tag {
                Some((tag, ops, secs)) => format!("{} ({}`{tag}`, {ops} operations)", shown(secs), share(secs)),
                None => "no tags".to_owned(),
            };
            (check, client, shown(mock), one_feature, one_tag)
        } else {
            (None, None, "-".to_owned(), "-".to_owned(), "-".to_owned())
        };
        // Without `--check-build` nothing was checked: its cells are `-`, not `fails`.
        let cell = |secs: Option<f64>| if check_build { shown(secs) } else { "-".to_owned() };
        let p_text = if p > 0.0 {
            format!("{p:.0}")
        } else {
            "n/a (3.1)".to_owned()
        };
        let base_mib = base_peak as f64 / 1024.0;
        let mut row = format!(
            "| {name} | {} KiB | {p_text} | {g:.0} | {ratio} | {base_mib:.0} | {peak_mib:.0} | {mem_ratio} | {lines} | {} | {} | {mock} | {one_feature} | {one_tag} |",
            size / 1024,
            cell(check),
            cell(client),
        );
        for (peer, installed) in &others {
            let cell = match installed {
                Err(why) => format!("not installed: {why}"),
                Ok(binary) => {
                    let (dir, log) = peer.crate_dir(&root, &name);
                    if peer.generate(binary, &spec, &dir, &log)? {
                        let secs = check_time(&dir, "", false)?;
                        match (secs, check, client) {
                            (Some(s), Some(all), Some(client)) if s > 0.0 => {
                                format!("{s:.2} ({:.2}x, {:.2}x)", all / s, client / s)
                            }
                            _ => shown(secs),
                        }
                    } else {
                        format!("fails to generate (see {})", log.display())
                    }
                }
            };
            row.push_str(&format!(" {cell} |"));
        }
        println!("{row}");
    }
    for (peer, features) in &peers {
        let shown = if features.is_empty() {
            "default features"
        } else {
            features.as_str()
        };
        println!(
            "peer {}: check s (touch, {shown}): {}",
            peer.display(),
            self::shown(check_time(peer, features, false)?)
        );
    }
    let with = config
        .map(|c| format!("; configuration: {}", c.display()))
        .unwrap_or_default();
    println!("\nmedian of {runs} runs each; generator: {}{with}", binary.display());
    Ok(())
}

struct Stats {
    ms: f64,
    peak_kb: u64,
    lines: u64,
}

fn measure(binary: &Path, args: &[&std::ffi::OsStr]) -> Result<Stats, String> {
    let output = Command::new(binary)
        .args(args)
        .output()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("stats "))
        .ok_or_else(|| String::from_utf8_lossy(&output.stderr).to_string())?;
    let field = |key: &str| {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(key))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    Ok(Stats {
        ms: field("ms="),
        peak_kb: field("peak_kb=") as u64,
        lines: field("lines=") as u64,
    })
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

/// The model of `spec` as generated with `config`, and whether that configuration filters.
fn model(spec: &Path, config: Option<&Path>) -> Result<(generator::model::Api, bool), String> {
    let mut settings = generator::Config::new("bench", "bench");
    settings.configure(spec, config).map_err(|e| e.to_string())?;
    let filtered = settings.settings.filter.is_active();
    let generated = generator::generate_file(spec, &settings).map_err(|e| e.to_string())?;
    Ok((generated.model, filtered))
}

/// The typical one of `counts` (operations, name): the median by count, then name.
fn typical(mut counts: Vec<(usize, String)>) -> Option<(String, usize)> {
    counts.retain(|(n, _)| *n > 0);
    counts.sort();
    counts.get(counts.len() / 2).map(|(n, name)| (name.clone(), *n))
}

/// Generates `spec` for its typical tag (median operation count) into `out` and times
/// `cargo check` of it: the tag, its operation count and the seconds; `None` without tags,
/// or when the configuration filters already (a second `[filter]` table would not parse).
fn one_tag(
    binary: &Path,
    spec: &Path,
    config: Option<&Path>,
    out: &Path,
    (api, filtered): &(generator::model::Api, bool),
) -> Result<Option<(String, usize, Option<f64>)>, String> {
    if *filtered {
        return Ok(None);
    }
    // Counted by each operation's first tag (the one the model keeps); the filter also keeps
    // operations that have the tag further down their list, so the count is a floor.
    let counts = api
        .tags
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.wire_name.is_empty())
        .map(|(i, t)| {
            (
                api.operations.iter().filter(|op| op.tag == i).count(),
                t.wire_name.clone(),
            )
        })
        .collect();
    let Some((tag, ops)) = typical(counts) else {
        return Ok(None);
    };
    let base = match config {
        Some(c) => std::fs::read_to_string(c).map_err(|e| format!("{}: {e}", c.display()))?,
        None => String::new(),
    };
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let file = out.with_extension("toml");
    let quoted = serde_json::Value::from(tag.as_str());
    std::fs::write(&file, format!("{base}\n[filter]\ninclude-tags = [{quoted}]\n")).map_err(|e| e.to_string())?;
    let args = [
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--config".as_ref(),
        file.as_os_str(),
    ];
    measure(binary, &[&args[..], &["--stats".as_ref()]].concat())?;
    let secs = check_time(out, "client,server", false)?;
    Ok(Some((tag, ops, secs)))
}

/// The typical group feature of the spec's crate (the one whose operation count is the
/// median) and its operation count; `None` without groups.
fn typical_feature(api: &generator::model::Api) -> Option<(String, usize)> {
    let counts = api
        .features
        .iter()
        .enumerate()
        .filter(|(_, f)| f.operations)
        .map(|(i, f)| (api.operations_of(i), f.name.clone()))
        .collect();
    typical(counts)
}

/// Seconds as the table shows them; `fails` where the check failed.
fn shown(secs: Option<f64>) -> String {
    secs.map_or_else(|| "fails".to_owned(), |s| format!("{s:.2}"))
}

/// Warms `cargo check` once, then times it after touching `src/lib.rs`: the median of
/// three, as one check on a shared machine is noisy; `None` when the check fails. `only`
/// turns the default features off.
fn check_time(crate_dir: &Path, features: &str, only: bool) -> Result<Option<f64>, String> {
    let target = crate::codegen::workspace_root().join("target/corpus-build");
    let check = || {
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["check", "--quiet"]);
        if only {
            cmd.arg("--no-default-features");
        }
        if !features.is_empty() {
            cmd.args(["--features", features]);
        }
        cmd.env("CARGO_TARGET_DIR", &target)
            .current_dir(crate_dir)
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    if !check() {
        return Ok(None);
    }
    let lib = crate_dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    let mut times = Vec::new();
    for _ in 0..3 {
        std::fs::write(&lib, &text).map_err(|e| format!("{}: {e}", lib.display()))?;
        let started = Instant::now();
        if !check() {
            return Ok(None);
        }
        times.push(started.elapsed().as_secs_f64());
    }
    Ok(Some(median(&mut times)))
}
