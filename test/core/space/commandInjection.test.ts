// Hostile parameter values against every command shape where a shell (or a shell it starts) could
// read them as code. Each shape either runs with the value as literal text, under both dash and
// bash as the outer shell, or is refused before anything runs; never does a file appear.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CommandTemplateError, renderTrialCommand, type RenderedCommand } from '../../../src/core/space/render';

let workDir = '';
before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'hypersweep-injection-'));
});
after(() => rmSync(workDir, { recursive: true, force: true }));

const PWNED = 'PWNED';
const HOSTILE = [
  '; touch PWNED',
  '$(touch PWNED)',
  '`touch PWNED`',
  '\ntouch PWNED\n',
  "'; touch PWNED; '",
  '"; touch PWNED; "',
  'a[$(touch PWNED)]',
  "x'\"$(touch PWNED)\"'",
  '} ; touch PWNED ; {',
  ') ; touch PWNED ; (',
];

function render(command: string, value: string): RenderedCommand {
  return renderTrialCommand({ command, params: { v: value }, inputs: {}, outputs: {}, specDir: workDir });
}

/** Runs the rendered command in the scratch folder, as argv says or with `outer` as the `sh` of `sh -c`. */
function run(rendered: RenderedCommand, outer: 'sh' | 'bash' = 'sh'): string {
  const [program = '', ...args] = rendered.argv;
  try {
    return execFileSync(rendered.shell ? outer : program, args, { cwd: workDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
  } catch {
    return '<failed>';
  }
}

function assertNothingRan(command: string, value: string): void {
  const pwned = path.join(workDir, PWNED);
  const ran = existsSync(pwned);
  rmSync(pwned, { force: true });
  assert.equal(ran, false, `${JSON.stringify(command)} with ${JSON.stringify(value)} ran the value as code`);
}

describe('command shapes that keep values literal', () => {
  const shapes: [string, (value: string) => string][] = [
    ["sh -c 'printf %s \"$1\"' _ ${{search_space.v}}", (v) => v],
    ['bash -c \'printf %s "$1"\' _ "${{search_space.v}}"', (v) => v],
    ['bash -c "sh -c \'printf %s \\"\\$1\\"\' _ \\"\\$1\\"" _ ${{search_space.v}}', (v) => v],
    ['printf %s ok # ${{search_space.v}}', () => 'ok'],
    ['printf %s ok # note ${{search_space.v}} more\nprintf %s " done"', () => 'ok done'],
    ['V=${{search_space.v}}; printf %s "${X:-$V}"', (v) => v],
    ['printf %s "$(printf %s ${{search_space.v}})"', (v) => v.replace(/\n+$/, '')],
    ['cd . && printf %s ${{search_space.v}} | cat', (v) => v],
    ["printf %s 'in sq ${{search_space.v}}' \"in dq ${{search_space.v}}\"", (v) => `in sq ${v}in dq ${v}`],
    ['printf %s#${{search_space.v}}', (v) => `#${v}`],
    ['printf %s $((1 + 2)) ${{search_space.v}}', (v) => `3${v}`],
    ['[ ${{search_space.v}} -eq 1 ] 2>/dev/null || printf %s ok', () => 'ok'],
    ['x=${{search_space.v}}; printf %s "$x"', (v) => v],
    ['P=printf; $P %s ${{search_space.v}}', (v) => v],
    ["printf %s ${{search_space.v}} | sh -c 'cat'", (v) => v],
    ["printf %s ${{search_space.v}} 2>&1 | python3 -c 'import sys; sys.stdout.write(sys.stdin.read())'", (v) => v],
    ['printf %s ${{search_space.v}} || sh', (v) => v],
    ['sh -c \'printf %s "$1"\' _ "$(printf %s ${{search_space.v}})"', (v) => v.replace(/\n+$/, '')],
  ];
  for (const [command, expected] of shapes) {
    test(command, () => {
      for (const value of HOSTILE) {
        const rendered = render(command, value);
        for (const outer of ['sh', 'bash'] as const) {
          assert.equal(run(rendered, outer), expected(value), `${outer}: ${JSON.stringify(value)}`);
          assertNothingRan(command, value);
        }
      }
    });
  }
});

describe('command shapes that would run a value as code are refused before anything runs', () => {
  const refused: [string, RegExp][] = [
    ['sh -c "echo ${{search_space.v}}"', /sh -c.*"\$1"/],
    ["sh -c 'echo ${{search_space.v}}'", /sh -c/],
    ['bash -c "echo \\"${{search_space.v}}\\""', /bash -c/],
    ['bash -lc "echo ${{search_space.v}}"', /bash -c/],
    ['/bin/bash -o pipefail -c "echo ${{search_space.v}} | cat"', /bash -c/],
    ['timeout 10 sh -c "echo ${{search_space.v}}"', /sh -c/],
    ['cd . && env A=1 sh -e -c "echo ${{search_space.v}}"', /sh -c/],
    ['echo "$(sh -c "echo ${{search_space.v}}")"', /sh -c/],
    ['bash -c "sh -c \'echo ${{search_space.v}}\'"', /bash -c/],
    ['eval echo ${{search_space.v}}', /eval/],
    ['trap "echo ${{search_space.v}}" EXIT', /trap/],
    ['echo ${{search_space.v}} | sh', /piped into `sh`/],
    ["printf '%s\\n' \"x=${{search_space.v}}\" | bash -s", /piped into `bash`/],
    ['echo ${{search_space.v}} 2>&1 | cat | sudo -E bash', /piped into `bash`/],
    ['echo "print(${{search_space.v}})" |& python3 -', /piped into `python3`/],
    ['env "$1"watch -n 1 echo ${{search_space.v}}', /watch/],
    ['command eval echo ${{search_space.v}}', /eval/],
    ['echo "${X:-${{search_space.v}}}"', /\$\{\.\.\.\}/],
    ['echo ${X:-${{search_space.v}}}', /\$\{\.\.\.\}/],
    ['echo $(( ${{search_space.v}} ))', /\$\(\( \)\)/],
    ['echo "$(( ${{search_space.v}} + 1 ))"', /\$\(\( \)\)/],
    ['let x=${{search_space.v}}', /let/],
    ['(( x = ${{search_space.v}} ))', /\(\( \)\)/],
    ['echo $[${{search_space.v}} + 1]', /\$\[ \]/],
    ['$SHELL -c "echo ${{search_space.v}}"', /\$SHELL -c/],
    ['"$1"bash -c  ${{search_space.v}}', /bash -c/],
    ['$(command -v bash) -c "echo ${{search_space.v}}"', /-c/],
    ['cd . && ((${{search_space.v}}))', /\(\( \)\)/],
    ['[[ ${{search_space.v}} -eq 1 ]]', /\[ \]/],
    ['declare -i x=${{search_space.v}}', /declare/],
    ['a[${{search_space.v}}]=1', /array subscript/],
    ['sh -c "$(printf %s ${{search_space.v}})"', /sh -c/],
    ['ssh -o BatchMode=yes -o ConnectTimeout=1 localhost echo ${{search_space.v}}', /ssh/],
  ];
  for (const [command, message] of refused) {
    test(command, () => {
      for (const value of HOSTILE) {
        let error: unknown;
        try {
          const rendered = render(command, value);
          run(rendered, 'sh');
          run(rendered, 'bash');
        } catch (caught) {
          error = caught;
        }
        assertNothingRan(command, value);
        assert.ok(error instanceof CommandTemplateError, `${JSON.stringify(command)} was not refused`);
        assert.match(error.message, message);
        assert.equal(error.valueIndex, 0);
      }
    });
  }

  test('su -c runs its command through a shell: refused without running anything', () => {
    assert.throws(() => render('su nobody -c "echo ${{search_space.v}}"', 'x'), /su -c/);
    assert.throws(() => render('su -c ${{search_space.v}} nobody', 'x'), /su -c/);
  });

  test('a value after the -c script is an argument, not code, and stays allowed', () => {
    assert.equal(render("sh -c 'exit 0' ${{search_space.v}}", 'x').shell, false);
    assert.equal(render("bash -ec 'printf %s \"$1\"' name ${{search_space.v}}", 'x').argv[0], 'bash');
    assert.equal(run(render("bash -ec 'printf %s \"$0\"' ${{search_space.v}}", '$(touch PWNED)')), '$(touch PWNED)');
    assertNothingRan('$0', '');
  });
});
