//! The server-rendered page, rendered on threads of its own.
//!
//! Leptos keeps the current reactive owner and arena in thread-locals, and some of its code
//! sets them without restoring them (`Owner::new_root`, `Sandboxed::poll`). On a multi-threaded
//! runtime, where a render's tasks hop between worker threads and share them with other
//! requests, one request's cleanup then sometimes disposes another's signals mid-render: with
//! 8 worker threads the server panicked in 2 of 38k page renders ("tried to access a reactive
//! value … already disposed"), and so did 5 of 80 runs of a test rendering 400 pages on 4.
//! Giving each task a fresh owner did not cure it. Renders that stay on one thread, interleaved
//! there as they may be, never showed it: 0 of 73k pages, 0 of 120 test runs.
//!
//! So the page is rendered on a [`LocalPoolHandle`] (threads with a single-threaded runtime
//! each) and only its finished bytes go back to the main runtime. The page waits for nothing
//! but memory (the settings), so a render is a millisecond or two of CPU.

use std::future::Future;
use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use tokio_util::task::LocalPoolHandle;

/// The process's render threads, one per core up to four, started on first use.
fn render_threads() -> &'static LocalPoolHandle {
    static THREADS: OnceLock<LocalPoolHandle> = OnceLock::new();
    THREADS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        LocalPoolHandle::new(cores.clamp(1, 4))
    })
}

/// Renders the page for `request` with `render` on a render thread. A render that panics or
/// whose body fails is answered with a 500 that asks for a reload.
pub async fn render<R, F>(render: R, request: Request) -> Response
where
    R: FnOnce(Request) -> F + Send + 'static,
    F: Future<Output = Response> + 'static,
{
    let rendered =
        render_threads().spawn_pinned(move || async move { buffered(render(request).await).await });
    let mut response = rendered.await.ok().flatten().unwrap_or_else(|| {
        tracing::error!("the page render failed");
        (StatusCode::INTERNAL_SERVER_ERROR, "The page could not be rendered; please reload.").into_response()
    });
    // The page's language comes from these (see `i18n`): a cache must not serve one
    // operator's language to another.
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("cookie, accept-language"));
    response
}

/// The response with its whole body read, so that nothing of the render runs after it is
/// handed back to the main runtime; `None` when the body failed.
async fn buffered(response: Response) -> Option<Response> {
    let (parts, body) = response.into_parts();
    match body.collect().await {
        Ok(body) => Some(Response::from_parts(parts, Body::from(body.to_bytes()))),
        Err(error) => {
            tracing::error!(%error, "the rendered page's body failed");
            None
        }
    }
}
