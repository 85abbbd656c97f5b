/** Live validation's wait grows with what validating the document costs, within bounds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_DEBOUNCE_MS, MAX_DEBOUNCE_MS, debounceAfter } from '../../../src/extension/language/validationPace';

void test('a cheap or never-validated spec is checked 250 ms after typing stops', () => {
  assert.equal(debounceAfter(undefined), BASE_DEBOUNCE_MS);
  assert.equal(debounceAfter(3), BASE_DEBOUNCE_MS);
  assert.equal(debounceAfter(Number.NaN), BASE_DEBOUNCE_MS);
});

void test('an expensive spec waits four times its last validation, so typing keeps 80 % of the time', () => {
  assert.equal(debounceAfter(400), 1600);
  assert.equal(debounceAfter(2500), 10_000);
});

void test('the wait is capped, so problems still show soon after a pause', () => {
  assert.equal(debounceAfter(60_000), MAX_DEBOUNCE_MS);
});
