/**
 * The probe at sweep start: one remote command that reports the host's OS, home folder, the tools
 * HyperSweep relies on, and its GPUs. Trials must not depend on login files (non-interactive ssh
 * skips the end of ~/.bashrc), so what the probe sees is what a trial sees.
 */
import { SshError } from './sshErrors';
import type { SshHost } from './sshHost';

export interface HostProbe {
  readonly os: string;
  readonly arch: string;
  readonly home: string;
  readonly tools: { readonly setsid: boolean; readonly rsync: boolean; readonly tar: boolean; readonly python3: boolean; readonly nvidiaSmi: boolean };
  readonly gpus: readonly { readonly index: string; readonly uuid: string; readonly name: string }[];
}

/** Every output line starts with this, so whatever a login file prints is ignored. */
const MARK = 'HSPROBE';

/** The probe's one remote command (POSIX sh; no value from the user goes in it). */
export const PROBE_SCRIPT = [
  `echo "${MARK} os $(uname -s) $(uname -m)"`,
  `echo "${MARK} home $HOME"`,
  `for t in setsid rsync tar python3 nvidia-smi; do if command -v "$t" >/dev/null 2>&1; then echo "${MARK} tool $t 1"; else echo "${MARK} tool $t 0"; fi; done`,
  `if command -v nvidia-smi >/dev/null 2>&1; then nvidia-smi --query-gpu=index,uuid,name --format=csv,noheader 2>/dev/null | while IFS= read -r l; do echo "${MARK} gpu $l"; done; fi`,
  'true',
].join('; ');

/** Reads the probe's output; throws when the output is not the probe's (a broken login shell). */
export function parseProbeOutput(host: string, stdout: string): HostProbe {
  let os = '';
  let arch = '';
  let home = '';
  const tools = new Map<string, boolean>();
  const gpus: { index: string; uuid: string; name: string }[] = [];
  for (const raw of stdout.replaceAll('\r', '').split('\n')) {
    if (!raw.startsWith(`${MARK} `)) continue;
    const line = raw.slice(MARK.length + 1);
    const [key = '', ...rest] = line.split(' ');
    const value = rest.join(' ');
    if (key === 'os') [os = '', arch = ''] = value.split(' ');
    else if (key === 'home') home = value;
    else if (key === 'tool') tools.set(rest[0] ?? '', rest[1] === '1');
    else if (key === 'gpu') {
      const [index = '', uuid = '', ...name] = value.split(',').map((f) => f.trim());
      if (index !== '') gpus.push({ index, uuid, name: name.join(',') });
    }
  }
  if (home === '' || tools.size === 0) {
    throw new SshError(host, 'other', `The probe on ${host} printed nothing HyperSweep can read.`,
      `Check that \`ssh ${host} 'echo $HOME'\` prints your home folder and nothing else breaks a non-interactive login.`, stdout.slice(0, 500));
  }
  return {
    os, arch, home,
    tools: { setsid: tools.get('setsid') ?? false, rsync: tools.get('rsync') ?? false, tar: tools.get('tar') ?? false, python3: tools.get('python3') ?? false, nvidiaSmi: tools.get('nvidia-smi') ?? false },
    gpus,
  };
}

/** An error naming every required tool the host lacks, with the fix; undefined when none is missing. */
export function missingToolsError(host: string, probe: HostProbe): SshError | undefined {
  const missing: string[] = [];
  const fixes: string[] = [];
  if (!probe.tools.setsid) {
    missing.push('setsid');
    fixes.push('setsid is part of util-linux (`apt-get install util-linux`, `dnf install util-linux`)');
  }
  if (!probe.tools.tar) {
    missing.push('tar');
    fixes.push('`apt-get install tar` / `dnf install tar`');
  }
  if (missing.length === 0) return undefined;
  return new SshError(host, 'missing-tool',
    `${host} has no ${missing.join(' and ')} on the PATH a non-interactive ssh command gets; HyperSweep needs ${missing.length > 1 ? 'them' : 'it'} to start trials and copy code.`,
    `Install ${missing.length > 1 ? 'them' : 'it'} there: ${fixes.join('; ')}.`);
}

/**
 * Runs the probe through the host's master. Throws an {@link SshError} when ssh fails or when
 * `setsid` or `tar` is missing (`missing-tool`); a missing rsync only means code is copied with tar.
 */
export async function probeHost(host: SshHost): Promise<HostProbe> {
  const result = await host.exec(PROBE_SCRIPT, { timeoutMs: 60_000 });
  const probe = parseProbeOutput(host.host, result.stdout);
  const missing = missingToolsError(host.host, probe);
  if (missing) throw missing;
  return probe;
}

/** A remote path with a leading `~` (or relative to the home folder) made absolute with the probe's $HOME. */
export function expandRemotePath(path: string, probe: HostProbe): string {
  if (path === '~' || path === '') return probe.home;
  if (path.startsWith('~/')) return `${probe.home.replace(/\/$/, '')}/${path.slice(2)}`;
  if (!path.startsWith('/')) return `${probe.home.replace(/\/$/, '')}/${path}`;
  return path;
}
