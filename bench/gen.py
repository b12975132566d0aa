#!/usr/bin/env python3
"""Generate a valid podium project for N competing units (national-scale benchmark).

    python3 bench/gen.py N OUTDIR        writes OUTDIR/data/ (Python 3.11 standard library only)

Deterministic: the same N gives the same bytes (the random generator is seeded with N;
nothing depends on the clock, the locale or the file system).

What it writes (SPEC §2):
  site.yaml        language vi, base_url ""
  campaign.yaml    the sample's two metrics (members_net = members_added - members_lost,
                   unions_founded), periods "2022" (2022-01..2022-12, national_awards) and
                   "2023" (2023-01..2023-06), overall targets sized to N
  groups.yaml      basis: unit groups of a few hundred to a few thousand units each (rule
                   shapes like the sample, bonus levels listed in mixed order, one decimal
                   level "112.5%", one group family ranked on unions_founded), plus one small
                   basis: overall group with an `any` pool
  units.csv        ids u000001 ..., Vietnamese names with diacritics; some contain & < " ,
                   (group membership is interleaved, so a group's units are spread over the file)
  targets.csv      one row per unit (of a basis: unit group) and period; ~3 % of units have
                   empty targets ("no target")
  results.csv      18 months per unit (2022-01..2023-06); ~1 % of units miss the last one or
                   two months ("not reported"); some units qualify, some reach bonus levels,
                   some land exactly on a threshold, some months have a negative net
  nominations.csv names for ~20 % of the qualifying units, never more than the quota (the
                   quota is computed exactly as SPEC §3, by integer cross-multiplication)
  news/*.md        two posts;  pages/ke-hoach.md  one page
The pooled (basis: overall) group's units have no targets and no monthly results, as in the sample.
"""
import csv
import os
import random
import sys
import unicodedata

FIRST_MONTHS = [f"2022-{m:02d}" for m in range(1, 13)]
SECOND_MONTHS = [f"2023-{m:02d}" for m in range(1, 7)]
MONTHS = FIRST_MONTHS + SECOND_MONTHS
PERIODS = [("2022", FIRST_MONTHS), ("2023", SECOND_MONTHS)]
AS_OF = MONTHS[-1]


def nfc(s):
    return unicodedata.normalize("NFC", s)


def nfc_list(xs):
    return [nfc(x) for x in xs]


# ----------------------------------------------------------------------------- word lists
ORG_KINDS = nfc_list([
    "Trường Mầm non", "Trường Tiểu học", "Trường THCS", "Trường THPT", "Trạm Y tế xã",
    "Bệnh viện Đa khoa", "Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Hợp tác xã",
    "Doanh nghiệp tư nhân", "Ủy ban nhân dân xã", "Ngân hàng Chính sách Xã hội",
    "Chi cục Thuế", "Nhà máy", "Xí nghiệp",
])
ORG_SHORT = nfc_list([
    "MN", "TH", "THCS", "THPT", "TYT", "BVĐK", "Cty TNHH", "Cty CP", "Cty MTV", "HTX",
    "DNTN", "UBND", "NHCSXH", "CCT", "NM", "XN",
])
ORG_NAMES = nfc_list([
    "Hòa Bình", "Nguyễn Trãi", "Lê Lợi", "Trần Hưng Đạo", "Quang Trung", "Phú Hòa", "Bình Minh",
    "Sao Mai", "Thủy sản Mê Kông", "Lương thực Cửu Long", "May Việt Tiến", "Giày da Phước Bình",
    "Điện lực Miền Nam", "Xây dựng Đông Á", "Võ Thị Sáu", "Hùng Vương", "Mỹ Thới", "Tân Hiệp",
    "Long Điền", "Vĩnh Thạnh", "Đức Hòa", "Thuận An", "Bến Lức", "Ngọc Hồi", "Kỳ Anh",
    "Phước Long", "An Khánh", "Hải Châu", "Sơn Trà", "Đồng Xoài", "Cẩm Phả", "Bảo Lộc",
])
PLACES = nfc_list([
    "An Giang", "Đồng Tháp", "Cần Thơ", "Kiên Giang", "Hà Nội", "Thành phố Hồ Chí Minh",
    "Đà Nẵng", "Hải Phòng", "Quảng Ninh", "Nghệ An", "Thanh Hóa", "Bình Dương", "Đồng Nai",
    "Lâm Đồng", "Đắk Lắk", "Khánh Hòa", "Thừa Thiên Huế", "Bắc Ninh", "Vĩnh Long", "Sóc Trăng",
])
# Rare suffixes that exercise escaping (HTML) and quoting (CSV).
ODD_SUFFIX = nfc_list([
    " & Cộng sự", " (Xây dựng & Thương mại)", " <Chi nhánh 2>", ' "Sao Vàng"', ", Chi nhánh Nam Bộ",
    " <b>&amp;</b>",
])
FAMILY = nfc_list(["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Vũ", "Võ", "Đặng",
                   "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"])
MIDDLE = nfc_list(["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Kim", "Hoàng", "Đức", "Thu"])
GIVEN = nfc_list(["An", "Bình", "Cường", "Dung", "Hạnh", "Khoa", "Mai", "Nam", "Phúc", "Tâm",
                  "Uyên", "Vinh", "Yến", "Thảo", "Hùng", "Lan", "Quân", "Trí", "Nhung", "Sơn"])
TITLES = nfc_list(["Chủ tịch Công đoàn cơ sở", "Phó Chủ tịch Công đoàn cơ sở", "Ủy viên Ban Chấp hành",
                   "Cán bộ chuyên trách", "Tổ trưởng Công đoàn", "Đoàn viên"])
COLLECTIVE = nfc_list(["Tổ Công đoàn", "Công đoàn bộ phận", "Ban Nữ công", "Tổ sản xuất"])
DEPARTMENTS = nfc_list([
    "Thường trực Liên đoàn Lao động", "Ban Tổ chức – Kiểm tra", "Ban Tài chính", "Văn phòng",
    "Ban Chính sách – Pháp luật", "Ban Tuyên giáo", "Ban Nữ công", "Ủy ban Kiểm tra",
])

# Rule templates for basis: unit groups: (metric, qualify_at, awards, bonuses in file order).
# Bonus lists are deliberately not sorted; the highest level reached applies.
RULES = [
    ("members_net", "100%", {"collective": 2, "individual": 5},
     [("120%", {"individual": 1, "collective": 1}), ("110%", {"individual": 1})]),
    ("members_net", "100%", {"collective": 2, "individual": 3},
     [("110%", {"individual": 1}), ("120%", {"individual": 2})]),
    ("members_net", "100%", {"collective": 2, "individual": 2},
     [("110%", {"individual": 1})]),
    ("members_net", "100%", {"collective": 1, "individual": 3},
     [("125%", {"individual": 2, "collective": 1}), ("112.5%", {"individual": 1})]),
    ("members_net", "100%", {"collective": 2, "individual": 3},
     [("110%", {"individual": 1}), ("120%", {"individual": 2})]),
    ("unions_founded", "100%", {"collective": 1, "individual": 2},
     [("150%", {"collective": 1}), ("120%", {"individual": 1})]),
]
POOL_RULE = ("members_net", "100%", {"any": 8}, [("110%", {"individual": 1})])


# ----------------------------------------------------------------------------- exact arithmetic
def pct(s):
    """'112.5%' -> (1125, 10): the percentage as an exact fraction num/den."""
    body = s.rstrip("%")
    if "." in body:
        whole, frac = body.split(".")
        return int(whole + frac), 10 ** len(frac)
    return int(body), 1


def reaches(value, target, at):
    """value / target >= at %, by integer cross-multiplication (SPEC §3)."""
    num, den = pct(at)
    return value * 100 * den >= target * num


def quota(rule, value, target):
    """Awards earned under rule (dict kind -> count), or None when the unit does not qualify."""
    metric, qualify_at, awards, bonuses = rule
    if target is None or not reaches(value, target, qualify_at):
        return None
    q = {"collective": 0, "individual": 0, "any": 0}
    for k, v in awards.items():
        q[k] += v
    best = None
    for at, add in bonuses:
        if reaches(value, target, at):
            n, d = pct(at)
            if best is None or n * best[1] > best[0] * d:
                best = (n, d, add)
    if best is not None:
        for k, v in best[2].items():
            q[k] += v
    return q


# ----------------------------------------------------------------------------- helpers
def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def open_csv(path):
    f = open(path, "w", encoding="utf-8", newline="")
    return f, csv.writer(f, lineterminator="\n")


def yq(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def person(rng):
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def fmt_pct_yaml(bonuses):
    parts = []
    for at, add in bonuses:
        inner = ", ".join(f"{k}: {v}" for k, v in add.items())
        parts.append(f'        - {{ at: "{at}", add: {{ {inner} }} }}')
    return "\n".join(parts)


# ----------------------------------------------------------------------------- generation
def plan_groups(rng, n):
    """Returns (list of unit-group sizes, pool size)."""
    pool = min(5, max(1, n // 100))
    m = n - pool
    if m < 1:
        sys.exit("gen.py: N must be at least 2")
    lo = min(300, max(1, m // 3))
    hi = min(3000, max(lo, m // 3))
    sizes, left = [], m
    while left > 0:
        s = rng.randint(lo, hi)
        if left - s < lo:
            s = left
        sizes.append(s)
        left -= s
    return sizes, pool


def gen_months(rng, target, factor, lost_rate, months, missing):
    """Monthly rows (month, added, lost, founded) aiming at net ~= target*factor over months."""
    weights = [0.6 + 0.8 * rng.random() for _ in months]
    wsum = sum(weights)
    want = target * factor
    rows = []
    for i, m in enumerate(months):
        if m in missing:
            continue
        net = want * weights[i] / wsum
        added = max(0, round(net * (1 + lost_rate)))
        lost = round(added * lost_rate)
        if rng.random() < 0.03:  # a bad month: few joiners, the usual leavers -> negative net
            added = rng.randint(0, lost)
            lost = lost + 1 + rng.randint(0, lost)
        rows.append([m, added, lost])
    return rows


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen.py N OUTDIR")
    n = int(sys.argv[1])
    out = os.path.join(sys.argv[2], "data")
    rng = random.Random(0x90D1 * 1000003 + n)
    width = max(6, len(str(n)))

    sizes, pool_n = plan_groups(rng, n)
    ngroups = len(sizes)
    gwidth = max(3, len(str(ngroups + 1)))
    groups = []  # (id, name, rule)
    for g in range(ngroups):
        groups.append((f"nhom-{g + 1:0{gwidth}d}", nfc(f"Cụm thi đua số {g + 1}"), RULES[g % len(RULES)]))
    pool_id = f"nhom-{ngroups + 1:0{gwidth}d}"
    groups.append((pool_id, nfc("Khối cơ quan Liên đoàn Lao động"), POOL_RULE))

    # Group membership, interleaved across the file.
    labels = []
    for g, s in enumerate(sizes):
        labels.extend([g] * s)
    rng.shuffle(labels)
    labels.extend([ngroups] * pool_n)

    os.makedirs(os.path.join(out, "news"), exist_ok=True)
    os.makedirs(os.path.join(out, "pages"), exist_ok=True)

    # ---- units, targets, results (streamed), values per period kept for the rules
    uf, uw = open_csv(os.path.join(out, "units.csv"))
    tf, tw = open_csv(os.path.join(out, "targets.csv"))
    rf, rw = open_csv(os.path.join(out, "results.csv"))
    uw.writerow(["id", "name", "short_name", "group", "kind"])
    tw.writerow(["unit", "period", "members_net", "unions_founded"])
    rw.writerow(["unit", "month", "members_added", "members_lost", "unions_founded"])

    units = []  # (id, group index, {period: (values dict, targets dict or None)})
    totals = {p: {"members_net": 0, "unions_founded": 0} for p, _ in PERIODS}
    for i in range(n):
        uid = f"u{i + 1:0{width}d}"
        g = labels[i]
        if g == ngroups:  # pooled group: a provincial department, no targets, no results
            dep = DEPARTMENTS[(i - (n - pool_n)) % len(DEPARTMENTS)]
            uw.writerow([uid, dep, dep, pool_id, "co-quan"])
            units.append((uid, g, None))
            continue
        k = rng.randrange(len(ORG_KINDS))
        oname = rng.choice(ORG_NAMES)
        place = rng.choice(PLACES)
        name = f"Công đoàn cơ sở {ORG_KINDS[k]} {oname}"
        r = rng.random()
        if r < 0.04:
            name += rng.choice(ODD_SUFFIX)
        name += f" – {place}"
        short = f"{ORG_SHORT[k]} {oname}"
        if r < 0.01:
            short += " & CS"
        uw.writerow([uid, nfc(name), nfc(short), groups[g][0], "co-so"])

        size_class = rng.random()
        base = int(20 + 1500 * size_class ** 3)  # many small units, a few large ones
        no_target = rng.random() < 0.03
        missing = set()
        if i > 0 and rng.random() < 0.01:
            missing = set(MONTHS[-rng.randint(1, 2):])
        lost_rate = 0.02 + 0.08 * rng.random()
        rule = groups[g][2]
        per = {}
        allrows = []
        for p, months in PERIODS:
            t_net = base if p == "2022" else max(1, (base * 55) // 100)
            t_uf = 1 + rng.randrange(6) if p == "2022" else 1 + rng.randrange(3)
            # performance: spread around the 100 % / 110 % / 120 % thresholds
            x = rng.random()
            if x < 0.40:
                factor = 0.55 + 0.43 * rng.random()
            elif x < 0.58:
                factor = 0.99 + 0.11 * rng.random()
            elif x < 0.76:
                factor = 1.10 + 0.10 * rng.random()
            else:
                factor = 1.20 + 0.35 * rng.random()
            exact = None
            if rng.random() < 0.02 and rule[0] == "members_net":  # land exactly on a level
                at = rng.choice(["100%", "110%", "112.5%", "120%", "125%"])
                num, den = pct(at)
                if (t_net * num) % (100 * den) == 0:
                    exact = t_net * num // (100 * den)
                    factor = num / (100 * den)
            rows = gen_months(rng, t_net, factor, lost_rate, months, missing)
            for row in rows:
                row.append(1 if rng.random() < t_uf * (1.3 * factor) / len(months) else 0)
            if exact is not None and rows:
                net = sum(a - l for _, a, l, _ in rows)
                last = rows[-1]
                if last[1] + exact - net >= 0:
                    last[1] += exact - net
            v_net = sum(a - l for _, a, l, _ in rows)
            v_uf = sum(f for _, _, _, f in rows)
            totals[p]["members_net"] += v_net
            totals[p]["unions_founded"] += v_uf
            if no_target:
                tw.writerow([uid, p, "", ""])
                tg = None
            else:
                tw.writerow([uid, p, t_net, t_uf])
                tg = {"members_net": t_net, "unions_founded": t_uf}
            per[p] = ({"members_net": v_net, "unions_founded": v_uf}, tg)
            allrows.extend(rows)
        for m, a, l, f in allrows:
            rw.writerow([uid, m, a, l, f])
        units.append((uid, g, per))
    uf.close()
    tf.close()
    rf.close()

    # ---- overall targets: the province total lands at ~107 % in 2022 (qualifies, no bonus)
    # and ~112 % in 2023 (bonus level); unions_founded stays just short of its target.
    overall = {}
    for p, _ in PERIODS:
        share = 107 if p == "2022" else 112
        overall[p] = {
            "members_net": max(1, totals[p]["members_net"] * 100 // share),
            "unions_founded": max(1, totals[p]["unions_founded"] * 100 // 97 + 1),
        }

    # ---- nominations: ~20 % of qualifying units, within quota
    nf, nw = open_csv(os.path.join(out, "nominations.csv"))
    nw.writerow(["period", "unit", "kind", "name", "title"])
    qualifying = {p: 0 for p, _ in PERIODS}
    nominated = {p: 0 for p, _ in PERIODS}
    for p, _ in PERIODS:
        for uid, g, per in units:
            if per is None:
                continue
            rule = groups[g][2]
            values, tg = per[p]
            q = quota(rule, values[rule[0]], None if tg is None else tg[rule[0]])
            if q is None:
                continue
            qualifying[p] += 1
            if rng.random() >= 0.20:
                continue
            nominated[p] += 1
            vi_kinds = rng.random() < 0.05
            kc, ki = ("tập thể", "cá nhân") if vi_kinds else ("collective", "individual")
            nc = q["collective"] if rng.random() < 0.5 else rng.randint(0, q["collective"])
            ni = q["individual"] if rng.random() < 0.5 else rng.randint(1, q["individual"])
            for _ in range(nc):
                nw.writerow([p, uid, nfc(kc), nfc(f"{rng.choice(COLLECTIVE)} {rng.randint(1, 20)}"), ""])
            for _ in range(ni):
                nw.writerow([p, uid, nfc(ki), person(rng), rng.choice(TITLES)])
        # pooled group: quota from the campaign total against the overall target
        pq = quota(POOL_RULE, totals[p]["members_net"], overall[p]["members_net"])
        if pq is not None:
            n_any = pq["any"]
            n_coll = rng.randint(1, min(3, n_any))
            n_ind = pq["individual"] + n_any - n_coll
            for _ in range(n_coll):
                nw.writerow([p, pool_id, "collective", f"{rng.choice(COLLECTIVE)} {rng.randint(1, 20)}", ""])
            for _ in range(n_ind):
                nw.writerow([p, pool_id, "individual", person(rng), rng.choice(TITLES)])
    nf.close()

    # ---- YAML and Markdown
    write_text(os.path.join(out, "site.yaml"), nfc(
        f'title: "Kết quả thi đua phát triển đoàn viên toàn quốc 2022 – 2023 ({n} đơn vị)"\n'
        "language: vi\n"
        'base_url: ""\n'
        "theme: default\n"))

    nat_c = max(2, n // 5000)
    nat_i = max(3, n // 3000)
    camp = [
        "id: pt-doan-vien-toan-quoc-2022-2023",
        'title: "Đợt thi đua cao điểm thực hiện chỉ tiêu phát triển đoàn viên, thành lập công đoàn cơ sở giai đoạn 2022 – 2023"',
        'issuer: "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam"',
        "starts: 2022-03-01",
        "ends: 2023-06-30",
        "metrics:",
        "  members_net:",
        '    label: "Phát triển đoàn viên (trừ số giảm)"',
        "    plus: [members_added]",
        "    minus: [members_lost]",
        "  unions_founded:",
        '    label: "Thành lập công đoàn cơ sở"',
        "    plus: [unions_founded]",
        "periods:",
    ]
    for p, months in PERIODS:
        o = overall[p]
        camp += [
            f'  - id: "{p}"',
            f'    label: "{"Năm 2022" if p == "2022" else "6 tháng đầu năm 2023"}"',
            f"    from: {months[0]}",
            f"    to: {months[-1]}",
            f"    overall_target: {{ members_net: {o['members_net']}, unions_founded: {o['unions_founded']} }}",
            '    decision: ""',
        ]
        if p == "2022":
            camp.append(f"    national_awards: {{ collective: {nat_c}, individual: {nat_i} }}")
    write_text(os.path.join(out, "campaign.yaml"), nfc("\n".join(camp) + "\n"))

    gy = ["# Generated by bench/gen.py: award rules per group. A bonus level states its extra",
          "# awards in full; the highest level a unit reaches applies, whatever the order below.",
          "groups:"]
    for gid, gname, (metric, qualify_at, awards, bonuses) in groups:
        aw = ", ".join(f"{k}: {v}" for k, v in awards.items())
        gy += [
            f"  - id: {gid}",
            f"    name: {yq(gname)}",
            "    rule:",
            f"      metric: {metric}",
            f"      basis: {'overall' if gid == pool_id else 'unit'}",
            f'      qualify_at: "{qualify_at}"',
            f"      awards: {{ {aw} }}",
            "      bonuses:",
            fmt_pct_yaml(bonuses),
        ]
    write_text(os.path.join(out, "groups.yaml"), nfc("\n".join(gy) + "\n"))

    write_text(os.path.join(out, "news", "2022-03-10-phat-dong.md"), nfc(
        "---\n"
        'title: "Phát động đợt thi đua cao điểm phát triển đoàn viên 2022 – 2023"\n'
        "date: 2022-03-10\n"
        'summary: "Phát động đợt thi đua từ 01/3/2022 đến 30/6/2023 trên toàn quốc."\n'
        "---\n"
        f"Đoàn Chủ tịch Tổng Liên đoàn phát động **đợt thi đua cao điểm** với {n} công đoàn tham gia,\n"
        f"chia thành {ngroups} cụm thi đua và khối cơ quan.\n\n"
        "- Thời gian: từ ngày 01/3/2022 đến hết ngày 30/6/2023.\n"
        "- Số liệu được tính từ ngày 01/01/2022 & cập nhật hằng tháng.\n\n"
        "Xem [thể lệ và cách tính khen thưởng](../../ke-hoach/).\n"))
    write_text(os.path.join(out, "news", "2023-01-16-so-ket-nam-2022.md"), nfc(
        "---\n"
        'title: "Sơ kết năm 2022: kết quả tạm thời"\n'
        "date: 2023-01-16\n"
        'summary: "Số liệu năm 2022 đã đủ; kết quả chính thức sau khi có quyết định khen thưởng."\n'
        "---\n"
        f"Năm 2022 có {qualifying['2022']} đơn vị đạt chỉ tiêu (tạm tính). "
        "Các đơn vị kiểm tra số liệu của mình và gửi danh sách đề nghị khen thưởng.\n\n"
        "| Nội dung | Chỉ tiêu | Thực hiện |\n|---|---:|---:|\n"
        f"| Phát triển đoàn viên | {overall['2022']['members_net']} | {totals['2022']['members_net']} |\n"
        f"| Thành lập CĐCS | {overall['2022']['unions_founded']} | {totals['2022']['unions_founded']} |\n"))
    write_text(os.path.join(out, "pages", "ke-hoach.md"), nfc(
        "---\n"
        'title: "Kế hoạch phát động đợt thi đua"\n'
        "---\n"
        "## Mục đích, yêu cầu\n\n"
        "Động viên cán bộ, đoàn viên công đoàn các cấp phấn đấu hoàn thành chỉ tiêu phát triển đoàn viên,\n"
        "thành lập công đoàn cơ sở hằng năm; khen thưởng kịp thời, đúng đối tượng, công khai.\n\n"
        "## Cách tính\n\n"
        "Kết quả = số đoàn viên kết nạp − số đoàn viên giảm, so với chỉ tiêu được giao. Đơn vị đạt từ 100 %\n"
        "chỉ tiêu trở lên được xét khen thưởng; đạt từ 110 % hoặc 120 % được cộng thêm suất theo quy định\n"
        "của từng cụm (xem trang xếp hạng của cụm).\n\n"
        "## Tổ chức thực hiện\n\n"
        "1. Công đoàn cơ sở báo cáo số liệu trước ngày 05 hằng tháng.\n"
        "2. Cụm trưởng đôn đốc các đơn vị chưa báo cáo.\n"
        "3. Văn phòng tổng hợp & công bố kết quả trên trang này.\n"))

    qual = ", ".join(f"{p}: {qualifying[p]} qualifying, {nominated[p]} nominating" for p, _ in PERIODS)
    print(f"gen.py: N={n}: {ngroups} unit groups (sizes {min(sizes)}-{max(sizes)}) + pool of {pool_n}; "
          f"{qual} -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
