import { describe, expect, it } from 'vitest'
import { defaultArchivePolicies } from '../../src/engine/archive-policy/index.js'
import type { MeasureObserver } from '../../src/engine/ingest/measure-observer.js'
import { MeasureService } from '../../src/engine/ingest/measure-service.js'
import { openIndexStore } from '../../src/storage/index/index.js'
import { createMemoryDriver } from '../../src/storage/memory/memory-driver.js'

const batch = (...seconds: number[]) => ({
  timesUs: Float64Array.from(seconds, (s) => s * 1e6),
  values: Float64Array.from(seconds, (s) => s),
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A service over a memory driver whose commits fail while `failing.count > 0`. */
async function setup() {
  const driver = createMemoryDriver()
  const index = await openIndexStore(driver.index)
  const policy = defaultArchivePolicies().find((p) => p.name === 'low')!
  await index.createArchivePolicy(policy)
  const ids = ['00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000a2']
  for (const id of ids) await index.createMetric({ id, archivePolicyName: 'low', creator: 'x', name: null, unit: null, resourceId: null })
  const failing = { count: 0 }
  const commit = driver.series.commitProcessing.bind(driver.series)
  driver.series.commitProcessing = async (lock, c) => {
    if (failing.count > 0) {
      failing.count--
      throw new Error('disk full')
    }
    return commit(lock, c)
  }
  const service = new MeasureService(driver.series, index)
  const events: string[] = []
  const lags: (number | null)[] = []
  const observer: MeasureObserver = {
    measuresIngested: (n) => events.push(`ingested ${n}`),
    measuresProcessed: (id, n, lag) => {
      events.push(`processed ${id.slice(-2)} ${n}`)
      lags.push(lag)
    },
    processingFailed: (id) => events.push(`failed ${id.slice(-2)}`),
  }
  return { driver, service, policy, ids, failing, observer, events, lags }
}

describe('MeasureService observers', () => {
  it('report the measures of each acknowledged write and of each processing run, with its lag', async () => {
    const s = await setup()
    s.service.observe(s.observer)
    const before = performance.now()
    await s.service.ingest([
      { metricId: s.ids[0]!, policy: s.policy, batch: batch(60, 61, 62) },
      { metricId: s.ids[1]!, policy: s.policy, batch: batch(60) },
    ])
    await s.service.idle()
    const elapsed = (performance.now() - before) / 1000
    expect(s.events).toEqual(['ingested 4', 'processed a1 3', 'processed a2 1'])
    for (const lag of s.lags) {
      expect(lag).not.toBeNull()
      expect(lag!).toBeGreaterThanOrEqual(0)
      expect(lag!).toBeLessThanOrEqual(elapsed)
    }
  })

  it('report an unknown lag for measures acknowledged before the service started', async () => {
    const s = await setup()
    await s.driver.series.appendIncoming([{ metricId: s.ids[0]!, batch: batch(60, 61) }])
    s.service.observe(s.observer)
    expect(await s.service.processAllPending()).toBe(1)
    expect(s.events).toEqual(['processed a1 2'])
    expect(s.lags).toEqual([null])
  })

  it('report a failed run, and measure the lag of the retry from the first acknowledgement', async () => {
    const s = await setup()
    s.service.observe(s.observer)
    s.failing.count = 1
    await s.service.ingest([{ metricId: s.ids[0]!, policy: s.policy, batch: batch(60) }])
    await s.service.idle()
    expect(s.events).toEqual(['ingested 1', 'failed a1'])
    await sleep(60)
    await s.service.ensureProcessed([s.ids[0]!])
    expect(s.events).toEqual(['ingested 1', 'failed a1', 'processed a1 1'])
    expect(s.lags[0]!).toBeGreaterThanOrEqual(0.05)
  })

  it('stop reporting once unsubscribed', async () => {
    const s = await setup()
    const unsubscribe = s.service.observe(s.observer)
    unsubscribe()
    await s.service.ingest([{ metricId: s.ids[0]!, policy: s.policy, batch: batch(60) }])
    await s.service.idle()
    expect(s.events).toEqual([])
  })
})
