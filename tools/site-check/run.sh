#!/bin/sh
# run.sh [SITE_DIR] [--lighthouse | --no-lighthouse] [check.mjs options…] — install what is
# missing, then run vnu.sh, check.mjs, search-check.mjs and, with --lighthouse or --all
# (check every page), lighthouse.mjs. SITE_DIR defaults to the repository's site/ folder.
# Exit 1 if a check fails (2 on setup errors).
set -u
here=$(cd "$(dirname "$0")" && pwd)
site=${1:-$here/../../site}
[ $# -gt 0 ] && shift
# --lighthouse / --no-lighthouse are ours; every other option goes to check.mjs (--all also means --lighthouse)
lighthouse=0
n=$#
while [ "$n" -gt 0 ]; do
  a=$1; shift; n=$((n - 1))
  case $a in
    --lighthouse) lighthouse=1 ;;
    --no-lighthouse) lighthouse=-1 ;;
    --all) [ "$lighthouse" -eq 0 ] && lighthouse=1; set -- "$@" "$a" ;;
    *) set -- "$@" "$a" ;;
  esac
done
[ "$lighthouse" -lt 0 ] && lighthouse=0
[ -f "$site/index.html" ] || { echo "run.sh: $site has no index.html — build the site first (podium build)" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else echo "run.sh: need root for: $*" >&2; return 1; fi; }

# 1. system packages: Debian's Chromium (never a downloaded browser) and a Java runtime for vnu
pkgs=""
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || pkgs="$pkgs chromium"
command -v java >/dev/null || pkgs="$pkgs default-jre-headless"
if [ -n "$pkgs" ]; then
  echo "run.sh: installing$pkgs"
  { as_root apt-get update -q && as_root apt-get install -y -q --no-install-recommends $pkgs; } </dev/null >/tmp/site-check-apt.log 2>&1 \
    || { tail -20 /tmp/site-check-apt.log >&2; echo "run.sh: apt-get install$pkgs failed" >&2; exit 2; }
fi

# 2. node packages, exactly as locked (install scripts off: vnu-jar's would try to download a JRE)
command -v node >/dev/null || { echo "run.sh: node (>= 20) not found" >&2; exit 2; }
if [ ! -f "$here/node_modules/vnu-jar/build/dist/vnu.jar" ] || [ ! -d "$here/node_modules/playwright-core" ] || [ ! -f "$here/node_modules/axe-core/axe.min.js" ] \
  || [ ! -f "$here/node_modules/lighthouse/package.json" ] || [ ! -f "$here/node_modules/chrome-launcher/package.json" ]; then
  echo "run.sh: npm ci"
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null) || { echo "run.sh: npm ci failed" >&2; exit 2; }
fi

# 3. the checks; run them all, fail if one failed
status=0
sh "$here/vnu.sh" "$site" </dev/null || status=$?
node "$here/check.mjs" "$site" "$@" </dev/null
rc=$?
[ "$rc" -gt "$status" ] && status=$rc
node "$here/search-check.mjs" "$site" </dev/null
rc=$?
[ "$rc" -gt "$status" ] && status=$rc
if [ "$lighthouse" -eq 1 ]; then
  CHROME_PATH=${CHROME_PATH:-${CHROMIUM_PATH:-/usr/bin/chromium}} node "$here/lighthouse.mjs" "$site" </dev/null
  rc=$?
  [ "$rc" -gt "$status" ] && status=$rc
fi
exit $status
