#!/usr/bin/env bash
# Runs one phase of `npm test` and records its outcome and times: `phase.sh <name> <command...>`.
# Writes test-results/phases/<name> as `<name> <pass|fail> <wall s> <cpu s>` (CPU: user + system of the phase's
# processes, from bash's `times`), so phases that run side by side are still timed one by one.
set -uo pipefail
name=$1
shift
mkdir -p test-results/phases
start=$(date +%s.%N)
"$@"
rc=$?
end=$(date +%s.%N)
# `times` prints the shell's own line, then its children's: "1m2.345s 0m6.789s". It must run in this shell (not in a
# pipeline or $(…), whose subshell has no children), hence the file.
times > "test-results/phases/$name.times"
cpu=$(tail -n 1 "test-results/phases/$name.times" | awk '{ total = 0; for (i = 1; i <= 2; i++) { split($i, t, /m|s/); total += t[1] * 60 + t[2] } printf "%.0f", total }')
wall=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", e - s }')
if [ "$rc" -eq 0 ]; then outcome=pass; else outcome=fail; fi
echo "$name $outcome $wall $cpu" > "test-results/phases/$name"
rm -f "test-results/phases/$name.times"
echo "== $name: $outcome in ${wall} s (CPU ${cpu} s)"
exit "$rc"
