#!/usr/bin/env bash
# The README's test command (`npm test`): static checks, build, then every runner; ends with `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf test-results
mkdir -p test-results

checks=()
run_check() {
  local name=$1
  shift
  echo "== $name"
  if "$@"; then checks+=("$name:pass"); else checks+=("$name:fail"); fi
}

run_check lint npm run -s lint
run_check typecheck npm run -s typecheck
run_check build npm run -s build

# Unit tests and e2e share one real Secret Service; a virtual display lets the Electron e2e run where Electron exists.
runner=(bash scripts/with-keyring.sh)
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then runner=(xvfb-run -a "${runner[@]}"); fi
echo "== vitest + playwright"
"${runner[@]}" bash -c '
  npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json; v=$?
  npx playwright test; p=$?
  echo "vitest=$v playwright=$p" > test-results/runner-exit-codes
'

node scripts/summarize.mjs "${checks[@]}"
