/**
 * End-to-end HTTP figures (architecture.md §6) on the real server process, for the embedded
 * driver (LMDB in a temporary data directory) and the Redis driver (REDIS_URL, default
 * 127.0.0.1:6379, under a unique key prefix deleted afterwards), driven by autocannon:
 * - batch ingest: acknowledged measures/s, req/s, latency, then the time until `/v1/status`
 *   shows no backlog (acknowledged is not processed: both are printed);
 * - `POST /v1/aggregates` summing the mean of 1 000 metrics × 288 points, in id mode and in
 *   resource mode with `groupby`: p50, p99, req/s, after checking one answer of each.
 * Builds the server first if `dist/` is missing or stale (bench/http/built-server.ts).
 * `node --import tsx bench/http.bench.ts` (or `npm run bench http`).
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanupPrefixes } from '../test/helpers/redis.js'
import { type ServerProcess, startServer } from '../test/helpers/server-process.js'
import { benchAggregates } from './http/aggregates.js'
import type { CannonFigures } from './http/cannon.js'
import { ensureBuiltServer } from './http/built-server.js'
import { benchIngest } from './http/ingest.js'

/** Start-up allowance: on the shared 2-core machine a cold start can take many seconds. */
const START_TIMEOUT_MS = 60_000
/** Aggregates p50 target on Redis (architecture.md §6). */
const REDIS_AGGREGATES_P50_TARGET_MS = 25

/** Starts a server with `env`, runs both benches on it, and stops it (printing its output if it failed). */
async function benchDriver(label: string, env: Record<string, string>): Promise<CannonFigures> {
  const server: ServerProcess = await startServer({ POLENTA_AUTH: 'basic', ...env }, START_TIMEOUT_MS)
  try {
    await benchIngest(label, server)
    const { idMode } = await benchAggregates(label, server)
    return idMode
  } catch (err) {
    console.error(`${label}: server output:\n${server.output()}`)
    throw err
  } finally {
    await server.stop()
  }
}

async function main(): Promise<void> {
  ensureBuiltServer()
  console.log(`(load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}: the client runs on the same machine as the server)`)

  const dataDir = mkdtempSync(join(tmpdir(), 'polenta-bench-http-'))
  try {
    await benchDriver('embedded', { POLENTA_STORAGE: 'embedded', POLENTA_DATA_DIR: dataDir })
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }

  const prefix = `polenta-bench-http-${randomBytes(4).toString('hex')}`
  let idMode: CannonFigures
  try {
    idMode = await benchDriver('redis', { POLENTA_STORAGE: 'redis', POLENTA_REDIS_PREFIX: prefix })
  } finally {
    await cleanupPrefixes([prefix])
  }
  const met = idMode.ok > 0 && idMode.p50Ms <= REDIS_AGGREGATES_P50_TARGET_MS
  console.log(`redis: aggregates id mode p50 ${idMode.ok > 0 ? `${idMode.p50Ms.toFixed(0)} ms` : 'unmeasured'} ${met ? 'within' : 'MISSES'} the ${REDIS_AGGREGATES_P50_TARGET_MS} ms target`)
}

await main()
