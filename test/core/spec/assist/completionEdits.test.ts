/**
 * Every completion and snippet keeps a sweep spec valid YAML at any depth, in 2-space and
 * 4-space documents: each item's edit is applied exactly as an editor inserts it (the engine's
 * text is exact, indentation included; VS Code inserts it with `keepWhitespace`), every tab stop
 * takes its default, and the result is re-validated with loadSpec. An edit must add no error,
 * except where it leaves an empty tab stop for the user to fill (a value that is then null).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completionsAt, type AssistCompletion } from '../../../../src/core/spec/assist';
import { loadSpec } from '../../../../src/core/spec';

/** Snippet text with every tab stop at its default: `${1:x}` -> x, `${1|a,b|}` -> a, `${1}` and `$1` -> ''. */
export function expandSnippet(snippet: string): { text: string; emptyStops: number } {
  let out = '';
  let emptyStops = 0;
  for (let i = 0; i < snippet.length; i += 1) {
    const c = snippet[i] ?? '';
    if (c === '\\' && i + 1 < snippet.length) {
      out += snippet[i + 1] ?? '';
      i += 1;
      continue;
    }
    if (c === '$') {
      const rest = snippet.slice(i);
      const bare = /^\$(\d+)/.exec(rest) ?? /^\$\{(\d+)\}/.exec(rest);
      if (bare) {
        if (bare[1] !== '0') emptyStops += 1;
        i += bare[0].length - 1;
        continue;
      }
      const choice = /^\$\{\d+\|((?:\\.|[^|\\])*)\|\}/.exec(rest);
      if (choice) {
        out += (choice[1] ?? '').split(/(?<!\\),/)[0]?.replace(/\\(.)/g, '$1') ?? '';
        i += choice[0].length - 1;
        continue;
      }
      const placeholder = /^\$\{\d+:((?:\\.|[^}\\])*)\}/.exec(rest);
      if (placeholder) {
        out += (placeholder[1] ?? '').replace(/\\(.)/g, '$1');
        i += placeholder[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return { text: out, emptyStops };
}

function apply(text: string, item: AssistCompletion): { text: string; emptyStops: number } {
  const expanded = expandSnippet(item.snippet ? item.insertText : item.insertText.replace(/[\\$}]/g, (c) => `\\${c}`));
  return { text: text.slice(0, item.range.start) + expanded.text + text.slice(item.range.end), emptyStops: expanded.emptyStops };
}

function errorsOf(text: string): string[] {
  return loadSpec(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
}

/** Errors in `after` that `before` did not have (as a multiset). */
function newErrors(before: string, after: string): string[] {
  const old = errorsOf(before);
  return errorsOf(after).filter((e) => {
    const i = old.indexOf(e);
    if (i < 0) return true;
    old.splice(i, 1);
    return false;
  });
}

const CURSOR = '|';

/**
 * A valid spec in the style of `u` (one indentation step), with `extra` lines (containing one
 * `|` for the cursor) inserted after the line starting with `afterLine`.
 */
function specWith(u: string, afterLine: string, extra: string): { text: string; offset: number } {
  const lines = [
    'type: sweep',
    'sampling_algorithm: random',
    'search_space:',
    `${u}lr:`,
    `${u}${u}type: uniform`,
    `${u}${u}min_value: 0`,
    `${u}${u}max_value: 1`,
    `${u}model:`,
    `${u}${u}type: choice`,
    `${u}${u}values:`,
    `${u}${u}${u}- depth: 3`,
    `${u}${u}${u}  width:`,
    `${u}${u}${u}  ${u}type: randint`,
    `${u}${u}${u}  ${u}upper: 4`,
    `${u}${u}${u}- depth: 5`,
    'objective:',
    `${u}goal: maximize`,
    `${u}primary_metric: accuracy`,
    'limits:',
    `${u}max_total_trials: 5`,
    'trial:',
    `${u}command: python train.py --lr \${{search_space.lr}} --model \${{search_space.model}}`,
  ];
  const index = lines.findIndex((l) => l.trimStart().startsWith(afterLine));
  assert.ok(index >= 0, afterLine);
  lines.splice(index + 1, 0, ...extra.replace(/U/g, u).split('\n'));
  const joined = `${lines.join('\n')}\n`;
  const offset = joined.indexOf(CURSOR);
  return { text: joined.slice(0, offset) + joined.slice(offset + 1), offset };
}

/** Cursor places: [name, line after which to insert, lines with U for a step and | for the cursor]. */
const PLACES: readonly (readonly [string, string, string])[] = [
  ['top-level key', 'sampling_algorithm:', '|'],
  ['new parameter, keys of its distribution', 'max_value: 1', 'Unew_p:\nUU|'],
  ['new parameter, `type:` value', 'max_value: 1', 'Unew_p:\nUUtype: |'],
  ['search-space name (parameter snippets)', 'max_value: 1', 'U|'],
  ['limits key', 'max_total_trials:', 'U|'],
  ['trial key', 'command:', 'U|'],
  ['early_termination without type', 'max_total_trials:', 'early_termination:\nU|'],
  ['early_termination `type:` value', 'max_total_trials:', 'early_termination:\nUtype: |'],
  ['bandit keys', 'max_total_trials:', 'early_termination:\nUtype: bandit\nUslack_amount: 1\nU|'],
  ['nested choice option (parameter snippets)', 'upper: 4', 'UUU  |'],
  ['distribution inside a nested option', 'upper: 4', 'UUU  extra:\nUUU  U|'],
  ['`type:` inside a nested option', 'upper: 4', 'UUU  extra:\nUUU  Utype: |'],
];

describe('completion edits keep the spec valid', () => {
  for (const [unitName, u] of [['2-space', '  '], ['4-space', '    ']] as const) {
    for (const [name, afterLine, extra] of PLACES) {
      test(`${unitName}: ${name}`, () => {
        const { text, offset } = specWith(u, afterLine, extra);
        const items = completionsAt(text, offset);
        assert.ok(items.length > 0, `no completions at ${name}`);
        for (const item of items) {
          const applied = apply(text, item);
          const added = newErrors(text, applied.text);
          const allowed = applied.emptyStops > 0 ? added.filter((e) => !/got null/.test(e)) : added;
          assert.deepEqual(allowed, [], `${item.label} at ${name} (${unitName}) gives:\n${applied.text}`);
        }
      });
    }
  }

  test('the sweep-job snippet fills an empty spec with a valid job', () => {
    const job = completionsAt('swe', 3).find((i) => i.label === 'Sweep job');
    assert.ok(job);
    const applied = apply('swe', job).text;
    assert.deepEqual(errorsOf(applied), []);
    assert.ok(loadSpec(applied).spec);
  });

  test('accepting `type: uniform` under a new parameter puts its bounds beside `type`, in the document\'s step', () => {
    for (const u of ['  ', '    ']) {
      const { text, offset } = specWith(u, 'max_value: 1', 'Unew_p:\nUU|');
      const item = completionsAt(text, offset).find((i) => i.label === 'type: uniform');
      assert.equal(item?.insertText, `type: uniform\n${u}${u}min_value: \${1:0}\n${u}${u}max_value: \${2:1}`);
    }
  });
});
