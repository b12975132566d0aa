#!/bin/sh
# One full, from-scratch build of the N-unit project into a NEW output directory.
#   bench/build.sh TOOL N     TOOL: podium | podium1 (RAYON_NUM_THREADS=1) | floor | floor2
# Output goes to $WORK/out/runs/TOOL-N-<unique>/ (never reused, so nothing is incremental);
# run.sh deletes $WORK/out/runs only after ALL timing.  The tool is exec'd, so the timer that
# waits for this script measures the tool process itself (wall time, peak RSS).
# Env: WORK (default /tmp/podium-bench); the binaries are $WORK/bin/podium and $WORK/bin/floor
# (copied/built by run.sh), the project is $WORK/project-N, the floor's manifest
# $WORK/out/manifest-N.txt (podium's own output: relative path TAB size).
set -eu
TOOL=$1; N=$2
WORK=${WORK:-/tmp/podium-bench}
OUT=$WORK/out/runs/$TOOL-$N-$(date +%s%N)-$$
mkdir -p "$WORK/out/runs"
case $TOOL in
  podium)  exec "$WORK/bin/podium" build "$WORK/project-$N" -o "$OUT" --quiet ;;
  podium1) RAYON_NUM_THREADS=1; export RAYON_NUM_THREADS
           exec "$WORK/bin/podium" build "$WORK/project-$N" -o "$OUT" --quiet ;;
  floor)   exec "$WORK/bin/floor" "$WORK/out/manifest-$N.txt" "$OUT" 1 ;;
  floor2)  exec "$WORK/bin/floor" "$WORK/out/manifest-$N.txt" "$OUT" 2 ;;
  *) echo "build.sh: unknown tool $TOOL" >&2; exit 2 ;;
esac
