// Generates src/core/samplers/sobolDirections.ts from the Joe-Kuo direction-number table kept in
// scripts/data/ (see scripts/data/new-joe-kuo-6.21201.NOTICE.md for where it came from and its
// licence). Run with `npm run gen:sobol`; the output is committed so neither a build nor a test
// needs this script or the data file.
//
// Every row is validated before anything is written, so a damaged or truncated table fails here
// with the offending line instead of producing a sequence that is silently wrong.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const TABLE_NAME = 'new-joe-kuo-6.21201';
const SOURCE = join('scripts', 'data', `${TABLE_NAME}.first-2048.txt`);
const NOTICE = join('scripts', 'data', `${TABLE_NAME}.NOTICE.md`);
const TARGET = join('src', 'core', 'samplers', 'sobolDirections.ts');
const HEADER = ['d', 's', 'a', 'm_i'];
// The sequence works with 32-bit direction numbers, so a polynomial degree must leave room for the
// recurrence (every row of the published table has s <= 18).
const MAX_DEGREE = 31;

function fail(lineNumber, message) {
  console.error(`${SOURCE}:${lineNumber}: ${message}`);
  console.error('The table must be the unmodified Joe-Kuo file (or a prefix of it); see the NOTICE next to it.');
  process.exit(1);
}

/** Parses and checks the table; returns one { s, a, m } per dimension 2, 3, ... in order. */
function parseTable(text) {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').trim().split(/\s+/);
  if (header.join(' ') !== HEADER.join(' ')) fail(1, `expected the header "${HEADER.join(' ')}", got "${lines[0]}"`);
  const rows = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const fields = line.split(/\s+/).map(Number);
    if (fields.some((f) => !Number.isSafeInteger(f) || f < 0)) fail(i + 1, `not a row of non-negative integers: "${line}"`);
    const [d, s, a, ...m] = fields;
    const expectedDimension = rows.length + 2;
    if (d !== expectedDimension) fail(i + 1, `expected dimension ${expectedDimension}, got ${d}`);
    if (s < 1 || s > MAX_DEGREE) fail(i + 1, `degree s=${s} is outside 1..${MAX_DEGREE}`);
    if (m.length !== s) fail(i + 1, `degree s=${s} needs ${s} initial direction numbers, got ${m.length}`);
    if (a >= 2 ** (s - 1)) fail(i + 1, `coefficients a=${a} do not fit a degree-${s} polynomial (need a < 2^(s-1))`);
    m.forEach((mi, k) => {
      // m_i must be odd and below 2^i, otherwise V_i is not a valid direction number.
      if (mi % 2 !== 1 || mi >= 2 ** (k + 1)) fail(i + 1, `m_${k + 1}=${mi} must be odd and below 2^${k + 1}`);
    });
    rows.push({ s, a, m });
  }
  if (rows.length === 0) fail(2, 'the table has no rows');
  return rows;
}

function licenceText(notice) {
  const start = notice.indexOf('Copyright (c) 2008');
  if (start < 0) {
    console.error(`${NOTICE}: the Joe-Kuo licence text is missing`);
    process.exit(1);
  }
  return notice.slice(start).trim();
}

function render(rows, sourceDigest, licence) {
  const licenceComment = licence.split('\n').map((l) => (l ? ` * ${l}` : ' *')).join('\n');
  const body = rows.map(({ s, a, m }) => `  [${[s, a, ...m].join(',')}],`).join('\n');
  return `/**
 * GENERATED FILE: do not edit. Regenerate with \`npm run gen:sobol\` (scripts/gen-sobol-directions.mjs)
 * from scripts/data/${TABLE_NAME}.first-2048.txt (SHA-256 ${sourceDigest}).
 *
 * Sobol direction numbers of S. Joe and F. Y. Kuo, table "${TABLE_NAME}" ("Constructing Sobol
 * sequences with better two-dimensional projections", SIAM J. Sci. Comput. 30, 2635-2654, 2008),
 * first ${rows.length + 1} dimensions. Provenance: scripts/data/${TABLE_NAME}.NOTICE.md.
 *
${licenceComment}
 */

/** Name of the published table these rows come from. */
export const SOBOL_TABLE_NAME = '${TABLE_NAME}';

/**
 * One row per dimension, starting at dimension 2 (dimension 1, the van der Corput sequence with all
 * m_i = 1, has no row): \`[s, a, m_1, ..., m_s]\` where \`s\` is the degree of the primitive
 * polynomial, \`a\` its inner coefficients as a binary number (leading and constant terms left
 * out), and \`m_i\` the initial direction numbers (odd, below 2^i).
 */
export const SOBOL_DIRECTION_ROWS: readonly (readonly number[])[] = [
${body}
];
`;
}

const sourceText = readFileSync(join(root, SOURCE), 'utf8');
const rows = parseTable(sourceText);
const digest = createHash('sha256').update(sourceText).digest('hex');
const output = render(rows, digest, licenceText(readFileSync(join(root, NOTICE), 'utf8')));
writeFileSync(join(root, TARGET), output);
console.log(`wrote ${TARGET}: ${rows.length + 1} dimensions, ${Buffer.byteLength(output)} bytes`);
