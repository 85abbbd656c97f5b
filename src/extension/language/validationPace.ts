/**
 * How long live validation waits after the last keystroke. A typical spec validates in a few
 * milliseconds and is checked 250 ms after typing stops; a multi-megabyte spec can take seconds,
 * and validating it at that pace would freeze typing. The wait grows with what the document's last
 * validation cost (four times it), so validation never takes more than a fifth of the editor's time
 * while the user types. No `vscode` import.
 */
export const BASE_DEBOUNCE_MS = 250;
/** Never wait longer than this: problems still appear soon after a pause. */
export const MAX_DEBOUNCE_MS = 15_000;

export function debounceAfter(lastValidationMs: number | undefined): number {
  if (lastValidationMs === undefined || !Number.isFinite(lastValidationMs)) return BASE_DEBOUNCE_MS;
  return Math.min(MAX_DEBOUNCE_MS, Math.max(BASE_DEBOUNCE_MS, Math.ceil(lastValidationMs * 4)));
}
