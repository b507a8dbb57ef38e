"""HTTP helpers shared by the capture-aggregates*.py scripts (stdlib only); loaded by path."""
import json
import math
import urllib.error
import urllib.request

HEADERS = {"Authorization": "basic YWRtaW46", "Accept": "application/json", "Content-Type": "application/json"}


def make_client(url):
    def call(method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url + path, data=data, method=method, headers=HEADERS)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read().decode() or "null")
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            try:
                return e.code, json.loads(text)
            except ValueError:
                return e.code, text
        except (ConnectionError, OSError) as e:
            # 4.4.2 drops the connection on unhandled exceptions (see gnocchi-ref README caveats)
            return 599, str(e)

    def clean(x):
        """NaN/inf → strings so that fixtures are strict JSON."""
        if isinstance(x, float) and not math.isfinite(x):
            return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
        if isinstance(x, list):
            return [clean(v) for v in x]
        if isinstance(x, dict):
            return {k: clean(v) for k, v in x.items()}
        return x

    return call, clean
