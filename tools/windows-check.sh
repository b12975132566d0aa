#!/usr/bin/env bash
# The Windows build, checked under wine: cross-compiles podium.exe, builds the sample
# with it and with the Linux build and compares the two sites byte for byte, and checks
# that the output folders podium must never replace are refused with Windows paths.
#
#   tools/windows-check.sh            (from the repository root; installs what it needs)
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
cargo build --release --locked --quiet
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

project="$work/project"
rm -rf "$project" && mkdir -p "$project" && cp -r data "$project/"
cd "$project"
win --version
SOURCE_DATE_EPOCH=1688169600 win build -o site-windows --quiet 2>/dev/null
SOURCE_DATE_EPOCH=1688169600 "$OLDPWD/target/release/podium" build -o site-linux --quiet 2>/dev/null
diff -r site-linux site-windows >/dev/null || { echo "FAIL: the Windows build writes another site" >&2; exit 1; }
echo "ok: the Windows and Linux builds of the sample are byte-identical ($(find site-windows -type f | wc -l) files)"

failed=0
for out in data 'data\pages' themes . .. 'nope\..' 'C:\'; do
  before=$(find "$project/data" -type f -exec md5sum {} + | sort | md5sum)
  set +e
  message=$(win build -o "$out" --force --quiet 2>&1)
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
