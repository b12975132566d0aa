#!/usr/bin/env bash
# The Windows build, checked under wine: cross-compiles podium.exe, builds the sample
# with it and with the Linux build and compares the two sites byte for byte — from a
# project folder whose name has Vietnamese letters and spaces, named with backslashes,
# and again with every input file in Windows line endings (CRLF) —, runs
# `podium.exe init` and builds the new project, and checks that the output folders
# podium must never replace, and a non-empty folder for `init`, are refused with
# Windows paths.
#
#   tools/windows-check.sh            (from the repository root; installs what it needs)
#   LINUX_PODIUM=target/debug/podium tools/windows-check.sh   (compare with that build)
#
# It compiles podium in release mode for Windows (and for Linux unless LINUX_PODIUM is
# given), which takes most of its time: ~8 min when only podium itself recompiles, far
# more from a clean target; the checks themselves take ~45 s. So it is not in .ci/run.
#
# Debian's wine 8 lacks bcryptprimitives.dll, which Rust's standard library imports for
# random numbers (ProcessPrng); the script builds a small stand-in beside podium.exe from
# wine's own RtlGenRandom. Real Windows has the DLL, so the stand-in is never shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-pc-windows-gnu
work=${WORK:-/tmp/podium-windows}
export WINEDEBUG=-all

rustup target list --installed | grep -qx "$target" || rustup target add "$target"
if ! command -v x86_64-w64-mingw32-gcc >/dev/null || [ ! -x /usr/lib/wine/wine64 ]; then
  apt-get update -qq && apt-get install -y -qq mingw-w64 wine64 >/dev/null
fi

CARGO_TARGET_DIR="$work/target" cargo build --release --locked --quiet --target "$target"
# The Linux podium to compare with: LINUX_PODIUM names one already built (any profile
# writes the same bytes), else the release build.
if [ -z "${LINUX_PODIUM:-}" ]; then
  cargo build --release --locked --quiet
  LINUX_PODIUM=$PWD/target/release/podium
fi
linux=$(realpath "$LINUX_PODIUM")
exe="$work/target/$target/release/podium.exe"
cat > "$work/shim.c" <<'EOF'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    return SystemFunction036(data, (ULONG)length);
}
EOF
x86_64-w64-mingw32-gcc -shared -O2 -o "$(dirname "$exe")/bcryptprimitives.dll" "$work/shim.c" -ladvapi32
win() { timeout 300 /usr/lib/wine/wine64 "$exe" "$@"; }

# A Unix path as Windows programs under wine see it: drive Z: is /, with backslashes.
w() { local p=${1//\//\\}; printf 'Z:%s' "$p"; }
export SOURCE_DATE_EPOCH=1688169600
same() { # same SITE_A SITE_B WHAT
  if diff -r "$1" "$2" >/dev/null; then
    echo "ok: $3 ($(find "$2" -type f | wc -l) files, byte-identical)"
  else
    echo "FAIL: $3: the sites differ" >&2
    diff -rq "$1" "$2" > "$work/differ.txt" || true
    echo "  $(wc -l < "$work/differ.txt") files differ, e.g. $(head -n 1 "$work/differ.txt")" >&2
    failed=1
  fi
}
failed=0

# The sample, in a folder whose name has Vietnamese letters and spaces, named to
# podium.exe with backslashes (Z:\tmp\...\Kết quả thi đua 2025).
project="$work/Kết quả thi đua 2025"
rm -rf "$work"/project "$project" "$work/Dữ liệu CRLF" "$work/Dự án mới" "$work/init-linux"
mkdir -p "$project" && cp -r data "$project/"
win --version
win build "$(w "$project")" -o "$(w "$project")\site-windows" --quiet 2>/dev/null
"$linux" build "$project" -o "$project/site-linux" --quiet 2>/dev/null
same "$project/site-linux" "$project/site-windows" "the sample built by podium.exe from $(w "$project") and by Linux podium"
win check "$(w "$project")" >/dev/null 2>&1 || { echo "FAIL: podium.exe check $(w "$project")" >&2; exit 1; }
echo "ok: podium.exe check $(w "$project")"

# The same files with Windows line endings (CRLF), as Excel and Notepad save them; run
# inside the project, with a relative output folder written with backslashes.
crlf="$work/Dữ liệu CRLF"
mkdir -p "$crlf" && cp -r data "$crlf/"
find "$crlf/data" -type f \( -name '*.csv' -o -name '*.yaml' -o -name '*.md' \) -exec sed -i 's/\r\?$/\r/' {} +
[ "$(grep -c $'\r$' "$crlf/data/results.csv")" = "$(wc -l < "$crlf/data/results.csv")" ] || { echo "FAIL: CRLF conversion" >&2; exit 1; }
(cd "$crlf" && win build -o 'out\site-windows' --quiet 2>/dev/null)
(cd "$crlf" && "$linux" build -o out/site-linux --quiet 2>/dev/null)
same "$crlf/out/site-linux" "$crlf/out/site-windows" "the sample in CRLF files, podium.exe -o 'out\\site-windows' and Linux podium"
same "$project/site-linux" "$crlf/out/site-linux" "the sample in CRLF files and in LF files (Linux podium)"

# podium.exe init, then build and check the new project under wine; the same bytes as
# Linux podium init writes, and the same site.
fresh="$work/Dự án mới"
win init "$(w "$fresh")" >/dev/null
"$linux" init "$work/init-linux" >/dev/null
if diff -r "$work/init-linux" "$fresh" >/dev/null; then
  echo "ok: podium.exe init $(w "$fresh") writes the files Linux podium init writes ($(find "$fresh" -type f | wc -l) files)"
else
  echo "FAIL: podium.exe init writes other files" >&2
  diff -rq "$work/init-linux" "$fresh" >&2 || true
  exit 1
fi
win check "$(w "$fresh")" >/dev/null 2>&1 || { echo "FAIL: podium.exe check of the new project" >&2; exit 1; }
win build "$(w "$fresh")" --quiet 2>/dev/null
"$linux" build "$work/init-linux" --quiet 2>/dev/null
same "$work/init-linux/site" "$fresh/site" "the new project built by podium.exe and by Linux podium"

listing() { { find "$1" | sort; find "$1" -type f -exec md5sum {} + | sort; } | md5sum; }
before=$(listing "$fresh")
set +e
message=$(win --lang en init "$(w "$fresh")" 2>&1)
code=$?
set -e
after=$(listing "$fresh")
if [ "$code" = 2 ] && [ "$before" = "$after" ] && [[ "$message" == *"this folder is not empty"* ]]; then
  echo "ok: podium.exe init into the non-empty $(w "$fresh") refused: ${message%% — *}"
else
  echo "FAIL: podium.exe init into a non-empty folder (exit $code): $message" >&2
  failed=1
fi

cd "$project"
for out in data 'data\pages' themes . .. 'nope\..' 'C:\'; do
  before=$(find "$project/data" -type f -exec md5sum {} + | sort | md5sum)
  set +e
  message=$(win --lang en build -o "$out" --force --quiet 2>&1)
  code=$?
  set -e
  after=$(find "$project/data" -type f -exec md5sum {} + | sort | md5sum)
  if [ "$code" = 2 ] && [ "$before" = "$after" ] && [[ "$message" == *"podium will not write the site here"* ]] && [[ "$message" != *'\\?\'* ]]; then
    echo "ok: -o $out --force refused: ${message%% — *}"
  else
    echo "FAIL: -o $out --force (exit $code): $message" >&2
    failed=1
  fi
done
exit $failed
