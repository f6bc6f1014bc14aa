#!/usr/bin/env bash
# Checks the demo's reports as their readers get them, and refreshes the committed screenshots:
# - report.html and report.en.html must be self-contained (nothing fetched) and render in headless
#   Chromium to PNG and to PDF without a single console message;
# - report.xlsx must convert with LibreOffice (no repair) and its numbers must equal estimates.csv.
# Needs `apt-get install chromium libreoffice-calc-nogui python3`. Run after the README's first command:
#   Scripts/check-reports.sh [REPORT_FOLDER]     (default Reports/demo)
set -euo pipefail
cd "$(dirname "$0")/.."
folder="${1:-Reports/demo}"
for tool in chromium libreoffice python3; do
  command -v "$tool" >/dev/null || { echo "check-reports: $tool is not installed (apt-get install chromium libreoffice-calc-nogui)"; exit 2; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0

for page in report.html report.en.html; do
  file="$folder/$page"
  if grep -Eq '(src|href)=|url\(|@import|<script' "$file"; then
    echo "FAIL $page: refers to something outside the page or holds a script"; failed=1
  fi
  name="${page%.html}"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --enable-logging=stderr --v=0 \
    --window-size=1100,2600 --screenshot="$folder/$name.png" "file://$PWD/$file" >"$work/$name.log" 2>&1 || true
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --enable-logging=stderr --v=0 \
    --print-to-pdf="$work/$name.pdf" "file://$PWD/$file" >>"$work/$name.log" 2>&1 || true
  if grep -q "CONSOLE" "$work/$name.log"; then
    echo "FAIL $page: console messages:"; grep "CONSOLE" "$work/$name.log"; failed=1
  fi
  [ -s "$folder/$name.png" ] || { echo "FAIL $page: no screenshot"; failed=1; }
  [ -s "$work/$name.pdf" ] || { echo "FAIL $page: no PDF"; failed=1; }
  [ -s "$work/$name.pdf" ] && echo "ok   $page: $(du -k "$folder/$name.png" | cut -f1) KiB PNG, $(grep -c '/Type /Page$\|/Type/Page[^s]' "$work/$name.pdf" || true) PDF pages"
done

mkdir -p "$work/sheets"
libreoffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
  --outdir "$work/sheets" "$folder/report.xlsx" >"$work/lo.log" 2>&1 || true
python3 - "$work/sheets" "$folder/estimates.csv" <<'PY' || failed=1
import csv, glob, sys
sheets, estimates = sys.argv[1], sys.argv[2]
files = glob.glob(sheets + "/*.csv")
if len(files) < 4:
    sys.exit(f"FAIL report.xlsx: LibreOffice converted {len(files)} sheets")
expected = sorted((int(r["n"]), round(float(r["estimate"]), 9)) for r in csv.DictReader(open(estimates, encoding="utf-8")) if r["estimate"])
found = []
for name in files:
    rows = list(csv.reader(open(name, encoding="utf-8")))
    header = rows[0]
    names = [h for h in header if h in ("Estimación", "Estimate")]
    if "n" not in header or not names:
        continue
    n, estimate = header.index("n"), header.index(names[0])
    for row in rows[1:]:
        if len(row) > n and row[n] and row[estimate]:
            found.append((int(float(row[n])), round(float(row[estimate]), 9)))
found.sort()
if found != expected:
    sys.exit(f"FAIL report.xlsx: {len(found)} estimates in the workbook, {len(expected)} in estimates.csv, or values differ")
print(f"ok   report.xlsx: {len(files)} sheets; its {len(found)} estimates equal estimates.csv")
PY
exit $failed
