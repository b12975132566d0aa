#!/bin/sh
# The same campaign kept in a workbook instead of CSV files (issue 14): how much longer
# loading and building take.
#   bench/workbook.sh N        (after bench/run.sh N, which made $WORK/project-N and $WORK/bin/podium)
# Env: WORK (default /tmp/podium-bench)  RUNS (default 3)  MINAGE (default 370 s)
# Steps:
#  a. makes $WORK/project-N-xlsx unless present and newer than project-N: project-N's YAML,
#     pages and news, and data/thi-dua.xlsx written by `podium template --project project-N`
#     (units, targets, a sheet per month with a row per unit, nominations), the layout
#     docs/formats.md offers offices, instead of the four CSV files
#  b. times `podium check` (loading, the rules, the checks; nothing written) on both
#     projects, RUNS times each: the difference is the workbook's loading
#  c. times one cold build of each into a new directory (the protocol of run.sh: wait
#     MINAGE seconds after the last mass delete, `sync` before each run) and compares the
#     two sites: they must be identical
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
N=${1:?usage: bench/workbook.sh N}
case $N in *[!0-9]*|'') echo "workbook.sh: N must be a whole number" >&2; exit 2 ;; esac
WORK=${WORK:-/tmp/podium-bench}
RUNS=${RUNS:-3}
MINAGE=${MINAGE:-370}
BIN=$WORK/bin/podium
CSV=$WORK/project-$N
XLSX=$WORK/project-$N-xlsx
TIMEIT=$HERE/timeit.py
[ -x "$BIN" ] || { echo "workbook.sh: no $BIN: run bench/run.sh $N first" >&2; exit 1; }
[ -d "$CSV/data" ] || { echo "workbook.sh: no $CSV: run bench/run.sh $N first" >&2; exit 1; }
say() { printf '%s\n' "$*"; }

# --- a. the workbook project -----------------------------------------------------------------
if [ ! -f "$XLSX/data/thi-dua.xlsx" ] || [ "$CSV/data/results.csv" -nt "$XLSX/data/thi-dua.xlsx" ]; then
  say "== writing $XLSX"
  rm -rf "$XLSX.tmp" && mkdir -p "$XLSX.tmp"
  cp -R "$CSV/data" "$XLSX.tmp/data"
  rm -f "$XLSX.tmp/data/units.csv" "$XLSX.tmp/data/targets.csv" "$XLSX.tmp/data/results.csv" "$XLSX.tmp/data/nominations.csv"
  python3 "$TIMEIT" -n 1 -w 0 -- "$BIN" template "$XLSX.tmp/data/thi-dua.xlsx" --project "$CSV" | sed 's/^/  template: /'
  rm -rf "$XLSX" && mv "$XLSX.tmp" "$XLSX"
fi
say "workbook: $(du -k "$XLSX/data/thi-dua.xlsx" | cut -f1) KiB"

# --- b. loading: podium check ----------------------------------------------------------------
for p in "$CSV" "$XLSX"; do
  say "== podium check $(basename "$p") ($RUNS runs)"
  python3 "$TIMEIT" -n "$RUNS" -w 1 -- "$BIN" check "$p" | sed 's/^/  /'
done

# --- c. one cold build of each ---------------------------------------------------------------
mkdir -p "$WORK/out/runs"
last=0
[ -f "$WORK/out/.deleted-at" ] && last=$(cat "$WORK/out/.deleted-at")
wait_s=$(( last + MINAGE - $(date +%s) ))
if [ "$wait_s" -gt 0 ]; then
  say "waiting ${wait_s} s after the last mass delete (MINAGE=$MINAGE)"
  sleep "$wait_s"
fi
stamp=$(date +%s)
for p in "$CSV" "$XLSX"; do
  out=$WORK/out/runs/wb-$(basename "$p")-$stamp
  say "== cold build $(basename "$p") into $out"
  python3 "$TIMEIT" -n 1 -w 0 --settle sync -- "$BIN" build "$p" -o "$out" --quiet | sed 's/^/  /'
done
a=$WORK/out/runs/wb-$(basename "$CSV")-$stamp
b=$WORK/out/runs/wb-$(basename "$XLSX")-$stamp
differ=$(diff -rq "$a" "$b" | wc -l | tr -d ' ')
say "files that differ between the two sites: $differ"
rm -rf "$a" "$b"
date +%s > "$WORK/out/.deleted-at"
[ "$differ" = 0 ]
