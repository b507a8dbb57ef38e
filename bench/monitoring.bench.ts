/**
 * Cost of self-monitoring (`/metrics`) on the hot paths:
 * - the storage timing wrapper (`timeStorageOperations`, feeding the storage histogram as the
 *   app does) against the raw driver, on the cheapest calls there are (memory driver, and the
 *   embedded driver's LMDB read), so the figure is the wrapper's absolute cost per call;
 * - the recording of one response: prom-client's counter + histogram (the yardstick that made
 *   the hot paths use histogram-family.ts) against a cached {@link HistogramSeries};
 * - end to end through `app.inject`, the same app with `/metrics` enabled and disabled.
 * `node --import tsx bench/monitoring.bench.ts` (or `npm run bench monitoring`).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Counter, Histogram, Registry } from 'prom-client'
import { MeasureService } from '../src/engine/ingest/measure-service.js'
import { buildApp } from '../src/http/app.js'
import { HistogramFamily, type HistogramSeries } from '../src/http/monitoring/histogram-family.js'
import { REQUEST_DURATION_BUCKETS } from '../src/http/monitoring/request-metrics.js'
import { recordStorageMetrics } from '../src/http/monitoring/storage-metrics.js'
import { createEmbeddedDriver } from '../src/storage/embedded/embedded-driver.js'
import { openIndexStore } from '../src/storage/index/index.js'
import { createMemoryDriver } from '../src/storage/memory/memory-driver.js'
import { timeStorageOperations } from '../src/storage/timed-driver.js'
import type { StorageDriver } from '../src/storage/types.js'

const ROUNDS = 5

/** Best of `rounds` runs of `n` sequential awaited calls, in ns per call. */
async function nsPerCall(n: number, call: () => Promise<unknown>, rounds = ROUNDS): Promise<number> {
  for (let i = 0; i < Math.min(n, 2_000); i++) await call() // warm-up
  let best = Infinity
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < n; i++) await call()
    best = Math.min(best, Number(process.hrtime.bigint() - start) / n)
  }
  return best
}

/** The wrapped driver with the storage histogram subscribed, as the app wires it. */
function timed(driver: StorageDriver): StorageDriver {
  const { driver: wrapped, timings } = timeStorageOperations(driver)
  recordStorageMetrics(timings, driver.kind)
  return wrapped
}

async function compareStorage(label: string, driver: StorageDriver, n: number): Promise<void> {
  const wrapped = timed(driver)
  const metricId = 'bench-metric'
  const batch = { timesUs: Float64Array.of(1_700_000_000_000_000), values: Float64Array.of(1) }
  await driver.series.appendIncoming([{ metricId, batch }])
  const ops: [string, (d: StorageDriver) => Promise<unknown>][] = [
    ['readRawBuffer', (d) => d.series.readRawBuffer(metricId)],
    ['readIncoming (1 entry)', (d) => d.series.readIncoming(metricId)],
  ]
  for (const [op, call] of ops) {
    const raw = await nsPerCall(n, () => call(driver))
    const withTiming = await nsPerCall(n, () => call(wrapped))
    console.log(
      `${`${label} ${op}`.padEnd(42)} raw ${(raw / 1000).toFixed(2).padStart(7)} µs  timed ${(withTiming / 1000).toFixed(2).padStart(7)} µs  overhead ${((withTiming - raw) / 1000).toFixed(2).padStart(6)} µs/call`,
    )
  }
}

// Storage wrapper.
const memory = createMemoryDriver()
await compareStorage('memory', memory, 100_000)
await memory.close()
const dir = mkdtempSync(join(tmpdir(), 'polenta-bench-monitoring-'))
try {
  const embedded = await createEmbeddedDriver(dir)
  await compareStorage('embedded', embedded, 50_000)
  await embedded.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}

// The recording of one response alone, over four routes.
{
  const n = 1_000_000
  const routes = ['/v1/metric/:id/measures', '/v1/archive_policy', '/v1/resource/:type/:id', 'unmatched']
  const best = (record: (i: number) => void): number => {
    let min = Infinity
    for (let r = 0; r < ROUNDS; r++) {
      const start = process.hrtime.bigint()
      for (let i = 0; i < n; i++) record(i)
      min = Math.min(min, Number(process.hrtime.bigint() - start) / n)
    }
    return min
  }
  const registry = new Registry()
  const labelNames = ['method', 'route', 'status']
  const requests = new Counter({ name: 'bench_requests_total', help: 'bench', labelNames, registers: [registry] })
  const duration = new Histogram({ name: 'bench_request_seconds', help: 'bench', labelNames, buckets: REQUEST_DURATION_BUCKETS, registers: [registry] })
  const promClient = best((i) => {
    const labels = { method: 'GET', route: routes[i & 3]!, status: 200 }
    requests.inc(labels)
    duration.observe(labels, 0.003)
  })
  // As request-metrics.ts does: one cached series per combination, found by map lookups.
  const family = new HistogramFamily('bench_request_seconds', 'bench', ['method', 'route', 'status'], REQUEST_DURATION_BUCKETS)
  const cache = new Map<string, Map<string, Map<number, HistogramSeries>>>()
  const family1 = best((i) => {
    const route = routes[i & 3]!
    let byMethod = cache.get(route)
    if (byMethod === undefined) cache.set(route, (byMethod = new Map()))
    let byStatus = byMethod.get('GET')
    if (byStatus === undefined) byMethod.set('GET', (byStatus = new Map()))
    let series = byStatus.get(200)
    if (series === undefined) byStatus.set(200, (series = family.series({ method: 'GET', route, status: 200 })))
    series.observe(0.003)
  })
  console.log(`${'response recording, prom-client'.padEnd(42)} ${(promClient / 1000).toFixed(3).padStart(7)} µs/response`)
  console.log(`${'response recording, histogram-family'.padEnd(42)} ${(family1 / 1000).toFixed(3).padStart(7)} µs/response`)
}

// End to end: the same app with /metrics enabled and disabled, through inject.
{
  const apps = []
  for (const enabled of [true, false]) {
    const driver = createMemoryDriver()
    const index = await openIndexStore(driver.index)
    const services = { index, driver, measures: new MeasureService(driver.series, index) }
    const app = await buildApp({
      basePath: '',
      trustProxy: false,
      bodyLimitBytes: 1 << 20,
      logLevel: 'silent',
      auth: { mode: 'noauth', jwtSecret: null, jwtPublicKey: null },
      metrics: { enabled, requireAdmin: false },
      services,
    })
    await app.ready()
    apps.push({ enabled, app, close: async () => (await app.close(), await index.close(), await driver.close()) })
  }
  const n = 3_000
  const wall = new Map<boolean, number>()
  const cpu = new Map<boolean, number>()
  // Alternated rounds, best of each, so drift on a shared machine hits both sides alike. CPU
  // time is the overhead proper: inject's wall time also counts the ticks until 'finish'.
  for (let r = 0; r < 2 * ROUNDS; r++) {
    for (const { enabled, app } of apps) {
      const cpuStart = process.cpuUsage()
      const ns = await nsPerCall(n, async () => {
        const res = await app.inject({ url: '/v1/archive_policy', headers: { accept: 'application/json' } })
        if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`)
      }, 1)
      const used = process.cpuUsage(cpuStart)
      wall.set(enabled, Math.min(wall.get(enabled) ?? Infinity, ns / 1000))
      // The warm-up calls of nsPerCall count too: n + 2 000 calls.
      cpu.set(enabled, Math.min(cpu.get(enabled) ?? Infinity, (used.user + used.system) / (n + 2_000)))
    }
  }
  const line = (m: Map<boolean, number>): string =>
    `off ${m.get(false)!.toFixed(1)} µs  on ${m.get(true)!.toFixed(1)} µs  overhead ${(m.get(true)! - m.get(false)!).toFixed(1)} µs/request`
  console.log(`${'inject GET /v1/archive_policy, wall'.padEnd(42)} ${line(wall)}`)
  console.log(`${'inject GET /v1/archive_policy, CPU'.padEnd(42)} ${line(cpu)}`)
  for (const a of apps) await a.close()
}
