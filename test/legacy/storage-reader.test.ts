import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { processMetric } from '../../src/engine/ingest/process-metric.js'
import { storageSeriesReader } from '../../src/legacy/storage-series-reader.js'
import type { ArchivePolicy } from '../../src/model/archive-policy.js'
import { openIndexStore } from '../../src/storage/index/index.js'
import { createMemoryDriver } from '../../src/storage/memory/memory-driver.js'
import type { IndexStore, StorageDriver } from '../../src/storage/types.js'

const S = 1_000_000
const MIN = 60 * S

/** Minute and hour granularities: the reader must pick the minute (the finest). */
const WITH_LAST: ArchivePolicy = {
  name: 'legacy-test-last',
  backWindow: 0,
  definition: [
    { granularityUs: 3600 * S, points: 24, timespanUs: 24 * 3600 * S },
    { granularityUs: MIN, points: 600, timespanUs: 600 * MIN },
  ],
  aggregationMethods: ['mean', 'last', 'max'],
}
const MEAN_ONLY: ArchivePolicy = { ...WITH_LAST, name: 'legacy-test-mean', aggregationMethods: ['mean'] }

const T0 = 1_700_000_000 * S - ((1_700_000_000 * S) % (3600 * S))

describe('storageSeriesReader', () => {
  let driver: StorageDriver
  let index: IndexStore

  beforeEach(async () => {
    driver = createMemoryDriver()
    index = await openIndexStore(driver.index)
    await index.createArchivePolicy(WITH_LAST)
    await index.createArchivePolicy(MEAN_ONLY)
  })
  afterEach(async () => {
    await index.close()
    await driver.close()
  })

  /** Creates a metric, writes `[t, v]` measures through the incoming queue and processes them. */
  async function metricWith(policy: ArchivePolicy, measures: readonly (readonly [number, number])[]): Promise<string> {
    const id = randomUUID()
    await index.createMetric({ id, archivePolicyName: policy.name, creator: 'admin', name: null, unit: null, resourceId: null })
    const batch = { timesUs: Float64Array.from(measures.map((m) => m[0])), values: Float64Array.from(measures.map((m) => m[1])) }
    await driver.series.appendIncoming([{ metricId: id, batch }])
    await processMetric(driver.series, id, policy)
    return id
  }

  it('reads the finest-granularity means inside [from, to), batched over metrics', async () => {
    const a = await metricWith(WITH_LAST, [
      [T0 + 10 * S, 1],
      [T0 + 20 * S, 3],
      [T0 + MIN + 5 * S, 10],
      [T0 + 2 * MIN, 7],
      [T0 + 3 * MIN, 9],
    ])
    const b = await metricWith(MEAN_ONLY, [[T0 + MIN, 4]])
    const reader = storageSeriesReader(index, driver.series)
    const means = await reader.readMeans([a, b, randomUUID()], T0 + 30 * S, T0 + 3 * MIN)
    // T0 (bucket start before `from`) is excluded; T0 + 3 min is the exclusive end.
    expect(Array.from(means.get(a)?.timestampsUs ?? [])).toEqual([T0 + MIN, T0 + 2 * MIN])
    expect(Array.from(means.get(a)?.values ?? [])).toEqual([10, 7])
    expect(Array.from(means.get(b)?.values ?? [])).toEqual([4])
    expect(means.size).toBe(2)
  })

  it.each([
    ['the `last` aggregate when the policy has it', WITH_LAST, 5],
    ['the `mean` otherwise', MEAN_ONLY, 4],
  ])('readLatest returns %s', async (_label, policy, expected) => {
    const id = await metricWith(policy, [
      [T0, 1],
      [T0 + MIN, 3],
      [T0 + MIN + 30 * S, 5],
    ])
    const empty = randomUUID()
    await index.createMetric({ id: empty, archivePolicyName: policy.name, creator: 'admin', name: null, unit: null, resourceId: null })
    const latest = await storageSeriesReader(index, driver.series).readLatest([id, empty])
    expect(latest.get(id)).toBe(expected)
    expect(latest.has(empty)).toBe(false)
  })

  it('answers empty maps for no or unknown metrics', async () => {
    const reader = storageSeriesReader(index, driver.series)
    expect((await reader.readMeans([], 0, T0)).size).toBe(0)
    expect((await reader.readLatest([randomUUID()])).size).toBe(0)
  })
})
