/** {@link SeriesStore} in the embedded store's `incoming`, `raw` and `splits` sub-databases. */
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
import { batchLength, decodeBatch, encodeBatch } from '../memory/batch-codec.js'
import { KeyedMutex, staleFence } from '../memory/keyed-mutex.js'
import { DEFAULT_LOCK_TIMEOUT_MS } from '../memory/memory-series-store.js'
import { splitInRange } from '../memory/split-range.js'
import type { EmbeddedDatabases } from './embedded-store.js'

const LOWEST = -Number.MAX_VALUE
const HIGHEST = Number.MAX_VALUE

/**
 * The embedded driver's series store. Every write resolves after its LMDB transaction is
 * committed and flushed to disk. The processing lock is an in-process mutex: one process owns
 * an LMDB environment (a second process on the same directory is not supported).
 */
export class EmbeddedSeriesStore implements SeriesStore {
  private readonly locks = new KeyedMutex()
  /** Next incoming sequence number: above every stored one and above the clock in µs, so ids keep increasing across restarts. */
  private seq: number

  constructor(private readonly dbs: EmbeddedDatabases) {
    let max = 0
    for (const k of dbs.incoming.getKeys()) max = Math.max(max, k[1])
    this.seq = Math.max(max + 1, Date.now() * 1000)
  }

  private async durable(write: Promise<unknown>): Promise<void> {
    await write
    await this.dbs.root.flushed
  }

  async appendIncoming(items: readonly { readonly metricId: string; readonly batch: MeasureBatch }[]): Promise<void> {
    if (items.length === 0) return
    const encoded = items.map(({ metricId, batch }) => ({ key: [metricId, this.seq++] as [string, number], bytes: encodeBatch(batch) }))
    await this.durable(
      this.dbs.root.transaction(() => {
        for (const { key, bytes } of encoded) void this.dbs.incoming.put(key, bytes)
      }),
    )
  }

  async readIncoming(metricId: string): Promise<IncomingEntry[]> {
    const entries: IncomingEntry[] = []
    for (const { key, value } of this.dbs.incoming.getRange({ start: [metricId, LOWEST], end: [metricId, HIGHEST] })) {
      entries.push({ id: String(key[1]), batch: decodeBatch(value) })
    }
    return entries
  }

  async metricsWithIncoming(): Promise<string[]> {
    const ids: string[] = []
    for (const [metricId] of this.dbs.incoming.getKeys()) if (ids[ids.length - 1] !== metricId) ids.push(metricId)
    return ids
  }

  async hasIncoming(metricIds: readonly string[]): Promise<boolean[]> {
    // Counts at most one key of each metric's range: no value is read or decoded.
    return metricIds.map((id) => this.dbs.incoming.getKeysCount({ start: [id, LOWEST], end: [id, HIGHEST], limit: 1 }) > 0)
  }

  async incomingBacklog(): Promise<{ readonly metrics: number; readonly measures: number }> {
    let metrics = 0
    let measures = 0
    let last: string | null = null
    for (const { key, value } of this.dbs.incoming.getRange()) {
      if (key[0] !== last) metrics += 1
      last = key[0]
      measures += batchLength(value)
    }
    return { metrics, measures }
  }

  withMetricLock<T>(metricId: string, fn: (lock: MetricLock) => Promise<T>, timeoutMs = DEFAULT_LOCK_TIMEOUT_MS): Promise<T> {
    return this.locks.run(metricId, timeoutMs, (fence) => fn({ metricId, fence }))
  }

  async readRawBuffer(metricId: string): Promise<Uint8Array | null> {
    return this.dbs.raw.get(metricId) ?? null
  }

  async listSplits(metricId: string, aggregation: string, granularityUs: number): Promise<number[]> {
    const starts: number[] = []
    for (const k of this.dbs.splits.getKeys({ start: [metricId, aggregation, granularityUs, LOWEST], end: [metricId, aggregation, granularityUs, HIGHEST] })) {
      starts.push(k[3])
    }
    return starts
  }

  async commitProcessing(lock: MetricLock, commit: ProcessingCommit): Promise<void> {
    const { metricId } = lock
    const { incoming, raw, splits, root } = this.dbs
    const applied = root.transaction(() => {
      // Checked inside the write transaction, the instant the commit is applied.
      if (this.locks.currentFence(metricId) !== lock.fence) return false
      for (const id of commit.processedIncomingIds) void incoming.remove([metricId, Number(id)])
      if (commit.rawBuffer === null) void raw.remove(metricId)
      else void raw.put(metricId, commit.rawBuffer)
      for (const { key, bytes } of commit.putSplits) void splits.put([metricId, key.aggregation, key.granularityUs, key.startUs], bytes)
      for (const key of commit.deleteSplits) void splits.remove([metricId, key.aggregation, key.granularityUs, key.startUs])
      return true
    })
    if (!(await applied)) throw staleFence(metricId, lock.fence)
    await root.flushed
  }

  async readSplits(requests: readonly SplitRangeRequest[]): Promise<StoredSplit[][]> {
    return requests.map((req) => {
      const out: StoredSplit[] = []
      const prefix = [req.metricId, req.aggregation, req.granularityUs] as const
      const range = this.dbs.splits.getRange({
        start: [...prefix, req.fromUs === null ? LOWEST : req.fromUs - req.splitWidthUs],
        end: [...prefix, req.toUs === null ? HIGHEST : req.toUs],
      })
      for (const { key, value } of range) {
        const startUs = key[3]
        if (splitInRange(startUs, req)) out.push({ key: { aggregation: req.aggregation, granularityUs: req.granularityUs, startUs }, bytes: value })
      }
      return out
    })
  }

  async readSplitsByKey(metricId: string, keys: readonly SplitKey[]): Promise<(Uint8Array | null)[]> {
    return keys.map((k) => this.dbs.splits.get([metricId, k.aggregation, k.granularityUs, k.startUs]) ?? null)
  }

  async deleteMetricData(metricId: string): Promise<void> {
    const { incoming, raw, splits, root } = this.dbs
    await this.durable(
      root.transaction(() => {
        for (const k of incoming.getKeys({ start: [metricId, LOWEST], end: [metricId, HIGHEST] })) void incoming.remove(k)
        void raw.remove(metricId)
        for (const k of splits.getKeys({ start: [metricId] })) {
          if (k[0] !== metricId) break
          void splits.remove(k)
        }
      }),
    )
  }
}
