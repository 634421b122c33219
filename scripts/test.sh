#!/usr/bin/env bash
# The README's test command (`npm test`): build, then the static checks and both runners side by side; prints each
# phase's wall and CPU time and ends with `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf test-results
mkdir -p test-results/logs

started=$(date +%s)
checks=()

# Everything after the build reads its output (out/, the page script bundle), so it goes first, alone.
echo "== build"
if bash scripts/phase.sh build npm run -s build; then checks+=("build:pass"); else checks+=("build:fail"); fi

# The rest only waits on Chromium, the keychain and child processes much of the time, so it shares the two cores:
# lint, typecheck, vitest and Playwright run side by side, each with its own log (printed as each ends). Each runner
# has a throwaway gnome-keyring of its own (Playwright's workers make one each: e2e/harness/worker-keyring.ts); a
# virtual display lets the Electron e2e run where Electron exists.
keyring=(bash scripts/with-keyring.sh)
display=()
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then display=(xvfb-run -a); fi
names=(lint typecheck vitest playwright)
pids=()
# The static checks have no time limits, the runners' tests do: the checks yield the CPU to them (nice).
bash scripts/phase.sh lint nice -n 10 npm run -s lint >test-results/logs/lint.log 2>&1 &
pids+=($!)
bash scripts/phase.sh typecheck nice -n 10 npm run -s typecheck >test-results/logs/typecheck.log 2>&1 &
pids+=($!)
bash scripts/phase.sh vitest "${keyring[@]}" npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json >test-results/logs/vitest.log 2>&1 &
pids+=($!)
bash scripts/phase.sh playwright "${display[@]}" "${keyring[@]}" npx playwright test >test-results/logs/playwright.log 2>&1 &
pids+=($!)
echo "== ${names[*]}: side by side (logs in test-results/logs/)"

exits=()
for i in "${!names[@]}"; do
  wait "${pids[$i]}"
  code=$?
  exits+=("${names[$i]}=$code")
  echo "== ${names[$i]}"
  cat "test-results/logs/${names[$i]}.log"
  case ${names[$i]} in
    lint | typecheck) if [ "$code" -eq 0 ]; then checks+=("${names[$i]}:pass"); else checks+=("${names[$i]}:fail"); fi ;;
  esac
done
echo "${exits[*]}" > test-results/runner-exit-codes

echo "total $(( $(date +%s) - started ))" > test-results/phases/total
node scripts/summarize.mjs "${checks[@]}"
