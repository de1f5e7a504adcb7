//! A list server's pages and a walk over them, for the pagination rounds: every item once or
//! a typed `Error::Pagination`, never silent loss.

use lomi::Error;
use lomi::types::ListCheckoutSessionsParams;

use super::raw_server::{self, Action, RawServer};
use super::{AnyClient, for_each_kind};

/// A `200` page of sessions with these ids, and `pagination` (`,"pagination":{…}` or empty)
/// after its `data`.
pub fn page(ids: &[String], pagination: &str) -> Action {
    let items: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"checkout_session_id":"{id}"}}"#))
        .collect();
    let body = format!(r#"{{"data":[{}]{pagination}}}"#, items.join(","));
    Action::Reply(raw_server::response(
        200,
        &[("content-type", "application/json")],
        body.as_bytes(),
        true,
    ))
}

/// Walks every session with pages of `limit` (at most 500 items): the ids handed out, and the
/// error the walk ended with.
pub fn walk(client: &AnyClient, limit: u64) -> (Vec<String>, Option<Error>) {
    walk_from(client, 0, limit)
}

/// Walks from `start` with pages of `limit`, as [`walk`] does.
pub fn walk_from(client: &AnyClient, start: u64, limit: u64) -> (Vec<String>, Option<Error>) {
    let params = ListCheckoutSessionsParams::new().limit(limit).offset(start);
    let mut ids = Vec::new();
    for item in client.sessions(&params).take(500) {
        match item {
            Ok(s) => ids.push(s.checkout_session_id),
            Err(e) => return (ids, Some(e)),
        }
    }
    (ids, None)
}

/// The ids of `expected` the walk did not hand out, when it ended without an
/// `Error::Pagination`.
pub fn silently_lost(walked: &(Vec<String>, Option<Error>), expected: &[String]) -> Vec<String> {
    match walked {
        (_, Some(Error::Pagination(_))) => Vec::new(),
        (ids, _) => expected
            .iter()
            .filter(|id| !ids.contains(id))
            .cloned()
            .collect(),
    }
}

/// The ids `cs_{i}` for `range`.
pub fn sessions(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("cs_{i}")).collect()
}

/// Runs `server` against both clients with pages of 10 and fails on every silent loss of an
/// id of `expected` (an `Error::Pagination` is no loss: the caller is told).
pub fn assert_nothing_lost(expected: &[String], server: impl Fn() -> RawServer) {
    let mut lost = Vec::new();
    for_each_kind(|kind| {
        let server = server();
        let client = kind.client(server.builder());
        let walked = walk(&client, 10);
        let missing = silently_lost(&walked, expected);
        if !missing.is_empty() {
            lost.push(format!(
                "{kind:?}: the walk ended with {:?} after {} sessions ({} requests); never \
                 handed out: {missing:?}",
                walked.1,
                walked.0.len(),
                server.hits()
            ));
        }
    });
    assert!(lost.is_empty(), "{}", lost.join("\n"));
}

/// A list server whose list is `before` for the first request and `after` from then on, each
/// page with the list's length as its `total`.
pub fn changing_after_the_first_page(before: Vec<String>, after: Vec<String>) -> RawServer {
    RawServer::keep_alive(move |n, req| {
        let offset = raw_server::query_value(req, "offset").unwrap_or(0) as usize;
        let limit = raw_server::query_value(req, "limit").unwrap_or(20) as usize;
        let list = if n == 0 { &before } else { &after };
        let ids: Vec<String> = list.iter().skip(offset).take(limit).cloned().collect();
        page(
            &ids,
            &format!(r#","pagination":{{"total":{}}}"#, list.len()),
        )
    })
}

/// Runs `server` against both clients, walking from `start` with pages of 10, and fails unless
/// each walk hands out exactly `expected`, with no error.
pub fn assert_walked_exactly(start: u64, expected: &[String], server: impl Fn() -> RawServer) {
    let mut wrong = Vec::new();
    for_each_kind(|kind| {
        let server = server();
        let client = kind.client(server.builder());
        let (ids, error) = walk_from(&client, start, 10);
        if error.is_some() || ids != expected {
            wrong.push(format!(
                "{kind:?}: {} sessions, then {error:?} ({} requests)",
                ids.len(),
                server.hits()
            ));
        }
    });
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A static list server of `n` sessions whose `total` is `total(offset, page length)`: the whole
/// count, what remains, a running count.
pub fn counting(n: usize, total: fn(usize, usize) -> usize) -> RawServer {
    RawServer::keep_alive(move |_, req| {
        let offset = raw_server::query_value(req, "offset").unwrap_or(0) as usize;
        let limit = raw_server::query_value(req, "limit").unwrap_or(20) as usize;
        let ids: Vec<String> = sessions(0..n)
            .into_iter()
            .skip(offset)
            .take(limit)
            .collect();
        let total = total(offset, ids.len());
        page(&ids, &format!(r#","pagination":{{"total":{total}}}"#))
    })
}

/// A server of `cs_0`…`cs_29`, newest first, with `cs_new` added at the front after the first
/// page, each page `page_size(request number)` items long, with the list's length as its
/// `total` and the offset asked for.
pub fn one_added_after_the_first_page(page_size: fn(usize) -> usize) -> RawServer {
    RawServer::keep_alive(move |n, req| {
        let offset = raw_server::query_value(req, "offset").unwrap_or(0) as usize;
        let mut list: Vec<String> = Vec::new();
        if n > 0 {
            list.push("cs_new".to_owned());
        }
        list.extend(sessions(0..30));
        let total = list.len();
        let ids: Vec<String> = list.into_iter().skip(offset).take(page_size(n)).collect();
        page(
            &ids,
            &format!(r#","pagination":{{"total":{total},"offset":{offset}}}"#),
        )
    })
}
