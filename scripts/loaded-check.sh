#!/usr/bin/env bash
# The loaded-machine check: runs the whole test suite (`npm test`) three times in a row while two CPU-bound processes
# keep both cores busy, and fails on the first failing run. A suite that passes only on an idle machine hides real
# failures behind timing ones. Not part of `npm test` (it takes several suite runs). Usage:
#   scripts/loaded-check.sh            # 3 runs, 2 busy loops
#   RUNS=1 HOGS=4 scripts/loaded-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
hog_count=${HOGS:-2}

hogs=()
stop_hogs() {
  for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop_hogs EXIT
for _ in $(seq 1 "$hog_count"); do
  node -e 'for (;;) {}' &
  hogs+=("$!")
done
echo "loaded-check: $hog_count CPU-bound processes running (pids ${hogs[*]}) on $(nproc) cores"

for run in $(seq 1 "$runs"); do
  started=$(date +%s)
  echo "loaded-check: run $run/$runs starting, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
  if ! npm test; then
    echo "loaded-check: run $run/$runs FAILED after $(($(date +%s) - started)) s"
    exit 1
  fi
  echo "loaded-check: run $run/$runs passed in $(($(date +%s) - started)) s, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
done
echo "loaded-check: all $runs runs passed under load"
