import { describe, expect, it } from 'vitest'
import { openServices, type OpenedServices } from '../src/bootstrap.js'
import { loadConfig } from '../src/config.js'

const METRIC_A = '00000000-0000-0000-0000-0000000000a1'
const METRIC_B = '00000000-0000-0000-0000-0000000000b2'

/** Opens memory services with two metrics whose measures were acknowledged but never processed. */
async function withPendingMeasures(): Promise<OpenedServices> {
  const opened = await openServices(loadConfig({ POLENTA_STORAGE: 'memory' }))
  const { index, driver } = opened.services
  for (const id of [METRIC_A, METRIC_B]) {
    await index.createMetric({ id, archivePolicyName: 'low', creator: 'x', name: null, unit: null, resourceId: null })
  }
  // Straight into the incoming queues, as a process killed after acknowledging leaves them.
  const batch = { timesUs: Float64Array.of(1_600_000_000e6, 1_600_000_060e6), values: Float64Array.of(1, 2) }
  await driver.series.appendIncoming([
    { metricId: METRIC_A, batch },
    { metricId: METRIC_B, batch },
  ])
  return opened
}

describe('openServices catch-up', () => {
  it('leaves pending measures to catchUp, which processes them all', async () => {
    const opened = await withPendingMeasures()
    try {
      const { series } = opened.services.driver
      expect(await series.incomingBacklog()).toEqual({ metrics: 2, measures: 4 })
      expect(await opened.catchUp()).toBe(2)
      expect(await series.incomingBacklog()).toEqual({ metrics: 0, measures: 0 })
      expect(await series.readRawBuffer(METRIC_A)).not.toBeNull()
    } finally {
      await opened.close()
    }
  })

  it('stops once its signal aborts, leaving the rest queued', async () => {
    const opened = await withPendingMeasures()
    try {
      const stop = new AbortController()
      stop.abort()
      expect(await opened.catchUp(stop.signal)).toBe(0)
      expect(await opened.services.driver.series.incomingBacklog()).toEqual({ metrics: 2, measures: 4 })
    } finally {
      await opened.close()
    }
  })

  it('reports processing failures to the given logger and goes on', async () => {
    const failures: string[] = []
    const opened = await openServices(loadConfig({ POLENTA_STORAGE: 'memory' }), {
      onProcessingError: (metricId) => failures.push(metricId),
    })
    try {
      const { index, driver } = opened.services
      for (const id of [METRIC_A, METRIC_B]) {
        await index.createMetric({ id, archivePolicyName: 'low', creator: 'x', name: null, unit: null, resourceId: null })
      }
      const batch = { timesUs: Float64Array.of(1_600_000_000e6), values: Float64Array.of(1) }
      await driver.series.appendIncoming([
        { metricId: METRIC_A, batch },
        { metricId: METRIC_B, batch },
      ])
      const commit = driver.series.commitProcessing.bind(driver.series)
      driver.series.commitProcessing = async (lock, change) => {
        if (lock.metricId === METRIC_A) throw new Error('disk full')
        return commit(lock, change)
      }
      expect(await opened.catchUp()).toBe(1)
      expect(failures).toEqual([METRIC_A])
      expect(await driver.series.incomingBacklog()).toEqual({ metrics: 1, measures: 1 })
    } finally {
      await opened.close()
    }
  })
})
