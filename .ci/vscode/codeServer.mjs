// code-server for the tests: an isolated profile (HOME, XDG dirs, user data, extensions), no
// outbound lookups, started in its own process group and stopped with everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync, closeSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** User settings: no telemetry, no welcome page, no update checks, no git scanning, trust on. */
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'terminal.integrated.enablePersistentSessions': false,
};

/**
 * Creates the profile folders under `runDir` and returns their paths; `settings` are merged over
 * the default user settings (e.g. to turn workspace trust on for the Restricted Mode stage).
 */
export function prepareProfile(runDir, settings = {}) {
  const profile = {
    home: join(runDir, 'home'),
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    log: join(runDir, 'code-server.log'),
  };
  mkdirSync(join(profile.userData, 'User'), { recursive: true });
  mkdirSync(profile.extensions, { recursive: true });
  mkdirSync(profile.home, { recursive: true });
  writeFileSync(join(profile.userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2) + '\n');
  return profile;
}

/**
 * The environment code-server (and so the extension host, and every process a test starts)
 * runs with. `marker` is a unique value the harness later looks for to find leftover processes.
 */
export function codeServerEnv(profile, marker, extra = {}) {
  return {
    ...process.env,
    HOME: profile.home,
    XDG_CONFIG_HOME: join(profile.home, '.config'),
    XDG_DATA_HOME: join(profile.home, '.local', 'share'),
    XDG_CACHE_HOME: join(profile.home, '.cache'),
    // An empty gallery: no open-vsx.org lookups.
    EXTENSIONS_GALLERY: '{}',
    HYPERSWEEP_E2E_RUN: marker,
    ...extra,
  };
}

function profileArgs(profile) {
  return ['--user-data-dir', profile.userData, '--extensions-dir', profile.extensions];
}

/** `code-server --install-extension <vsix>` into the profile; throws with its output on failure. */
export function installExtension(entry, profile, env, vsix) {
  const result = spawnSync(process.execPath, [entry, ...profileArgs(profile), '--install-extension', vsix], {
    env, encoding: 'utf8', timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server could not install ${vsix} (exit ${result.status}):\n${output}`);
  }
  return output;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts code-server on 127.0.0.1:`port` (auth none; workspace trust off unless `workspaceTrust`)
 * in its own process group, waits until /healthz answers, and returns { baseUrl, pid, stop }.
 */
export async function startCodeServer({ entry, profile, env, port, folder, workspaceTrust = false, startTimeoutMs = 60_000 }) {
  const logFd = openSync(profile.log, 'a');
  const child = spawn(process.execPath, [
    entry, ...profileArgs(profile),
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    folder,
  ], { env, stdio: ['ignore', logFd, logFd], detached: true });
  closeSync(logFd);
  const baseUrl = `http://127.0.0.1:${port}/`;
  let exitCode = null;
  child.on('exit', (code, signal) => (exitCode = code ?? signal));

  const stop = async () => {
    const pid = child.pid;
    if (pid === undefined || !alive(pid)) return;
    // Negative pid: the whole group (extension host, file watchers, pty host).
    try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
    for (let i = 0; i < 50 && alive(pid); i++) await sleep(100);
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exitCode !== null) {
      throw new Error(`code-server exited (${exitCode}) while starting; log: ${profile.log}\n${tail(profile.log)}`);
    }
    try {
      const response = await fetch(`${baseUrl}healthz`);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${baseUrl}healthz within ${startTimeoutMs} ms; log: ${profile.log}`);
    }
    await sleep(200);
  }
  return { baseUrl, pid: child.pid, stop };
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Processes still running with HYPERSWEEP_E2E_RUN=`marker` in their environment: what the tests
 * started and left behind outside code-server's process group (e.g. a detached sweep runner).
 */
export function processesWithMarker(marker) {
  const needle = `HYPERSWEEP_E2E_RUN=${marker}\0`;
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').includes(needle)) found.push(Number(name));
    } catch { /* exited meanwhile, or not ours to read */ }
  }
  return found;
}

/** Ends the given processes: SIGTERM (their own cleanup runs), then SIGKILL for stragglers. */
export async function endProcesses(pids) {
  for (const pid of pids) { try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ } }
  for (let i = 0; i < 50 && pids.some(alive); i++) await sleep(100);
  for (const pid of pids.filter(alive)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
}
