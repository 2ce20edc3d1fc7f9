#!/usr/bin/env bash
# Installs what the VS Code end-to-end suite needs: Debian's Chromium (driven by playwright-core) and
# code-server 4.100.3 (VS Code 1.100.3, the last release whose engines allow Node 20).
# Idempotent: every step checks before it installs. Runs as root on a machine with Node 20, npm and
# Debian's package repositories; nothing else is reachable (see ../shared/notes/vscode-e2e.md).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE_DIR="${HALE_E2E_CACHE:-$HOME/.cache/hale-e2e}"
CODE_SERVER_DIR="$CACHE_DIR/code-server-$CODE_SERVER_VERSION"
CODE_SERVER_BIN="$CODE_SERVER_DIR/node_modules/.bin/code-server"

log() { echo "[e2e-setup] $*"; }

# --- Debian packages -----------------------------------------------------------------------------
APT_PACKAGES=(chromium fonts-liberation libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential python3)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi
test -x /usr/bin/chromium || { echo "chromium is not at /usr/bin/chromium" >&2; exit 1; }

# --- code-server ---------------------------------------------------------------------------------
# code-server writes a default config into XDG_CONFIG_HOME on any start, even for --version.
code_server_version() { XDG_CONFIG_HOME="$CACHE_DIR/xdg-config" "$CODE_SERVER_BIN" --version 2>/dev/null | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' | cut -d' ' -f1; }
if [ -x "$CODE_SERVER_BIN" ] && [ "$(code_server_version)" = "$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION present in $CODE_SERVER_DIR"
  exit 0
fi

log "installing code-server $CODE_SERVER_VERSION into $CODE_SERVER_DIR"
mkdir -p "$CODE_SERVER_DIR"
WORK_TMP="$(mktemp -d "$CACHE_DIR/tmp.XXXXXX")"
trap 'rm -rf "$WORK_TMP"' EXIT

# @vscode/ripgrep@1.15.11 (a code-server dependency) downloads `rg` from GitHub in its postinstall, which
# is unreachable here. It looks in its cache under $TMPDIR first, so seed that cache with the `rg` binary
# that the npm package @vscode/ripgrep-linux-x64 ships.
RG_CACHE="$WORK_TMP/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE" "$WORK_TMP/rg"
(cd "$WORK_TMP/rg" && npm pack --silent @vscode/ripgrep-linux-x64@1.18.0 >/dev/null && tar -xzf ./*.tgz)
mkdir -p "$WORK_TMP/rg/seed"
cp "$WORK_TMP/rg/package/bin/rg" "$WORK_TMP/rg/seed/rg"
chmod +x "$WORK_TMP/rg/seed/rg"
tar -czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$WORK_TMP/rg/seed" rg

# A private package.json so npm does not climb to a parent project.
[ -f "$CODE_SERVER_DIR/package.json" ] || echo '{"name":"hale-e2e-code-server","private":true}' > "$CODE_SERVER_DIR/package.json"
# yes: node-pty calls npx; unsafe_perm: scripts run as root; nodedir: node-gyp uses the local headers
# instead of fetching them. argon2 and kerberos fail to fetch prebuilt binaries and build from source.
(
  cd "$CODE_SERVER_DIR"
  TMPDIR="$WORK_TMP" npm_config_yes=true npm_config_unsafe_perm=true npm_config_nodedir=/usr \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
)
[ "$(code_server_version)" = "$CODE_SERVER_VERSION" ] || { echo "code-server did not install" >&2; exit 1; }
log "code-server $CODE_SERVER_VERSION installed"
