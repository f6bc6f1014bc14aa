#!/usr/bin/env bash
# Fuzzes the CSV reader and ingest with libFuzzer (and AddressSanitizer) for a minute, or for
# the seconds given: Scripts/fuzz-reader.sh [SECONDS]. Any crash, hang (over 10 s on one input)
# or broken row count stops it and leaves the input in .build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
mkdir -p .build-fuzz/corpus
cp -n Fuzz/corpus/* .build-fuzz/corpus/ 2>/dev/null || true
sources=$(find Sources/IntegrationIndex -name '*.swift' | sort)
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name IntegrationIndex \
  $sources Fuzz/ReaderFuzz.swift -o .build-fuzz/reader-fuzz
cd .build-fuzz
./reader-fuzz -max_total_time="$seconds" -timeout=10 -max_len=4096 corpus 2>&1 | tail -n 5
