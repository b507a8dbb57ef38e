#!/usr/bin/env python3
"""Capture resource-mode /v1/aggregates vectors (fnmatch, groupby, output shapes) from Gnocchi 4.4.2.

Creates a uniquely named resource type (flavor: string, cores: number), resources with
metrics named cpu.util / cpu.idle / mem / disk.io, random measures, then runs operations
with search {} (all resources of the new type) and various groupby lists.

Usage: python3 scripts/capture-aggregates-resources.py [URL] [SEED] > test/fixtures/aggregates/captured-resources.json
Python 3 stdlib only.
"""
import json
import random
import sys
import urllib.parse

import importlib.util

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8041"
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 777
rnd = random.Random(SEED)

spec = importlib.util.spec_from_file_location("cap", __file__.rsplit("/", 1)[0] + "/capture-aggregates-common.py")
cap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cap)
call, clean = cap.make_client(URL)

prefix = "h5res%06d" % random.SystemRandom().randrange(10 ** 6)
status, _ = call("POST", "/v1/archive_policy", {"name": prefix, "definition": [{"granularity": 60, "points": 1440}]})
assert status == 201, status
status, pol = call("GET", "/v1/archive_policy/" + prefix)
status, body = call("POST", "/v1/resource_type", {"name": prefix, "attributes": {
    "flavor": {"type": "string", "required": False}, "cores": {"type": "number", "required": False}}})
assert status == 201, (status, body)

base = 1704067200
flavors = ["small", "large", None]
resources = []
for i in range(6):
    names = rnd.sample(["cpu.util", "cpu.idle", "mem", "disk.io"], rnd.randrange(1, 5))
    body = {"id": "%s-r%d" % (prefix, i), "project_id": rnd.choice(["pA", "pB"]),
            "flavor": rnd.choice(flavors), "cores": rnd.choice([2, 4, 8, None]),
            "metrics": {n: {"archive_policy_name": prefix} for n in names}}
    body = {k: v for k, v in body.items() if v is not None}  # unset attributes stay null
    status, res = call("POST", "/v1/resource/" + prefix, body)
    assert status == 201, (status, res)
    resources.append(res)
    for name, mid in res["metrics"].items():
        if rnd.random() < 0.15:
            continue
        pts = [{"timestamp": base + m * 60 + rnd.randrange(60), "value": float(rnd.randrange(-20, 100))}
               for m in sorted(rnd.sample(range(10), rnd.randrange(1, 8)))]
        status, _ = call("POST", "/v1/metric/%s/measures" % mid, pts)
        assert status == 202, status

stored = {}
for res in resources:
    for name, mid in res["metrics"].items():
        status, pts = call("GET", "/v1/metric/%s/measures?refresh=true&aggregation=mean" % mid)
        assert status == 200, (status, pts)
        stored[mid] = [[p[0], p[2]] for p in pts]

OPS = [
    "(metric cpu.util mean)", "(metric cpu.* mean)", "(aggregate sum (metric cpu.util mean))",
    "(aggregate mean (metric (cpu.util mean) (mem mean)))", "(metric (cpu.util mean) (mem mean))",
    "(aggregate max (metric * mean))", "(* 2 (metric [cm]* mean))", "(metric ?em mean)",
    "(metric nothere mean)", "(aggregate count (metric disk.* mean))", "(metric (mem mean) (nothere mean))",
    "(rolling sum 2 (metric mem mean))", "(metric [!c]* mean)",
]
GROUPBYS = [[], ["flavor"], ["cores"], ["project_id"], ["flavor", "project_id"], ["cores", "flavor", "cores"]]
cases = []
for ops in OPS:
    for gb in GROUPBYS:
        q = [("groupby", g) for g in gb] + ([("fill", "null")] if rnd.random() < 0.3 else [])
        status, body = call("POST", "/v1/aggregates?" + urllib.parse.urlencode(q),
                            {"operations": ops, "resource_type": prefix, "search": {}})
        if status >= 500 or isinstance(body, str):
            continue
        cases.append({"operations": ops, "query": q, "status": status, "body": clean(body)})

json.dump({
    "captured_from": "Gnocchi 4.4.2 (gnocchi-ref), seed %d" % SEED,
    "aggregation_methods": pol["aggregation_methods"],
    "resources": [{"id": r["id"], "revision_start": r["revision_start"], "started_at": r["started_at"],
                   "attributes": {"flavor": r.get("flavor"), "cores": r.get("cores"), "project_id": r["project_id"]},
                   "metrics": r["metrics"]} for r in resources],
    "stored": clean(stored),
    "cases": cases,
}, sys.stdout, ensure_ascii=False)
sys.stdout.write("\n")
print("captured %d cases" % len(cases), file=sys.stderr)
