#!/usr/bin/env bash
# Times `integra run` (all outputs and the store) on simulated surveys of the demo study
# (its instrument and design) beside a DuckDB script that does the same job from the same CSV
# (Benchmarks/duckdb_baseline.py: scoring from the instrument, every estimate with its
# Taylor-linearized SE, respondents.csv and estimates.csv), which must give integra's
# estimates and SEs. Then, at the middle size, `integra estimate` and what raking the weights to
# three margins adds to a run. Prints wall time, peak memory and the ratio; figures, not a
# pass/fail. Each size is timed in RUNS interleaved pairs (integra, then DuckDB), and each
# figure is the median of its runs (the ratio is of the medians): this machine's speed moves
# by a third from minute to minute, and one run's ratio followed it more than the code.
#
#   [RUNS=3] Benchmarks/run.sh [RESPONDENTS…]        (default: 100000 1000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 10000000)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -c "import duckdb" 2>/dev/null || pip install -q duckdb
# The binary as Scripts/dist.sh builds it for installation (same flags, same build folder):
# the Swift runtime and Foundation linked in, which starts each command in 8 ms where the
# dynamically linked build took 18 ms (resolving a dozen Swift libraries' symbols).
swift build -c release --static-swift-stdlib --product integra --scratch-path .build-dist \
  -Xlinker -rpath -Xlinker '$ORIGIN/../lib' >/dev/null
integra=.build-dist/release/integra

runs=${RUNS:-3}

# measure COMMAND…: runs it, keeping seconds and peak MiB in $seconds and $mib.
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }
  read -r seconds kilobytes < "$work/time"
  mib=$(( kilobytes / 1024 ))
}

# median VALUE…: the middle value (the lower middle of an even count).
median() { printf "%s\n" "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }

# Variants of the demo study, written to the work folder: as it is but with its design weights
# (the DuckDB script does not calibrate), without the counting view and the rank sensitivity
# (what they cost), and raked to three margins (Benchmarks/margins/: what calibration costs).
python3 - "$work" "$PWD/Benchmarks/margins" <<'PY'
import json, sys
work, margins = sys.argv[1], sys.argv[2]
study = json.load(open("Fixtures/demo/study.json"))
study["data"] = "responses.csv"
study.pop("calibration", None)
json.dump(study, open(f"{work}/plain.json", "w"))
json.dump(dict(study, counting=False, rankSensitivity=False), open(f"{work}/no-counting.json", "w"))
rake = {"method": "rake", "margins": [{"file": f"{margins}/{name}.csv"} for name in ("province", "sex", "nationality")]}
json.dump(dict(study, calibration=rake), open(f"{work}/rake.json", "w"))
PY
echo "integra benchmark: the demo study, $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB"
echo "medians of $runs interleaved runs at each size"
printf "%12s %9s   %-28s %-28s %-17s %s\n" "respondents" "CSV" "integra run" "DuckDB, same job" "DuckDB / integra" "without counting, ranks"
middle=${sizes[$(( ${#sizes[@]} / 2 ))]}
for n in "${sizes[@]}"; do
  "$integra" simulate --study Fixtures/demo/study.json --respondents "$n" --seed 1 --defect-rate 0 --output "$work/responses.csv" 2>/dev/null
  size=$(du -m "$work/responses.csv" | cut -f1)
  integra_runs=() integra_mibs=() duck_runs=() duck_mibs=() bare_runs=()
  for _ in $(seq "$runs"); do
    rm -rf "$work/out" "$work/duck" && mkdir -p "$work/duck"
    measure "$integra" run "$work/plain.json" --data "$work/responses.csv" --output "$work/out"
    integra_runs+=("$seconds") integra_mibs+=("$mib")
    measure python3 Benchmarks/duckdb_baseline.py Fixtures/demo/study.json "$work/responses.csv" "$work/duck" --check "$work/out/estimates.csv"
    duck_runs+=("$seconds") duck_mibs+=("$mib")
    rm -rf "$work/out2"
    measure "$integra" run "$work/no-counting.json" --data "$work/responses.csv" --output "$work/out2"
    bare_runs+=("$seconds")
  done
  integra_s=$(median "${integra_runs[@]}") integra_mib=$(median "${integra_mibs[@]}")
  duck_s=$(median "${duck_runs[@]}") duck_mib=$(median "${duck_mibs[@]}")
  printf "%12d %6d MiB   %6.2f s %7d MiB peak   %6.2f s %7d MiB peak   %6.2f×            %6.2f s\n" "$n" "$size" "$integra_s" "$integra_mib" "$duck_s" "$duck_mib" \
    "$(awk -v a="$duck_s" -v b="$integra_s" 'BEGIN { print a / b }')" "$(median "${bare_runs[@]}")"
  # Each pair's own ratio too: how far one run's figure can stray from the median's.
  pair_ratios=$(for i in "${!integra_runs[@]}"; do awk -v a="${duck_runs[$i]}" -v b="${integra_runs[$i]}" 'BEGIN { printf "%.2f× ", a / b }'; done)
  printf "%12s integra %s s; DuckDB %s s; pairs %s\n" "" "${integra_runs[*]}" "${duck_runs[*]}" "$pair_ratios"
  if [ "$n" = "$middle" ]; then
    estimate_runs=() estimate_mibs=()
    for _ in $(seq "$runs"); do
      measure "$integra" estimate "$work/responses.csv" --weight weight --strata province \
        --psu segment --fpc fpc_segments --mean age --mean years_in_country --mean q_connected --mean q_outsider \
        --mean q_shared_meal --mean q_celebrations --mean q_politics_understand --mean q_doctor \
        --by province,sex,nationality,migratory_status,native_speaker
      estimate_runs+=("$seconds") estimate_mibs+=("$mib")
    done
    estimate_line=$(printf "integra estimate (8 means, 5 --by) on %d rows: %.2f s (median of %d), %d MiB peak" "$n" "$(median "${estimate_runs[@]}")" "$runs" \
      "$(median "${estimate_mibs[@]}")")
    # Raking to three margins, against the same run on the design weights, medians of five pairs.
    plain_runs=() rake_runs=()
    for _ in 1 2 3 4 5; do
      rm -rf "$work/out3" && measure "$integra" run "$work/plain.json" --data "$work/responses.csv" --output "$work/out3" && plain_runs+=("$seconds")
      rm -rf "$work/out3" && measure "$integra" run "$work/rake.json" --data "$work/responses.csv" --output "$work/out3" && rake_runs+=("$seconds")
    done
    plain_median=$(median "${plain_runs[@]}") rake_median=$(median "${rake_runs[@]}")
    rake_line=$(printf "raking to province, sex and nationality on %d rows: %.2f s against %.2f s unraked (+%.2f s; medians of 5 pairs)" \
      "$n" "$rake_median" "$plain_median" "$(awk -v a="$rake_median" -v b="$plain_median" 'BEGIN { print a - b }')")
  fi
done
[ -z "${estimate_line:-}" ] || echo "$estimate_line"
[ -z "${rake_line:-}" ] || echo "$rake_line"
