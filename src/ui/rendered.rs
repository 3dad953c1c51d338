//! The server's answers a page is rendered with. Blocking: the server waits for them before it
//! sends the page, so the page shows them before its WASM loads, and the browser hydrates with
//! the same values, read back with the page's JSON readers.

use std::future::Future;

use leptos::prelude::*;
use serde::Serialize;

use crate::json::{FromJson, JsonTextEncoding};

/// An answer fetched once per page.
#[track_caller]
pub fn rendered_once<T>(answer: impl Future<Output = T> + Send + 'static) -> OnceResource<T, JsonTextEncoding>
where
    T: Serialize + FromJson + Send + Sync + 'static,
{
    OnceResource::new_with_options(answer, true)
}

/// An answer fetched again whenever `source` changes.
#[track_caller]
pub fn rendered<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetch: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, JsonTextEncoding>
where
    T: Serialize + FromJson + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetch, true)
}
