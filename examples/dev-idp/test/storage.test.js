import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ExpiringStore } from '../storage.js';

test('store when more than 1,000 entries then none is evicted', () => {
  const store = new ExpiringStore();
  for (let i = 0; i < 5000; i += 1) {
    store.set(`AuthorizationCode:${i}`, { i }, 60_000);
  }
  assert.deepEqual(store.get('AuthorizationCode:0'), { i: 0 });
  assert.equal(store.size, 5000);
});

test('store when entry expired then gone', () => {
  const store = new ExpiringStore();
  store.set('a', 1, 1);
  const until = Date.now() + 5;
  while (Date.now() < until) { /* let it expire */ }
  assert.equal(store.get('a'), undefined);
  store.set('b', 2);
  assert.equal(store.get('b'), 2);
});
