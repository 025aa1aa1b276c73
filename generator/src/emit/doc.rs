//! Rustdoc from spec descriptions: Markdown made safe for rustdoc's lints.
//!
//! Spec descriptions are free Markdown written for other renderers. Left as
//! they are, rustdoc would read `[foo]` as a broken intra-doc link, `<br>` as an
//! unclosed HTML tag, an indented line as a Rust code block and a bare URL as a
//! lint. This module escapes those while keeping the text readable.

use proc_macro2::TokenStream;
use quote::quote;
use regex::Regex;
use std::sync::LazyLock;

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"https?://[^\s<>\[\]()"'`\\]+"#).unwrap_or_else(|e| panic!("URL regex: {e}")));

/// `#[doc]` attributes for `text`, one per line; nothing for `None` or blank text.
pub fn attrs(text: Option<&str>) -> TokenStream {
    let lines = lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#[doc]` attributes for spec text (sanitized) followed by Markdown this generator wrote
/// (kept as written: its links and code blocks are meant).
pub fn attrs_with(spec_text: Option<&str>, own: &[String]) -> TokenStream {
    let mut parts: Vec<String> = spec_text.map(sanitize).into_iter().collect();
    parts.extend(own.iter().cloned());
    let text = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    let lines = text
        .lines()
        .map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #( #[doc = #lines] )* }
}

/// Inner `#![doc]` attributes, for module and crate documentation.
pub fn inner_attrs(text: Option<&str>) -> TokenStream {
    let lines = lines(text);
    quote! { #( #![doc = #lines] )* }
}

fn lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    sanitize(text)
        .lines()
        .map(|l| if l.is_empty() { String::new() } else { format!(" {l}") })
        .collect()
}

/// Joins several doc parts with blank lines between them, skipping empty ones.
pub fn join(parts: &[Option<&str>]) -> Option<String> {
    let parts: Vec<&str> = parts
        .iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// Rewrites Markdown so that rustdoc renders it without warnings.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (&fence, marker) {
            (None, Some(m)) => {
                let info = trimmed.trim_start_matches(m).trim();
                let info = if info.is_empty() || info == "rust" {
                    "text"
                } else {
                    info
                };
                fence = Some(m.to_owned());
                out.push(format!("{m}{info}"));
            }
            (Some(open), Some(m)) if open == m => {
                fence = None;
                out.push(m.to_owned());
            }
            (Some(_), _) => out.push(line.trim_end().to_owned()),
            (None, None) => out.push(escape_line(trimmed.trim_end())),
        }
    }
    if let Some(open) = fence {
        out.push(open);
    }
    // Collapse runs of blank lines.
    let mut result: Vec<String> = Vec::new();
    for line in out {
        if line.is_empty() && result.last().is_some_and(|l: &String| l.is_empty()) {
            continue;
        }
        result.push(line);
    }
    result.join("\n")
}

/// Escapes one prose line, leaving `code spans` as they are.
fn escape_line(line: &str) -> String {
    let spans: Vec<&str> = line.split('`').collect();
    let balanced = spans.len() % 2 == 1;
    let mut out = String::with_capacity(line.len() + 8);
    for (i, span) in spans.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        if balanced && i % 2 == 1 {
            out.push_str(span);
        } else {
            out.push_str(&escape_prose(span));
        }
    }
    out
}

fn escape_prose(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('[', "\\[")
        .replace(']', "\\]");
    URL.replace_all(&escaped, |caps: &regex::Captures| {
        let url = &caps[0];
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        format!("<{trimmed}>{}", &url[trimmed.len()..])
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    fn check(input: &str, expected: &str) {
        assert_eq!(sanitize(input), expected);
    }

    #[test]
    fn links_tags_and_urls() {
        check(
            "See [here](https://portal.weavr.io).",
            "See \\[here\\](<https://portal.weavr.io>).",
        );
        check("a <br> b", "a &lt;br&gt; b");
        check(
            "Visit https://example.com/x, then",
            "Visit <https://example.com/x>, then",
        );
    }

    #[test]
    fn code_is_kept() {
        check("use `Vec<T>` here", "use `Vec<T>` here");
        check("```\nlet x = [1];\n```", "```text\nlet x = [1];\n```");
        check("```json\n{\"a\": [1]}", "```json\n{\"a\": [1]}\n```");
    }

    #[test]
    fn indentation_and_blank_runs() {
        check("a\n\n\n    indented\n", "a\n\nindented");
    }
}
