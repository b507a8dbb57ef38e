import { describe, expect, it } from 'vitest'
import { defaultArchivePolicies } from '../../src/engine/archive-policy/index.js'
import { MeasureService } from '../../src/engine/ingest/measure-service.js'
import { readMetricMeasures } from '../../src/engine/read/read-series.js'
import { openIndexStore } from '../../src/storage/index/index.js'
import { createMemoryDriver } from '../../src/storage/memory/memory-driver.js'
import type { SeriesStore } from '../../src/storage/types.js'

const batch = (t: number, v: number) => ({ timesUs: Float64Array.of(t * 1e6), values: Float64Array.of(v) })

async function setup(failCommits: number) {
  const driver = createMemoryDriver()
  const index = await openIndexStore(driver.index)
  const policy = defaultArchivePolicies().find((p) => p.name === 'medium')!
  await index.createArchivePolicy(policy)
  const metric = await index.createMetric({ id: '00000000-0000-0000-0000-0000000000aa', archivePolicyName: 'medium', creator: 'x', name: null, unit: null, resourceId: null })
  let failures = failCommits
  const lockCalls = { count: 0 }
  // A store whose commits fail `failCommits` times, to check nothing is lost meanwhile, and
  // which counts the metric-lock acquisitions.
  const series = new Proxy(driver.series, {
    get(target, key, receiver) {
      if (key === 'withMetricLock') lockCalls.count++
      if (key === 'commitProcessing') {
        return async (...args: Parameters<SeriesStore['commitProcessing']>) => {
          if (failures > 0) {
            failures--
            throw new Error('disk full')
          }
          return target.commitProcessing(...args)
        }
      }
      const v: unknown = Reflect.get(target, key, receiver)
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
  const logged: string[] = []
  const service = new MeasureService(series, index, (id, err) => logged.push(`${id}: ${err instanceof Error ? err.message : String(err)}`))
  const read = async () => {
    const out = await readMetricMeasures(series, metric.id, policy, { aggregation: 'mean', granularityUs: 60e6, startUs: null, stopUs: null, resample: null })
    return out.flatMap((s) => Array.from(s.values))
  }
  return { driver, index, service, metric, policy, logged, read, series, lockCalls }
}

describe('MeasureService', () => {
  it('makes writes visible to a read after ensureProcessed', async () => {
    const s = await setup(0)
    await s.service.ingest([{ metricId: s.metric.id, policy: s.policy, batch: batch(60, 2) }])
    await s.service.ingest([{ metricId: s.metric.id, policy: s.policy, batch: batch(61, 4) }])
    await s.service.ensureProcessed([s.metric.id])
    expect(await s.read()).toEqual([3])
    expect(await s.series.metricsWithIncoming()).toEqual([])
  })

  it('processes what another process queued, and takes no lock when nothing is queued', async () => {
    const s = await setup(0)
    // Queued straight in storage, as another API process would: this service scheduled nothing.
    await s.series.appendIncoming([{ metricId: s.metric.id, batch: batch(60, 7) }])
    await s.service.ensureProcessed([s.metric.id])
    expect(await s.read()).toEqual([7])
    expect(s.lockCalls.count).toBe(1)
    await s.service.ensureProcessed([s.metric.id, s.metric.id])
    expect(s.lockCalls.count).toBe(1)
  })

  it('logs background failures and keeps the entries queued until a commit succeeds', async () => {
    const s = await setup(1)
    await s.service.ingest([{ metricId: s.metric.id, policy: s.policy, batch: batch(60, 5) }])
    await s.service.idle()
    expect(s.logged).toEqual([`${s.metric.id}: disk full`])
    expect(await s.series.metricsWithIncoming()).toEqual([s.metric.id])
    expect(await s.service.processAllPending()).toBe(1)
    expect(await s.read()).toEqual([5])
  })

  it('surfaces a processing error to the reader instead of stale data', async () => {
    const s = await setup(2)
    await s.service.ingest([{ metricId: s.metric.id, policy: s.policy, batch: batch(60, 5) }])
    await expect(s.service.ensureProcessed([s.metric.id])).rejects.toThrow('disk full')
    await s.service.ensureProcessed([s.metric.id])
    expect(await s.read()).toEqual([5])
  })
})
