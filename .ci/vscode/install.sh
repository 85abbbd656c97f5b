#!/usr/bin/env bash
# Installs what the real-VS-Code test tier needs, idempotently:
#   - apt packages: chromium (the browser that hosts the workbench), ripgrep (stands in for the
#     GitHub download of @vscode/ripgrep), libkrb5-dev (headers for code-server's kerberos module);
#   - code-server (pinned) from npm, into a cache folder OUTSIDE the extension's package, so its
#     300 MB of native modules never ride along with `npm ci` or the VSIX.
# A second run with the right version already installed does nothing but check.
#
# env: HYPERSWEEP_E2E_HOME  cache root (default $HOME/.cache/hypersweep-e2e)
#      CODE_SERVER_VERSION  default 4.100.3 (VS Code 1.100.3, runs on Node 20)
# Prints the code-server entry script path on its last line.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
E2E_HOME="${HYPERSWEEP_E2E_HOME:-$HOME/.cache/hypersweep-e2e}"
CS_DIR="$E2E_HOME/code-server"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
# @vscode/ripgrep as pinned by code-server 4.100.3 (lib/vscode/npm-shrinkwrap.json) and the rg
# release tag its postinstall asks for. Another code-server version may need other values.
RG_PKG_VERSION="${RG_PKG_VERSION:-1.15.11}"
RG_TAG="${RG_TAG:-v13.0.0-10}"

fail() { echo "install.sh: $*" >&2; exit 1; }
# Progress goes to stderr: stdout carries only the entry script path (the last line), for run.mjs.
say() { echo "$*" >&2; }

# ------------------------------------------------------------------ apt packages
need=()
for p in chromium ripgrep libkrb5-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || fail "missing ${need[*]} and no apt-get: install them with your package manager"
  [ "$(id -u)" = 0 ] || fail "missing ${need[*]}: run 'sudo apt-get install chromium ripgrep libkrb5-dev' first"
  say "installing apt packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get update -qq >&2 || fail "apt-get update failed (network? see above)"
  timeout 600 apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || fail "apt-get install ${need[*]} failed (see above)"
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium not found after install"
command -v rg >/dev/null 2>&1 || fail "ripgrep (rg) not found after install"

# ------------------------------------------------------------------ code-server
installed_version() {
  node -e 'try{process.stdout.write(require(process.argv[1]).version)}catch{}' \
    "$CS_DIR/node_modules/code-server/package.json"
}
rg_bundled="$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
if [ -f "$CS_ENTRY" ] && [ -x "$rg_bundled" ] && [ "$(installed_version)" = "$CODE_SERVER_VERSION" ]; then
  say "code-server $CODE_SERVER_VERSION already installed in $CS_DIR"
else
  say "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (builds native modules: 1.5-2 min)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR" "$E2E_HOME/tmp"
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache under os.tmpdir()
  # already holds the release archive: put Debian's rg there, and point TMPDIR at it.
  rg_cache="$E2E_HOME/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION"
  rg_stage="$E2E_HOME/tmp/rg-stage"
  mkdir -p "$rg_cache" "$rg_stage"
  cp "$(command -v rg)" "$rg_stage/rg"
  tar czf "$rg_cache/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C "$rg_stage" rg
  echo '{"name":"hypersweep-e2e-code-server","private":true}' > "$CS_DIR/package.json"
  log="$E2E_HOME/code-server-install.log"
  # unsafe_perm: code-server's postinstall refuses to run as root without it.
  # yes: node-pty's postinstall runs `npx node-gyp`, which a global `yes=false` npmrc cancels.
  if ! (cd "$CS_DIR" && TMPDIR="$E2E_HOME/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
        timeout 900 npm install "code-server@$CODE_SERVER_VERSION" --no-audit --no-fund --foreground-scripts \
        >"$log" 2>&1); then
    tail -40 "$log" >&2
    rm -rf "$CS_DIR"   # never leave a half-installed copy that the next run would trust
    fail "npm install code-server@$CODE_SERVER_VERSION failed; full log: $log"
  fi
  [ "$(installed_version)" = "$CODE_SERVER_VERSION" ] || fail "code-server did not install (see $log)"
fi
# Read the versions from the manifests: starting code-server (even for --version) would write
# a config file into $HOME.
node -e 'const d=process.argv[1];console.log(`code-server ${require(d+"/package.json").version}, VS Code ${require(d+"/lib/vscode/package.json").version}`)' \
  "$CS_DIR/node_modules/code-server" >&2
echo "$CS_ENTRY"
