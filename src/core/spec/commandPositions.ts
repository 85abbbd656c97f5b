/**
 * Maps offsets inside the command string back to offsets in the file, so a placeholder
 * diagnostic underlines the placeholder itself. YAML may rewrite a scalar's text: block scalars
 * drop their indentation, folding turns line breaks into spaces, quotes are removed. Outside
 * quoted escapes, the value differs from the source only in whitespace, so the value's
 * characters are aligned with the source greedily; every mapped span is verified against the
 * source, and when that fails (escapes, odd whitespace) the caller falls back to the whole value.
 */
import type { Span, YamlScalar } from './yamlTree';

function withoutSpace(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Source offset of each value character, or undefined when no alignment is possible. */
function alignValue(text: string, node: YamlScalar, value: string): number[] | undefined {
  let bodyStart = node.span.start;
  const end = node.span.end;
  switch (node.style) {
    case 'block-literal':
    case 'block-folded': {
      const newline = text.indexOf('\n', bodyStart);
      if (newline < 0 || newline >= end) return undefined;
      bodyStart = newline + 1;
      break;
    }
    case 'double-quoted':
    case 'single-quoted': {
      const inner = text.slice(bodyStart + 1, end - 1);
      if (node.style === 'double-quoted' && inner.includes('\\')) return undefined;
      if (node.style === 'single-quoted' && inner.includes("''")) return undefined;
      bodyStart += 1;
      break;
    }
    case 'plain':
      break;
  }
  const offsets: number[] = [];
  let j = bodyStart;
  for (const char of value) {
    for (let k = 0; k < char.length; k += 1) {
      const unit = char[k] ?? '';
      while (j < end && text[j] !== unit && !(unit === ' ' && (text[j] === '\n' || text[j] === '\r'))) j += 1;
      if (j >= end) return undefined;
      offsets.push(j);
      j += 1;
    }
  }
  return offsets;
}

/**
 * A function from a [start, end) range of the command value to its span in the file, or
 * undefined when the exact place cannot be known.
 */
export function commandSpanMapper(text: string, node: YamlScalar): (start: number, end: number) => Span | undefined {
  const value = typeof node.value === 'string' ? node.value : '';
  let offsets: number[] | undefined;
  let aligned = false;
  return (start, end) => {
    if (!aligned) {
      offsets = alignValue(text, node, value);
      aligned = true;
    }
    if (!offsets || end <= start) return undefined;
    const first = offsets[start];
    const last = offsets[end - 1];
    if (first === undefined || last === undefined) return undefined;
    const span = { start: first, end: last + 1 };
    return withoutSpace(text.slice(span.start, span.end)) === withoutSpace(value.slice(start, end)) ? span : undefined;
  };
}
