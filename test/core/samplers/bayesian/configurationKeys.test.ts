/** The remembered configuration keys (configurationKeys.ts) are exactly paramsKey's. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rememberingParamsKey } from '../../../../src/core/samplers/bayesian/configurationKeys';
import { paramsKey } from '../../../../src/core/space/encoding';
import type { Params } from '../../../../src/core/spec/model';

test('a remembered key equals paramsKey, for the same object and for an equal copy', () => {
  const keyOf = rememberingParamsKey();
  const params: Params = { lr: 0.1, layers: 3, opt: { name: 'adam', beta: 0.9 } };
  assert.equal(keyOf(params), paramsKey(params));
  assert.equal(keyOf(params), paramsKey(params));
  const copy: Params = { opt: { beta: 0.9, name: 'adam' }, layers: 3, lr: 0.1 };
  assert.equal(keyOf(copy), keyOf(params));
  assert.notEqual(keyOf({ lr: 0.2 }), keyOf({ lr: 0.1 }));
});
