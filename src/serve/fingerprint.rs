//! Fingerprints of route dependencies: a fast hasher and the map of route paths it keys.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use crate::routes::Deps;

/// A fast non-cryptographic hasher (the Fx hash of rustc) for the route table, which hashes
/// every route on each structural edit.
#[derive(Default, Clone, Copy)]
pub(super) struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A map keyed by site path, hashed with [`Fx`].
pub(super) type FxMap<V> = HashMap<String, V, BuildHasherDefault<Fx>>;

/// The fingerprint of a route's dependencies: equal deps, equal fingerprints.
pub(super) fn fingerprint(deps: &Deps) -> u64 {
    let mut h = Fx::default();
    deps.hash(&mut h);
    h.finish()
}
