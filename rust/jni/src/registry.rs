//! The engine registry: slots of `(generation, Option<Arc<T>>)` behind one reader-writer lock.
//!
//! Java holds a handle `(slot index << 32) | generation`. A handle is honoured only while
//! its slot holds a value of the same generation, so a closed, stale (slot reused) or
//! forged handle is refused, never dereferenced. Every call on an engine looks it up
//! ([`Registry::get`]) under the shared read lock, so concurrent calls never wait for each
//! other (with a mutex, two request threads queued on it for every token); only `insert`,
//! `replace`, `remove` and `clear` (plugin start, configuration save, shutdown) take the write
//! lock. Callers clone the `Arc` and drop the lock before working, so a reload (swap in the
//! slot) never waits for calls in flight, and those calls finish on the engine they started
//! with.

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// A handle that names no live value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaleHandle(pub i64);

impl std::fmt::Display for StaleHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "oidc-sso engine handle {:#x} is closed or was never issued (was the plugin reloaded?)",
            self.0
        )
    }
}

#[derive(Debug)]
struct Slot<T> {
    generation: u32,
    value: Option<Arc<T>>,
}

/// Generation-checked slots. `T` is the engine; tests use any type.
#[derive(Debug)]
pub struct Registry<T> {
    slots: RwLock<Vec<Slot<T>>>,
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Registry::new()
    }
}

impl<T> Registry<T> {
    pub const fn new() -> Registry<T> {
        Registry {
            slots: RwLock::new(Vec::new()),
        }
    }

    /// A panic elsewhere while holding the lock leaves the slots consistent (every
    /// mutation is a single assignment), so a poisoned lock is still usable.
    fn read(&self) -> RwLockReadGuard<'_, Vec<Slot<T>>> {
        self.slots.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Vec<Slot<T>>> {
        self.slots.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stores `value` in a free slot (reusing a closed one with a new generation).
    pub fn insert(&self, value: Arc<T>) -> i64 {
        let mut slots = self.write();
        let index = match slots.iter().position(|slot| slot.value.is_none()) {
            Some(index) => {
                let slot = &mut slots[index];
                slot.generation = next_generation(slot.generation);
                slot.value = Some(value);
                index
            }
            None => {
                slots.push(Slot {
                    generation: 1,
                    value: Some(value),
                });
                slots.len() - 1
            }
        };
        handle(index, slots[index].generation)
    }

    /// The value behind `handle` (the read lock is released when this returns).
    pub fn get(&self, handle: i64) -> Result<Arc<T>, StaleHandle> {
        let slots = self.read();
        let slot = live_slot(&slots, handle)?;
        slot.value.clone().ok_or(StaleHandle(handle))
    }

    /// Swaps the value behind `handle`; returns the previous one (calls in flight keep it).
    pub fn replace(&self, handle: i64, value: Arc<T>) -> Result<Arc<T>, StaleHandle> {
        let mut slots = self.write();
        let index = live_index(&slots, handle)?;
        slots[index].value.replace(value).ok_or(StaleHandle(handle))
    }

    /// Frees the slot; the handle becomes stale. Returns the value for dropping
    /// outside the lock.
    pub fn remove(&self, handle: i64) -> Result<Arc<T>, StaleHandle> {
        let mut slots = self.write();
        let index = live_index(&slots, handle)?;
        slots[index].value.take().ok_or(StaleHandle(handle))
    }

    /// Frees every slot (shutdown). Generations survive, so old handles stay stale.
    pub fn clear(&self) -> Vec<Arc<T>> {
        self.write()
            .iter_mut()
            .filter_map(|slot| slot.value.take())
            .collect()
    }
}

fn handle(index: usize, generation: u32) -> i64 {
    ((index as i64) << 32) | i64::from(generation)
}

/// Generation 0 is never issued, so the handle 0 (an uninitialised Java `long`) is stale.
fn next_generation(generation: u32) -> u32 {
    match generation.wrapping_add(1) {
        0 => 1,
        next => next,
    }
}

fn live_index<T>(slots: &[Slot<T>], handle: i64) -> Result<usize, StaleHandle> {
    let index = usize::try_from(handle >> 32).map_err(|_| StaleHandle(handle))?;
    let generation = (handle & 0xffff_ffff) as u32;
    match slots.get(index) {
        Some(slot) if slot.generation == generation && slot.value.is_some() => Ok(index),
        _ => Err(StaleHandle(handle)),
    }
}

fn live_slot<T>(slots: &[Slot<T>], handle: i64) -> Result<&Slot<T>, StaleHandle> {
    live_index(slots, handle).map(|index| &slots[index])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_when_handle_issued_then_value_returned() {
        let registry = Registry::new();
        let handle = registry.insert(Arc::new("a"));

        assert_eq!(registry.get(handle).as_deref(), Ok(&"a"));
    }

    #[test]
    fn get_when_handle_closed_then_stale() {
        let registry = Registry::new();
        let handle = registry.insert(Arc::new("a"));
        assert!(registry.remove(handle).is_ok());

        assert_eq!(registry.get(handle), Err(StaleHandle(handle)));
        assert_eq!(registry.remove(handle), Err(StaleHandle(handle)));
        assert_eq!(
            registry.replace(handle, Arc::new("b")),
            Err(StaleHandle(handle))
        );
    }

    #[test]
    fn get_when_handle_never_issued_then_stale() {
        let registry: Registry<&str> = Registry::new();
        registry.insert(Arc::new("a"));

        for forged in [0, -1, 1 << 32, (5 << 32) | 1, 2, i64::MIN, i64::MAX] {
            assert_eq!(
                registry.get(forged),
                Err(StaleHandle(forged)),
                "{forged:#x}"
            );
        }
    }

    #[test]
    fn insert_when_slot_closed_then_reused_with_bumped_generation() {
        let registry = Registry::new();
        let old = registry.insert(Arc::new("old"));
        registry.remove(old).ok();

        let new = registry.insert(Arc::new("new"));

        assert_eq!(new >> 32, old >> 32, "same slot");
        assert_eq!(new & 0xffff_ffff, (old & 0xffff_ffff) + 1);
        assert_eq!(registry.get(old), Err(StaleHandle(old)));
        assert_eq!(registry.get(new).as_deref(), Ok(&"new"));
    }

    #[test]
    fn insert_when_slots_live_then_distinct_handles() {
        let registry = Registry::new();
        let a = registry.insert(Arc::new("a"));
        let b = registry.insert(Arc::new("b"));

        assert_ne!(a, b);
        assert_eq!(registry.get(a).as_deref(), Ok(&"a"));
        assert_eq!(registry.get(b).as_deref(), Ok(&"b"));
    }

    #[test]
    fn replace_when_call_in_flight_then_old_value_kept_by_caller_and_handle_unchanged() {
        let registry = Registry::new();
        let handle = registry.insert(Arc::new("v1"));
        let in_flight = registry.get(handle).ok();

        let previous = registry.replace(handle, Arc::new("v2"));

        assert_eq!(previous.as_deref(), Ok(&"v1"));
        assert_eq!(in_flight.as_deref(), Some(&"v1"));
        assert_eq!(registry.get(handle).as_deref(), Ok(&"v2"));
    }

    #[test]
    fn clear_when_called_then_every_handle_stale_and_values_returned() {
        let registry = Registry::new();
        let a = registry.insert(Arc::new("a"));
        let b = registry.insert(Arc::new("b"));

        assert_eq!(registry.clear().len(), 2);

        assert!(registry.get(a).is_err());
        assert!(registry.get(b).is_err());
        let c = registry.insert(Arc::new("c"));
        assert_ne!(c, a, "a reused slot gets a new generation");
    }

    #[test]
    fn get_when_replaced_concurrently_then_every_caller_gets_a_whole_value_never_stale() {
        let registry = Registry::new();
        let handle = registry.insert(Arc::new(0_u32));
        let last = 2_000_u32;

        std::thread::scope(|scope| {
            let readers: Vec<_> = (0..3)
                .map(|_| {
                    scope.spawn(|| {
                        let mut seen = 0;
                        while seen < last {
                            let value = registry.get(handle).map(|v| *v);
                            assert!(matches!(value, Ok(v) if v <= last), "{value:?}");
                            // Replacements are in order: a caller never goes back in time.
                            let value = value.unwrap_or_default();
                            assert!(value >= seen, "{value} after {seen}");
                            seen = value;
                        }
                    })
                })
                .collect();
            for value in 1..=last {
                assert!(registry.replace(handle, Arc::new(value)).is_ok());
            }
            for reader in readers {
                assert!(reader.join().is_ok());
            }
        });

        assert_eq!(registry.get(handle).as_deref(), Ok(&last));
    }

    #[test]
    fn get_when_closed_and_slot_reused_concurrently_then_old_handle_never_sees_new_value() {
        let registry = Registry::new();
        let old = registry.insert(Arc::new("old"));
        let in_flight = registry.get(old);

        std::thread::scope(|scope| {
            let reader = scope.spawn(|| {
                // Until the close, "old"; from then on stale, whatever the slot holds next.
                let mut closed = false;
                for _ in 0..20_000 {
                    match registry.get(old).as_deref() {
                        Ok(&"old") if !closed => {}
                        Err(StaleHandle(h)) if *h == old => closed = true,
                        other => panic!("old handle answered {other:?} (closed: {closed})"),
                    }
                }
            });
            assert!(registry.remove(old).is_ok());
            let new = registry.insert(Arc::new("new"));
            assert_eq!(new >> 32, old >> 32, "the slot is reused");
            for _ in 0..500 {
                assert!(registry.replace(new, Arc::new("new")).is_ok());
            }
            assert!(reader.join().is_ok());
        });

        // The call that started before the close still holds its engine.
        assert_eq!(in_flight.as_deref(), Ok(&"old"));
        assert_eq!(registry.get(old), Err(StaleHandle(old)));
    }

    #[test]
    fn get_when_many_callers_then_all_served_while_a_call_holds_the_value() {
        let registry = Registry::new();
        let handle = registry.insert(Arc::new(7_u8));
        let held = registry.get(handle);

        std::thread::scope(|scope| {
            let callers: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| (0..5_000).all(|_| registry.get(handle).is_ok())))
                .collect();
            for caller in callers {
                assert_eq!(caller.join().ok(), Some(true));
            }
        });

        assert_eq!(held.as_deref(), Ok(&7));
        assert_eq!(
            registry.remove(handle).map(|v| Arc::strong_count(&v)),
            Ok(2)
        );
    }

    #[test]
    fn next_generation_when_wrapping_then_skips_zero() {
        assert_eq!(next_generation(u32::MAX), 1);
        assert_eq!(next_generation(1), 2);
    }
}
