/** {@link SeriesStore} in plain Maps: no persistence, for tests and experiments. */
import type {
  IncomingEntry,
  MeasureBatch,
  MetricLock,
  ProcessingCommit,
  SeriesStore,
  SplitKey,
  SplitRangeRequest,
  StoredSplit,
} from '../types.js'
import { KeyedMutex, staleFence } from './keyed-mutex.js'
import { splitInRange } from './split-range.js'

/** Default wait for a metric lock (types.ts: 10 s). */
export const DEFAULT_LOCK_TIMEOUT_MS = 10_000

const seriesId = (aggregation: string, granularityUs: number): string => `${aggregation}\u0000${granularityUs}`

interface MetricData {
  incoming: IncomingEntry[]
  raw: Uint8Array | null
  /** series id → split start µs → bytes */
  series: Map<string, Map<number, Uint8Array>>
}

const copyBatch = (b: MeasureBatch): MeasureBatch => ({ timesUs: Float64Array.from(b.timesUs), values: Float64Array.from(b.values) })

/** The memory driver's series store. */
export class MemorySeriesStore implements SeriesStore {
  private readonly metrics = new Map<string, MetricData>()
  private readonly locks = new KeyedMutex()
  private seq = 0

  private data(metricId: string): MetricData {
    let d = this.metrics.get(metricId)
    if (d === undefined) {
      d = { incoming: [], raw: null, series: new Map() }
      this.metrics.set(metricId, d)
    }
    return d
  }

  async appendIncoming(items: readonly { readonly metricId: string; readonly batch: MeasureBatch }[]): Promise<void> {
    for (const { metricId, batch } of items) {
      this.seq += 1
      // Copies: the caller may reuse its arrays once the append is acknowledged.
      this.data(metricId).incoming.push({ id: String(this.seq).padStart(16, '0'), batch: copyBatch(batch) })
    }
  }

  async readIncoming(metricId: string): Promise<IncomingEntry[]> {
    return [...(this.metrics.get(metricId)?.incoming ?? [])]
  }

  async metricsWithIncoming(): Promise<string[]> {
    return [...this.metrics].filter(([, d]) => d.incoming.length > 0).map(([id]) => id)
  }

  async hasIncoming(metricIds: readonly string[]): Promise<boolean[]> {
    return metricIds.map((id) => (this.metrics.get(id)?.incoming.length ?? 0) > 0)
  }

  async incomingBacklog(): Promise<{ readonly metrics: number; readonly measures: number }> {
    let metrics = 0
    let measures = 0
    for (const d of this.metrics.values()) {
      if (d.incoming.length === 0) continue
      metrics += 1
      for (const e of d.incoming) measures += e.batch.timesUs.length
    }
    return { metrics, measures }
  }

  withMetricLock<T>(metricId: string, fn: (lock: MetricLock) => Promise<T>, timeoutMs = DEFAULT_LOCK_TIMEOUT_MS): Promise<T> {
    return this.locks.run(metricId, timeoutMs, (fence) => fn({ metricId, fence }))
  }

  async readRawBuffer(metricId: string): Promise<Uint8Array | null> {
    return this.metrics.get(metricId)?.raw ?? null
  }

  async listSplits(metricId: string, aggregation: string, granularityUs: number): Promise<number[]> {
    const splits = this.metrics.get(metricId)?.series.get(seriesId(aggregation, granularityUs))
    return splits === undefined ? [] : [...splits.keys()].sort((a, b) => a - b)
  }

  async commitProcessing(lock: MetricLock, commit: ProcessingCommit): Promise<void> {
    if (this.locks.currentFence(lock.metricId) !== lock.fence) throw staleFence(lock.metricId, lock.fence)
    // Synchronous from here on: nothing else runs until the whole commit is applied.
    const d = this.data(lock.metricId)
    const done = new Set(commit.processedIncomingIds)
    d.incoming = d.incoming.filter((e) => !done.has(e.id))
    d.raw = commit.rawBuffer === null ? null : Uint8Array.from(commit.rawBuffer)
    for (const { key, bytes } of commit.putSplits) {
      const id = seriesId(key.aggregation, key.granularityUs)
      let splits = d.series.get(id)
      if (splits === undefined) {
        splits = new Map()
        d.series.set(id, splits)
      }
      splits.set(key.startUs, Uint8Array.from(bytes))
    }
    for (const key of commit.deleteSplits) {
      const id = seriesId(key.aggregation, key.granularityUs)
      const splits = d.series.get(id)
      splits?.delete(key.startUs)
      if (splits?.size === 0) d.series.delete(id)
    }
  }

  async readSplits(requests: readonly SplitRangeRequest[]): Promise<StoredSplit[][]> {
    return requests.map((req) => {
      const splits = this.metrics.get(req.metricId)?.series.get(seriesId(req.aggregation, req.granularityUs))
      if (splits === undefined) return []
      return [...splits]
        .filter(([startUs]) => splitInRange(startUs, req))
        .sort((a, b) => a[0] - b[0])
        .map(([startUs, bytes]) => ({ key: { aggregation: req.aggregation, granularityUs: req.granularityUs, startUs }, bytes }))
    })
  }

  async readSplitsByKey(metricId: string, keys: readonly SplitKey[]): Promise<(Uint8Array | null)[]> {
    const d = this.metrics.get(metricId)
    return keys.map((k) => d?.series.get(seriesId(k.aggregation, k.granularityUs))?.get(k.startUs) ?? null)
  }

  async deleteMetricData(metricId: string): Promise<void> {
    this.metrics.delete(metricId)
  }
}
