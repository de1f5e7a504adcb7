//! Lazy iteration over every item of a list operation, page by page.
//!
//! Generated code implements [`Page`] for each list response and [`PageParams`] for each list
//! operation's parameters; the iterator itself is written once, here. A spec without lists
//! (build.rs sets `lomi_lists` for one with them) leaves all of it unused.
#![cfg_attr(
    not(lomi_lists),
    allow(
        dead_code,
        reason = "used by generated lists: a spec without any leaves it unused"
    )
)]

use std::collections::HashSet;
use std::fmt::{self, Debug};
use std::hash::{BuildHasher, Hasher, RandomState};
use std::vec;

use crate::Error;

/// A list response: its items and, when the server says, the total count.
pub(crate) trait Page {
    /// One item of the list.
    type Item;
    /// The items of this page and the reported total.
    fn into_items(self) -> (Vec<Self::Item>, Option<u64>);
    /// The offset the page says it starts at, when the spec has it say so (negative included:
    /// it is still not the offset asked for).
    fn offset(&self) -> Option<i128> {
        None
    }
    /// How many items a page holds, when the spec has the page say so: a server that caps its
    /// pages below the `limit` asked for serves full pages of its own size.
    fn limit(&self) -> Option<u64> {
        None
    }
    /// The item's id, which stays the same however its other fields change, when the spec
    /// gives items one.
    fn key(item: &Self::Item) -> Option<&str>;
}

/// A page's items as the spec types them: an array, or a nullable one.
#[allow(
    dead_code,
    reason = "named only by generated pages, and only a spec's whose lists are objects"
)]
pub(crate) trait Listed<T> {
    fn listed(self) -> Vec<T>;
}

impl<T> Listed<T> for Vec<T> {
    fn listed(self) -> Vec<T> {
        self
    }
}

impl<T> Listed<T> for Option<Vec<T>> {
    fn listed(self) -> Vec<T> {
        self.unwrap_or_default()
    }
}

/// A page's `offset` as the spec types it, widened so that no value is lost: a negative offset
/// is an answer too, and never the one asked for.
#[allow(
    dead_code,
    reason = "named only by generated pages, and only a spec's whose lists report an offset"
)]
pub(crate) trait Offset {
    fn offset(self) -> Option<i128>;
}

/// Every integer type typify writes for an `offset` or a `total` (`NonZero…` for one whose
/// `minimum` is 1).
macro_rules! offset_integers {
    ($($int:ty),*) => {$(
        impl Offset for $int {
            fn offset(self) -> Option<i128> {
                Some(i128::from(self))
            }
        }
        impl Offset for std::num::NonZero<$int> {
            fn offset(self) -> Option<i128> {
                Some(i128::from(self.get()))
            }
        }
    )*};
}
offset_integers!(i8, i16, i32, i64, u8, u16, u32, u64);

impl<T: Offset> Offset for Option<T> {
    fn offset(self) -> Option<i128> {
        self.and_then(Offset::offset)
    }
}

/// A `total` as the spec types it (an integer, maybe absent), as a count: the same integers an
/// offset is read from, and a negative one counts nothing.
#[allow(
    dead_code,
    reason = "named only by generated pages, and only a spec's whose lists report a total"
)]
pub(crate) trait Count {
    fn count(self) -> Option<u64>;
}

impl<T: Offset> Count for T {
    fn count(self) -> Option<u64> {
        self.offset().and_then(|v| u64::try_from(v).ok())
    }
}

/// The parameters of a list operation that pages with `limit` and `offset`.
pub(crate) trait PageParams: Clone {
    /// The page size the caller chose, if any.
    fn page_size(&self) -> Option<u64>;
    /// Where the caller asked to start.
    fn start(&self) -> u64;
    /// The same parameters for the page at `offset` of `limit` items.
    fn window(&self, offset: u64, limit: u64) -> Self;
}

/// Page size when neither the caller nor the spec's `default` gives one.
const DEFAULT_PAGE_SIZE: u64 = 20;

/// Where a walk over a list stands: the next offset, the page size, what it has handed out,
/// and whether it is over.
///
/// Shared by the blocking iterator and the async stream, so both stop by the same rules: on an
/// empty or short page (short of the `limit` asked for, or of a smaller one the page reports),
/// after `total` items (when `total` can be the whole count: not the page's own length, not
/// fewer than the items already walked, and not once the list was seen to move), or after an
/// error. A server cannot make it walk forever: a page larger than asked for, or one that
/// brings more items already handed out than new ones (a server that ignores `offset` and
/// serves the same or alternating pages, or a list moving faster than it is read), ends the
/// walk with [`Error::Pagination`] saying why. An item handed out once is not handed out again.
pub(crate) struct Cursor<P> {
    params: P,
    offset: u64,
    page_size: u64,
    done: bool,
    /// Whether a page repeated items already handed out, or the total grew: the list moved
    /// (items were added before the walk's offset), so a `total` cannot say where it ends.
    moved: bool,
    /// The last `total` that could be the whole count, to see the list shrink between pages.
    last_total: Option<u64>,
    /// The last `total` of any kind (a running count, the page's length), to see it grow.
    last_raw_total: Option<u64>,
    /// The server's own page size, learned from a short page a whole count said was not the
    /// last: later pages of that size are full, not short.
    cap: Option<u64>,
    /// A fingerprint of every item handed out (64 bits each).
    seen: HashSet<u64>,
    /// Random keys for the fingerprints, so a server cannot choose items that collide.
    keys: RandomState,
}

impl<P: PageParams> Cursor<P> {
    pub(crate) fn new(params: P) -> Self {
        Self {
            offset: params.start(),
            page_size: params.page_size().unwrap_or(DEFAULT_PAGE_SIZE),
            params,
            done: false,
            moved: false,
            last_total: None,
            last_raw_total: None,
            cap: None,
            seen: HashSet::new(),
            keys: RandomState::new(),
        }
    }

    /// The parameters of the next page to fetch, or `None` when the walk is over.
    pub(crate) fn next_page(&self) -> Option<P> {
        (!self.done).then(|| self.params.window(self.offset, self.page_size))
    }

    /// Takes what fetching a page gave: its items not handed out before, or the error that
    /// ends the walk (the fetch's own, or one saying why the server would never let it end).
    pub(crate) fn receive<L: Page>(
        &mut self,
        fetched: Result<L, Error>,
    ) -> Result<Vec<L::Item>, Error>
    where
        L::Item: Debug,
    {
        let accepted = fetched.and_then(|page| {
            let answered = page.offset();
            if let Some(answered) = answered.filter(|&o| o != i128::from(self.offset)) {
                return Err(Error::pagination(format!(
                    "asked for the page at offset {}, the server answered the one at offset \
                     {answered}: it does not page as asked",
                    self.offset
                )));
            }
            let limit = page.limit();
            let (items, total) = page.into_items();
            self.accept(items, total, limit, L::key)
        });
        if accepted.is_err() {
            self.done = true;
        }
        accepted
    }

    /// What a page's `total` (of `count` items) says: the whole count, if it can be one.
    ///
    /// A total equal to the page's length may count only the page (lomi.'s server), and one
    /// below the items walked with this page counts something else (what remains, say): neither
    /// is the whole count. A total that grew since the last page (a running count included)
    /// says items were added: the list moved. A whole count that fell says items left the list,
    /// and those before the walk's offset moved the ones after them back, past the walk,
    /// unseen: [`Error::Pagination`], since only walking again finds them.
    /// The second value says whether an earlier page gave the same whole count.
    fn weigh_total(
        &mut self,
        total: Option<u64>,
        count: u64,
    ) -> Result<(Option<u64>, bool), Error> {
        if let (Some(before), Some(now)) = (self.last_raw_total, total) {
            self.moved |= now > before;
        }
        self.last_raw_total = total.or(self.last_raw_total);
        let end = self.offset.saturating_add(count);
        let whole_count = total.filter(|&t| t != count && t >= end);
        if let (Some(before), Some(now)) = (self.last_total, whole_count)
            && now < before
        {
            return Err(Error::pagination(format!(
                "the list's total fell from {before} to {now} while it was walked (at offset \
                 {}): items may have moved past the walk unseen; walk it again",
                self.offset
            )));
        }
        let confirmed = whole_count.is_some() && self.last_total == whole_count;
        self.last_total = whole_count.or(self.last_total);
        Ok((whole_count, confirmed))
    }

    /// Takes a fetched page's items and total, as [`receive`](Self::receive) says.
    fn accept<T: Debug>(
        &mut self,
        items: Vec<T>,
        total: Option<u64>,
        limit: Option<u64>,
        key: impl Fn(&T) -> Option<&str>,
    ) -> Result<Vec<T>, Error> {
        let count = items.len() as u64;
        let at = self.offset;
        // Read first: a total that fell shows on an empty page too.
        let (whole_count, confirmed) = self.weigh_total(total, count)?;
        if count == 0 {
            self.done = true;
            return Ok(items);
        }
        if count > self.page_size {
            return Err(Error::pagination(format!(
                "the page at offset {at} has {count} items where {} were asked for: the server \
                 does not page as asked",
                self.page_size
            )));
        }
        // An empty id tells no two items apart, and names nothing a call could look up.
        if let Some(index) = items.iter().position(|item| key(item) == Some("")) {
            return Err(Error::pagination(format!(
                "the item at offset {} has an empty id: it cannot be told from the others or \
                 looked up",
                at.saturating_add(index as u64)
            )));
        }
        let fresh: Vec<T> = items
            .into_iter()
            .filter(|item| self.seen.insert(fingerprint(&self.keys, key(item), item)))
            .collect();
        let repeated = count - fresh.len() as u64;
        if repeated > fresh.len() as u64 {
            return Err(Error::pagination(format!(
                "the page at offset {at} repeats {repeated} of its {count} items: the server \
                 ignores the offset, or the list changes faster than it is read"
            )));
        }
        self.moved |= repeated > 0;
        self.offset = self.offset.saturating_add(count);
        // With a whole count, the walk ends once it is reached, and a short page before it does
        // not end it (a server that serves fewer items a page than asked, a cap of its own, is
        // walked to its end, and its page size learned; a count larger than the list costs one
        // more request, whose empty page ends it). Once the list moved, a count can no longer
        // end the walk, but one that says more items follow still keeps it going. Without
        // one, a short page ends it: short of the page size asked for, of a smaller one the
        // page reports, or of the one learned.
        let says_more = whole_count.is_some_and(|t| t > self.offset);
        let full = [Some(self.page_size), limit.filter(|&l| l > 0), self.cap]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(self.page_size);
        // A full page whose total is exactly where it ends proves nothing the first time it is
        // said (a running count says the same): trusted once an earlier page said it too, or
        // the next page decides.
        let unconfirmed_end = whole_count == Some(self.offset) && count >= full && !confirmed;
        self.done = match whole_count.filter(|_| !self.moved && !unconfirmed_end) {
            Some(whole_count) => self.offset >= whole_count,
            None => count < full && !says_more,
        };
        if count < full {
            self.cap = Some(count);
        }
        Ok(fresh)
    }
}

/// A 64-bit fingerprint of `item`: of its id when it has one, so an item whose other fields
/// changed between two pages is still the same item; otherwise of its `Debug` text (every
/// generated type has one; none has `Hash`, since numbers and JSON maps do not), fed to the
/// hasher without a copy.
fn fingerprint(keys: &RandomState, id: Option<&str>, item: &impl Debug) -> u64 {
    if let Some(id) = id {
        return keys.hash_one(id);
    }
    struct Feed(std::hash::DefaultHasher);
    impl fmt::Write for Feed {
        fn write_str(&mut self, text: &str) -> fmt::Result {
            self.0.write(text.as_bytes());
            Ok(())
        }
    }
    let mut feed = Feed(keys.build_hasher());
    // Writing to a hasher cannot fail.
    let _ = fmt::write(&mut feed, format_args!("{item:?}"));
    feed.0.finish()
}

/// The iterator behind every generated `…_iter` method.
pub(crate) struct Pages<P, L: Page, F> {
    cursor: Cursor<P>,
    fetch: F,
    buffer: vec::IntoIter<L::Item>,
}

impl<P, L, F> Pages<P, L, F>
where
    P: PageParams,
    L: Page,
    L::Item: Debug,
    F: FnMut(&P) -> Result<L, Error>,
{
    pub(crate) fn new(params: P, fetch: F) -> Self {
        Self {
            cursor: Cursor::new(params),
            fetch,
            buffer: Vec::new().into_iter(),
        }
    }
}

impl<P, L, F> Iterator for Pages<P, L, F>
where
    P: PageParams,
    L: Page,
    L::Item: Debug,
    F: FnMut(&P) -> Result<L, Error>,
{
    type Item = Result<L::Item, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            let params = self.cursor.next_page()?;
            match self.cursor.receive((self.fetch)(&params)) {
                Ok(items) => self.buffer = items.into_iter(),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

/// The stream behind every generated async `…_stream` method.
#[cfg(feature = "async")]
pub(crate) fn stream<P, L, F, Fut>(
    params: P,
    fetch: F,
) -> impl futures_core::Stream<Item = Result<L::Item, Error>>
where
    P: PageParams,
    L: Page,
    L::Item: Debug,
    F: FnMut(P) -> Fut,
    Fut: std::future::Future<Output = Result<L, Error>>,
{
    let state = (Cursor::<P>::new(params), fetch, Vec::new().into_iter());
    futures_util::stream::unfold(state, |(mut cursor, mut fetch, mut buffer)| async move {
        loop {
            if let Some(item) = buffer.next() {
                return Some((Ok(item), (cursor, fetch, buffer)));
            }
            let params = cursor.next_page()?;
            match cursor.receive(fetch(params).await) {
                Ok(items) => buffer = items.into_iter(),
                Err(error) => return Some((Err(error), (cursor, fetch, buffer))),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Params {
        limit: Option<u64>,
        offset: u64,
    }

    impl PageParams for Params {
        fn page_size(&self) -> Option<u64> {
            self.limit
        }
        fn start(&self) -> u64 {
            self.offset
        }
        fn window(&self, offset: u64, limit: u64) -> Self {
            Self {
                limit: Some(limit),
                offset,
            }
        }
    }

    struct List(Vec<u32>, Option<u64>);

    impl Page for List {
        type Item = u32;
        fn into_items(self) -> (Vec<u32>, Option<u64>) {
            (self.0, self.1)
        }
        fn key(_: &u32) -> Option<&str> {
            None
        }
    }

    /// Feeds `cursor` pages of `u32` items (told apart by their `Debug` text), each with its
    /// total and reported limit; says whether the walk would fetch another page after each.
    fn feed(
        cursor: &mut Cursor<Params>,
        pages: &[(std::ops::Range<u32>, Option<u64>, Option<u64>)],
    ) -> Vec<bool> {
        pages
            .iter()
            .map(|(items, total, limit)| {
                cursor
                    .accept(items.clone().collect(), *total, *limit, |_: &u32| None)
                    .unwrap();
                cursor.next_page().is_some()
            })
            .collect()
    }

    fn ten() -> Cursor<Params> {
        Cursor::new(Params {
            limit: Some(10),
            offset: 0,
        })
    }

    #[test]
    fn a_reported_limit_of_zero_is_no_page_size() {
        // A short page without a total ends the walk, whatever `limit: 0` says.
        assert_eq!(feed(&mut ten(), &[(0..3, None, Some(0))]), [false]);
        assert_eq!(feed(&mut ten(), &[(0..3, None, Some(3))]), [true]);
    }

    #[test]
    fn a_learned_page_size_keeps_a_stale_count_from_ending_the_walk() {
        // A server of 5-item pages says 12 items; one more arrives (a repeat: the list moved),
        // and the count, stale now, is passed by the third page, full at the server's size.
        let pages = [
            (0..5, Some(12), None),
            (4..9, Some(12), None),
            (9..14, Some(12), None),
        ];
        assert_eq!(feed(&mut ten(), &pages), [true, true, true]);
    }

    #[test]
    fn after_the_list_moved_a_count_just_reached_does_not_keep_the_walk_going() {
        // 25, then 26 (grown: moved): at offset 26 with a short page, the walk is over.
        let pages = [
            (0..10, Some(25), None),
            (9..19, Some(26), None),
            (19..25, Some(26), None),
        ];
        assert_eq!(feed(&mut ten(), &pages), [true, true, false]);
    }

    #[test]
    fn an_item_with_an_empty_id_ends_the_walk_saying_where() {
        let mut cursor = Cursor::new(Params {
            limit: Some(4),
            offset: 2,
        });
        fn id<'a>(s: &'a &str) -> Option<&'a str> {
            Some(s)
        }
        let e = cursor
            .accept(vec!["cs_1", "", "cs_2"], None, None, id)
            .unwrap_err();
        assert!(matches!(e, Error::Pagination(_)), "{e:?}");
        assert!(e.to_string().contains("offset 3 has an empty id"), "{e}");
        let mut cursor = Cursor::new(Params {
            limit: Some(4),
            offset: 0,
        });
        assert_eq!(
            cursor.accept(vec!["cs_1", "cs_2"], None, None, id).unwrap(),
            ["cs_1", "cs_2"]
        );
    }

    #[test]
    fn a_page_that_repeats_exactly_half_its_items_goes_on() {
        let mut cursor = Cursor::new(Params {
            limit: Some(4),
            offset: 0,
        });
        assert_eq!(
            cursor.receive(Ok(List(vec![1, 2, 3, 4], None))).unwrap(),
            [1, 2, 3, 4]
        );
        // The list shifted by two between the fetches: two repeats and two new items are a
        // list moving, not a server ignoring the offset.
        assert_eq!(
            cursor.receive(Ok(List(vec![3, 4, 5, 6], None))).unwrap(),
            [5, 6]
        );
        // One more repeat than new items ends the walk.
        assert!(cursor.receive(Ok(List(vec![5, 6, 9, 10], None))).is_ok());
        assert!(cursor.receive(Ok(List(vec![9, 10, 6, 11], None))).is_err());
    }

    /// A page that says which offset it starts at.
    struct Echoing(Vec<u32>, i128);

    impl Page for Echoing {
        type Item = u32;
        fn into_items(self) -> (Vec<u32>, Option<u64>) {
            (self.0, None)
        }
        fn offset(&self) -> Option<i128> {
            Some(self.1)
        }
        fn key(_: &u32) -> Option<&str> {
            None
        }
    }

    #[test]
    fn a_page_that_answers_another_offset_than_asked_ends_the_walk() {
        let mut cursor = Cursor::new(Params {
            limit: Some(2),
            offset: 0,
        });
        assert_eq!(cursor.receive(Ok(Echoing(vec![1, 2], 0))).unwrap(), [1, 2]);
        assert_eq!(cursor.receive(Ok(Echoing(vec![3, 4], 2))).unwrap(), [3, 4]);
        let err = cursor.receive(Ok(Echoing(vec![5, 6], 0))).unwrap_err();
        assert!(matches!(err, Error::Pagination(_)), "{err}");
        assert!(err.to_string().contains("offset 4"), "{err}");
        assert!(cursor.next_page().is_none());
        // A negative offset is an answer too, never the one asked for.
        let mut cursor = Cursor::new(Params {
            limit: Some(2),
            offset: 0,
        });
        assert!(cursor.receive(Ok(Echoing(vec![1, 2], -1))).is_err());
    }

    /// Serves `items` honestly, reporting `total`; records each request.
    fn server(items: Vec<u32>, total: Option<u64>) -> impl FnMut(&Params) -> Result<List, Error> {
        move |p| {
            let start = (p.offset as usize).min(items.len());
            let end = (start + p.limit.unwrap() as usize).min(items.len());
            Ok(List(items[start..end].to_vec(), total))
        }
    }

    fn collect(pages: impl Iterator<Item = Result<u32, Error>>) -> Vec<u32> {
        pages.map(Result::unwrap).collect()
    }

    #[test]
    fn walks_every_page_and_stops_at_total() {
        let items: Vec<u32> = (0..45).collect();
        let mut calls = Vec::new();
        let mut serve = server(items.clone(), Some(45));
        let pages = Pages::new(
            Params {
                limit: Some(10),
                offset: 0,
            },
            |p: &Params| {
                calls.push(p.offset);
                serve(p)
            },
        );
        assert_eq!(collect(pages), items);
        assert_eq!(calls, [0, 10, 20, 30, 40]);
    }

    #[test]
    fn exact_multiple_stops_without_an_extra_request_when_total_is_known() {
        let mut calls = 0;
        let mut serve = server((0..20).collect(), Some(20));
        let pages = Pages::new(
            Params {
                limit: Some(10),
                offset: 0,
            },
            |p: &Params| {
                calls += 1;
                serve(p)
            },
        );
        assert_eq!(collect(pages).len(), 20);
        assert_eq!(calls, 2);
    }

    #[test]
    fn without_total_an_empty_page_ends_it() {
        let pages = Pages::new(
            Params {
                limit: Some(10),
                offset: 0,
            },
            server((0..20).collect(), None),
        );
        assert_eq!(collect(pages).len(), 20);
    }

    #[test]
    fn a_server_that_caps_its_pages_is_walked_to_the_count_it_reports() {
        // Asked for 10 a page, it serves 4 and says there are 11.
        let items: Vec<u32> = (0..11).collect();
        let mut asked = Vec::new();
        let pages = Pages::new(
            Params {
                limit: Some(10),
                offset: 0,
            },
            |p: &Params| {
                asked.push(p.offset);
                let start = p.offset as usize;
                let end = (start + 4).min(items.len());
                Ok(List(items[start..end].to_vec(), Some(11)))
            },
        );
        assert_eq!(collect(pages), items);
        assert_eq!(asked, [0, 4, 8]);
    }

    #[test]
    fn a_short_page_ends_the_walk_when_no_count_says_more_follow() {
        for total in [None, Some(3), Some(2)] {
            let mut requests = 0;
            let pages = Pages::new(
                Params {
                    limit: Some(10),
                    offset: 0,
                },
                |_: &Params| {
                    requests += 1;
                    Ok(List(vec![1, 2, 3], total))
                },
            );
            assert_eq!(collect(pages), [1, 2, 3], "total {total:?}");
            assert_eq!(requests, 1, "total {total:?}");
        }
    }

    #[test]
    fn an_inflated_total_ends_on_the_short_page() {
        let pages = Pages::new(
            Params {
                limit: Some(10),
                offset: 5,
            },
            server((0..25).collect(), Some(1000)),
        );
        assert_eq!(collect(pages), (5..25).collect::<Vec<_>>());
    }

    /// Walks `fetch` to its end, or to 1,000 items; the items and the error it ended with.
    fn walk(
        limit: u64,
        fetch: impl FnMut(&Params) -> Result<List, Error>,
    ) -> (Vec<u32>, Option<String>) {
        let mut items = Vec::new();
        for item in Pages::new(
            Params {
                limit: Some(limit),
                offset: 0,
            },
            fetch,
        )
        .take(1000)
        {
            match item {
                Ok(item) => items.push(item),
                Err(e) => return (items, Some(e.to_string())),
            }
        }
        (items, None)
    }

    #[test]
    fn a_repeated_page_ends_it_with_an_error() {
        let mut calls = 0;
        let (items, error) = walk(3, |_| {
            calls += 1;
            Ok(List(vec![1, 2, 3], Some(1_000_000)))
        });
        assert_eq!(items, [1, 2, 3]);
        assert!(error.unwrap().contains("repeats 3 of its 3 items"));
        assert_eq!(calls, 2);
    }

    #[test]
    fn alternating_pages_end_it_with_an_error() {
        let mut calls = 0;
        let (items, error) = walk(3, |_| {
            calls += 1;
            Ok(List(
                if calls % 2 == 1 {
                    vec![1, 2, 3]
                } else {
                    vec![4, 5, 6]
                },
                None,
            ))
        });
        assert_eq!(items, [1, 2, 3, 4, 5, 6]);
        assert!(error.unwrap().contains("ignores the offset"));
        assert_eq!(calls, 3);
    }

    #[test]
    fn a_page_whose_first_item_changes_on_every_fetch_ends_it_with_an_error() {
        let mut calls = 0;
        let (items, error) = walk(10, |_| {
            calls += 1;
            let mut page: Vec<u32> = (1..10).collect();
            page.insert(0, 1000 + calls);
            Ok(List(page, None))
        });
        assert_eq!(items.len(), 10);
        assert!(error.is_some());
        assert_eq!(calls, 2);
    }

    #[test]
    fn a_page_larger_than_asked_ends_it_with_an_error() {
        let mut next = 0;
        let (items, error) = walk(10, |_| {
            next += 30;
            Ok(List((next - 30..next).collect(), None))
        });
        assert!(items.is_empty());
        assert!(error.unwrap().contains("30 items where 10 were asked for"));
    }

    #[test]
    fn a_list_that_shifts_a_little_is_walked_without_handing_an_item_out_twice() {
        // One new item lands at the front between two fetches: the page at offset 10 starts
        // with the last item of the page before.
        let mut calls = 0;
        let (items, error) = walk(10, |p| {
            calls += 1;
            let shift = u32::from(calls > 1);
            let list: Vec<u32> = (0..(25 + shift)).collect();
            let start = (p.offset as usize).min(list.len());
            let end = (start + 10).min(list.len());
            Ok(List(list[start..end].to_vec(), None))
        });
        assert_eq!(error, None);
        assert_eq!(items, (0..26).collect::<Vec<_>>());
    }

    #[test]
    fn a_total_that_counts_only_the_page_does_not_end_the_walk() {
        // lomi.'s server reports `total` as the page's length.
        let items: Vec<u32> = (0..45).collect();
        let (walked, error) = walk(10, |p| {
            let start = (p.offset as usize).min(items.len());
            let end = (start + 10).min(items.len());
            let page = items[start..end].to_vec();
            let total = page.len() as u64;
            Ok(List(page, Some(total)))
        });
        assert_eq!(error, None);
        assert_eq!(walked, items);
    }

    #[test]
    fn an_error_is_yielded_once_and_ends_it() {
        let mut calls = 0;
        let mut pages = Pages::new(
            Params {
                limit: None,
                offset: 0,
            },
            |p: &Params| {
                calls += 1;
                assert_eq!(p.limit, Some(DEFAULT_PAGE_SIZE));
                if calls == 1 {
                    Ok(List((0..20).collect(), None))
                } else {
                    Err(Error::invalid_request("boom"))
                }
            },
        );
        for _ in 0..20 {
            assert!(pages.next().unwrap().is_ok());
        }
        assert!(pages.next().unwrap().is_err());
        assert!(pages.next().is_none());
        assert!(pages.next().is_none());
    }

    #[test]
    fn a_nullable_item_array_lists_its_items() {
        assert_eq!(Listed::listed(Some(vec![1, 2])), [1, 2]);
        assert!(Listed::<u8>::listed(None::<Vec<u8>>).is_empty());
        assert_eq!(Listed::listed(vec![3]), [3]);
    }

    #[test]
    fn a_total_counts_as_the_spec_types_it() {
        assert_eq!(Count::count(7_i64), Some(7));
        assert_eq!(Count::count(-1_i64), None);
        assert_eq!(Count::count(7_u64), Some(7));
        assert_eq!(Count::count(Some(7_i64)), Some(7));
        assert_eq!(Count::count(None::<i64>), None);
        assert_eq!(Count::count(Some(Some(9_u64))), Some(9));
        assert_eq!(Count::count(Some(None::<u64>)), None);
    }
}
