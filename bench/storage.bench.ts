/**
 * Storage driver figures (architecture.md §6): for the embedded and Redis drivers,
 * appendIncoming of 1 000-measure batches over 1 000 metrics (measures/s), readSplits of one
 * split for each of 1 000 metrics (ms per call), and on Redis the bytes per stored point
 * (`MEMORY USAGE`). The split bytes are synthetic (2 bytes/point × 288 points, random, so
 * incompressible by Redis): the engine codec decides the real size.
 * `node --import tsx bench/storage.bench.ts` (Redis at REDIS_URL, default 127.0.0.1:6379).
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { createEmbeddedDriver } from '../src/storage/embedded/embedded-driver.js'
import { RedisKeys } from '../src/storage/redis/redis-keys.js'
import { createRedisDriver } from '../src/storage/redis/redis-driver.js'
import type { MeasureBatch, StorageDriver } from '../src/storage/types.js'

const METRICS = 1_000
const BATCH = 1_000
const POINTS_PER_SPLIT = 288
const SPLIT_BYTES = 2 * POINTS_PER_SPLIT
const GRANULARITY_US = 300_000_000
const SPLIT_WIDTH_US = GRANULARITY_US * 3_600
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

const metricIds = Array.from({ length: METRICS }, (_, i) => `bench-metric-${i.toString().padStart(4, '0')}`)

function batch(offset: number): MeasureBatch {
  const timesUs = new Float64Array(BATCH)
  const values = new Float64Array(BATCH)
  for (let i = 0; i < BATCH; i++) {
    timesUs[i] = 1_700_000_000_000_000 + (offset + i) * 1_000_000
    values[i] = Math.sin(i / 10) * 100
  }
  return { timesUs, values }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function run(label: string, d: StorageDriver): Promise<void> {
  const s = d.series
  // appendIncoming: one call carrying a 1 000-measure batch for each of 1 000 metrics.
  const b = batch(0)
  const items = metricIds.map((metricId) => ({ metricId, batch: b }))
  await s.appendIncoming(items.slice(0, 10)) // warm-up
  const rounds = 3
  const t0 = performance.now()
  for (let r = 0; r < rounds; r++) await s.appendIncoming(items)
  const appendSec = (performance.now() - t0) / 1000
  console.log(`${label}: appendIncoming ${METRICS} metrics × ${BATCH} measures per call: ${((rounds * METRICS * BATCH) / appendSec / 1e6).toFixed(2)} M measures/s (${((appendSec / rounds) * 1000).toFixed(0)} ms per call)`)

  // One split per metric, then readSplits over all 1 000 series in one call.
  for (const metricId of metricIds) {
    await s.withMetricLock(metricId, async (lock) => {
      const entries = await s.readIncoming(metricId)
      await s.commitProcessing(lock, {
        processedIncomingIds: entries.map((e) => e.id),
        rawBuffer: null,
        putSplits: [{ key: { aggregation: 'mean', granularityUs: GRANULARITY_US, startUs: 0 }, bytes: randomBytes(SPLIT_BYTES) }],
        deleteSplits: [],
      })
    })
  }
  const requests = metricIds.map((metricId) => ({ metricId, aggregation: 'mean', granularityUs: GRANULARITY_US, fromUs: 0, toUs: SPLIT_WIDTH_US, splitWidthUs: SPLIT_WIDTH_US }))
  const times: number[] = []
  let got = 0
  for (let r = 0; r < 30; r++) {
    const t = performance.now()
    const res = await s.readSplits(requests)
    times.push(performance.now() - t)
    got = res.reduce((n, x) => n + x.length, 0)
  }
  console.log(`${label}: readSplits ${METRICS} metrics × 1 split (${SPLIT_BYTES} B): median ${median(times).toFixed(2)} ms, min ${Math.min(...times).toFixed(2)} ms per call (${got} splits returned)`)
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'polenta-bench-'))
  try {
    const d = await createEmbeddedDriver(dir)
    await run('embedded', d)
    await d.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }

  const prefix = `polenta-bench-${randomBytes(4).toString('hex')}`
  const raw = new Redis(REDIS_URL)
  try {
    const d = await createRedisDriver({ url: REDIS_URL, cluster: null, prefix })
    await run('redis', d)
    const keys = new RedisKeys(prefix)
    let bytes = 0
    for (const m of metricIds) bytes += Number(await raw.memory('USAGE', keys.series(m, 'mean', GRANULARITY_US), 'SAMPLES', '0'))
    const perPoint = bytes / (METRICS * POINTS_PER_SPLIT)
    console.log(`redis: MEMORY USAGE of one-split series hashes: ${(bytes / METRICS).toFixed(0)} B per series of ${POINTS_PER_SPLIT} points = ${perPoint.toFixed(2)} bytes per stored point (split payload alone: ${(SPLIT_BYTES / POINTS_PER_SPLIT).toFixed(2)} B/point)`)
    await d.close()
  } finally {
    let cursor = '0'
    do {
      const [next, found] = await raw.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
      cursor = next
      if (found.length > 0) await raw.del(...found)
    } while (cursor !== '0')
    raw.disconnect()
  }
}

await main()
