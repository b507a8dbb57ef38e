#!/usr/bin/env bash
# What the test suite needs beyond Node, set up when missing (run by `npm test` before anything
# else, so README's test command works on a fresh machine and CI runs exactly the same thing):
# - a Redis on 127.0.0.1:6379 (the Redis driver's tests always run against it);
# - the real `gnocchi` CLI (Debian's python3-gnocchiclient) for test/e2e/gnocchi-cli.test.ts.
set -euo pipefail
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "no Redis on 127.0.0.1:6379, starting one" >&2
  redis-server --daemonize yes --port 6379 --save '' --appendonly no
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
if ! command -v gnocchi >/dev/null 2>&1; then
  echo "no gnocchi CLI, installing python3-gnocchiclient" >&2
  as_root=''
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then as_root=sudo; fi
  install_client() { $as_root apt-get install -y --no-install-recommends python3-gnocchiclient; }
  install_client || { $as_root apt-get update && install_client; }
fi
