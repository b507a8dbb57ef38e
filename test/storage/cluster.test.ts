/**
 * The Redis driver on a real three-master Redis Cluster started for this file: the whole series
 * contract, index change polling between two instances, and batched reads spanning every shard.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { keySlot } from '../../src/storage/redis/key-slot.js'
import { RedisConnection } from '../../src/storage/redis/redis-connection.js'
import { RedisKeys } from '../../src/storage/redis/redis-keys.js'
import { RedisSeriesStore } from '../../src/storage/redis/redis-series-store.js'
import { createRedisDriver } from '../../src/storage/redis/redis-driver.js'
import type { StorageDriver } from '../../src/storage/types.js'
import { cleanupPrefixes, uniquePrefix } from '../helpers/redis.js'
import { startRedisCluster, type RedisClusterHandle } from '../helpers/redis-server.js'
import { defineSeriesContract } from './series-contract.js'

let cluster: RedisClusterHandle
const prefixes: string[] = []
beforeAll(async () => {
  cluster = await startRedisCluster()
}, 30_000)
afterAll(async () => {
  await cleanupPrefixes(prefixes, cluster.nodes)
  await cluster.stop()
})

function open(prefix = uniquePrefix('cluster')): Promise<StorageDriver> {
  prefixes.push(prefix)
  return createRedisDriver({ url: '', cluster: cluster.nodes.map((n) => `${n.host}:${n.port}`), prefix })
}

defineSeriesContract('redis cluster', () => open())

describe('redis cluster', () => {
  it('reads splits of metrics spread over every shard in one call', async () => {
    const d = await open()
    try {
      const keys = new RedisKeys('x')
      const metrics = Array.from({ length: 60 }, (_, i) => `metric-${i}`)
      // The metric ids above hash to many slots, hence to all three masters.
      expect(new Set(metrics.map((m) => Math.floor(keySlot(keys.raw(m)) / 5462))).size).toBe(3)
      await d.series.appendIncoming(metrics.map((m, i) => ({ metricId: m, batch: { timesUs: Float64Array.of(i), values: Float64Array.of(i) } })))
      expect((await d.series.metricsWithIncoming()).length).toBe(60)
      for (const m of metrics) {
        await d.series.withMetricLock(m, async (lock) => {
          const entries = await d.series.readIncoming(m)
          await d.series.commitProcessing(lock, {
            processedIncomingIds: entries.map((e) => e.id),
            rawBuffer: null,
            putSplits: [0, 1000, 2000].map((startUs) => ({ key: { aggregation: 'mean', granularityUs: 1, startUs }, bytes: Buffer.from(`${m}@${startUs}`) })),
            deleteSplits: [],
          })
        })
      }
      const got = await d.series.readSplits(metrics.map((metricId) => ({ metricId, aggregation: 'mean', granularityUs: 1, fromUs: 1000, toUs: null, splitWidthUs: 1000 })))
      expect(got.map((r) => r.map((s) => Buffer.from(s.bytes).toString()))).toEqual(metrics.map((m) => [`${m}@1000`, `${m}@2000`]))
      expect(await d.series.incomingBacklog()).toEqual({ metrics: 0, measures: 0 })
      expect(await d.isHealthy()).toBe(true)
    } finally {
      await d.close()
    }
  })

  it('batches by node: one pipeline per master for reads, plus one for the incoming set on appends', async () => {
    const prefix = uniquePrefix('cluster-trips')
    prefixes.push(prefix)
    const conn = await RedisConnection.open({ url: '', cluster: cluster.nodes.map((n) => `${n.host}:${n.port}`) })
    try {
      const store = new RedisSeriesStore(conn, new RedisKeys(prefix))
      const metrics = Array.from({ length: 100 }, (_, i) => `trip-${i}`)
      const pipelines = vi.spyOn(conn.client, 'pipeline')
      await store.appendIncoming(metrics.map((metricId) => ({ metricId, batch: { timesUs: Float64Array.of(1), values: Float64Array.of(1) } })))
      expect(pipelines).toHaveBeenCalledTimes(4)
      pipelines.mockClear()
      const got = await store.readSplits(metrics.map((metricId) => ({ metricId, aggregation: 'mean', granularityUs: 1, fromUs: null, toUs: null, splitWidthUs: 1 })))
      expect(pipelines).toHaveBeenCalledTimes(3)
      expect(got).toEqual(metrics.map(() => []))
    } finally {
      await conn.close()
    }
  })

  it('shows each instance the index changes the other committed', async () => {
    const prefix = uniquePrefix('cluster-index')
    const [a, b] = [await open(prefix), await open(prefix)]
    try {
      await a.index.loadAll()
      await b.index.loadAll()
      await a.index.commit([{ op: 'put', kind: 'metric', key: 'm1', value: { id: 'm1' } }])
      expect(await b.index.pollChanges()).toEqual([{ op: 'put', kind: 'metric', key: 'm1', value: { id: 'm1' } }])
      expect(await a.index.pollChanges()).toEqual([])
    } finally {
      await a.close()
      await b.close()
    }
  })
})
