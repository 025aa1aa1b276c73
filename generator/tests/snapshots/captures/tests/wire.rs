//! Path parameters declared out of path order travel to the right argument: the client
//! fills each segment by name, and the server must read each back from its own segment.

#[path = "../../../../../generated/tests/support/mod.rs"]
mod support;

use snapshot_captures::client::Client;
use snapshot_captures::responses::*;
use snapshot_captures::server::{Members, Orgs, RequestContext, ServerHooks, Transfers};
use snapshot_captures::types::Member;
use std::sync::Mutex;
use support::spawn;

/// Echoes what it received: reversals into a log, members into the body.
#[derive(Default)]
struct Echo {
    reversals: Mutex<Vec<(String, String)>>,
}

impl ServerHooks for Echo {}

impl Transfers for Echo {
    async fn reverse_transfer(
        &self,
        _context: RequestContext,
        transfer: String,
        id: String,
    ) -> Result<ReverseTransferResponse, ReverseTransferError> {
        self.reversals.lock().expect("lock").push((id, transfer));
        Ok(ReverseTransferResponse::NoContent)
    }
}

impl Orgs for Echo {
    async fn get_member(
        &self,
        _context: RequestContext,
        org: String,
        team: i32,
        member: i64,
        _verbose: Option<bool>,
    ) -> Result<GetMemberResponse, GetMemberError> {
        Ok(GetMemberResponse::Ok {
            body: Member { org, team, member },
        })
    }
}

impl Members for Echo {
    async fn remove_member(
        &self,
        _context: RequestContext,
        _org: String,
        _team: i32,
        _member: i64,
    ) -> Result<RemoveMemberResponse, RemoveMemberError> {
        Ok(RemoveMemberResponse::NoContent)
    }
}

#[tokio::test]
async fn each_path_parameter_is_read_from_its_own_segment() {
    let echo = std::sync::Arc::new(Echo::default());
    let base = spawn(snapshot_captures::server::router_shared(echo.clone(), "")).await;
    let client = Client::new(&base).expect("client");

    // Arguments in the order the path names them (the spec declares `id` first).
    client.reverse_transfer("tr_1", "rev_2").await.expect("204");
    assert_eq!(
        *echo.reversals.lock().expect("lock"),
        vec![("rev_2".to_owned(), "tr_1".to_owned())],
        "id must come from the last segment and transfer from the second"
    );

    let GetMemberResponse::Ok { body } = client
        .get_member("acme", 7, 9_000_000_000)
        .verbose(true)
        .await
        .expect("the server reads every capture with its own type")
        .into_inner();
    assert_eq!(
        body,
        Member {
            org: "acme".into(),
            team: 7,
            member: 9_000_000_000,
        }
    );
}

/// One path, two tags (two group features): each method is routed, and the 405 for a
/// third lists both.
#[tokio::test]
async fn a_path_whose_methods_belong_to_two_groups_routes_both() {
    let base = spawn(snapshot_captures::server::router(Echo::default())).await;
    let client = Client::new(&base).expect("client");
    client.remove_member("acme", 7, 1).await.expect("204");
    let patched = support::raw(
        &base,
        b"PATCH /orgs/acme/teams/7/members/1 HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert!(patched.starts_with("HTTP/1.1 405"), "{patched}");
    assert!(patched.to_ascii_lowercase().contains("allow: get, delete"), "{patched}");
}
