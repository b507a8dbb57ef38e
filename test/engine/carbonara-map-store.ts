/**
 * A small in-memory {@link SeriesStore} over Maps for engine tests (the real drivers live in
 * src/storage and have their own contract suite). `failNextCommit` simulates a crash at commit.
 */
import type {
  IncomingEntry,
  MeasureBatch,
  MetricLock,
  ProcessingCommit,
  SeriesStore,
  SplitKey,
  SplitRangeRequest,
  StoredSplit,
} from '../../src/storage/types.js'

const splitId = (k: SplitKey): string => `${k.aggregation}|${k.granularityUs}|${k.startUs}`

/** Map-backed series store. */
export class MapSeriesStore implements SeriesStore {
  readonly incoming = new Map<string, IncomingEntry[]>()
  readonly raw = new Map<string, Uint8Array>()
  readonly splits = new Map<string, Map<string, StoredSplit>>()
  /** Calls of readSplits, to check batching. */
  readSplitsCalls = 0
  failNextCommit = false
  private seq = 0
  private fence = 0
  private locks = new Map<string, Promise<void>>()

  async appendIncoming(items: readonly { readonly metricId: string; readonly batch: MeasureBatch }[]): Promise<void> {
    for (const { metricId, batch } of items) {
      const list = this.incoming.get(metricId) ?? []
      list.push({ id: String(++this.seq).padStart(12, '0'), batch })
      this.incoming.set(metricId, list)
    }
  }
  async readIncoming(metricId: string): Promise<IncomingEntry[]> {
    return [...(this.incoming.get(metricId) ?? [])]
  }
  async metricsWithIncoming(): Promise<string[]> {
    return [...this.incoming].filter(([, l]) => l.length > 0).map(([id]) => id)
  }
  async hasIncoming(metricIds: readonly string[]): Promise<boolean[]> {
    return metricIds.map((id) => (this.incoming.get(id)?.length ?? 0) > 0)
  }
  async incomingBacklog(): Promise<{ metrics: number; measures: number }> {
    let metrics = 0
    let measures = 0
    for (const l of this.incoming.values()) {
      if (l.length > 0) metrics++
      for (const e of l) measures += e.batch.timesUs.length
    }
    return { metrics, measures }
  }
  async withMetricLock<T>(metricId: string, fn: (lock: MetricLock) => Promise<T>): Promise<T> {
    const previous = this.locks.get(metricId) ?? Promise.resolve()
    let release!: () => void
    const mine = new Promise<void>((r) => (release = r))
    this.locks.set(metricId, previous.then(() => mine))
    await previous
    try {
      return await fn({ metricId, fence: ++this.fence })
    } finally {
      release()
    }
  }
  async readRawBuffer(metricId: string): Promise<Uint8Array | null> {
    return this.raw.get(metricId) ?? null
  }
  async listSplits(metricId: string, aggregation: string, granularityUs: number): Promise<number[]> {
    return [...(this.splits.get(metricId)?.values() ?? [])]
      .filter((s) => s.key.aggregation === aggregation && s.key.granularityUs === granularityUs)
      .map((s) => s.key.startUs)
      .sort((a, b) => a - b)
  }
  async commitProcessing(lock: MetricLock, commit: ProcessingCommit): Promise<void> {
    if (this.failNextCommit) {
      this.failNextCommit = false
      throw new Error('simulated crash before commit')
    }
    const id = lock.metricId
    const done = new Set(commit.processedIncomingIds)
    this.incoming.set(id, (this.incoming.get(id) ?? []).filter((e) => !done.has(e.id)))
    if (commit.rawBuffer === null) this.raw.delete(id)
    else this.raw.set(id, commit.rawBuffer)
    const m = this.splits.get(id) ?? new Map<string, StoredSplit>()
    for (const k of commit.deleteSplits) m.delete(splitId(k))
    for (const s of commit.putSplits) m.set(splitId(s.key), s)
    this.splits.set(id, m)
  }
  async readSplits(requests: readonly SplitRangeRequest[]): Promise<StoredSplit[][]> {
    this.readSplitsCalls++
    return requests.map((r) =>
      [...(this.splits.get(r.metricId)?.values() ?? [])]
        .filter(
          (s) =>
            s.key.aggregation === r.aggregation &&
            s.key.granularityUs === r.granularityUs &&
            (r.fromUs === null || s.key.startUs >= r.fromUs) &&
            (r.toUs === null || s.key.startUs < r.toUs),
        )
        .sort((a, b) => a.key.startUs - b.key.startUs),
    )
  }
  async readSplitsByKey(metricId: string, keys: readonly SplitKey[]): Promise<(Uint8Array | null)[]> {
    const m = this.splits.get(metricId)
    return keys.map((k) => m?.get(splitId(k))?.bytes ?? null)
  }
  async deleteMetricData(metricId: string): Promise<void> {
    this.incoming.delete(metricId)
    this.raw.delete(metricId)
    this.splits.delete(metricId)
  }
}
