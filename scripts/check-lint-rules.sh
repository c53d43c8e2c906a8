#!/usr/bin/env bash
# Proves the lint setup still catches what it is trusted to catch: lints
# scripts/lint-proof (deliberate violations) and fails unless every rule
# below fires, and unless prettier refuses the misformatted file. A rule
# that silently stops firing (an unresolved import makes no-cycle check
# nothing, for instance) is caught here instead of in review.
set -euo pipefail
cd "$(dirname "$0")/lint-proof"
out="$(../../node_modules/.bin/eslint --no-ignore --format json src 2>&1 || true)"
status=0
for rule in import-x/no-cycle import-x/no-extraneous-dependencies import-x/no-duplicates \
  import-x/no-unresolved no-restricted-imports @typescript-eslint/no-floating-promises; do
  if ! grep -q "\"ruleId\":\"$rule\"" <<<"$out"; then
    echo "check-lint-rules: $rule did not fire on scripts/lint-proof" >&2
    status=1
  fi
done
if ../../node_modules/.bin/prettier --check src/misformatted.ts >/dev/null 2>&1; then
  echo "check-lint-rules: prettier accepted scripts/lint-proof/src/misformatted.ts" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "check-lint-rules: every lint rule fired on its deliberate violation"
exit "$status"
