//! The per-IdP key cache, after zitadel's `jwks.go`: fetched lazily, refreshed after a
//! TTL, refetched on an unknown `kid` (rate-limited), concurrent misses share ONE fetch,
//! and the old keys stay when a fetch fails. A failure is remembered for a backoff (10 s,
//! doubling up to a minute), and a login waits for another's fetch no longer than its own
//! deadline (crate::outage).

use crate::api::FetchCounts;
use crate::Code;
use std::sync::{Arc, Mutex, PoisonError};

use crate::jwks::{KeySet, Selection, VerificationKey};
use crate::outage::{self, Calls, SingleFlight};
use crate::text::quote;
use crate::types::SigningAlg;
use crate::Error;

/// How long a fetched key set is used before it is fetched again.
pub const JWKS_TTL_SECONDS: i64 = 3600;
/// Minimum time between two fetches caused by unknown keys or failures.
pub const JWKS_MIN_REFETCH_SECONDS: i64 = 10;

#[derive(Debug, Default)]
pub(crate) struct JwksCache {
    state: Mutex<State>,
    /// The single flight that concurrent misses wait for.
    fetching: SingleFlight,
}

#[derive(Debug, Default, Clone)]
struct State {
    keys: Arc<KeySet>,
    /// Bumped by every fetch attempt, successful or not.
    generation: u64,
    fetched_at: Option<i64>,
    attempted_at: Option<i64>,
    last_error: Option<Error>,
    /// Failed attempts in a row.
    failures: u32,
    /// Every fetch, for `engineInfo` (`jwksFetches`).
    fetches: FetchCounts,
}

impl State {
    fn is_fresh(&self, now: i64) -> bool {
        self.fetched_at.is_some_and(|t| now < t + JWKS_TTL_SECONDS)
    }

    fn recently_attempted(&self, now: i64) -> bool {
        let wait = if self.failures == 0 {
            JWKS_MIN_REFETCH_SECONDS
        } else {
            outage::failure_backoff(self.failures, JWKS_MIN_REFETCH_SECONDS)
        };
        self.attempted_at.is_some_and(|t| now < t + wait)
    }
}

impl JwksCache {
    /// The key for a token's `kid` and `alg`, fetching the set when needed.
    pub(crate) fn key_for(
        &self,
        kid: Option<&str>,
        alg: SigningAlg,
        now: i64,
        calls: &Calls<'_>,
        fetch: &dyn Fn() -> Result<KeySet, Error>,
    ) -> Result<VerificationKey, Error> {
        // The usual case, a fresh set with the key, answered under the lock: no copy of the
        // state (its `Arc` and last error) for each token, only the key's clone.
        let seen = {
            let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if state.is_fresh(now) {
                match state.keys.select(kid, alg) {
                    Selection::NotFound => {}
                    other => return choose(other, kid, alg, None),
                }
            }
            state.clone()
        };
        if seen.recently_attempted(now) {
            // A fetch just happened (or failed recently): answer from what it left.
            let selection = seen.keys.select(kid, alg);
            return choose(selection, kid, alg, seen.last_error.as_ref());
        }
        calls.enter()?;
        let Some(_single_flight) = self.fetching.start(calls.deadline()) else {
            let current = self.snapshot();
            return match current.keys.select(kid, alg) {
                Selection::NotFound => Err(calls.waited_too_long()),
                other => choose(other, kid, alg, None),
            };
        };
        let current = self.snapshot();
        if current.generation != seen.generation || current.recently_attempted(now) {
            // Someone fetched while we waited (or just before): use that, don't fetch again.
            let selection = current.keys.select(kid, alg);
            return choose(selection, kid, alg, current.last_error.as_ref());
        }
        let fetched = fetch();
        let updated = self.record(fetched, now);
        let selection = updated.keys.select(kid, alg);
        choose(selection, kid, alg, updated.last_error.as_ref())
    }

    /// The fetches so far, successful and failed.
    pub(crate) fn fetches(&self) -> FetchCounts {
        self.snapshot().fetches
    }

    fn snapshot(&self) -> State {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Stores a fetch result; a failure keeps the old keys.
    fn record(&self, fetched: Result<KeySet, Error>, now: i64) -> State {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.generation += 1;
        state.attempted_at = Some(now);
        state.fetches.count(&fetched);
        match fetched {
            Ok(keys) => {
                state.keys = Arc::new(keys);
                state.fetched_at = Some(now);
                state.last_error = None;
                state.failures = 0;
            }
            Err(e) => {
                state.last_error = Some(e);
                state.failures = state.failures.saturating_add(1);
            }
        }
        state.clone()
    }
}

fn choose(
    selection: Selection<'_>,
    kid: Option<&str>,
    alg: SigningAlg,
    fetch_error: Option<&Error>,
) -> Result<VerificationKey, Error> {
    match (selection, fetch_error) {
        (Selection::Found(key), _) => Ok(key.clone()),
        (Selection::Ambiguous(n), _) => Err(Error::auth(
            Code::AmbiguousSigningKey,
            format!(
                "the ID token names no `kid` and the IdP publishes {n} {alg} keys; \
                 configure the IdP to put `kid` in token headers"
            ),
        )),
        (Selection::NotFound, Some(e)) => Err(e.clone()),
        (Selection::NotFound, None) => Err(Error::auth(
            Code::UnknownSigningKey,
            format!(
                "no {} key {} usable for {alg} in the IdP's JWKS (even after refetching); \
                 check the IdP's signing keys and allowedAlgorithms",
                alg.key_type(),
                kid.map(|k| format!("with kid {}", quote(k)))
                    .unwrap_or_else(|| "without kid".into()),
            ),
        )),
    }
}
