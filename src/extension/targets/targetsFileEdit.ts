/**
 * Adding a target to `hypersweep.targets.yaml` (Add SSH Target): the file is edited as a YAML
 * document, so the user's comments and layout stay, and created with a short header when missing.
 * No `vscode` import.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, visit } from 'yaml';

const HEADER = '# HyperSweep execution targets: a spec runs on one with `compute: <name>` (or `azureml:<name>`),\n# or with `hypersweep run --target <name>`. See the README section "Execution targets".\n';

/** A target name made from a host alias: letters, digits, `.`, `_`, `-`. */
export function targetNameFor(alias: string): string {
  const name = alias.replace(/^[^@]*@/, '').replace(/:\d+$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return name || 'ssh-target';
}

/** Adds `name` under `targets:` of `file` (created if missing); throws when the name is taken. */
export function addTargetToFile(file: string, name: string, target: Readonly<Record<string, unknown>>): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const doc = parseDocument(text.trim() === '' ? `${HEADER}targets: {}\n` : text);
  if (doc.errors.length > 0) throw new Error(`${file} is not valid YAML (${doc.errors[0]?.message ?? ''}); fix it first.`);
  if (!isMap(doc.contents)) throw new Error(`${file} must be a mapping with \`targets:\`; fix it first.`);
  const targets = doc.get('targets');
  if (targets !== undefined && targets !== null && !isMap(targets)) throw new Error(`\`targets\` in ${file} must be a mapping; fix it first.`);
  if (doc.hasIn(['targets', name])) throw new Error(`${file} already defines a target \`${name}\`.`);
  if (!isMap(targets)) doc.set('targets', doc.createNode({}));
  const node = doc.createNode(target);
  // Short lists (hosts, gpus) read best on one line: `hosts: [box1, box2]`.
  visit(node, { Seq: (_key, seq) => { if (isSeq(seq)) seq.flow = true; } });
  doc.setIn(['targets', name], node);
  const targetsNode = doc.get('targets');
  if (isMap(targetsNode)) targetsNode.flow = false;
  writeFileSync(file, doc.toString());
}
