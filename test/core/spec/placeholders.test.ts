import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findOptionalGroups, findPlaceholders } from '../../../src/core/spec/placeholders';

describe('findPlaceholders', () => {
  test('finds the three kinds with exact offsets', () => {
    const command = 'python train.py --lr ${{search_space.lr}} --data ${{inputs.data}} --out ${{outputs.model}}';
    const found = findPlaceholders(command);
    assert.deepEqual(found.map((p) => [p.kind, p.name, command.slice(p.start, p.end), p.legacy, p.optional]), [
      ['search_space', 'lr', '${{search_space.lr}}', false, false],
      ['inputs', 'data', '${{inputs.data}}', false, false],
      ['outputs', 'model', '${{outputs.model}}', false, false],
    ]);
  });

  test('accepts inner whitespace', () => {
    const command = 'run ${{ search_space.learning_rate }} x';
    const [p] = findPlaceholders(command);
    assert.ok(p);
    assert.equal(p.name, 'learning_rate');
    assert.equal(command.slice(p.start, p.end), '${{ search_space.learning_rate }}');
  });

  test('legacy single-brace form is found and flagged, but not inside ${{ }}', () => {
    const command = 'run {search_space.x} ${{search_space.y}} {{search_space.z}} {inputs.a}';
    const found = findPlaceholders(command);
    assert.deepEqual(found.map((p) => [p.name, p.legacy]), [['x', true], ['y', false], ['a', true]]);
  });

  test('ignores unknown kinds and plain text', () => {
    assert.deepEqual(findPlaceholders('echo ${{parent.inputs.x}} {foo} $HOME ${{ }}'), []);
  });

  test('optional brackets mark inputs inside them', () => {
    const command = 'python x.py [--init ${{inputs.init}}] --lr ${{search_space.lr}} [--seed 3]';
    const found = findPlaceholders(command);
    assert.deepEqual(found.map((p) => [p.name, p.optional]), [['init', true], ['lr', false]]);
    const groups = findOptionalGroups(command);
    assert.equal(groups.length, 1);
    const [g] = groups;
    assert.ok(g);
    assert.equal(command.slice(g.start, g.end), '[--init ${{inputs.init}}]');
    assert.deepEqual(g.placeholders.map((p) => p.name), ['init']);
  });

  test('brackets holding only search-space placeholders are not optional groups', () => {
    assert.deepEqual(findOptionalGroups('run [--lr ${{search_space.lr}}]'), []);
  });

  test('every found placeholder slice re-parses to itself (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
    const kind = fc.constantFrom('search_space', 'inputs', 'outputs');
    const piece = fc.oneof(
      fc.tuple(kind, name, fc.constantFrom('', ' ', '  ')).map(([k, n, s]) => `\${{${s}${k}.${n}${s}}}`),
      fc.stringMatching(/^[a-z -]{0,6}$/),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const command = pieces.join(' ');
        const expected = pieces.filter((p) => p.startsWith('${{')).length;
        const found = findPlaceholders(command);
        assert.equal(found.length, expected);
        for (const p of found) {
          const again = findPlaceholders(command.slice(p.start, p.end));
          assert.equal(again.length, 1);
          assert.equal(again[0]?.name, p.name);
        }
      }),
    );
  });
});
