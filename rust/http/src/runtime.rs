//! The tokio runtime this crate owns: created on first use, stopped by [`shutdown`].
//!
//! Clients hold only a `Weak` reference, so `shutdown` really stops the threads: the
//! runtime goes away as soon as the calls in flight (which hold a strong reference for
//! their duration) have finished.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use oidc_sso_core::{HttpError, HttpErrorKind};
use tokio::runtime::Runtime;

/// Worker threads: outbound calls are few and short (discovery, JWKS, token endpoint).
const WORKER_THREADS: usize = 2;
/// Blocking threads serve DNS lookups only.
const MAX_BLOCKING_THREADS: usize = 4;
/// How long stopping waits for a blocking task (a DNS lookup) before leaving it behind.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

static RUNTIME: Mutex<Option<Arc<OwnedRuntime>>> = Mutex::new(None);

/// A runtime that shuts down with a bounded wait when its last user lets go of it
/// (a plain `Runtime` drop waits for blocking tasks without limit).
#[derive(Debug)]
pub(crate) struct OwnedRuntime {
    runtime: Option<Runtime>,
}

impl OwnedRuntime {
    pub(crate) fn runtime(&self) -> Option<&Runtime> {
        self.runtime.as_ref()
    }
}

impl Drop for OwnedRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(SHUTDOWN_GRACE);
        }
    }
}

/// The current runtime, started if needed (again after a [`shutdown`]).
pub(crate) fn current() -> Result<Arc<OwnedRuntime>, HttpError> {
    let mut slot = RUNTIME.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(runtime) = slot.as_ref() {
        return Ok(Arc::clone(runtime));
    }
    let runtime = Arc::new(OwnedRuntime {
        runtime: Some(build()?),
    });
    *slot = Some(Arc::clone(&runtime));
    Ok(runtime)
}

fn build() -> Result<Runtime, HttpError> {
    static THREAD_ID: AtomicUsize = AtomicUsize::new(1);
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKER_THREADS)
        .max_blocking_threads(MAX_BLOCKING_THREADS)
        .thread_name_fn(|| {
            format!(
                "oidc-sso-http-{}",
                THREAD_ID.fetch_add(1, Ordering::Relaxed)
            )
        })
        .enable_all()
        .build()
        .map_err(|e| {
            HttpError::new(
                HttpErrorKind::Settings,
                format!("could not start the HTTP runtime threads: {e}"),
            )
        })
}

/// Stops the runtime threads. Calls in flight finish first (the last one stops the
/// threads); later calls through existing clients fail; new clients start a new runtime.
pub fn shutdown() {
    let runtime = RUNTIME
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    // Dropped outside the lock: waiting for the threads must not block `current()`.
    drop(runtime);
}
