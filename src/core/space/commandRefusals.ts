/**
 * What `trial.command` refusals say: where a value cannot be placed safely, and how to write the
 * command instead. Kept apart from the scanner so the rules there stay readable.
 */
import type { Reevaluation } from './evaluatedWords';

const EXAMPLE = "sh -c 'python train.py --lr \"$1\"' _ ${{search_space.lr}}";

/** Why a value piped into `interpreter` (which runs its stdin as code) is refused. */
export function pipedCodeMessage(interpreter: string): string {
  return `A placeholder whose text is piped into \`${interpreter}\` is run as code by it, which no quoting can prevent; pass the value as an argument instead (\`${EXAMPLE}\`), or write the script to a file without the value.`;
}

/** Why a value in a word that `reevaluation` reads as code again is refused. */
export function reevaluationMessage(reevaluation: Reevaluation): string {
  switch (reevaluation.kind) {
    case 'shell-script':
      return `A placeholder inside the script of \`${reevaluation.shell} -c\` is read as shell code by that inner shell, which no quoting can prevent; pass the value as an argument after the script and use "$1" in it: \`${EXAMPLE}\`.`;
    case 'eval':
      return `A placeholder in the arguments of \`${reevaluation.builtin}\` is read as shell code; run the command without ${reevaluation.builtin}, with the placeholder as its own argument.`;
    case 'remote-shell':
      return 'A placeholder in the command `ssh` runs on the remote host is read as shell code there; define the host as an SSH target (hypersweep.targets.yaml) and run the trial command on it directly.';
    case 'arithmetic':
      return `A placeholder in ${reevaluation.builtin === 'an array subscript' ? 'an array subscript' : `the arguments of \`${reevaluation.builtin}\``} is evaluated by bash as an arithmetic expression, which runs $(...) inside a[...] whatever the quoting; ${reevaluation.builtin === '[[' ? 'use [ ] (test) instead of [[ ]]' : 'use a plain assignment or pass the value as an argument'}.`;
  }
}

/** Fixed refusals of the template scanner, by the place the value would land in. */
export const REFUSALS = {
  backtick: 'A placeholder inside backticks cannot be quoted safely; write $(...) instead of `...` in trial.command.',
  heredoc: 'A placeholder inside a here-document (<<) cannot be quoted safely; pass the value as an argument or read it from $AZUREML_SWEEP_<name> instead.',
  backslash: 'A placeholder right after a backslash cannot be passed safely; remove the backslash before it in trial.command.',
  arithmetic: 'A placeholder inside $(( )), (( )) or $[ ] is evaluated as an arithmetic expression, which can run commands whatever the quoting; do the arithmetic in your program, or pass the value as an argument.',
  parameter: 'A placeholder inside ${...} cannot be quoted safely (shells disagree on quotes there); put it in a variable first and use that: `V=${{search_space.x}}; echo "${X:-$V}"`.',
} as const;
