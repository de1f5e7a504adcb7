//! A list server's pages and a walk over them, for the pagination rounds: every item once or
//! a typed `Error::Pagination`, never silent loss.

use lomi::Error;
use lomi::types::ListCheckoutSessionsParams;

use super::AnyClient;
use super::raw_server::{self, Action};

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
    let params = ListCheckoutSessionsParams::new().limit(limit);
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
