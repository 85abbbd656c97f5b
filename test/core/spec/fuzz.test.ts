import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { hasErrors, loadSpec, type Diagnostic } from '../../../src/core/spec';

const AZURE = join(__dirname, '..', '..', 'fixtures', 'spec', 'azure');
const specs = readdirSync(AZURE).filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => readFileSync(join(AZURE, n), 'utf8'));

/** The laws every answer obeys: diagnostics are well-formed records, spec iff no errors. */
function assertWellFormed(text: string, result: ReturnType<typeof loadSpec>): void {
  assert.equal(result.spec !== undefined, !hasErrors(result.diagnostics));
  for (const d of result.diagnostics as Diagnostic[]) {
    assert.ok(['error', 'warning', 'info'].includes(d.severity));
    assert.match(d.code, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(d.message.length > 0);
    assert.ok(d.range.start.offset >= 0 && d.range.start.offset <= d.range.end.offset && d.range.end.offset <= text.length);
    assert.ok(d.range.start.line >= 1 && d.range.start.column >= 1);
  }
}

type Mutation = (text: string) => string;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 0xffff })).map(([at, code]): Mutation => (t) => {
    const i = t.length === 0 ? 0 : at % t.length;
    return t.slice(0, i) + String.fromCharCode(code) + t.slice(i + 1);
  }),
  fc.nat().map((at): Mutation => (t) => t.slice(0, t.length === 0 ? 0 : at % t.length)),
  fc.tuple(fc.nat(), fc.nat({ max: 200 })).map(([at, length]): Mutation => (t) => {
    const i = t.length === 0 ? 0 : at % t.length;
    return t.slice(0, i) + t.slice(i, i + length) + t.slice(i);
  }),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 20 })).map(([at, s]): Mutation => (t) => {
    const i = t.length === 0 ? 0 : at % t.length;
    return t.slice(0, i) + s + t.slice(i);
  }),
  fc.nat().map((at): Mutation => (t) => {
    const lines = t.split('\n');
    lines.splice(at % Math.max(1, lines.length), 1);
    return lines.join('\n');
  }),
  fc.constantFrom<Mutation>((t) => t.replace(/ {2}/g, ' '), (t) => t.replace(/: /g, ':'), (t) => `${t}\n---\n${t}`, (t) => t.replace(/\n/g, '\r\n')),
);

describe('loadSpec never throws', () => {
  test('mutated real fixture specs give only diagnostics', () => {
    fc.assert(fc.property(fc.constantFrom(...specs), fc.array(mutation, { minLength: 1, maxLength: 5 }), (spec, mutations) => {
      const text = mutations.reduce((t, m) => m(t), spec);
      assertWellFormed(text, loadSpec(text));
    }), { numRuns: 400 });
  });

  test('arbitrary strings give only diagnostics', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      assertWellFormed(text, loadSpec(text));
    }), { numRuns: 300 });
  });
});
