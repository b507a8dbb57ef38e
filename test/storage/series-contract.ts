/**
 * The one contract every driver's {@link SeriesStore} runs (architecture.md §3). Each test opens a
 * fresh, empty driver and closes it afterwards.
 */
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GnocchiError } from '../../src/model/errors.js'
import type { MeasureBatch, SeriesStore, SplitKey, StorageDriver } from '../../src/storage/types.js'

const batch = (times: number[], values: number[]): MeasureBatch => ({
  timesUs: Float64Array.from(times),
  values: Float64Array.from(values),
})
const plain = (b: MeasureBatch): { t: number[]; v: number[] } => ({ t: Array.from(b.timesUs), v: Array.from(b.values) })
const bytes = (...xs: number[]): Uint8Array => Uint8Array.from(xs)
const key = (startUs: number, aggregation = 'mean', granularityUs = 60_000_000): SplitKey => ({ aggregation, granularityUs, startUs })
const newMetric = (): string => randomUUID()

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    return e instanceof GnocchiError ? e.code : `not a GnocchiError: ${String(e)}`
  }
  return 'resolved'
}

/** Registers the series contract for one driver. */
export function defineSeriesContract(name: string, open: () => Promise<StorageDriver>): void {
  describe(`${name}: SeriesStore contract`, () => {
    let driver: StorageDriver
    let s: SeriesStore
    beforeEach(async () => {
      driver = await open()
      s = driver.series
    })
    afterEach(async () => {
      await driver.close()
    })

    it('reads back appended batches oldest first with distinct increasing-order ids', async () => {
      const m = newMetric()
      await s.appendIncoming([{ metricId: m, batch: batch([3, 1], [30, 10]) }])
      await s.appendIncoming([{ metricId: m, batch: batch([2], [Number.NaN]) }])
      await s.appendIncoming([{ metricId: m, batch: batch([1.7e15, -5], [1e308, -0.5]) }])
      const entries = await s.readIncoming(m)
      expect(entries.map((e) => plain(e.batch))).toEqual([
        { t: [3, 1], v: [30, 10] },
        { t: [2], v: [Number.NaN] },
        { t: [1.7e15, -5], v: [1e308, -0.5] },
      ])
      expect(new Set(entries.map((e) => e.id)).size).toBe(3)
      expect(await s.readIncoming(newMetric())).toEqual([])
    })

    it('appends to many metrics in one call and reports them in the backlog', async () => {
      const ms = [newMetric(), newMetric(), newMetric()]
      await s.appendIncoming([
        { metricId: ms[0], batch: batch([1, 2], [1, 2]) },
        { metricId: ms[1], batch: batch([1], [1]) },
        { metricId: ms[0], batch: batch([3], [3]) },
        { metricId: ms[2], batch: batch([1, 2, 3, 4], [1, 2, 3, 4]) },
      ])
      expect((await s.readIncoming(ms[0])).map((e) => plain(e.batch).t)).toEqual([[1, 2], [3]])
      expect((await s.metricsWithIncoming()).sort()).toEqual([...ms].sort())
      expect(await s.incomingBacklog()).toEqual({ metrics: 3, measures: 8 })
    })

    it('tells which of many metrics have incoming entries, in request order, until they are processed', async () => {
      const [a, b, c] = [newMetric(), newMetric(), newMetric()]
      expect(await s.hasIncoming([])).toEqual([])
      expect(await s.hasIncoming([a, b])).toEqual([false, false])
      await s.appendIncoming([
        { metricId: a, batch: batch([1], [1]) },
        { metricId: c, batch: batch([2, 3], [2, 3]) },
      ])
      expect(await s.hasIncoming([c, b, a, c])).toEqual([true, false, true, true])
      await s.withMetricLock(a, async (lock) => {
        const entries = await s.readIncoming(a)
        await s.commitProcessing(lock, { processedIncomingIds: entries.map((e) => e.id), rawBuffer: null, putSplits: [], deleteSplits: [] })
      })
      expect(await s.hasIncoming([a, b, c])).toEqual([false, false, true])
      await s.appendIncoming([{ metricId: a, batch: batch([4], [4]) }])
      expect(await s.hasIncoming([a])).toEqual([true])
      await s.deleteMetricData(c)
      expect(await s.hasIncoming([a, c])).toEqual([true, false])
    })

    it('answers batched reads of thousands of metrics in request order', async () => {
      const ms = Array.from({ length: 2500 }, () => newMetric())
      const fed = [0, 999, 1000, 1999, 2499]
      await s.appendIncoming(fed.map((i) => ({ metricId: ms[i], batch: batch([i], [i]) })))
      const flags = await s.hasIncoming(ms)
      expect(flags.flatMap((f, i) => (f ? [i] : []))).toEqual(fed)
      for (const i of [1000, 2499]) {
        await s.withMetricLock(ms[i], (lock) =>
          s.commitProcessing(lock, { processedIncomingIds: [], rawBuffer: null, putSplits: [{ key: key(i * 60_000_000), bytes: bytes(i % 256) }], deleteSplits: [] }),
        )
      }
      const got = await s.readSplits(ms.map((metricId) => ({ metricId, aggregation: 'mean', granularityUs: 60_000_000, fromUs: null, toUs: null, splitWidthUs: 60_000_000 })))
      expect(got.length).toBe(2500)
      expect(got.flatMap((list, i) => list.map((sp) => [i, sp.key.startUs, Array.from(sp.bytes)]))).toEqual([
        [1000, 1000 * 60_000_000, [1000 % 256]],
        [2499, 2499 * 60_000_000, [2499 % 256]],
      ])
    })

    it('keeps every concurrent append', async () => {
      const m = newMetric()
      await Promise.all(Array.from({ length: 40 }, (_, i) => s.appendIncoming([{ metricId: m, batch: batch([i], [i]) }])))
      const entries = await s.readIncoming(m)
      expect(entries.map((e) => e.batch.timesUs[0]).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i))
      expect(new Set(entries.map((e) => e.id)).size).toBe(40)
    })

    it('does not keep a reference to the caller arrays', async () => {
      const m = newMetric()
      const b = batch([1], [1])
      await s.appendIncoming([{ metricId: m, batch: b }])
      b.values[0] = 99
      expect(plain((await s.readIncoming(m))[0].batch).v).toEqual([1])
    })

    it('commits processing: drops exactly the processed entries, writes raw buffer and splits', async () => {
      const m = newMetric()
      await s.appendIncoming([{ metricId: m, batch: batch([1], [1]) }])
      await s.appendIncoming([{ metricId: m, batch: batch([2], [2]) }])
      await s.withMetricLock(m, async (lock) => {
        const entries = await s.readIncoming(m)
        await s.appendIncoming([{ metricId: m, batch: batch([3], [3]) }]) // arrives while processing
        await s.commitProcessing(lock, {
          processedIncomingIds: entries.map((e) => e.id),
          rawBuffer: bytes(1, 2, 3),
          putSplits: [
            { key: key(120), bytes: bytes(2) },
            { key: key(0), bytes: bytes(0) },
            { key: key(60, 'max'), bytes: bytes(9) },
          ],
          deleteSplits: [],
        })
      })
      expect((await s.readIncoming(m)).map((e) => plain(e.batch).t)).toEqual([[3]])
      expect(await s.incomingBacklog()).toEqual({ metrics: 1, measures: 1 })
      expect(Array.from((await s.readRawBuffer(m)) ?? [])).toEqual([1, 2, 3])
      expect(await s.listSplits(m, 'mean', 60_000_000)).toEqual([0, 120])
      expect(await s.listSplits(m, 'max', 60_000_000)).toEqual([60])
      expect(await s.listSplits(m, 'mean', 300_000_000)).toEqual([])

      await s.withMetricLock(m, async (lock) => {
        const entries = await s.readIncoming(m)
        await s.commitProcessing(lock, {
          processedIncomingIds: entries.map((e) => e.id),
          rawBuffer: null,
          putSplits: [{ key: key(0), bytes: bytes(7, 7) }],
          deleteSplits: [key(120), key(60, 'max')],
        })
      })
      expect(await s.readIncoming(m)).toEqual([])
      expect(await s.metricsWithIncoming()).toEqual([])
      expect(await s.incomingBacklog()).toEqual({ metrics: 0, measures: 0 })
      expect(await s.readRawBuffer(m)).toBeNull()
      expect(await s.listSplits(m, 'mean', 60_000_000)).toEqual([0])
      expect(await s.listSplits(m, 'max', 60_000_000)).toEqual([])
      expect((await s.readSplitsByKey(m, [key(0)])).map((b) => (b === null ? null : Array.from(b)))).toEqual([[7, 7]])
    })

    it('refuses a commit from a stale lock and writes nothing', async () => {
      const m = newMetric()
      await s.appendIncoming([{ metricId: m, batch: batch([1], [1]) }])
      const [entry] = await s.readIncoming(m)
      const stale = await s.withMetricLock(m, async (lock) => lock)
      const fresh = await s.withMetricLock(m, async (lock) => {
        const code = await codeOf(
          s.commitProcessing(stale, {
            processedIncomingIds: [entry.id],
            rawBuffer: bytes(1),
            putSplits: [{ key: key(0), bytes: bytes(1) }],
            deleteSplits: [],
          }),
        )
        expect(code).toBe('CONFLICT')
        return lock
      })
      expect(fresh.fence).toBeGreaterThan(stale.fence)
      expect(fresh.metricId).toBe(m)
      expect((await s.readIncoming(m)).length).toBe(1)
      expect(await s.readRawBuffer(m)).toBeNull()
      expect(await s.listSplits(m, 'mean', 60_000_000)).toEqual([])
    })

    it('excludes concurrent holders of one metric lock, not of different metrics', async () => {
      const m = newMetric()
      let inside = 0
      let maxInside = 0
      const order: number[] = []
      await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          s.withMetricLock(m, async () => {
            inside += 1
            maxInside = Math.max(maxInside, inside)
            await new Promise((r) => setTimeout(r, 5))
            order.push(i)
            inside -= 1
          }),
        ),
      )
      expect(maxInside).toBe(1)
      expect(order.sort()).toEqual([0, 1, 2, 3, 4])

      const other = newMetric()
      const result = await s.withMetricLock(m, () => s.withMetricLock(other, async () => 'nested ok'))
      expect(result).toBe('nested ok')
    })

    it('releases the lock when the function throws, and times out with UNAVAILABLE', async () => {
      const m = newMetric()
      await expect(s.withMetricLock(m, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
      expect(await s.withMetricLock(m, async () => 'again')).toBe('again')

      let release: () => void = () => undefined
      const held = s.withMetricLock(m, () => new Promise<void>((r) => (release = r)))
      await new Promise((r) => setTimeout(r, 20))
      expect(await codeOf(s.withMetricLock(m, async () => undefined, 100))).toBe('UNAVAILABLE')
      release()
      await held
    })

    it('selects the splits overlapping [from, to) for many requests in one call', async () => {
      const m = newMetric()
      const w = 100
      await s.withMetricLock(m, (lock) =>
        s.commitProcessing(lock, {
          processedIncomingIds: [],
          rawBuffer: null,
          putSplits: [300, 0, 200, 100].map((startUs) => ({ key: key(startUs, 'mean', 10), bytes: bytes(startUs / 100) })).concat([
            { key: key(100, 'mean', 20), bytes: bytes(42) },
          ]),
          deleteSplits: [],
        }),
      )
      const req = (fromUs: number | null, toUs: number | null, granularityUs = 10, metricId = m) => ({
        metricId,
        aggregation: 'mean',
        granularityUs,
        fromUs,
        toUs,
        splitWidthUs: w,
      })
      const got = await s.readSplits([
        req(150, 250),
        req(null, null),
        req(null, 100),
        req(300, null),
        req(100, 100),
        req(399, 1000),
        req(400, 1000),
        req(null, null, 20),
        req(null, null, 10, newMetric()),
      ])
      expect(got.map((r) => r.map((x) => x.key.startUs))).toEqual([[100, 200], [0, 100, 200, 300], [0], [300], [], [300], [], [100], []])
      expect(got[0].map((x) => Array.from(x.bytes))).toEqual([[1], [2]])
      expect(got[7][0].key).toEqual({ aggregation: 'mean', granularityUs: 20, startUs: 100 })
      expect(got[7][0].bytes[0]).toBe(42)
      expect(await s.readSplits([])).toEqual([])
    })

    it('reads exact splits by key, null where absent', async () => {
      const m = newMetric()
      await s.withMetricLock(m, (lock) =>
        s.commitProcessing(lock, {
          processedIncomingIds: [],
          rawBuffer: null,
          putSplits: [
            { key: key(0), bytes: bytes(1) },
            { key: key(0, 'min'), bytes: bytes(2) },
          ],
          deleteSplits: [],
        }),
      )
      const got = await s.readSplitsByKey(m, [key(0, 'min'), key(60), key(0), key(0, 'mean', 1)])
      expect(got.map((b) => (b === null ? null : Array.from(b)))).toEqual([[2], null, [1], null])
      expect(await s.readSplitsByKey(m, [])).toEqual([])
    })

    it('deletes every incoming entry, raw buffer and split of one metric only', async () => {
      const [m, other] = [newMetric(), newMetric()]
      for (const id of [m, other]) {
        await s.appendIncoming([{ metricId: id, batch: batch([1], [1]) }])
        await s.withMetricLock(id, (lock) =>
          s.commitProcessing(lock, {
            processedIncomingIds: [],
            rawBuffer: bytes(5),
            putSplits: [
              { key: key(0), bytes: bytes(1) },
              { key: key(0, 'max', 1), bytes: bytes(1) },
            ],
            deleteSplits: [],
          }),
        )
      }
      await s.deleteMetricData(m)
      expect(await s.readIncoming(m)).toEqual([])
      expect(await s.readRawBuffer(m)).toBeNull()
      expect(await s.listSplits(m, 'mean', 60_000_000)).toEqual([])
      expect(await s.listSplits(m, 'max', 1)).toEqual([])
      expect(await s.metricsWithIncoming()).toEqual([other])
      expect((await s.readIncoming(other)).length).toBe(1)
      expect(await s.listSplits(other, 'max', 1)).toEqual([0])
      await s.deleteMetricData(newMetric())
    })

    it('reports itself healthy', async () => {
      expect(await driver.isHealthy()).toBe(true)
    })
  })
}
