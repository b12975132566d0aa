#!/usr/bin/env python3
"""Independent checker for projects written by bench/gen.py (SPEC §2 input rules).

    python3 bench/check_gen.py OUTDIR        checks OUTDIR/data/; exit 1 on any problem

Stdlib only.  It re-derives everything it checks and uses fractions.Fraction for the
award arithmetic (gen.py uses integer cross-multiplication), so the two implementations
check each other.  It reads the YAML with a small parser for the shapes gen.py writes,
and, when PyYAML happens to be installed, also parses with PyYAML and compares.
Checks: files are UTF-8 (no BOM), NFC, LF line endings; ids are slugs of at most 64
characters and unique; every unit's group exists; targets rows name a known unit and
period, no duplicate (unit, period), values positive whole numbers or empty; results
rows name a known unit, months are YYYY-MM inside a period, no duplicate (unit, month),
values whole numbers >= 0; nominations name a known period, unit (or the pooled group),
kind, only for qualifying units, never more names than the quota.  Prints statistics.
"""
import csv
import io
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from fractions import Fraction

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
WHOLE = re.compile(r"^[0-9]+$")
KINDS = {"collective": "collective", "individual": "individual",
         "tập thể": "collective", "cá nhân": "individual"}

problems = []


def bad(where, msg):
    problems.append(f"{where}: {msg}")


def read_text(path):
    raw = open(path, "rb").read()
    rel = os.path.relpath(path)
    if raw.startswith(b"\xef\xbb\xbf"):
        bad(rel, "has a byte-order mark (accepted by podium, but gen.py should not write one)")
    if b"\r" in raw:
        bad(rel, "contains CR (gen.py writes LF line endings)")
    text = raw.decode("utf-8")
    if unicodedata.normalize("NFC", text) != text:
        bad(rel, "is not NFC")
    if text and not text.endswith("\n"):
        bad(rel, "does not end with a newline")
    return text


def read_csv(path, required):
    text = read_text(path)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    for c in required:
        if c not in header:
            bad(os.path.relpath(path), f"missing column {c}")
    idx = {c: header.index(c) for c in header}
    out = []
    for n, r in enumerate(rows[1:], start=2):
        if len(r) != len(header):
            bad(f"{os.path.relpath(path)}:{n}", f"{len(r)} fields, header has {len(header)}")
            continue
        out.append((n, {c: r[i] for c, i in idx.items()}))
    return out


def pct(s, where):
    m = re.fullmatch(r'"?([0-9]+(?:\.[0-9]{1,4})?)%"?', s.strip())
    if not m:
        bad(where, f"bad percentage {s!r}")
        return Fraction(0)
    return Fraction(m.group(1))


def flow_map(s):
    """'{ a: 1, b: 2 }' -> {'a': 1, 'b': 2} (flat flow mappings only)."""
    s = s.strip()
    assert s[0] == "{" and s[-1] == "}", s
    out = {}
    for part in s[1:-1].split(","):
        if part.strip():
            k, v = part.split(":")
            out[k.strip()] = int(v)
    return out


def parse_groups(text):
    groups = []
    for line in text.splitlines():
        t = line.strip()
        if t.startswith("- id:"):
            groups.append({"id": t[5:].strip(), "bonuses": []})
        elif t.startswith("metric:"):
            groups[-1]["metric"] = t[7:].strip()
        elif t.startswith("basis:"):
            groups[-1]["basis"] = t[6:].strip()
        elif t.startswith("qualify_at:"):
            groups[-1]["qualify_at"] = t[11:].strip().strip('"')
        elif t.startswith("awards:"):
            groups[-1]["awards"] = flow_map(t[7:])
        elif t.startswith("- { at:"):
            m = re.fullmatch(r'- \{ at: "([^"]+)", add: (\{[^}]*\}) \}', t)
            groups[-1]["bonuses"].append({"at": m.group(1), "add": flow_map(m.group(2))})
    return groups


def parse_campaign(text):
    periods, metrics, cur = [], {}, None
    section = None
    for line in text.splitlines():
        if line.startswith("metrics:"):
            section = "metrics"
        elif line.startswith("periods:"):
            section = "periods"
        elif section == "metrics" and re.fullmatch(r"  [a-z_]+:", line):
            cur = line.strip()[:-1]
            metrics[cur] = {"plus": [], "minus": []}
        elif section == "metrics" and line.strip().startswith(("plus:", "minus:")):
            k, v = line.strip().split(":", 1)
            metrics[cur][k] = [x.strip() for x in v.strip()[1:-1].split(",") if x.strip()]
        elif section == "periods" and line.startswith("  - id:"):
            periods.append({"id": line.split(":", 1)[1].strip().strip('"')})
        elif section == "periods" and line.startswith("    ") and ":" in line:
            k, v = line.strip().split(":", 1)
            v = v.strip()
            periods[-1][k] = flow_map(v) if v.startswith("{") else v.strip('"')
    return metrics, periods


def quota(g, value, target):
    """Exact award quota (Fraction arithmetic) or None when not qualified."""
    if target is None:
        return None
    ratio = Fraction(value, target)
    if ratio * 100 < pct(g["qualify_at"], g["id"]):
        return None
    q = Counter({"collective": 0, "individual": 0, "any": 0})
    q.update(g["awards"])
    reached = [b for b in g["bonuses"] if ratio * 100 >= pct(b["at"], g["id"])]
    if reached:
        q.update(max(reached, key=lambda b: pct(b["at"], g["id"]))["add"])
    return q


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_gen.py OUTDIR")
    d = os.path.join(sys.argv[1], "data")
    p = lambda f: os.path.join(d, f)

    metrics, periods = parse_campaign(read_text(p("campaign.yaml")))
    groups = parse_groups(read_text(p("groups.yaml")))
    read_text(p("site.yaml"))
    try:
        import yaml  # optional cross-check of the hand parser
    except ImportError:
        yaml = None
    if yaml is not None:
        yg = yaml.safe_load(open(p("groups.yaml"), encoding="utf-8"))["groups"]
        for a, b in zip(yg, groups):
            r = a["rule"]
            same = (a["id"] == b["id"] and r["metric"] == b["metric"] and r["basis"] == b["basis"]
                    and r["qualify_at"] == b["qualify_at"] and r["awards"] == b["awards"]
                    and r.get("bonuses", []) == b["bonuses"])
            if not same or len(yg) != len(groups):
                bad("groups.yaml", f"PyYAML and the hand parser disagree on {a['id']}")
        yc = yaml.safe_load(open(p("campaign.yaml"), encoding="utf-8"))
        if [str(x["id"]) for x in yc["periods"]] != [x["id"] for x in periods]:
            bad("campaign.yaml", "PyYAML and the hand parser disagree on periods")
        ys = yaml.safe_load(open(p("site.yaml"), encoding="utf-8"))
        if ys.get("language") != "vi" or ys.get("base_url") != "":
            bad("site.yaml", "language must be vi and base_url empty")

    # periods -> months
    month_period = {}
    period_months = {}
    for per in periods:
        y0, m0 = map(int, per["from"].split("-"))
        y1, m1 = map(int, per["to"].split("-"))
        ms = []
        y, m = y0, m0
        while (y, m) <= (y1, m1):
            ms.append(f"{y:04d}-{m:02d}")
            m += 1
            if m == 13:
                y, m = y + 1, 1
        period_months[per["id"]] = ms
        for x in ms:
            if x in month_period:
                bad("campaign.yaml", f"month {x} in two periods")
            month_period[x] = per["id"]
    columns = {c for m in metrics.values() for c in m["plus"] + m["minus"]}

    gids = {}
    for g in groups:
        if not SLUG.match(g["id"]) or len(g["id"]) > 64:
            bad("groups.yaml", f"group id {g['id']!r} is not a slug")
        if g["id"] in gids:
            bad("groups.yaml", f"duplicate group {g['id']}")
        if g["metric"] not in metrics:
            bad("groups.yaml", f"{g['id']}: unknown metric {g['metric']}")
        if g["basis"] not in ("unit", "overall"):
            bad("groups.yaml", f"{g['id']}: bad basis")
        for b in g["bonuses"]:
            if pct(b["at"], g["id"]) <= pct(g["qualify_at"], g["id"]):
                bad("groups.yaml", f"{g['id']}: bonus {b['at']} not above qualify_at")
        gids[g["id"]] = g

    # units
    units = {}
    order = []
    for n, r in read_csv(p("units.csv"), ["id", "name", "short_name", "group", "kind"]):
        w = f"units.csv:{n}"
        uid = r["id"]
        if not SLUG.match(uid) or len(uid) > 64:
            bad(w, f"id {uid!r} is not a slug")
        if uid in units:
            bad(w, f"duplicate unit {uid}")
        if r["group"] not in gids:
            bad(w, f"unknown group {r['group']}")
        if not r["name"].strip():
            bad(w, "empty name")
        units[uid] = r
        order.append(uid)

    # targets
    targets = {}
    for n, r in read_csv(p("targets.csv"), ["unit", "period"] + list(metrics)):
        w = f"targets.csv:{n}"
        if r["unit"] not in units:
            bad(w, f"unknown unit {r['unit']}")
        if r["period"] not in period_months:
            bad(w, f"unknown period {r['period']}")
        key = (r["unit"], r["period"])
        if key in targets:
            bad(w, f"duplicate {key}")
        t = {}
        for m in metrics:
            v = r[m]
            if v == "":
                t[m] = None
            elif not WHOLE.match(v) or int(v) <= 0:
                bad(w, f"{m}: target {v!r} is not a positive whole number")
            else:
                t[m] = int(v)
        targets[key] = t

    # results
    seen = set()
    sums = defaultdict(lambda: defaultdict(int))  # (unit, period) -> column -> sum
    reported = defaultdict(set)
    neg_months = 0
    rows = 0
    for n, r in read_csv(p("results.csv"), ["unit", "month"] + sorted(columns)):
        rows += 1
        w = f"results.csv:{n}"
        u, mo = r["unit"], r["month"]
        if u not in units:
            bad(w, f"unknown unit {u}")
        if not MONTH.match(mo) or mo not in month_period:
            bad(w, f"month {mo!r} is not YYYY-MM inside a period")
            continue
        if (u, mo) in seen:
            bad(w, f"duplicate ({u}, {mo})")
        seen.add((u, mo))
        reported[u].add(mo)
        for c in columns:
            if not WHOLE.match(r[c]):
                bad(w, f"{c}: {r[c]!r} is not a whole number >= 0")
            else:
                sums[(u, month_period[mo])][c] += int(r[c])
        if int(r["members_added"]) < int(r["members_lost"]):
            neg_months += 1
    as_of = max(mo for _, mo in seen)

    def value(u, per, metric):
        s = sums[(u, per)]
        m = metrics[metric]
        return sum(s[c] for c in m["plus"]) - sum(s[c] for c in m["minus"])

    # quotas
    quotas = {}
    stats = Counter()
    for per in period_months:
        for u in order:
            g = gids[units[u]["group"]]
            if g["basis"] != "unit":
                continue
            t = targets.get((u, per), {}).get(g["metric"])
            v = value(u, per, g["metric"])
            q = quota(g, v, t)
            if t is None:
                stats[f"{per} no target"] += 1
            if q is not None:
                quotas[(per, u)] = q
                stats[f"{per} qualifying"] += 1
                if any(Fraction(v, t) * 100 >= pct(b["at"], g["id"]) for b in g["bonuses"]):
                    stats[f"{per} at a bonus level"] += 1
                if any(Fraction(v, t) * 100 == pct(x, g["id"])
                       for x in [g["qualify_at"]] + [b["at"] for b in g["bonuses"]]):
                    stats[f"{per} exactly on a level"] += 1
        for g in groups:
            if g["basis"] == "overall":
                per_d = next(x for x in periods if x["id"] == per)
                tot = sum(value(u, per, g["metric"]) for u in order)
                q = quota(g, tot, per_d["overall_target"][g["metric"]])
                if q is not None:
                    quotas[(per, g["id"])] = q
                stats[f"{per} {g['id']} (overall) {tot}/{per_d['overall_target'][g['metric']]}"
                      f" quota {dict(q) if q else None}"] += 1
    for u in order:
        if gids[units[u]["group"]]["basis"] == "unit" and as_of not in reported[u]:
            stats["not reported as-of"] += 1

    # nominations
    counts = defaultdict(Counter)
    for n, r in read_csv(p("nominations.csv"), ["period", "unit", "kind", "name", "title"]):
        w = f"nominations.csv:{n}"
        if r["period"] not in period_months:
            bad(w, f"unknown period {r['period']}")
        if r["unit"] not in units and r["unit"] not in gids:
            bad(w, f"unknown unit {r['unit']}")
        if r["kind"] not in KINDS:
            bad(w, f"unknown kind {r['kind']!r}")
            continue
        if not r["name"].strip():
            bad(w, "empty name")
        counts[(r["period"], r["unit"])][KINDS[r["kind"]]] += 1
        if (r["period"], r["unit"]) not in quotas:
            bad(w, f"{r['unit']} did not qualify in {r['period']}")
    for key, c in counts.items():
        q = quotas.get(key)
        if q is None:
            continue
        over = max(0, c["collective"] - q["collective"]) + max(0, c["individual"] - q["individual"])
        if over > q["any"]:
            bad("nominations.csv", f"{key}: {dict(c)} exceeds quota {dict(q)}")
    stats["nominating units"] = len(counts)
    stats["nomination rows"] = sum(sum(c.values()) for c in counts.values())

    names = [units[u]["name"] for u in order]
    print(f"{len(units)} units in {len(groups)} groups "
          f"(sizes {min(Counter(units[u]['group'] for u in order).values())}-"
          f"{max(Counter(units[u]['group'] for u in order).values())}), "
          f"{rows} result rows, as-of {as_of}, {neg_months} negative-net months")
    print(f"names with &: {sum('&' in x for x in names)}, with <: {sum('<' in x for x in names)}, "
          f'with " or ,: {sum(chr(34) in x or "," in x for x in names)}')
    for k in sorted(stats):
        print(f"  {k}: {stats[k]}")
    if problems:
        for x in problems[:50]:
            print("PROBLEM", x)
        print(f"{len(problems)} problems")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
