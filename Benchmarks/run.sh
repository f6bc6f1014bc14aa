#!/usr/bin/env bash
# Times `integra run` on a simulated survey of 1,000,000 respondents (the demo study's instrument
# and design) and prints wall time, peak memory and rows per second. Figures, not a pass/fail:
# the first bar is under 5 s and under 1 GiB on a 2-core machine.
#
#   Benchmarks/run.sh [RESPONDENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
respondents="${1:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

swift build -c release --product integra >/dev/null
integra="$(swift build -c release --show-bin-path)/integra"

"$integra" simulate --study Fixtures/demo/study.json --respondents "$respondents" --seed 1 --defect-rate 0 --output "$work/responses.csv" 2>/dev/null
size=$(du -m "$work/responses.csv" | cut -f1)

measure() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }
  read -r seconds kilobytes < "$work/time"
  awk -v label="$label" -v s="$seconds" -v kb="$kilobytes" -v n="$respondents" \
    'BEGIN { printf "%-34s %8.2f s  %8.0f MiB peak  %10.0f rows/s\n", label, s, kb / 1024, n / s }'
}

echo "integra benchmark: $respondents respondents, ${size} MiB CSV, $(nproc) cores"
measure "integra run (all outputs + store)" "$integra" run Fixtures/demo/study.json --data "$work/responses.csv" --output "$work/out"
measure "integra estimate (8 means, 5 --by)" "$integra" estimate "$work/responses.csv" --weight weight --strata province \
  --psu segment --fpc fpc_segments --mean age --mean years_in_country --mean q_connected --mean q_outsider \
  --mean q_shared_meal --mean q_celebrations --mean q_politics_understand --mean q_doctor \
  --by province,sex,nationality,migratory_status,native_speaker
measure "integra estimate (weights only)" "$integra" estimate "$work/responses.csv" --weight weight --strata province \
  --mean age --mean years_in_country --mean q_connected --mean q_outsider \
  --mean q_shared_meal --mean q_celebrations --mean q_politics_understand --mean q_doctor \
  --by province,sex,nationality,migratory_status,native_speaker
