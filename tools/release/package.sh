#!/usr/bin/env bash
# Packs a release build of podium for one target: the program (podium.exe on Windows),
# README.md and DOC-TOI.txt (a short guide in Vietnamese) in a folder
# podium-TAG-TARGET, zipped for Windows and as a .tar.gz otherwise, into dist/.
#
#   tools/release/package.sh TARGET TAG [CARGO_TARGET_DIR]
#
# The release workflow (.github/workflows/release.yml) runs it after
# `cargo build --release --target TARGET`; it prints the archive's path.
set -euo pipefail
target=$1
tag=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${3:-$root/target}/$target/release
name=podium-$tag-$target
case $target in
  *windows*) exe=podium.exe ;;
  *) exe=podium ;;
esac

mkdir -p "$root/dist"
cd "$root/dist"
rm -rf "$name" "$name.zip" "$name.tar.gz"
mkdir "$name"
cp "$build/$exe" "$name/$exe"
cp "$root/README.md" "$name/README.md"
cp "$root/tools/release/DOC-TOI.txt" "$name/DOC-TOI.txt"
files=("$name/$exe" "$name/README.md" "$name/DOC-TOI.txt")
case $target in
  *windows*)
    if command -v 7z >/dev/null; then
      7z a -tzip -bd "$name.zip" "${files[@]}" >/dev/null
    else
      zip -q "$name.zip" "${files[@]}"
    fi
    echo "$root/dist/$name.zip"
    ;;
  *)
    tar -czf "$name.tar.gz" "${files[@]}"
    echo "$root/dist/$name.tar.gz"
    ;;
esac
rm -rf "$name"
