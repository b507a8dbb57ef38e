import { describe, expect, it } from 'vitest'
import { GnocchiError } from '../../src/model/errors.js'
import { createMemoryDriver } from '../../src/storage/memory/memory-driver.js'
import { LOCK_OPERATION, timeStorageOperations } from '../../src/storage/timed-driver.js'
import type { MetricLock, StorageDriver } from '../../src/storage/types.js'
import { defineSeriesContract } from './series-contract.js'

// The wrapper must be invisible: the whole series contract holds through it, with a listener.
defineSeriesContract('memory, timed', async () => {
  const { driver, timings } = timeStorageOperations(createMemoryDriver())
  timings.subscribe(() => undefined)
  return driver
})

const batch = { timesUs: new Float64Array([1, 2]), values: new Float64Array([3, 4]) }

describe('timeStorageOperations', () => {
  it('reports each call with its name and a duration, and passes results through', async () => {
    const { driver, timings } = timeStorageOperations(createMemoryDriver())
    const seen: [string, number][] = []
    const unsubscribe = timings.subscribe((operation, seconds) => seen.push([operation, seconds]))
    await driver.series.appendIncoming([{ metricId: 'm', batch }])
    expect(await driver.series.incomingBacklog()).toEqual({ metrics: 1, measures: 2 })
    await driver.index.commit([{ op: 'put', kind: 'k', key: 'a', value: { x: 1 } }])
    expect(await driver.index.loadAll()).toEqual([{ kind: 'k', key: 'a', value: { x: 1 } }])
    expect(seen.map(([op]) => op)).toEqual(['appendIncoming', 'incomingBacklog', 'commit', 'loadAll'])
    for (const [, seconds] of seen) {
      expect(seconds).toBeGreaterThanOrEqual(0)
      expect(seconds).toBeLessThan(5)
    }
    unsubscribe()
    await driver.series.metricsWithIncoming()
    expect(seen).toHaveLength(4)
    await driver.close()
  })

  it('reports failed calls too, and rethrows their error', async () => {
    const { driver, timings } = timeStorageOperations(createMemoryDriver())
    const seen: string[] = []
    timings.subscribe((operation) => seen.push(operation))
    const put = { op: 'put', kind: 'k', key: 'a', value: 1, ifAbsent: true } as const
    await driver.index.commit([put])
    const err = await driver.index.commit([put]).then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(GnocchiError)
    expect((err as GnocchiError).code).toBe('CONFLICT')
    expect(seen.filter((op) => op === 'commit')).toHaveLength(2)
    await driver.close()
  })

  it('times only the wait for the metric lock, whether it is obtained or not', async () => {
    let fail = false
    const inner = createMemoryDriver()
    const flaky: StorageDriver = {
      ...inner,
      series: Object.assign(Object.create(inner.series) as typeof inner.series, {
        withMetricLock<T>(metricId: string, fn: (lock: MetricLock) => Promise<T>, timeoutMs?: number): Promise<T> {
          if (fail) return Promise.reject(new GnocchiError('UNAVAILABLE', 'lock timeout'))
          return inner.series.withMetricLock(metricId, fn, timeoutMs)
        },
      }),
    }
    const { driver, timings } = timeStorageOperations(flaky)
    const seen: [string, number][] = []
    timings.subscribe((operation, seconds) => seen.push([operation, seconds]))
    const held = await driver.series.withMetricLock('m', async (lock) => {
      await new Promise((r) => setTimeout(r, 50))
      return lock.metricId
    })
    expect(held).toBe('m')
    expect(seen).toHaveLength(1)
    expect(seen[0]![0]).toBe(LOCK_OPERATION)
    // The 50 ms spent holding the lock are not part of the wait.
    expect(seen[0]![1]).toBeLessThan(0.04)

    fail = true
    await expect(driver.series.withMetricLock('m', async () => 'never')).rejects.toThrow('lock timeout')
    expect(seen.map(([op]) => op)).toEqual([LOCK_OPERATION, LOCK_OPERATION])
    await inner.close()
  })

  it('keeps the driver kind and passes the lifecycle calls through', async () => {
    const inner = createMemoryDriver()
    const { driver } = timeStorageOperations(inner)
    expect(driver.kind).toBe(inner.kind)
    expect(await driver.isHealthy()).toBe(await inner.isHealthy())
    expect(await driver.startupWarnings()).toEqual(await inner.startupWarnings())
    await driver.close()
  })
})
