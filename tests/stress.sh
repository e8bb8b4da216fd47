#!/usr/bin/env bash
# Run the browser test N times while both cores are kept busy, and count the passes.
#
#   bash tests/stress.sh [RUNS=5] [BUSY_WORKERS=2]
#
# The load is bounded: BUSY_WORKERS python busy loops, each under `timeout`, all
# killed when the script ends (also on Ctrl-C). Timings of each run are printed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD"
RUNS="${1:-5}"
WORKERS="${2:-2}"
LIMIT=$((RUNS * 300))  # seconds: the load never outlives a stuck script

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT INT TERM
for _ in $(seq "$WORKERS"); do
    timeout "$LIMIT" python -c "while True: pass" &
    pids+=("$!")
done
echo "load: $WORKERS busy loops (pids ${pids[*]}), load average $(cut -d' ' -f1-3 /proc/loadavg)"

passed=0
for i in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    log=$(mktemp)
    if python -m pytest tests/app/test_e2e.py -x -q -p no:cacheprovider -s >"$log" 2>&1; then
        passed=$((passed + 1)); verdict=pass
    else
        verdict=FAIL
    fi
    took=$(python -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
    echo "run $i: $verdict in ${took}s, load $(cut -d' ' -f1 /proc/loadavg); $(grep -h '^TIMINGS' "$log" | tail -1)"
    [ "$verdict" = FAIL ] && { tail -30 "$log"; echo "(log: $log)"; } || rm -f "$log"
done
echo "passed $passed of $RUNS runs under load"
[ "$passed" = "$RUNS" ]
