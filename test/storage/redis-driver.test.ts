/**
 * Redis-only behaviour: index changes between two instances, the lock across instances (expiry
 * of a dead holder's lock, renewal of a live one), persistence warnings, failing fast while
 * Redis is down and recovering when it returns.
 */
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { GnocchiError } from '../../src/model/errors.js'
import { RedisConnection } from '../../src/storage/redis/redis-connection.js'
import { RedisKeys } from '../../src/storage/redis/redis-keys.js'
import { RedisSeriesStore } from '../../src/storage/redis/redis-series-store.js'
import { createRedisDriver, type RedisDriverOptions } from '../../src/storage/redis/redis-driver.js'
import type { StorageDriver } from '../../src/storage/types.js'
import { TEST_REDIS_URL, cleanupPrefixes, uniquePrefix } from '../helpers/redis.js'
import { freePort, startRedisServer } from '../helpers/redis-server.js'

const prefixes: string[] = []
const opened: StorageDriver[] = []
afterAll(async () => {
  for (const d of opened) await d.close()
  await cleanupPrefixes(prefixes)
})

async function open(prefix: string, extra: Partial<RedisDriverOptions> = {}): Promise<StorageDriver> {
  if (!prefixes.includes(prefix)) prefixes.push(prefix)
  const d = await createRedisDriver({ url: TEST_REDIS_URL, cluster: null, prefix, ...extra })
  opened.push(d)
  return d
}

async function errorOf(p: Promise<unknown>): Promise<GnocchiError> {
  const e: unknown = await p.then(
    () => new Error('expected a rejection'),
    (x: unknown) => x,
  )
  if (!(e instanceof GnocchiError)) throw e instanceof Error ? e : new Error(String(e))
  return e
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('redis driver: index change stream', () => {
  it('shows each instance the changes the other committed, in commit order, never its own', async () => {
    const prefix = uniquePrefix('poll')
    const [a, b] = [await open(prefix), await open(prefix)]
    expect(await a.index.loadAll()).toEqual([])
    expect(await b.index.loadAll()).toEqual([])
    const doc = { id: 'm1', tags: [], nested: { x: 0.1, big: 1.7e15, s: 'é"\n' }, none: null }
    await a.index.commit([
      { op: 'put', kind: 'metric', key: 'm1', value: doc },
      { op: 'put', kind: 'archive_policy', key: 'low', value: { name: 'low' }, ifAbsent: true },
    ])
    await b.index.commit([{ op: 'delete', kind: 'archive_policy', key: 'low' }])
    expect(await a.index.pollChanges()).toEqual([{ op: 'delete', kind: 'archive_policy', key: 'low' }])
    expect(await b.index.pollChanges()).toEqual([
      { op: 'put', kind: 'metric', key: 'm1', value: doc },
      { op: 'put', kind: 'archive_policy', key: 'low', value: { name: 'low' }, ifAbsent: true },
    ])
    expect(await b.index.pollChanges()).toEqual([])
    const c = await open(prefix)
    expect(await c.index.loadAll()).toEqual([{ kind: 'metric', key: 'm1', value: doc }])
    expect(await c.index.pollChanges()).toEqual([])
  })

  it('refuses a whole commit when an ifAbsent put finds its document, and publishes nothing', async () => {
    const prefix = uniquePrefix('conflict')
    const [a, b] = [await open(prefix), await open(prefix)]
    await b.index.loadAll()
    await a.index.commit([{ op: 'put', kind: 'resource', key: 'r', value: 1 }])
    const e = await errorOf(
      a.index.commit([
        { op: 'put', kind: 'resource', key: 'other', value: 2 },
        { op: 'put', kind: 'resource', key: 'r', value: 3, ifAbsent: true },
      ]),
    )
    expect(e.code).toBe('CONFLICT')
    expect(e.description).toBe('resource r already exists')
    expect(await a.index.loadAll()).toEqual([{ kind: 'resource', key: 'r', value: 1 }])
    expect(await b.index.pollChanges()).toEqual([{ op: 'put', kind: 'resource', key: 'r', value: 1 }])
  })

  it('starts polling from "now" when it never loaded', async () => {
    const prefix = uniquePrefix('fresh')
    const [a, b] = [await open(prefix), await open(prefix)]
    await a.index.commit([{ op: 'put', kind: 'k', key: 'old', value: 1 }])
    expect(await b.index.pollChanges()).toEqual([])
    await a.index.commit([{ op: 'put', kind: 'k', key: 'new', value: 2 }])
    expect(await b.index.pollChanges()).toEqual([{ op: 'put', kind: 'k', key: 'new', value: 2 }])
  })
})

describe('redis driver: processing lock across instances', () => {
  it('excludes holders in different instances and hands out increasing fences', async () => {
    const prefix = uniquePrefix('lock')
    const [a, b] = [await open(prefix), await open(prefix)]
    const m = randomUUID()
    let inside = 0
    let maxInside = 0
    const fences: number[] = []
    await Promise.all(
      [a, b, a, b].map((d) =>
        d.series.withMetricLock(m, async (lock) => {
          inside += 1
          maxInside = Math.max(maxInside, inside)
          fences.push(lock.fence)
          await sleep(20)
          inside -= 1
        }),
      ),
    )
    expect(maxInside).toBe(1)
    expect(fences).toEqual([...fences].sort((x, y) => x - y))
    expect(new Set(fences).size).toBe(4)
  })

  it('takes over the lock of a holder that died once its expiry passes', async () => {
    const prefix = uniquePrefix('expiry')
    const d = await open(prefix)
    const m = randomUUID()
    const raw = new Redis(TEST_REDIS_URL)
    try {
      await raw.set(new RedisKeys(prefix).lock(m), 'dead-holder', 'PX', 300)
      expect((await errorOf(d.series.withMetricLock(m, async () => 'never', 50))).code).toBe('UNAVAILABLE')
      const t0 = Date.now()
      expect(await d.series.withMetricLock(m, async () => 'mine', 3_000)).toBe('mine')
      expect(Date.now() - t0).toBeGreaterThanOrEqual(150)
    } finally {
      raw.disconnect()
    }
  })

  it('keeps renewing the lock of a live holder past its expiry', async () => {
    const prefix = uniquePrefix('renew')
    const [a, b] = [await open(prefix, { lockTtlMs: 150 }), await open(prefix, { lockTtlMs: 150 })]
    const m = randomUUID()
    const holding = a.series.withMetricLock(m, () => sleep(600))
    await sleep(20)
    expect((await errorOf(b.series.withMetricLock(m, async () => undefined, 450))).code).toBe('UNAVAILABLE')
    await holding
    expect(await b.series.withMetricLock(m, async () => 'after release', 1_000)).toBe('after release')
  })
})

describe('redis driver: round trips', () => {
  it('appends to and reads splits of 300 metrics in one pipeline each', async () => {
    const prefix = uniquePrefix('trips')
    prefixes.push(prefix)
    const conn = await RedisConnection.open({ url: TEST_REDIS_URL, cluster: null })
    try {
      const store = new RedisSeriesStore(conn, new RedisKeys(prefix))
      const metrics = Array.from({ length: 300 }, () => randomUUID())
      const pipelines = vi.spyOn(conn.client, 'pipeline')
      await store.appendIncoming(metrics.map((metricId) => ({ metricId, batch: { timesUs: Float64Array.of(1, 2), values: Float64Array.of(1, 2) } })))
      expect(pipelines).toHaveBeenCalledTimes(1)
      for (const m of metrics.slice(0, 3)) {
        await store.withMetricLock(m, (lock) =>
          store.commitProcessing(lock, {
            processedIncomingIds: [],
            rawBuffer: null,
            putSplits: [{ key: { aggregation: 'mean', granularityUs: 1, startUs: 0 }, bytes: Uint8Array.of(7) }],
            deleteSplits: [],
          }),
        )
      }
      pipelines.mockClear()
      const got = await store.readSplits(metrics.map((metricId) => ({ metricId, aggregation: 'mean', granularityUs: 1, fromUs: null, toUs: null, splitWidthUs: 10 })))
      expect(pipelines).toHaveBeenCalledTimes(1)
      expect(got.filter((r) => r.length === 1).length).toBe(3)
      expect(await store.incomingBacklog()).toEqual({ metrics: 300, measures: 600 })
    } finally {
      await conn.close()
    }
  })
})

describe('redis driver: operations', () => {
  it('warns that the local test Redis can lose acknowledged writes', async () => {
    const d = await open(uniquePrefix('warn'))
    const raw = new Redis(TEST_REDIS_URL)
    const [, appendonly] = (await raw.config('GET', 'appendonly')) as string[]
    raw.disconnect()
    const warnings = await d.startupWarnings()
    if (appendonly === 'yes') expect(warnings.every((w) => !w.includes('no AOF'))).toBe(true)
    else expect(warnings.some((w) => w.includes('no AOF (appendonly no)'))).toBe(true)
  })

  it('says it cannot check persistence when CONFIG is disabled', async () => {
    const server = await startRedisServer(['--rename-command', 'CONFIG', '""'])
    try {
      const d = await createRedisDriver({ url: `redis://127.0.0.1:${server.port}`, cluster: null, prefix: 'p' })
      try {
        const warnings = await d.startupWarnings()
        expect(warnings).toHaveLength(1)
        expect(warnings[0]).toMatch(/cannot read its persistence settings/)
      } finally {
        await d.close()
      }
    } finally {
      await server.stop()
    }
  })

  it('fails fast with UNAVAILABLE while Redis is down and recovers by itself', async () => {
    const server = await startRedisServer()
    const d = await createRedisDriver({ url: `redis://127.0.0.1:${server.port}`, cluster: null, prefix: 'p' })
    try {
      const m = randomUUID()
      await d.series.appendIncoming([{ metricId: m, batch: { timesUs: Float64Array.of(1), values: Float64Array.of(1) } }])
      await server.kill()
      await sleep(50)
      const t0 = Date.now()
      const e = await errorOf(d.series.readIncoming(m))
      expect(e.code).toBe('UNAVAILABLE')
      expect(String(e.description)).toMatch(/^Storage backend unavailable: /)
      expect((await errorOf(d.series.appendIncoming([{ metricId: m, batch: { timesUs: Float64Array.of(2), values: Float64Array.of(2) } }]))).code).toBe('UNAVAILABLE')
      expect((await errorOf(d.index.commit([{ op: 'put', kind: 'k', key: 'k', value: 1 }]))).code).toBe('UNAVAILABLE')
      expect(await d.isHealthy()).toBe(false)
      expect(Date.now() - t0).toBeLessThan(3_000)

      await server.restart()
      const deadline = Date.now() + 8_000
      while (!(await d.isHealthy())) {
        if (Date.now() > deadline) throw new Error('driver did not reconnect')
        await sleep(100)
      }
      // The restarted server is empty (no persistence): the driver works again against it.
      expect(await d.series.readIncoming(m)).toEqual([])
      await d.series.appendIncoming([{ metricId: m, batch: { timesUs: Float64Array.of(3), values: Float64Array.of(3) } }])
      expect((await d.series.readIncoming(m)).length).toBe(1)
      // The script cache was lost with the restart: scripts still run.
      expect(await d.series.withMetricLock(m, async (lock) => lock.fence)).toBe(1)
      expect(await d.series.readSplits([{ metricId: m, aggregation: 'mean', granularityUs: 1, fromUs: null, toUs: null, splitWidthUs: 1 }])).toEqual([[]])
    } finally {
      await d.close()
      await server.stop()
    }
  })

  it('refuses to start with UNAVAILABLE when Redis does not answer', async () => {
    const port = await freePort()
    const t0 = Date.now()
    const e = await errorOf(createRedisDriver({ url: `redis://127.0.0.1:${port}`, cluster: null, prefix: 'p' }))
    expect(e.code).toBe('UNAVAILABLE')
    expect(Date.now() - t0).toBeLessThan(3_000)
  })
})
