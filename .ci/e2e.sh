#!/usr/bin/env bash
# The VS Code end-to-end suite: installs Chromium and code-server when missing (.ci/e2e-setup.sh),
# builds the .vsix (pnpm package: server, runtime, extension), then drives a real VS Code with it.
# Screenshots land in packages/vscode-extension/test-results/. Call it from .ci/run after pnpm install.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
bash .ci/e2e-setup.sh
pnpm package
pnpm --filter hale-vscode run test:e2e
echo "[e2e] done in $(( $(date +%s) - start )) s"
