// Where oidc-provider's memory adapter keeps sessions, grants and codes. Its own store is an LRU of
// 1,000 entries: 200 concurrent sign-ins (the hostile-input end-to-end tests) would evict their own
// authorization codes before they are redeemed. This one keeps every entry until it expires; a dev
// IdP lives for one demo or one test run, so nothing needs evicting.

export class ExpiringStore {
  #entries = new Map();

  get(key) {
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    if (entry.expiresAt !== 0 && entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  // The adapter passes the lifetime in milliseconds as the third argument.
  set(key, value, maxAgeMs) {
    const expiresAt = typeof maxAgeMs === 'number' && maxAgeMs > 0 ? Date.now() + maxAgeMs : 0;
    this.#entries.set(key, { value, expiresAt });
  }

  delete(key) {
    this.#entries.delete(key);
  }

  get size() {
    return this.#entries.size;
  }
}
