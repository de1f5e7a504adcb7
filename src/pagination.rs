//! Lazy iteration over every item of a list operation, page by page.
//!
//! Generated code implements [`Page`] for each list response and [`PageParams`] for each list
//! operation's parameters; the iterator itself is written once, here.

use std::vec;

use crate::Error;

/// A list response: its items and, when the server says, the total count.
pub(crate) trait Page {
    /// One item of the list.
    type Item;
    /// The items of this page and the reported total.
    fn into_items(self) -> (Vec<Self::Item>, Option<u64>);
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

/// Where a walk over a list stands: the next offset, the page size, and whether it is over.
///
/// Shared by the blocking iterator and the async stream, so both stop by the same rules: after
/// `total` items, on an empty or short page, on a page served twice, or after an error.
pub(crate) struct Cursor<P, T> {
    params: P,
    offset: u64,
    page_size: u64,
    done: bool,
    /// First and last item of the previous page, to notice a page served twice.
    edges: Option<(T, T)>,
}

impl<P: PageParams, T: Clone + PartialEq> Cursor<P, T> {
    pub(crate) fn new(params: P) -> Self {
        Self {
            offset: params.start(),
            page_size: params.page_size().unwrap_or(DEFAULT_PAGE_SIZE),
            params,
            done: false,
            edges: None,
        }
    }

    /// The parameters of the next page to fetch, or `None` when the walk is over.
    pub(crate) fn next_page(&self) -> Option<P> {
        (!self.done).then(|| self.params.window(self.offset, self.page_size))
    }

    /// Ends the walk (after an error was handed out).
    pub(crate) fn stop(&mut self) {
        self.done = true;
    }

    /// Takes a fetched page: its new items, and whether another page follows.
    pub(crate) fn accept(&mut self, items: Vec<T>, total: Option<u64>) -> Vec<T> {
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            self.done = true;
            return Vec::new();
        };
        let edges = (first.clone(), last.clone());
        if self.edges.as_ref() == Some(&edges) {
            log::warn!(
                target: "lomi",
                "the page at offset {} repeats the previous page; stopping",
                self.offset
            );
            self.done = true;
            return Vec::new();
        }
        let count = items.len() as u64;
        self.offset = self.offset.saturating_add(count);
        if count < self.page_size || total.is_some_and(|total| self.offset >= total) {
            self.done = true;
        }
        self.edges = Some(edges);
        items
    }
}

/// The iterator behind every generated `…_iter` method.
pub(crate) struct Pages<P, L: Page, F> {
    cursor: Cursor<P, L::Item>,
    fetch: F,
    buffer: vec::IntoIter<L::Item>,
}

impl<P, L, F> Pages<P, L, F>
where
    P: PageParams,
    L: Page,
    L::Item: Clone + PartialEq,
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
    L::Item: Clone + PartialEq,
    F: FnMut(&P) -> Result<L, Error>,
{
    type Item = Result<L::Item, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            let params = self.cursor.next_page()?;
            match (self.fetch)(&params) {
                Err(error) => {
                    self.cursor.stop();
                    return Some(Err(error));
                }
                Ok(page) => {
                    let (items, total) = page.into_items();
                    self.buffer = self.cursor.accept(items, total).into_iter();
                }
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
    L::Item: Clone + PartialEq,
    F: FnMut(P) -> Fut,
    Fut: std::future::Future<Output = Result<L, Error>>,
{
    let state = (
        Cursor::<P, L::Item>::new(params),
        fetch,
        Vec::new().into_iter(),
    );
    futures_util::stream::unfold(state, |(mut cursor, mut fetch, mut buffer)| async move {
        loop {
            if let Some(item) = buffer.next() {
                return Some((Ok(item), (cursor, fetch, buffer)));
            }
            let params = cursor.next_page()?;
            match fetch(params).await {
                Err(error) => {
                    cursor.stop();
                    return Some((Err(error), (cursor, fetch, buffer)));
                }
                Ok(page) => {
                    let (items, total) = page.into_items();
                    buffer = cursor.accept(items, total).into_iter();
                }
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

    #[test]
    fn a_repeated_page_ends_it() {
        let mut calls = 0;
        let pages = Pages::new(
            Params {
                limit: Some(3),
                offset: 0,
            },
            |_: &Params| {
                calls += 1;
                Ok(List(vec![1, 2, 3], Some(1_000_000)))
            },
        );
        assert_eq!(collect(pages), [1, 2, 3]);
        assert_eq!(calls, 2);
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
}
