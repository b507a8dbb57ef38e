#!/usr/bin/env python3
"""Captures Carbonara (measures -> aggregates) vectors from a live Gnocchi 4.4.2.

Usage: python3 scripts/capture-carbonara.py [BASE_URL] > test/fixtures/carbonara/captured.json
BASE_URL defaults to http://127.0.0.1:8041 (the reference of /work/shared/tools/gnocchi-ref).

Every scenario creates its own archive policy and metric (random-prefixed names), posts its
batches one at a time and reads `GET /v1/metric/{id}/measures?refresh=true` after each batch, so
each batch is exactly one processing set. Times are integer microseconds; non-finite values are
written as the strings "NaN", "Infinity", "-Infinity". Python 3 standard library only.
"""
import base64
import datetime
import json
import math
import random
import sys
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8041"
AUTH = "basic " + base64.b64encode(b"admin:").decode()
PREFIX = "h4carb%06d" % random.randrange(1_000_000)
EPOCH_2024 = 1704067200 * 1_000_000
US = 1_000_000

ALL_BASE = ["mean", "sum", "last", "max", "min", "std", "median", "first", "count"] + [
    "%dpct" % i for i in range(1, 100)]
ALL = ALL_BASE + ["rate:" + m for m in ALL_BASE]
SOME = ["mean", "sum", "last", "max", "min", "std", "median", "first", "count", "1pct", "5pct", "25pct",
        "50pct", "90pct", "95pct", "99pct", "rate:mean", "rate:sum", "rate:last", "rate:max", "rate:min",
        "rate:std", "rate:median", "rate:first", "rate:count", "rate:95pct"]
BASIC = ["mean", "sum", "last", "max", "min", "std", "median", "first", "count", "95pct"]


def request(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Authorization", AUTH)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            text = resp.read().decode()
            return resp.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as e:
        raise RuntimeError("%s %s -> %d %s" % (method, path, e.code, e.read()[:300]))
    except (OSError, ConnectionError) as e:
        raise RuntimeError("%s %s -> %s" % (method, path, e))


def iso(us):
    d = datetime.datetime(1970, 1, 1) + datetime.timedelta(microseconds=us)
    return d.strftime("%Y-%m-%dT%H:%M:%S.%f")


def parse_ts(text):
    d = datetime.datetime.fromisoformat(text)
    delta = d - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return (delta.days * 86400 + delta.seconds) * US + delta.microseconds


def num(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    return float(v)


def wire_value(v):
    if isinstance(v, str):
        return v  # "NaN", "inf", "-inf": accepted by float()
    return v


def run_scenario(sc):
    name = "%s-%s" % (PREFIX, sc["name"])
    definition = [{"granularity": "%ds" % (g // US) if g % US == 0 else "%fs" % (g / US),
                   **({"points": p} if p is not None else {})} for g, p in sc["definition"]]
    request("POST", "/v1/archive_policy", {
        "name": name, "back_window": sc.get("backWindow", 0), "definition": definition,
        "aggregation_methods": sc["methods"]})
    _, metric = request("POST", "/v1/metric", {"archive_policy_name": name})
    mid = metric["id"]
    out_batches = []
    for batch in sc["batches"]:
        measures = [{"timestamp": iso(t), "value": wire_value(v)} for t, v in batch["measures"]]
        request("POST", "/v1/metric/%s/measures" % mid, measures)
        queries = batch.get("queries") or [{"aggregation": sc["methods"][0] if sc["methods"][0] != "*" else "mean"}]
        results = []
        for q in queries:
            params = {"refresh": "true", "aggregation": q["aggregation"]}
            if q.get("granularityUs") is not None:
                params["granularity"] = "%g" % (q["granularityUs"] / US)
            if q.get("resample") is not None:
                params["resample"] = q["resample"]
            if q.get("startUs") is not None:
                params["start"] = iso(q["startUs"])
            if q.get("stopUs") is not None:
                params["stop"] = iso(q["stopUs"])
            _, rows = request("GET", "/v1/metric/%s/measures?%s" % (mid, urllib.parse.urlencode(params)))
            result = [[parse_ts(ts), g if isinstance(g, str) else round(g * US), num(v)] for ts, g, v in rows]
            results.append({**{k: q.get(k) for k in ("aggregation", "granularityUs", "resample", "startUs", "stopUs")},
                            "result": result})
        out_batches.append({
            "timesUs": [t for t, _ in batch["measures"]],
            "values": [num(float(v)) if not isinstance(v, str) else num(float(v)) for _, v in batch["measures"]],
            "queries": results,
        })
    request("DELETE", "/v1/metric/%s" % mid)
    return {
        "name": sc["name"],
        "note": sc.get("note", ""),
        "policy": {
            "backWindow": sc.get("backWindow", 0),
            "definition": [{"granularityUs": g, "points": p} for g, p in sc["definition"]],
            "aggregationMethods": ALL if sc["methods"] == ["*"] else sc["methods"],
        },
        "batches": out_batches,
    }


def q_all(methods, granularities=(None,)):
    return [{"aggregation": m, "granularityUs": g} for m in methods for g in granularities]


def rand_value(rng, kind):
    if kind == "gauss":
        return round(rng.gauss(50, 20), rng.choice([0, 1, 2, 6, 12]))
    if kind == "int":
        return float(rng.randrange(-5, 20))
    if kind == "nonfinite":
        r = rng.random()
        if r < 0.1:
            return "NaN"
        if r < 0.15:
            return "inf"
        if r < 0.2:
            return "-inf"
        return rng.uniform(-100, 100)
    return rng.uniform(-1e6, 1e6)


def random_measures(rng, start_us, span_us, n, kind, step_us=None):
    if step_us is not None:
        times = sorted({start_us + rng.randrange(span_us // step_us) * step_us for _ in range(n)})
    else:
        times = sorted({start_us + rng.randrange(span_us) for _ in range(n)})
    return [[t, rand_value(rng, kind)] for t in times]


def scenarios():
    rng = random.Random(20240101)
    t0 = 1425652437 * US  # 2015-03-06T14:33:57
    out = []
    # §5 worked example.
    ex = [[t0, 43.1], [t0 + 15 * US, 12], [t0 + 15 * US + 500_000, 3], [t0 + 18 * US, -16],
          [t0 + 75 * US, 9], [t0 + 78 * US, 11]]
    ex_methods = ["mean", "max", "min", "sum", "count", "last", "first", "std", "median", "50pct", "rate:mean"]
    out.append({"name": "doc-s5-example", "definition": [(US, 3600), (60 * US, 60)], "methods": ex_methods,
                "batches": [{"measures": ex, "queries": q_all(ex_methods) + [
                    {"aggregation": "count", "granularityUs": US, "resample": "60"},
                    {"aggregation": "rate:mean", "granularityUs": US, "resample": "60"},
                    {"aggregation": "std", "granularityUs": 60 * US, "resample": "120"},
                    {"aggregation": "50pct", "granularityUs": US, "resample": "60"},
                    {"aggregation": "mean", "granularityUs": US, "resample": "7"},
                    {"aggregation": "median", "granularityUs": US, "resample": "30"},
                ]}]})
    # Dense random data, every method, one batch and then the same data in five batches.
    base = EPOCH_2024 + 3 * 3600 * US
    dense = random_measures(rng, base, 1500 * US, 400, "gauss")
    out.append({"name": "dense-all-methods-one-batch", "definition": [(US, 3600), (60 * US, 120), (300 * US, 12)],
                "methods": ["*"], "batches": [{"measures": dense, "queries": q_all(ALL, (60 * US, 300 * US))}]})
    chunks = [dense[i * 80:(i + 1) * 80] for i in range(5)]
    out.append({"name": "dense-all-methods-five-batches", "definition": [(US, 3600), (60 * US, 120), (300 * US, 12)],
                "methods": ["*"], "batches": [{"measures": c} for c in chunks[:-1]] +
                [{"measures": chunks[-1], "queries": q_all(ALL, (60 * US, 300 * US))}]})
    # Sparse data with gaps (rate across gaps), several batches.
    sparse = random_measures(rng, base, 4 * 3600 * US, 60, "float")
    sp_chunks = [sparse[i * 15:(i + 1) * 15] for i in range(4)]
    out.append({"name": "sparse-gaps-batches", "definition": [(60 * US, None), (600 * US, None)],
                "methods": SOME, "batches": [{"measures": c} for c in sp_chunks[:-1]] +
                [{"measures": sp_chunks[-1], "queries": q_all(SOME)}]})
    out.append({"name": "sparse-gaps-one-batch", "definition": [(60 * US, None), (600 * US, None)],
                "methods": SOME, "batches": [{"measures": sparse, "queries": q_all(SOME)}]})
    # Doc rate example: gap between processing sets.
    for first_s, label in ((0, "gap"), (290, "nogap")):
        a = [[EPOCH_2024 + first_s * US, 10.0]]
        b = [[EPOCH_2024 + 330 * US, 20.0]]
        out.append({"name": "rate-last-%s-two-batches" % label, "definition": [(60 * US, None)],
                    "methods": ["rate:last", "last"], "batches": [{"measures": a}, {"measures": b, "queries": q_all(["rate:last", "last"])}]})
        out.append({"name": "rate-last-%s-one-batch" % label, "definition": [(60 * US, None)],
                    "methods": ["rate:last", "last"], "batches": [{"measures": a + b, "queries": q_all(["rate:last", "last"])}]})
    # Back window (doc §4.3) and variants with random late points.
    t = EPOCH_2024
    out.append({"name": "doc-back-window-2", "definition": [(60 * US, None), (300 * US, None)], "backWindow": 2,
                "methods": ["count"], "batches": [
                    {"measures": [[t + 4020 * US, 1.0]]},
                    {"measures": [[t + 3299 * US, 1.0], [t + 3300 * US, 1.0], [t + 3600 * US, 1.0]],
                     "queries": q_all(["count"])}]})
    out.append({"name": "doc-back-window-0", "definition": [(60 * US, None)], "methods": ["count", "last"], "batches": [
        {"measures": [[t + 630 * US, 1.0]]},
        {"measures": [[t + 605 * US, 2.0], [t + 599 * US, 3.0]], "queries": q_all(["count", "last"])},
        {"measures": [[t + 720 * US, 4.0]]},
        {"measures": [[t + 719 * US, 5.0], [t + 659 * US, 6.0]], "queries": q_all(["count", "last"])}]})
    for bw in (0, 1, 3):
        batches = []
        cur = EPOCH_2024 + 7200 * US
        for i in range(6):
            ms = random_measures(rng, cur - rng.randrange(0, 1500) * US, 900 * US, 25, "gauss")
            cur += 600 * US
            batches.append({"measures": ms})
        batches[-1]["queries"] = q_all(BASIC + ["rate:mean", "rate:max"])
        out.append({"name": "late-points-bw%d" % bw, "definition": [(10 * US, None), (60 * US, None), (300 * US, None)],
                    "backWindow": bw, "methods": BASIC + ["rate:mean", "rate:max"], "batches": batches})
    # Duplicates within and across batches.
    d = EPOCH_2024 + 100 * US
    out.append({"name": "duplicates", "definition": [(1 * US, None), (60 * US, None)], "methods": ["mean", "last", "first", "count", "sum"],
                "batches": [
                    {"measures": [[d, 5.0], [d, 3.0], [d + US, 7.0], [d + US, 9.0], [d + 2 * US, 1.0]],
                     "queries": q_all(["mean", "last", "first", "count", "sum"])},
                    {"measures": [[d, 100.0], [d + 2 * US, -1.0], [d + 2 * US, -2.0], [d + 3 * US, 4.0]],
                     "queries": q_all(["mean", "last", "first", "count", "sum"])}]})
    # Non-finite values.
    nf = random_measures(rng, EPOCH_2024, 600 * US, 150, "nonfinite")
    out.append({"name": "non-finite", "definition": [(10 * US, None), (60 * US, None)], "methods": SOME,
                "batches": [{"measures": nf, "queries": q_all(SOME)}]})
    # Retention (doc §6) and random retention with small point counts.
    r = EPOCH_2024
    out.append({"name": "doc-retention", "definition": [(60 * US, 3)], "methods": ["last"], "batches": [
        {"measures": [[r + (10 + 60 * i) * US, float(i)] for i in range(5)], "queries": q_all(["last"])},
        {"measures": [[r + 550 * US, 9.0]], "queries": q_all(["last"])},
        {"measures": [[r + 560 * US, 10.0], [r + 500 * US, 8.0]], "queries": q_all(["last"])}]})
    ret = random_measures(rng, EPOCH_2024, 7200 * US, 300, "int", step_us=US)
    out.append({"name": "retention-random", "definition": [(60 * US, 10), (600 * US, 5), (5 * US, 50)],
                "methods": ["mean", "max", "count", "rate:sum"], "batches": [
                    {"measures": ret[i * 60:(i + 1) * 60], "queries": q_all(["mean", "max", "count", "rate:sum"]) if i == 4 else None}
                    for i in range(5)]})
    # Non-dividing granularities.
    nd = random_measures(rng, EPOCH_2024, 1800 * US, 200, "gauss")
    out.append({"name": "non-dividing-granularities", "definition": [(7 * US, None), (60 * US, None)], "backWindow": 1,
                "methods": BASIC, "batches": [{"measures": nd[i * 50:(i + 1) * 50]} for i in range(3)] +
                [{"measures": nd[150:], "queries": q_all(BASIC)}]})
    # Reads: start/stop and resampling, including calendar groupings over daily data.
    days = [(2015, 3, 1, 10), (2015, 3, 6, 12), (2015, 4, 1, 2), (2015, 4, 6, 4), (2015, 10, 6, 7),
            (2016, 1, 6, 12), (2016, 2, 6, 4)]
    dm = [[int(datetime.datetime(y, m, dd).replace(tzinfo=datetime.timezone.utc).timestamp()) * US, float(v)]
          for y, m, dd, v in days]
    cal_q = [{"aggregation": a, "granularityUs": 86400 * US, "resample": c}
             for c in ("Y", "H", "Q", "M", "W") for a in ("mean", "count", "max", "std", "95pct")]
    out.append({"name": "calendar-resample", "definition": [(86400 * US, None)], "methods": ["mean", "count", "max", "std", "95pct"],
                "batches": [{"measures": dm, "queries": cal_q}]})
    rd = random_measures(rng, EPOCH_2024 + 86400 * US * 40, 86400 * US * 400, 300, "gauss")
    out.append({"name": "calendar-resample-random", "definition": [(3600 * US, None), (86400 * US, None)],
                "methods": ["mean", "sum", "rate:mean", "median"],
                "batches": [{"measures": rd, "queries": [
                    {"aggregation": a, "granularityUs": g, "resample": c}
                    for c in ("Y", "H", "Q", "M", "W") for a in ("mean", "sum", "median")
                    for g in (3600 * US, 86400 * US)] + [
                    # gnocchi-compat: rate: + calendar resample crashes 4.4.2 (TypeError, no response).
                    {"aggregation": "rate:mean", "granularityUs": 3600 * US, "resample": "86400"}]}]})
    a = EPOCH_2024
    am = [[a + 0, 2.0], [a + 60 * US, 5.0], [a + 120 * US, 7.0], [a + 180 * US, 10.0]]
    out.append({"name": "doc-s7-read-examples", "definition": [(60 * US, None)], "methods": ["mean", "max"],
                "batches": [{"measures": am, "queries": [
                    {"aggregation": "mean", "startUs": a + 60 * US, "stopUs": a + 180 * US},
                    {"aggregation": "mean", "startUs": a + 90 * US, "stopUs": a + 120 * US},
                    {"aggregation": "mean", "granularityUs": 60 * US, "resample": "120"},
                    {"aggregation": "mean", "granularityUs": 60 * US, "resample": "120", "startUs": a + 60 * US},
                    {"aggregation": "max", "granularityUs": 60 * US, "resample": "120"},
                    {"aggregation": "mean", "granularityUs": 60 * US, "resample": "M"},
                    {"aggregation": "mean", "granularityUs": 60 * US, "resample": "180", "startUs": a + 150 * US},
                    {"aggregation": "mean", "granularityUs": 60 * US, "stopUs": a + 121 * US},
                ]}]})
    rs = random_measures(rng, EPOCH_2024, 3600 * US, 400, "gauss")
    rs_methods = ["mean", "sum", "min", "max", "std", "count", "first", "last", "median", "10pct", "95pct",
                  "rate:mean", "rate:max", "rate:95pct"]
    out.append({"name": "resample-random", "definition": [(10 * US, None), (60 * US, None)], "methods": rs_methods,
                "batches": [{"measures": rs, "queries": [
                    {"aggregation": m, "granularityUs": g, "resample": r, "startUs": s, "stopUs": e}
                    for m in rs_methods for g, r in ((10 * US, "60"), (60 * US, "300"), (60 * US, "420"))
                    for s, e in ((None, None), (EPOCH_2024 + 1234 * US, EPOCH_2024 + 2345 * US))]}]})
    # Chaos: out-of-order batches with duplicates (within and across batches), late points, NaN.
    for seed, bw, defs in ((1, 0, [(5 * US, None), (60 * US, 30)]), (2, 1, [(15 * US, None), (60 * US, None), (300 * US, 6)]),
                           (3, 2, [(7 * US, None), (120 * US, None)])):
        crng = random.Random(seed)
        cur = EPOCH_2024 + 5000 * US
        batches = []
        for i in range(8):
            ms = []
            for _ in range(crng.randrange(1, 40)):
                t = cur + crng.randrange(-900, 600) * US // 2
                ms.append([t, rand_value(crng, crng.choice(["gauss", "int", "nonfinite"]))])
                if crng.random() < 0.2:
                    ms.append([t, rand_value(crng, "int")])
            cur += crng.randrange(0, 400) * US
            batches.append({"measures": ms, "queries": q_all(["mean", "last", "count", "rate:last"]) if i % 3 == 2 else None})
        batches[-1]["queries"] = q_all(SOME)
        out.append({"name": "chaos-%d-bw%d" % (seed, bw), "definition": defs, "backWindow": bw, "methods": SOME,
                    "batches": batches})
    return out


def main():
    results = []
    for sc in scenarios():
        for attempt in range(3):
            try:
                results.append(run_scenario(sc))
                break
            except RuntimeError as e:
                print("scenario %s attempt %d failed: %s" % (sc["name"], attempt, e), file=sys.stderr)
                sc["name"] = sc["name"] + "-retry"
        else:
            raise SystemExit("giving up on %s" % sc["name"])
        print("captured %s" % sc["name"], file=sys.stderr)
    count = sum(len(b["queries"]) for s in results for b in s["batches"])
    json.dump({"capturedFrom": "Gnocchi 4.4.2 (gnocchi-ref, compat backports)", "prefix": PREFIX,
               "queryCount": count, "scenarios": results}, sys.stdout, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
