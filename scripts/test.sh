#!/usr/bin/env bash
# The one test command (README: `npm test`). On a fresh Debian machine it
# installs the system tools the tests drive (podman, Caddy, Knot, ...),
# fetches the pinned Node.js, installs the workspace, and runs every
# package's build, typecheck, lint and test through turbo. It ends with one
# line adding up every package's jest counts: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
. scripts/bootstrap.sh
set -euo pipefail
node --version
pnpm install --frozen-lockfile
# Root files; each package checks its own formatting in its lint task.
pnpm exec prettier --check --ignore-path .prettierignore --ignore-path .gitignore '*.{md,json,js}' scripts .ci
bash scripts/check-lint-rules.sh
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
pnpm exec turbo run build typecheck lint test --concurrency=1 --continue --output-logs=full "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# Jest prints e.g. "Tests:       2 failed, 1 skipped, 79 passed, 82 total" per package.
grep -E '^\S+:test: Tests: ' "$log" | awk '
  { for (i = 1; i <= NF; i++) if ($i ~ /^(passed|failed|skipped),?$/) { k = $i; sub(",", "", k); n[k] += $(i - 1) } }
  END { line = sprintf("%d passed, %d failed", n["passed"], n["failed"]); if (n["skipped"]) line = line sprintf(", %d skipped", n["skipped"]); print line }'
exit "$status"
