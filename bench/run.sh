#!/bin/sh
# National-scale benchmark for podium (see bench/README.md).
#   bench/run.sh N
# Env: WORK (default /tmp/podium-bench)  RUNS (default 3)  WARMUP (default 1)
#      MINAGE (default 370 s)  QUIET (busy % threshold, default 5)  QUIET_MAX (default 900 s)
#      PEERS (default <repo>/../shared/bench/peers)  PEERS_WORK (default /tmp/peers)
#      CHECK_GEN (default 1: validate a newly generated project with check_gen.py)
#      THREADS1 (default 1: one extra build with RAYON_NUM_THREADS=1, compared byte for byte)
#      PODIUM_BIN (optional: time this binary instead of running cargo build --release)
#      SETTLE (default `sync`: run before every timed run, untimed; empty to skip)
# Steps:
#  a. cargo build --release; the binary is copied to $WORK/bin/podium so a rebuild by someone
#     else during the run does not change what is timed
#  b. generates $WORK/project-N with gen.py unless present and newer than gen.py
#  c. times `podium check` once
#  d. times cold `podium build PROJECT -o NEW_DIR --quiet` (WARMUP + RUNS, each into a new dir)
#  e. times the peers' floor writer writing the same files (manifest of podium's output), with
#     1 and 2 threads, and prints podium's time / floor time
#  f. rebuilds unchanged data into the SAME output directory and counts files whose mtime changed
# Protocol (../shared/bench/peers/RESULTS.md): / is ext4 WITHOUT a journal; it will not reuse an
# inode for 60 s (360 s while its inode-table block is dirty) after a delete, and file creation
# right after a mass delete costs up to ~10x more.  So every timed build writes into a new
# directory, nothing is deleted until all timing is done, and a run waits until MINAGE seconds
# have passed since the last recorded mass delete (this benchmark's or the peers' run.sh).
# Each timed series starts only when the machine is less than QUIET % busy over 5 s.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
N=${1:?usage: bench/run.sh N}
case $N in *[!0-9]*|'') echo "run.sh: N must be a whole number" >&2; exit 2 ;; esac
export WORK=${WORK:-/tmp/podium-bench}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-1}
MINAGE=${MINAGE:-370}
QUIET=${QUIET:-5}
QUIET_MAX=${QUIET_MAX:-900}
PEERS=${PEERS:-$ROOT/../shared/bench/peers}
PEERS_WORK=${PEERS_WORK:-/tmp/peers}
CHECK_GEN=${CHECK_GEN:-1}
THREADS1=${THREADS1:-1}
SETTLE=${SETTLE-sync}
# bench/timeit.py is the peers' timer plus --settle: each timed run starts once the
# previous run's output is on disk (300 MB at N=10000; Hugo's runs write 24 MB), so that
# the kernel's writeback of one run does not slow down the next.
TIMEIT=$HERE/timeit.py
FLOOR_SRC=$PEERS/floor.rs
[ -f "$HERE/floor.rs" ] && FLOOR_SRC=$HERE/floor.rs
PROJECT=$WORK/project-$N
mkdir -p "$WORK/bin" "$WORK/out" "$WORK/tmp"
T=$WORK/tmp/run-$N-$$
mkdir -p "$T"
QUIET_NOTE=""

say() { printf '%s\n' "$*"; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# --- helpers -------------------------------------------------------------------------------
busy_pct() {   # machine-wide CPU busy % over 5 s (iowait counted as idle)
  a=$(head -1 /proc/stat); sleep 5; b=$(head -1 /proc/stat)
  printf '%s\n%s\n' "$a" "$b" | awk '
    { t = 0; for (i = 2; i <= 9; i++) t += $i; idle = $5 + $6 }
    NR == 1 { t1 = t; i1 = idle } NR == 2 { t2 = t; i2 = idle }
    END { if (t2 > t1) printf "%.1f", 100 * (1 - (i2 - i1) / (t2 - t1)); else print 0 }'
}
wait_quiet() {  # $1: what is about to be timed
  sync
  start=$(date +%s)
  while :; do
    p=$(busy_pct)
    if awk -v p="$p" -v q="$QUIET" 'BEGIN { exit !(p < q) }'; then
      say "machine ${p}% busy over 5 s: timing $1"; return 0
    fi
    if [ $(( $(date +%s) - start )) -ge "$QUIET_MAX" ]; then
      say "WARNING: machine still ${p}% busy after ${QUIET_MAX} s; timing $1 anyway (numbers suspect)"
      QUIET_NOTE="$QUIET_NOTE [$1: machine ${p}% busy]"; return 0
    fi
    say "machine ${p}% busy (>= ${QUIET}%): waiting before timing $1"
    sleep 10
  done
}
timed() {       # timed LABEL RUNS WARMUP CMD...: timeit.py into $T/LABEL.t; fails on a non-zero exit
  label=$1; n=$2; w=$3; shift 3
  python3 "$TIMEIT" -n "$n" -w "$w" --settle "$SETTLE" -- "$@" > "$T/$label.t"
  sed 's/^/  /' "$T/$label.t"
  grep -q 'exit codes=\[0\]$' "$T/$label.t"
}
stat3() {       # stat3 LABEL wall|cpu|peak -> "min median max"
  awk -v k="$2" '$1 == k { split($0, a, ": "); n = split(a[2], v, " / "); print v[1], v[2], v[3] }' "$T/$1.t"
}
med() { stat3 "$1" "$2" | awk '{ print $2 }'; }
mm() { stat3 "$1" wall | awk '{ printf "%.3f s median [%.3f–%.3f]", $2, $1, $3 }'; }
runs_of() { ls -d "$WORK/out/runs/$1-$N"-* 2>/dev/null || true; }
last_run() { runs_of "$1" | tail -1; }
first_run() { runs_of "$1" | head -1; }
newest_delete() {   # newest recorded mass delete (this benchmark or the peers'), epoch s, or 0
  d=0
  for f in "$WORK/out/.deleted-at" "$PEERS_WORK/out/.deleted-at"; do
    [ -f "$f" ] && [ "$(cat "$f")" -gt "$d" ] && d=$(cat "$f")
  done
  echo "$d"
}
ndiff() {       # number of differing/missing files between two trees
  diff -rq "$1" "$2" 2>/dev/null | wc -l | tr -d ' '
}
kib_avail() { df -Pk "$WORK" | awk 'NR == 2 { print $4 }'; }

# --- a. build podium -----------------------------------------------------------------------
if [ -n "${PODIUM_BIN:-}" ]; then   # benchmark a given binary instead of building one
  SRC_BIN=$PODIUM_BIN
  say "== using PODIUM_BIN=$SRC_BIN (no cargo build)"
else
  say "== building podium (cargo build --release in $ROOT)"
  (cd "$ROOT" && cargo build --release) || die "cargo build --release failed"
  SRC_BIN=$ROOT/target/release/podium
fi
[ -x "$SRC_BIN" ] || die "no binary at $SRC_BIN"
cp "$SRC_BIN" "$WORK/bin/podium.new" && mv "$WORK/bin/podium.new" "$WORK/bin/podium"
BIN=$WORK/bin/podium
REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit")
DIRTY=$(git -C "$ROOT" status --porcelain 2>/dev/null | wc -l | tr -d ' ')
say "podium: $("$BIN" --version 2>/dev/null || echo '?'), git $REV ($DIRTY uncommitted paths), binary sha256 $(sha256sum "$BIN" | cut -c1-12)"
if [ ! -x "$WORK/bin/floor" ] || [ "$FLOOR_SRC" -nt "$WORK/bin/floor" ]; then
  rustc -C opt-level=3 -o "$WORK/bin/floor" "$FLOOR_SRC" || die "cannot build $FLOOR_SRC"
fi

# --- b. the project -------------------------------------------------------------------------
STAMP=$WORK/project-$N.stamp
if [ ! -d "$PROJECT/data" ] || [ ! -f "$STAMP" ] || [ "$HERE/gen.py" -nt "$STAMP" ]; then
  say "== generating $PROJECT"
  rm -rf "$PROJECT.tmp"
  g0=$(date +%s.%N)
  python3 "$HERE/gen.py" "$N" "$PROJECT.tmp"
  say "gen.py: $(awk -v a="$g0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
  if [ "$CHECK_GEN" = 1 ]; then python3 "$HERE/check_gen.py" "$PROJECT.tmp" || die "check_gen.py rejected the project"; fi
  rm -rf "$PROJECT"; mv "$PROJECT.tmp" "$PROJECT"; touch "$STAMP"
fi
say "project: $PROJECT/data, $(du -sk "$PROJECT/data" | cut -f1) KiB, $(($(wc -l < "$PROJECT/data/units.csv") - 1)) units, $(($(wc -l < "$PROJECT/data/results.csv") - 1)) result rows"

# --- protocol: leftovers, inode ageing ---------------------------------------------------------
if [ -d "$WORK/out/runs" ]; then   # left by an interrupted run
  say "deleting outputs left by an interrupted run"
  rm -rf "$WORK/out/runs"; sync; date +%s > "$WORK/out/.deleted-at"
fi
sync
DEL=$(newest_delete)
if [ "$DEL" -gt 0 ]; then
  AGE=$(( $(date +%s) - DEL ))
  if [ "$AGE" -lt "$MINAGE" ]; then
    say "waiting $((MINAGE - AGE)) s for recently deleted inodes to age (protocol rule 1)"
    sleep $((MINAGE - AGE))
  fi
fi
[ "$(kib_avail)" -gt 2097152 ] || die "less than 2 GiB free under $WORK"

# --- c. podium check ----------------------------------------------------------------------------
wait_quiet "podium check"
say "== podium check N=$N (once)"
if ! timed check 1 0 sh -c 'exec "$0" check "$1" 2>"$2"' "$BIN" "$PROJECT" "$T/check.err"; then
  sed -n '1,30p' "$T/check.err"; die "podium check failed on the generated project"
fi
CHECK_LAST=$(tail -1 "$T/check.err" 2>/dev/null || true)
say "  last line of its report: $CHECK_LAST"

# --- d. cold builds -------------------------------------------------------------------------------
wait_quiet "podium build"
say "== podium build N=$N: $WARMUP warm-up + $RUNS runs, each into a new directory"
if ! timed podium "$RUNS" "$WARMUP" "$HERE/build.sh" podium "$N"; then
  "$BIN" build "$PROJECT" -o "$T/failed-build" --quiet 2>&1 | sed -n '1,30p'
  die "podium build failed"
fi
OUT=$(last_run podium)
[ -n "$OUT" ] || die "podium wrote no output directory"
(cd "$OUT" && find . -type f -printf '%P\t%s\n' | LC_ALL=C sort) > "$WORK/out/manifest-$N.txt"
FILES=$(wc -l < "$WORK/out/manifest-$N.txt" | tr -d ' ')
BYTES=$(awk -F'\t' '{ b += $2 } END { printf "%.0f", b }' "$WORK/out/manifest-$N.txt")
HTML=$(awk -F'\t' '$1 ~ /\.html$/ { n++ } END { print n + 0 }' "$WORK/out/manifest-$N.txt")
DIRS=$(find "$OUT" -type d | wc -l | tr -d ' ')
KIB=$(du -sk "$OUT" | cut -f1)
say "  output: $FILES files ($HTML HTML) in $DIRS directories, $BYTES bytes, $KIB KiB on disk"
NEED=$(( KIB * (2 * (RUNS + WARMUP) + 3) * 11 / 10 ))
[ "$(kib_avail)" -gt "$NEED" ] || die "not enough free space for the floor runs (need ~$NEED KiB); lower RUNS"

# --- e. the write floor ------------------------------------------------------------------------------
wait_quiet "floor, 1 thread"
say "== floor writer, 1 thread: the same $FILES files and sizes"
timed floor "$RUNS" "$WARMUP" "$HERE/build.sh" floor "$N" || die "floor failed"
wait_quiet "floor, 2 threads"
say "== floor writer, 2 threads"
timed floor2 "$RUNS" "$WARMUP" "$HERE/build.sh" floor2 "$N" || die "floor2 failed"

if [ "$THREADS1" = 1 ]; then
  wait_quiet "podium build, 1 thread"
  say "== podium build with RAYON_NUM_THREADS=1 (once; compared byte for byte)"
  timed podium1 1 0 "$HERE/build.sh" podium1 "$N" || die "podium build (1 thread) failed"
fi

# --- untimed comparisons -----------------------------------------------------------------------------
DET=$(ndiff "$(first_run podium)" "$OUT")
if [ "$THREADS1" = 1 ]; then T1DIFF=$(ndiff "$(last_run podium1)" "$OUT"); fi

# --- f. rebuild of unchanged data into the same directory ----------------------------------------------
snap() { (cd "$OUT" && find . -type f -printf '%P\t%T@\t%i\t%s\n' | LC_ALL=C sort) > "$1"; }
snap "$T/before"
sleep 1   # so that a rewrite shows up in mtime even at coarse resolution
wait_quiet "podium rebuild (unchanged data, same directory)"
say "== podium build of unchanged data into the same directory (once)"
timed rebuild 1 0 "$BIN" build "$PROJECT" -o "$OUT" --quiet || die "rebuild into $OUT failed"
snap "$T/after"
REB=$(awk -F'\t' 'NR == FNR { m[$1] = $2; ino[$1] = $3; next }
  { seen[$1] = 1; if (!($1 in m)) add++; else { if (m[$1] != $2) mt++; if (ino[$1] != $3) in_++ } }
  END { for (k in m) if (!(k in seen)) rem++
        printf "%d mtime changed, %d inode changed, %d added, %d removed", mt, in_, add, rem }' \
  "$T/before" "$T/after")
CHANGED=$(awk -F'\t' 'NR == FNR { m[$1] = $2 "/" $3; next } !($1 in m) || m[$1] != $2 "/" $3 { print $1 }' \
  "$T/before" "$T/after" | head -5 | tr '\n' ' ')

# --- summary ---------------------------------------------------------------------------------------------
PW=$(med podium wall); F1=$(med floor wall); F2=$(med floor2 wall); PEAK=$(med podium peak)
say ""
say "== summary: N=$N, podium git $REV ($DIRTY uncommitted paths), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
say "podium check           : $(med check wall) s, peak $(med check peak) MiB — $CHECK_LAST"
say "podium build, cold     : $(mm podium), cpu $(med podium cpu) s, peak RSS $PEAK MiB ($RUNS runs after $WARMUP warm-up)"
say "  output               : $FILES files ($HTML HTML), $BYTES bytes"
say "  pages per second     : $(awk -v h="$HTML" -v w="$PW" 'BEGIN { printf "%.0f", h / w }') (HTML files / median wall)"
say "  memory per page      : $(awk -v p="$PEAK" -v h="$HTML" 'BEGIN { printf "%.1f", p * 1024 / h }') KiB (peak RSS / HTML files)"
say "floor, 1 thread        : $(mm floor)   podium / floor   = $(awk -v a="$PW" -v b="$F1" 'BEGIN { printf "%.2f", a / b }')"
say "floor, 2 threads       : $(mm floor2)   podium / floor×2 = $(awk -v a="$PW" -v b="$F2" 'BEGIN { printf "%.2f", a / b }')"
if [ "$THREADS1" = 1 ]; then
  say "podium, 1 thread       : $(med podium1 wall) s (once), cpu $(med podium1 cpu) s; differs from the default build in $T1DIFF files"
fi
say "repeatability          : first and last cold build differ in $DET files"
say "rebuild, unchanged data: $(med rebuild wall) s; of $FILES files: $REB"
[ -z "$CHANGED" ] || say "  rewritten or new (first 5): $CHANGED"
[ -z "$QUIET_NOTE" ] || say "NOT QUIET:$QUIET_NOTE"

# --- cleanup: only after all timing; record when, so the next run waits ----------------------------------
rm -rf "$WORK/out/runs" "$T"; sync; date +%s > "$WORK/out/.deleted-at"
say "(outputs deleted; the next run waits until $MINAGE s have passed)"
