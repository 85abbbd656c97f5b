/**
 * UI checks on a spec with a problem (ui/hover.sweep.yaml: `max_total_trails` misspelled on line
 * 20): the squiggle is drawn, the hover over it explains the problem, and the hover over a
 * loguniform distribution explains it.
 */
import type { UiCheck, UiContext } from './workbench';
import { goToPosition, openWorkbench, quickInput, runCommand, screenshot, textOf } from './workbench';

const SPEC = 'hover.sweep.yaml';

async function openSpec(ui: UiContext): Promise<void> {
  await openWorkbench(ui);
  await quickInput(ui.page, SPEC, SPEC);
  await ui.page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {
    throw new Error(`no error squiggle in ${SPEC}`);
  });
}

async function hoverAt(ui: UiContext, line: number, column: number): Promise<string> {
  await goToPosition(ui.page, line, column);
  await runCommand(ui.page, 'Show or Focus Hover');
  return textOf(ui.page.locator('.monaco-hover:visible'), `a hover at ${line}:${column}`);
}

export const diagnosticHoverCheck: UiCheck = {
  name: 'a spec with a diagnostic shows a squiggle and the problem in its hover',
  async run(ui) {
    await openSpec(ui);
    const text = await hoverAt(ui, 20, 6);
    for (const expected of ['max_total_trails', 'max_total_trials', 'unknown-key']) {
      if (!text.includes(expected)) throw new Error(`the hover lacks "${expected}": "${text}"`);
    }
    await screenshot(ui, 'spec-diagnostic-hover');
  },
};

export const loguniformHoverCheck: UiCheck = {
  name: 'the hover over a loguniform distribution explains its value range',
  async run(ui) {
    await openSpec(ui);
    // Line 10 is `    type: loguniform`; column 12 is inside the word.
    const text = await hoverAt(ui, 10, 12);
    if (!/loguniform/i.test(text) || !/e\^?\s*-?6\.9|0\.001/.test(text)) {
      throw new Error(`the hover does not explain the range e^-6.9..e^-2.3: "${text}"`);
    }
    await screenshot(ui, 'spec-loguniform-hover');
  },
};
