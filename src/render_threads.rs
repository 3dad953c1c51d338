//! Page renders on threads of their own, each with a single-threaded tokio runtime.
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
//! So the page is rendered here and only its finished bytes go back to the main runtime. The
//! page waits for nothing but memory (the settings), so a render is a millisecond or two of CPU.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use tokio::sync::{mpsc, oneshot};

type Job = Pin<Box<dyn Future<Output = ()> + Send>>;

pub struct RenderThreads {
    queues: Vec<mpsc::UnboundedSender<Job>>,
    next: AtomicUsize,
}

impl RenderThreads {
    /// The process's render threads, one per core up to four, started on first use.
    pub fn get() -> &'static RenderThreads {
        static THREADS: OnceLock<RenderThreads> = OnceLock::new();
        THREADS.get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            Self::start(cores.clamp(1, 4))
        })
    }

    fn start(count: usize) -> Self {
        let queues = (0..count)
            .filter_map(|index| {
                let (queue, mut jobs) = mpsc::unbounded_channel::<Job>();
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
                let started = runtime.and_then(|runtime| {
                    std::thread::Builder::new().name(format!("page-render-{index}")).spawn(move || {
                        runtime.block_on(async {
                            while let Some(job) = jobs.recv().await {
                                tokio::spawn(job);
                            }
                        })
                    })
                });
                match started {
                    Ok(_) => Some(queue),
                    Err(error) => {
                        tracing::error!(%error, "cannot start a page render thread");
                        None
                    }
                }
            })
            .collect();
        Self { queues, next: AtomicUsize::new(0) }
    }

    /// Runs `future` on a render thread and returns its output, or `None` when it panicked or no
    /// render thread could be started. Futures are lazy, so none of it runs before it gets there.
    pub async fn run<F>(&self, future: F) -> Option<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        if self.queues.is_empty() {
            return None;
        }
        let (done, output) = oneshot::channel();
        let job: Job = Box::pin(async move {
            let _ = done.send(future.await);
        });
        let index = self.next.fetch_add(1, Ordering::Relaxed) % self.queues.len();
        self.queues[index].send(job).ok()?;
        output.await.ok()
    }
}
