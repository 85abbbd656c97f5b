import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineSplitter } from '../../../src/core/metrics/lineSplitter';

interface Line {
  text: string;
  truncated: boolean;
}

/** Feeds `chunks` through a fresh splitter and returns every line it delivered. */
function split(chunks: readonly (Uint8Array | string)[], maxLineBytes?: number): Line[] {
  const lines: Line[] = [];
  const splitter = new LineSplitter((text, truncated) => lines.push({ text, truncated }), maxLineBytes === undefined ? {} : { maxLineBytes });
  for (const chunk of chunks) splitter.write(chunk);
  splitter.end();
  return lines;
}

/** Cuts `bytes` at the given (sorted, deduplicated) positions. */
function cut(bytes: Uint8Array, positions: readonly number[]): Uint8Array[] {
  const points = [...new Set(positions.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(bytes.subarray(start, point));
    start = point;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

/** The rules written with string operations, independently of the byte-level state machine. */
function referenceLines(text: string): string[] {
  const pieces = text.split(/\r\n|\n/);
  const last = pieces.pop() ?? '';
  const lines = pieces.map((piece) => piece.slice(piece.lastIndexOf('\r') + 1));
  const finalPiece = last.endsWith('\r') ? last.slice(0, -1) : last;
  const finalLine = finalPiece.slice(finalPiece.lastIndexOf('\r') + 1);
  if (finalLine !== '') lines.push(finalLine);
  return lines;
}

// Text made of pieces that stress the rules: line ends, carriage returns, multi-byte characters.
const streamText = fc
  .array(fc.oneof(fc.constantFrom('\n', '\r', '\r\n', 'é', '€', '😀', 'loss=0.5', ' ', ''), fc.string({ maxLength: 6 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('LineSplitter', () => {
  test('splits on \\n and \\r\\n and keeps empty lines', () => {
    assert.deepEqual(split(['a\nb\r\n\nc\n']).map((l) => l.text), ['a', 'b', '', 'c']);
  });

  test('joins partial lines across chunks and delivers an unterminated last line at end()', () => {
    assert.deepEqual(split(['lo', 'ss=0.', '5\nacc', '=0.9']).map((l) => l.text), ['loss=0.5', 'acc=0.9']);
  });

  test('\\r then \\n in the next chunk is one line end, not an overwrite', () => {
    assert.deepEqual(split(['loss=1\r', '\nacc=2\r', '\n']).map((l) => l.text), ['loss=1', 'acc=2']);
  });

  test('a bare \\r overwrites the line, as a progress bar redraw does', () => {
    const bar = '\r 10%|#  | loss=0.9\r 50%|## | loss=0.5\r100%|###| loss=0.2\n';
    assert.deepEqual(split([bar]).map((l) => l.text), ['100%|###| loss=0.2']);
  });

  test('a trailing \\r at end of stream still delivers the text before it', () => {
    assert.deepEqual(split(['done=1\r']).map((l) => l.text), ['done=1']);
  });

  test('reassembles a UTF-8 character split between chunks', () => {
    const bytes = Buffer.from('über=1 😀\n', 'utf8');
    const pieces = [bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2, 9), bytes.subarray(9)];
    assert.deepEqual(split(pieces).map((l) => l.text), ['über=1 😀']);
  });

  test('caps a very long line, cut at a character boundary, and resumes after its end', () => {
    const long = 'x'.repeat(9) + '€€€' + 'y'.repeat(1000);
    const lines = split([long, 'more', '\nnext=1\n'], 12);
    assert.deepEqual(lines[0], { text: 'xxxxxxxxx€', truncated: true });
    assert.deepEqual(lines[1], { text: 'next=1', truncated: false });
    assert.equal(lines.length, 2);
  });

  test('a line of exactly the cap is not truncated', () => {
    assert.deepEqual(split(['abcd\n'], 4), [{ text: 'abcd', truncated: false }]);
  });

  test('rejects a cap that is not a positive integer', () => {
    assert.throws(() => new LineSplitter(() => undefined, { maxLineBytes: 0 }), /positive integer/);
  });

  test('any chunking gives the same lines as one chunk (with and without a cap)', () => {
    fc.assert(
      fc.property(streamText, fc.array(fc.nat(), { maxLength: 12 }), fc.constantFrom(undefined, 5, 16), (text, positions, cap) => {
        const bytes = Buffer.from(text, 'utf8');
        assert.deepEqual(split(cut(bytes, positions), cap), split([bytes], cap));
      }),
      { numRuns: 500 },
    );
  });

  test('without a cap, lines follow the terminal rules written independently', () => {
    fc.assert(
      fc.property(streamText, fc.array(fc.nat(), { maxLength: 12 }), (text, positions) => {
        const bytes = Buffer.from(text, 'utf8');
        assert.deepEqual(split(cut(bytes, positions)).map((l) => l.text), referenceLines(text));
      }),
      { numRuns: 500 },
    );
  });

  test('a capped line never exceeds the cap and never ends in a broken character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (text, cap) => {
        const clean = text.replace(/[\r\n]/g, '');
        for (const line of split([clean], cap)) {
          assert.ok(Buffer.byteLength(line.text, 'utf8') <= cap);
          assert.ok(!line.text.includes('\uFFFD'));
          assert.ok(clean.startsWith(line.text));
        }
      }),
      { numRuns: 300 },
    );
  });
});
