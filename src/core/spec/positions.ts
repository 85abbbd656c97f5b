/**
 * Turns 0-based text offsets into the 1-based line/column positions that diagnostics carry.
 * The yaml package's LineCounter records every line start while it parses, so one lookup is a
 * binary search; columns count UTF-16 code units, like the offsets themselves and like VS Code.
 */
import type { LineCounter } from 'yaml';
import type { SourcePosition, SourceRange } from './diagnostics';

export class PositionMapper {
  constructor(
    private readonly lineCounter: LineCounter,
    private readonly textLength: number,
  ) {}

  /** The position of a 0-based offset; offsets outside the text are clamped into it. */
  position(offset: number): SourcePosition {
    const clamped = Math.max(0, Math.min(this.textLength, Math.floor(offset)));
    const { line, col } = this.lineCounter.linePos(clamped);
    return { line, column: col, offset: clamped };
  }

  /** The range from `start` to `end` (end exclusive, as yaml node ranges are). */
  range(start: number, end: number): SourceRange {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The 0-based offset at which the line holding `offset` starts. */
  lineStart(offset: number): number {
    const { line } = this.lineCounter.linePos(Math.max(0, Math.min(this.textLength, offset)));
    return this.lineCounter.lineStarts[line - 1] ?? 0;
  }
}
