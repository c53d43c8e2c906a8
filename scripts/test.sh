#!/usr/bin/env bash
# The one test command (README: `npm test`). On a fresh Debian machine it
# installs the system tools the tests drive (podman, Caddy, Knot, ...),
# fetches the pinned Node.js, installs the workspace, and runs every
# package's build, typecheck, lint and test through turbo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
. scripts/bootstrap.sh
set -euo pipefail
node --version
pnpm install --frozen-lockfile
pnpm exec turbo run build typecheck lint test --concurrency=1 --output-logs=new-only "$@"
