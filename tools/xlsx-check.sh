#!/usr/bin/env bash
# Opens every .xlsx of a built site in LibreOffice (headless), exports each sheet as
# CSV the way it is shown (number formats applied, en-US), and compares the rows
# with the CSV download beside it; data/results.xlsx's first sheet is compared with
# every ranking CSV in results.json's order. This is what a reader sees in a
# spreadsheet program, checked by a second program besides the calamine reader of
# tests/xlsx.rs.
#
#   tools/xlsx-check.sh [site]        (default: site)
#
# Needs python3 and LibreOffice Calc, which it installs from Debian when missing
# (apt-get install --no-install-recommends libreoffice-calc: 57 packages, 94 MB,
# about a minute). Exit status 0 when every workbook matches, 1 when one does not,
# 2 when it cannot run.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

site="${1:-site}"
if [ ! -d "$site/data" ]; then
  echo "xlsx-check: $site/data not found: build the site first (podium build)" >&2
  exit 2
fi
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else echo "xlsx-check: need root for: $*" >&2; return 1; fi; }
if ! command -v soffice >/dev/null; then
  echo "xlsx-check: installing libreoffice-calc"
  { as_root apt-get update -q && as_root apt-get install -y -q --no-install-recommends libreoffice-calc; } </dev/null >/tmp/xlsx-check-apt.log 2>&1 \
    || { tail -20 /tmp/xlsx-check-apt.log >&2; echo "xlsx-check: apt-get install libreoffice-calc failed" >&2; exit 2; }
fi
command -v python3 >/dev/null || { echo "xlsx-check: python3 not found" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/csv"

shopt -s nullglob
books=("$site"/data/*.xlsx)
if [ "${#books[@]}" -eq 0 ]; then
  echo "xlsx-check: no .xlsx files in $site/data" >&2
  exit 1
fi

# Filter options of the CSV export (in order): separator ',' (44), text delimiter
# '"' (34), UTF-8 (76), from line 1, no column types, language en-US (1033), quote
# only where needed, detect special numbers, save cell contents as shown, no
# formulas, keep spaces, and -1: every sheet, each to <book>-<sheet>.csv.
filter='csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true,false,false,-1'
# A profile of its own, so that a running LibreOffice or a first-start dialogue is no matter.
soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to "$filter" \
  --outdir "$work/csv" "${books[@]}" >"$work/soffice.log" 2>&1 || {
  cat "$work/soffice.log" >&2
  exit 1
}

python3 - "$site" "$work/csv" <<'PY'
import csv, io, json, os, re, sys, zipfile

site, exported = sys.argv[1], sys.argv[2]
data = os.path.join(site, "data")
INT = {"rank", "value", "target", "collective", "individual", "any"}
BOOL = {"qualified", "provisional"}
failures = []
failed = set()  # the workbooks with a failure


def fail(book, message):
    failures.append(message)
    failed.add(book)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def sheet_names(book):
    with zipfile.ZipFile(book) as z:
        xml = z.read("xl/workbook.xml").decode()
    unescape = lambda s: s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")
    return [unescape(n) for n in re.findall(r'<sheet name="([^"]*)"', xml)]


def sheets(book):
    stem = os.path.splitext(os.path.basename(book))[0]
    out = []
    for name in sheet_names(book):
        path = os.path.join(exported, f"{stem}-{name}.csv")
        if not os.path.exists(path):
            fail(book, f"{book}: sheet {name!r} was not exported")
            out.append((name, []))
            continue
        out.append((name, read_csv(path)))
    return out


def neutralised(text):
    # The CSV's formula neutralisation (docs/site.md, "CSV downloads").
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def shown(column, want):
    """What LibreOffice shows (en-US) for the CSV's text `want` in `column`."""
    if want == "":
        return ""
    if column in INT:
        return f"{int(want):,}"
    if column == "percent":
        return want + "%"
    if column in BOOL:
        return want.upper()
    return None  # text: compared as the CSV would write it


def compare(book, got_rows, want_rows, what, prefix=0):
    """Rows of a sheet (after `prefix` leading columns) against CSV rows."""
    header = want_rows[0]
    for i, (got, want) in enumerate(zip(got_rows, want_rows)):
        got = got[prefix:] + [""] * (len(header) - len(got[prefix:]))
        for column, g, w in zip(header, got, want):
            expected = shown(column, w) if i > 0 else w
            ok = (g == expected) if expected is not None else (neutralised(g) == w)
            if not ok:
                fail(book, f"{what} row {i + 1} column {column}: LibreOffice shows {g!r}, the CSV has {w!r}")
                return


books = sorted(f for f in os.listdir(data) if f.endswith(".xlsx"))
checked = 0
for name in books:
    book = os.path.join(data, name)
    all_sheets = sheets(book)
    if len(all_sheets) < 2 or not any(all_sheets[-1][1]):
        fail(book, f"{book}: no About sheet at the end")
    beside = book[: -len(".xlsx")] + ".csv"
    if os.path.exists(beside):
        want = read_csv(beside)
        got = all_sheets[0][1]
        if len(got) != len(want):
            fail(book, f"{book}: {len(got)} rows, the CSV has {len(want)}")
        compare(book, got, want, book)
        checked += 1
    elif name == "results.xlsx":
        with open(os.path.join(data, "results.json"), encoding="utf-8") as f:
            results = json.load(f)
        got = all_sheets[0][1]
        header = got[0] if got else []
        if header[:3] != ["period", "group", "group_name"]:
            fail(book, f"{book}: the first columns are {header[:3]}")
        at = 1
        for period in results["periods"]:
            for group in period["groups"]:
                want = read_csv(os.path.join(data, f"ranking-{group['id']}-{period['id']}.csv"))
                rows = got[at : at + len(want) - 1]
                for r in rows:
                    if r[:3] != [period["id"], group["id"], group["name"]]:
                        fail(book, f"{book} row {at + 1}: {r[:3]} is not {period['id']}, {group['id']}")
                        break
                # The ranking's columns by name, in the CSV's order.
                index = [header.index(c) for c in want[0]]
                picked = [[r[j] if j < len(r) else "" for j in index] for r in rows]
                compare(book, [want[0]] + picked, want, f"{book} ({period['id']}, {group['id']})")
                at += len(want) - 1
        if at != len(got):
            fail(book, f"{book}: {len(got) - 1} rows, the ranking CSVs have {at - 1}")
        checked += 1
    else:
        fail(book, f"{book}: no CSV beside it")

for f in failures[:50]:
    print(f"xlsx-check: {f}", file=sys.stderr)
print(f"xlsx-check: {len(books)} workbooks of {site}, {checked} compared with their CSV files as LibreOffice shows them")
print(f"{len(books) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failures else 0)
PY
