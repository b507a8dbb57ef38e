#!/usr/bin/env python3
"""Capture /v1/aggregates vectors from a live Gnocchi 4.4.2 (gnocchi-ref) for the engine tests.

Creates a uniquely named archive policy and metrics, posts random measures, reads the stored
series back (the engine's inputs), then posts random operations with random fill /
needed_overlap / start / stop / granularity and records status + body.

Usage: python3 scripts/capture-aggregates.py [URL] [CASES] [SEED] > test/fixtures/aggregates/captured.json
Python 3 stdlib only. Non-finite numbers are written as the strings "NaN", "Infinity", "-Infinity".
"""
import importlib.util
import json
import random
import sys
import urllib.parse

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8041"
CASES = int(sys.argv[2]) if len(sys.argv) > 2 else 160
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 4242
rnd = random.Random(SEED)
spec = importlib.util.spec_from_file_location("cap", __file__.rsplit("/", 1)[0] + "/capture-aggregates-common.py")
cap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cap)
call, clean = cap.make_client(URL)


prefix = "h5cap%06d" % random.SystemRandom().randrange(10 ** 6)
policy = prefix
status, _ = call("POST", "/v1/archive_policy", {
    "name": policy, "definition": [{"granularity": 60, "points": 1440}, {"granularity": 300, "points": 288}]})
assert status == 201, status
status, pol = call("GET", "/v1/archive_policy/" + policy)
methods = pol["aggregation_methods"]

metrics = []
for i in range(5):
    status, m = call("POST", "/v1/metric", {"archive_policy_name": policy, "name": "%s-%d" % (prefix, i)})
    assert status == 201, (status, m)
    metrics.append(m["id"])

base = 1704067200  # 2024-01-01T00:00:00Z
for i, mid in enumerate(metrics):
    if i == 4:
        continue  # metric 4 never gets data
    density = [0.9, 0.6, 0.35, 0.8][i]
    measures = []
    for sec in range(0, 3600, 20):
        if rnd.random() < density / 2:
            v = rnd.choice([round(rnd.uniform(-50, 100), 2), float(rnd.randrange(-5, 20))])
            measures.append({"timestamp": base + sec + rnd.randrange(20), "value": v})
    status, _ = call("POST", "/v1/metric/%s/measures" % mid, measures)
    assert status == 202, status

stored = {}
for mid in metrics:
    stored[mid] = {}
    for agg in ["mean", "max", "min", "sum", "std", "count"]:
        stored[mid][agg] = {}
        for g in [60, 300]:
            status, pts = call("GET", "/v1/metric/%s/measures?refresh=true&aggregation=%s&granularity=%d" % (mid, agg, g))
            assert status == 200, (status, pts)
            stored[mid][agg][str(g)] = [[p[0], p[2]] for p in pts]

AGG_METHODS = ["mean", "median", "std", "min", "max", "sum", "var",
               "rate:mean", "rate:median", "rate:std", "rate:min", "rate:max", "rate:sum", "rate:var"]
RES_METHODS = ["mean", "median", "std", "min", "max", "sum", "count", "rate:mean", "rate:max", "rate:sum", "rate:count"]
UNARY = ["abs", "absolute", "neg", "negative", "cos", "sin", "tan", "floor", "ceil", "rateofchange"]
BINARY = ["+", "add", "-", "sub", "*", "×", "mul", "/", "÷", "div", "%", "mod", "**", "^", "pow", "clip_min", "clip_max"]


def num():
    return rnd.choice(["2", "-1.5", "0", "10", "0.5", "3", "-4", "100"])


def metric_node(ids):
    if len(ids) == 1 and rnd.random() < 0.5:
        mid, agg = ids[0]
        return "(metric %s %s)" % (mid, agg)
    return "(metric %s)" % " ".join("(%s %s)" % p for p in ids)


def series_expr(ids, depth):
    """An expression over the given refs, not aggregated unless the operator aggregates."""
    leaf = metric_node(ids)
    if depth <= 0:
        return leaf
    inner = series_expr(ids, depth - 1)
    k = rnd.randrange(8)
    if k == 0:
        return "(%s %s)" % (rnd.choice(UNARY), inner)
    if k == 1:
        op = rnd.choice(BINARY)
        return "(%s %s %s)" % (op, inner, num()) if rnd.random() < 0.6 else "(%s %s %s)" % (op, num(), inner)
    if k == 2:
        return "(rolling %s %d %s)" % (rnd.choice(AGG_METHODS), rnd.choice([1, 2, 3, 4, 9, 12, 70]), inner)
    if k == 3:
        return "(resample %s %d %s)" % (rnd.choice(RES_METHODS), rnd.choice([120, 180, 300, 600]), inner)
    if k == 4:
        return "(clip %s %s %s)" % (inner, rnd.choice(["0", "-10"]), rnd.choice(["20", "50"])) if rnd.random() < 0.5 else "(clip %s %s)" % (inner, num())
    if k == 5:
        return "(aggregate %s %s)" % (rnd.choice(AGG_METHODS), inner)
    return inner


def random_ops():
    n = rnd.choice([1, 2, 2, 3, 4])
    chosen = rnd.sample(metrics[:4], n) if rnd.random() < 0.9 else rnd.sample(metrics, n)
    aggs = [rnd.choice(["mean", "mean", "max", "min", "sum"]) for _ in chosen]
    ids = list(zip(chosen, aggs))
    shape = rnd.randrange(6)
    if shape == 0 and n >= 2:
        # two series combined → aggregated
        a = series_expr(ids[:1], 1)
        b = series_expr(ids[1:2], 1)
        return "(%s %s %s)" % (rnd.choice(BINARY), a, b)
    if shape == 1:
        return "(aggregate %s %s)" % (rnd.choice(AGG_METHODS), series_expr(ids, rnd.randrange(2)))
    if shape == 2:
        return "(aggregate %s (resample %s %d %s))" % (
            rnd.choice(AGG_METHODS), rnd.choice(RES_METHODS), rnd.choice([120, 300, 600]), metric_node(ids))
    return series_expr(ids, rnd.randrange(3))


cases = []
for _ in range(CASES):
    q = {}
    r = rnd.random()
    if r < 0.3:
        pass
    elif r < 0.5:
        q["fill"] = "null"
    elif r < 0.6:
        q["fill"] = "dropna"
    elif r < 0.75:
        q["fill"] = rnd.choice(["0", "-1.5", "7"])
    else:
        q["needed_overlap"] = rnd.choice(["0", "10", "50", "80", "100"])
    if rnd.random() < 0.25:
        q["start"] = "2024-01-01T00:%02d:%02d" % (rnd.randrange(30), rnd.choice([0, 30]))
    if rnd.random() < 0.25:
        q["stop"] = "2024-01-01T00:%02d:00" % rnd.randrange(30, 60)
    if rnd.random() < 0.5:
        q["granularity"] = rnd.choice(["60", "300"])
    operations = random_ops()
    status, body = call("POST", "/v1/aggregates?" + urllib.parse.urlencode(q), {"operations": operations})
    if status >= 500 or isinstance(body, str):
        continue  # 4.4.2 defects (500s) are covered by the recommended behaviour, not captured
    cases.append({"operations": operations, "query": q, "status": status, "body": clean(body)})

json.dump({
    "captured_from": "Gnocchi 4.4.2 (gnocchi-ref), seed %d" % SEED,
    "policy": {"granularities": [60, 300], "aggregation_methods": methods},
    "metrics": metrics,
    "stored": clean(stored),
    "cases": cases,
}, sys.stdout, indent=None, ensure_ascii=False)
sys.stdout.write("\n")
print("captured %d cases" % len(cases), file=sys.stderr)
