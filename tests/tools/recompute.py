#!/usr/bin/env python3
"""Recomputes every aggregate table of a trendlens output folder from its
per-document tables (documents, items, mentions, amounts) with the formulas
of issue 5, independently of the C code, and compares: counts exactly,
statistics to 1e-6. Usage: recompute.py OUT_DIR [--top 20] [--min-pair 2] [-K 8]
Exits 1 and lists the differences when any table disagrees."""
import argparse, collections, csv, datetime, math, sys

def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))

def iso_week(date):
    y, w, _ = datetime.date.fromisoformat(date).isocalendar()
    return f"{y:04d}-W{w:02d}"

def mean_sd(xs):
    m = sum(xs) / len(xs)
    return m, math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--min-pair", type=int, default=2)
    ap.add_argument("-K", type=int, default=8)
    a = ap.parse_args()
    d = a.out
    docs = {r["doc"]: r for r in read(d + "/documents.csv") if "duplicate-of:" not in r["status"] and r["date"]}
    mentions = [m for m in read(d + "/mentions.csv") if m["doc"] in docs]
    amounts = [m for m in read(d + "/amounts.csv") if m["doc"] in docs]
    n_day = collections.Counter()
    for r in docs.values():
        n_day[r["date"]] += int(r["items"])
    n_week = collections.Counter()
    for day, n in n_day.items():
        n_week[iso_week(day)] += n
    weeks = sorted(n_week)
    N = sum(n_day.values())

    expected = {}
    # entities.csv
    info = {}
    items_of = collections.defaultdict(set)        # entity -> {(doc, item)}
    docs_of = collections.defaultdict(set)
    day_mentions = collections.Counter()           # (date, entity)
    day_items = collections.defaultdict(set)
    for m in mentions:
        e = m["entity"]
        info.setdefault(e, (m["type"], m["parent"]))
        docs_of[e].add(m["doc"])
        day_mentions[(m["date"], e)] += 1
        if m["item"] != "0":
            items_of[e].add((m["doc"], m["item"]))
            day_items[(m["date"], e)].add((m["doc"], m["item"]))
    total = collections.Counter(m["entity"] for m in mentions)
    dates_of = collections.defaultdict(list)
    for m in mentions:
        dates_of[m["entity"]].append(m["date"])
    rows = []
    for e in sorted(total, key=lambda e: (-total[e], e.encode())):
        rows.append([e, info[e][0], info[e][1], total[e], len(items_of[e]), len(docs_of[e]),
                     min(dates_of[e]), max(dates_of[e])])
    expected["entities.csv"] = rows
    # daily.csv
    rows = []
    for (day, e) in sorted(day_mentions, key=lambda k: (k[0], k[1].encode())):
        it = len(day_items[(day, e)])
        rows.append([day, e, day_mentions[(day, e)], it, it / n_day[day] if n_day[day] else 0.0])
    expected["daily.csv"] = rows
    # weekly.csv
    wk_m = collections.Counter(); wk_i = collections.Counter()
    for (day, e), c in day_mentions.items():
        wk_m[(iso_week(day), e)] += c
        wk_i[(iso_week(day), e)] += len(day_items[(day, e)])
    rows = []
    for e in total:
        first = weeks.index(iso_week(min(dates_of[e])))
        share = [wk_i[(w, e)] / n_week[w] if n_week[w] else 0.0 for w in weeks]
        for i in range(first, len(weeks)):
            change = share[i] - share[i - 1] if i > first else None
            prev = share[max(0, i - a.K):i]
            z = None
            if len(prev) >= 4:
                m_, sd = mean_sd(prev)
                if sd > 1e-12:
                    z = (share[i] - m_) / sd
            pts = share[max(0, i - a.K + 1):i + 1]
            slope = None
            if len(pts) >= 4:
                xs = list(range(len(pts)))
                mx, my = sum(xs) / len(xs), sum(pts) / len(pts)
                slope = sum((x - mx) * (y - my) for x, y in zip(xs, pts)) / sum((x - mx) ** 2 for x in xs)
            rows.append([weeks[i], e, wk_m[(weeks[i], e)], wk_i[(weeks[i], e)], share[i], change, z, slope])
    rows.sort(key=lambda r: (r[0], r[1].encode()))
    expected["weekly.csv"] = rows
    # cooccurrence.csv
    per_item = collections.defaultdict(set)
    for m in mentions:
        if m["item"] != "0":
            per_item[(m["doc"], m["item"])].add(m["entity"])
    pairs = collections.Counter()
    for ents in per_item.values():
        ents = sorted(ents, key=str.encode)
        for i in range(len(ents)):
            for j in range(i + 1, len(ents)):
                pairs[(ents[i], ents[j])] += 1
    rows = []
    for (x, y), nab in pairs.items():
        if nab < a.min_pair:
            continue
        na, nb = len(items_of[x]), len(items_of[y])
        pmi = math.log2(nab * N / (na * nb))
        npmi = 1.0 if nab == N else pmi / -math.log2(nab / N)
        cells = [(nab, na * nb / N), (na - nab, na * (N - nb) / N), (nb - nab, (N - na) * nb / N),
                 (N - na - nb + nab, (N - na) * (N - nb) / N)]
        g2 = max(0.0, 2 * sum(o * math.log(o / e) for o, e in cells if o > 0))
        p = math.erfc(math.sqrt(g2 / 2))
        rows.append([x, y, nab, na, nb, pmi, npmi, g2, p])
    expected["cooccurrence.csv"] = {(r[0], r[1]): r for r in rows}
    # timeline_wide.csv
    top = [r[0] for r in expected["entities.csv"][: a.top]]
    expected["timeline_wide.csv"] = [[day] + [day_mentions[(day, e)] for e in top] for day in sorted(n_day)]
    expected["timeline_header"] = ["date"] + top
    # amounts_weekly.csv
    count = collections.Counter(); usd = collections.Counter()
    for m in amounts:
        if m["kind"] != "amount":
            continue
        for e in filter(None, m["entities"].split(";")):
            count[(iso_week(m["date"]), e)] += 1
            usd[(iso_week(m["date"]), e)] += float(m["usd"] or 0)
    expected["amounts_weekly.csv"] = [[w, e, count[(w, e)], usd[(w, e)]]
                                      for (w, e) in sorted(count, key=lambda k: (k[0], k[1].encode()))]

    # candidates.csv, from unknown_names.csv
    unknown = [u for u in read(d + "/unknown_names.csv") if u["doc"] in docs]
    cand = {}
    for u in unknown:  # rows come in doc order: the first sighting is the example
        c = cand.setdefault(u["key"], {"surface": u["surface"], "mentions": 0, "docs": set(), "first": u["date"],
                                       "example": f'{docs[u["doc"]]["path"]}:{u["line"]}: {u["context"]}'})
        c["mentions"] += 1
        c["docs"].add(u["doc"])
        c["first"] = min(c["first"], u["date"])
    expected["candidates.csv"] = [[c["surface"], c["mentions"], len(c["docs"]), c["first"], c["example"]]
                                  for k, c in sorted(cand.items(), key=lambda kv: (-len(kv[1]["docs"]), -kv[1]["mentions"], kv[0].encode()))]

    problems = []
    def same(x, y, name, key):
        if x is None or x == "":
            if not (y is None or y == ""):
                problems.append(f"{name} {key}: expected empty, got {y}")
            return
        if y is None or y == "":
            problems.append(f"{name} {key}: expected {x}, got empty")
            return
        if isinstance(x, float) or isinstance(x, int):
            yv = float(y)
            if not math.isclose(float(x), yv, rel_tol=1e-6, abs_tol=1e-6):
                problems.append(f"{name} {key}: expected {x}, got {y}")
        elif str(x) != y:
            problems.append(f"{name} {key}: expected {x!r}, got {y!r}")

    def compare_rows(name, want):
        got = list(csv.reader(open(f"{d}/{name}", encoding="utf-8-sig", newline="")))[1:]
        if len(got) != len(want):
            problems.append(f"{name}: {len(got)} rows, expected {len(want)}")
        for w, g in zip(want, got):
            for x, y in zip(w, g):
                same(x, y, name, w[:2])
    for name in ("entities.csv", "daily.csv", "weekly.csv", "amounts_weekly.csv", "candidates.csv"):
        compare_rows(name, expected[name])
    header = next(csv.reader(open(f"{d}/timeline_wide.csv", encoding="utf-8-sig")))
    if header != expected["timeline_header"]:
        problems.append(f"timeline_wide.csv header {header[:5]}… expected {expected['timeline_header'][:5]}…")
    compare_rows("timeline_wide.csv", expected["timeline_wide.csv"])
    got = read(d + "/cooccurrence.csv")
    want = expected["cooccurrence.csv"]
    if len(got) != len(want):
        problems.append(f"cooccurrence.csv: {len(got)} rows, expected {len(want)}")
    for g in got:
        w = want.get((g["entity_a"], g["entity_b"]))
        if w is None:
            problems.append(f"cooccurrence.csv: unexpected pair {g['entity_a']}, {g['entity_b']}")
            continue
        for x, col in zip(w[2:], ("items", "items_a", "items_b", "pmi", "npmi", "g2", "p_value")):
            same(x, g[col], "cooccurrence.csv", (g["entity_a"], g["entity_b"], col))
    g2s = [float(g["g2"]) for g in got]
    if g2s != sorted(g2s, reverse=True):
        problems.append("cooccurrence.csv is not sorted strongest first")
    for p in problems[:30]:
        print(p)
    print(f"recompute: {len(problems)} difference(s); {len(docs)} documents, {len(mentions)} mentions, "
          f"{len(weeks)} weeks, {len(want)} pairs")
    sys.exit(1 if problems else 0)

main()
