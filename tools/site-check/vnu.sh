#!/bin/sh
# vnu.sh SITE_DIR — validate every .html file of SITE_DIR with the W3C Nu Html Checker (npm vnu-jar).
# Errors fail (exit 1). Warnings are printed but do not fail unless VNU_STRICT=1.
# "info:" notes (e.g. trailing slash on void elements) are dropped.
set -u
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/node_modules/vnu-jar/build/dist/vnu.jar"
[ $# -eq 1 ] || { echo "usage: vnu.sh SITE_DIR" >&2; exit 2; }
[ -d "$1" ] || { echo "vnu: $1 is not a directory" >&2; exit 2; }
[ -f "$jar" ] || { echo "vnu: $jar missing — run 'npm ci' in $here (or run.sh)" >&2; exit 2; }
command -v java >/dev/null || { echo "vnu: java not found (apt-get install default-jre-headless)" >&2; exit 2; }
site=$(cd "$1" && pwd -P)
files=$(find "$site" -type f -name '*.html' | wc -l)
[ "$files" -gt 0 ] || { echo "vnu: no .html files under $site" >&2; exit 2; }

out=$(mktemp); trap 'rm -f "$out"' EXIT INT TERM
# vnu prints to stderr; it exits 1 when it found errors, other codes mean it broke.
java -Xss4m -jar "$jar" --skip-non-html --format gnu "$site" >"$out" 2>&1
rc=$?
# make paths relative to the site: "file:/abs/site/x.html":L.C-L.C: kind: message
sed -i -e "s#^\"file:$site/\([^\"]*\)\":#\1:#" "$out"
errors=$(grep -c ': error: ' "$out")
warnings=$(grep -c ': info warning: ' "$out")
grep ': error: ' "$out"
[ "${VNU_QUIET_WARNINGS:-0}" = 1 ] || grep ': info warning: ' "$out" | sed 's/: info warning: /: warning: /'
# anything vnu printed that is neither a message nor an info note means vnu itself failed
other=$(grep -v -e ': error: ' -e ': info warning: ' -e ': info: ' "$out" | grep -c .)
if [ "$rc" -gt 1 ] || { [ "$rc" -ne 0 ] && [ "$errors" -eq 0 ]; } || [ "$other" -gt 0 ]; then
  grep -v -e ': error: ' -e ': info warning: ' -e ': info: ' "$out" >&2
  echo "vnu: the checker failed (exit $rc)" >&2
  exit 2
fi
echo "vnu: $files HTML files checked, $errors errors, $warnings warnings"
[ "$errors" -eq 0 ] || exit 1
[ "${VNU_STRICT:-0}" = 1 ] && [ "$warnings" -gt 0 ] && exit 1
exit 0
