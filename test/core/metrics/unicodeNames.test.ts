/**
 * Three Unicode metric names were dropped without a word: a combining accent (a decomposed `é`),
 * a zero-width space and a right-to-left override. A combining mark is part of a name and is kept
 * as printed; an invisible or direction-changing character is refused, and the parser says which
 * name and why, once per name, so the runner can tell the user.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMetricLineParser, visibleName } from '../../../src/core/metrics/stdoutParser';

const COMBINING = 'pre\u0301cision';
const ZERO_WIDTH = 'lo\u200Bss';
const OVERRIDE = '\u202Eacc';

test('a name with a combining accent is recorded verbatim', () => {
  const parser = createMetricLineParser();
  assert.deepEqual(parser.parse(`${COMBINING}=0.9 loss=0.5`), [{ name: COMBINING, value: 0.9, step: 0 }, { name: 'loss', value: 0.5, step: 0 }]);
  assert.equal(parser.parse(`${COMBINING}: 0.8`)[0]?.name, COMBINING); // not normalised to the precomposed é
});

test('names with a zero-width space or a right-to-left override are refused and reported once each', () => {
  const refused: [string, string][] = [];
  const parser = createMetricLineParser(undefined, { onRefusedName: (name, reason) => refused.push([name, reason]) });
  assert.deepEqual(parser.parse(`${ZERO_WIDTH}=1 ${OVERRIDE}=2 loss=3`), [{ name: 'loss', value: 3, step: 0 }]);
  assert.deepEqual(parser.parse(`${ZERO_WIDTH}=4 ${OVERRIDE}=5 loss=6`), [{ name: 'loss', value: 6, step: 1 }]);
  assert.deepEqual(refused.map(([name]) => name), [ZERO_WIDTH, OVERRIDE]);
  assert.match(refused[0]?.[1] ?? '', /^it holds U\+200B \(ZERO WIDTH SPACE\), which a name cannot hold/);
  assert.match(refused[1]?.[1] ?? '', /^it holds U\+202E \(RIGHT-TO-LEFT OVERRIDE\)/);
  assert.equal(visibleName(ZERO_WIDTH), 'lo<U+200B>ss');
  assert.equal(visibleName(OVERRIDE), '<U+202E>acc');
});
