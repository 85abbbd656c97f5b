/**
 * Which process listens on a TCP port of this machine, from /proc (no `ss` or `lsof` needed): the
 * UI checks tell a port-forwarding offer for HyperSweep's own endpoint (a defect) from one for
 * anything else that happens to listen on the machine (another test's server, a system daemon).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Socket inodes listening on `port` (state 0A = LISTEN), IPv4 and IPv6. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (local === undefined || fields[3] !== '0A') continue;
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && fields[9] !== undefined) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/** The command lines of the processes listening on `port` (empty when none is found). */
export function portOwnerCommands(port: number): string[] {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  const commands: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    const owns = fds.some((fd) => {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        return match?.[1] !== undefined && inodes.has(match[1]);
      } catch {
        return false;
      }
    });
    if (!owns) continue;
    try {
      commands.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim());
    } catch {
      commands.push(`pid ${pid}`);
    }
  }
  return commands;
}
