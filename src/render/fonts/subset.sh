#!/bin/sh
# Regenerates the share cards' fonts (see README.md): Noto Sans Regular and Bold from
# Debian's fonts-noto-core, cut down to the characters Vietnamese and English text use.
# Needs apt-get (Debian or Ubuntu) and Python 3. Run from this folder: sh subset.sh
set -eu
here=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download fonts-noto-core
dpkg-deb -x fonts-noto-core_*.deb x
python3 -m venv venv
venv/bin/pip install -q fonttools
# Basic Latin and Latin-1, Latin Extended-A, ơ ư (U+01A0-01B0), the Vietnamese tone marks
# (combining, for text written decomposed), Latin Extended Additional (ạ … ỹ), dashes,
# quotes, the ellipsis, ‰, ₫, №, and the minus sign (absent from this Noto Sans: kept in the
# list for a later version that has it).
unicodes="U+0020-007E,U+00A0-00FF,U+0100-017F,U+01A0-01B0,U+0300-0303,U+0309,U+0323,U+1EA0-1EF9,U+2010-2027,U+2030,U+2039-203A,U+20AB,U+2116,U+2212"
for weight in Regular Bold; do
  venv/bin/pyftsubset "x/usr/share/fonts/truetype/noto/NotoSans-$weight.ttf" \
    --unicodes="$unicodes" --no-hinting --name-IDs=0,1,2,3,4,5,6,13,14 \
    --output-file="$here/NotoSans-$weight.ttf"
done
