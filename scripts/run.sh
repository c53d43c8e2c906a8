#!/usr/bin/env bash
# Runs a command with the system tools, the pinned Node.js and pnpm on PATH
# and the workspace installed and built: `bash scripts/run.sh tsx bench/placement.ts`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
. scripts/bootstrap.sh
set -euo pipefail
pnpm install --frozen-lockfile --prefer-offline >&2
pnpm exec turbo run build --output-logs=errors-only >&2
exec "$@"
