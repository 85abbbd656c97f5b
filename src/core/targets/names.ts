/**
 * Names in the targets file: target names (what `compute:` and `--target` say) and host strings
 * (`alias` or `user@host[:port]`). Host strings end up as an argument of `ssh`, so a string that
 * ssh would read as an option (`-oProxyCommand=...`) or that holds spaces is refused here, before
 * any process sees it.
 */

/** Target names: a letter or digit, then letters, digits, `.`, `_`, `-` (Azure compute names fit). */
export const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The target name a spec's `compute:` asks for: `azureml:gpu-cluster` and `gpu-cluster` both
 * name `gpu-cluster`; a full Azure resource id (`azureml:/subscriptions/.../computes/NAME`) names
 * its last segment. Undefined for an absent or empty compute.
 */
export function targetNameOfCompute(compute: string | undefined): string | undefined {
  if (compute === undefined) return undefined;
  let name = compute.trim();
  if (name.toLowerCase().startsWith('azureml:')) name = name.slice('azureml:'.length);
  if (name.includes('/')) name = name.split('/').filter((part) => part !== '').pop() ?? '';
  return name === '' ? undefined : name;
}

/** A host string taken apart. */
export interface HostAddress {
  readonly user?: string;
  /** Alias, DNS name or IP address (IPv6 without brackets). */
  readonly hostname: string;
  readonly port?: number;
}

const HOST_PATTERN = /^(?:([A-Za-z0-9_][A-Za-z0-9._-]*)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_][A-Za-z0-9._-]*)(?::(\d{1,5}))?$/;

/** Parses `alias`, `host`, `user@host`, `user@host:port` or `user@[::1]:port`; a reason when it is not one. */
export function parseHostAddress(text: string): HostAddress | { readonly problem: string } {
  if (text.trim() === '') return { problem: 'is empty' };
  if (text.startsWith('-')) return { problem: 'starts with `-`, which ssh would read as an option' };
  if (/\s/.test(text)) return { problem: 'contains white space' };
  const match = HOST_PATTERN.exec(text);
  if (!match) return { problem: 'is not an ssh alias or `user@host[:port]`' };
  const [, user, host = '', portText] = match;
  const hostname = host.startsWith('[') ? host.slice(1, -1) : host;
  if (portText !== undefined) {
    const port = Number(portText);
    if (port < 1 || port > 65535) return { problem: `has port ${portText}, outside 1..65535` };
    return user !== undefined ? { user, hostname, port } : { hostname, port };
  }
  return user !== undefined ? { user, hostname } : { hostname };
}

/** Environment variable names a POSIX shell accepts. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The file name looked for next to the spec and in the workspace root. */
export const TARGETS_FILE_NAME = 'hypersweep.targets.yaml';
/** The VS Code setting with the same shape as the file's `targets:`. */
export const TARGETS_SETTING = 'hypersweep.targets';

/** How a missing target is defined, for messages. */
export function howToDefine(name: string): string {
  return `define it under \`targets:\` in ${TARGETS_FILE_NAME} next to the spec or in the workspace root (e.g. \`${name}: {type: ssh, hosts: [myhost]}\`), or in the VS Code setting \`${TARGETS_SETTING}\``;
}
