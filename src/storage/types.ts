/**
 * The storage contract (architecture.md §3). Three parts:
 * - **Index** — archive policies, rules, resource types, resources with history, metrics. The
 *   semantics live once, in the in-process index (`storage/index/`); a driver only persists its
 *   documents through {@link IndexPersistence}.
 * - **Incoming** — per-metric durable queues of raw measures.
 * - **Series** — per metric, the raw back-window buffer and the aggregated splits, as opaque
 *   bytes encoded by the engine's codec.
 * Drivers (`memory/`, `embedded/`, `redis/`) implement {@link StorageDriver}; every driver runs
 * the one contract suite in `test/storage/`.
 *
 * Times are integer microseconds since the Unix epoch; durations integer microseconds.
 */

export type { IndexStore } from './index-types.js'

/** A column batch of measures, in arrival order (not necessarily sorted). */
export interface MeasureBatch {
  /** Timestamps, integer µs since the epoch. */
  readonly timesUs: Float64Array
  /** Values, same length as `timesUs`. */
  readonly values: Float64Array
}

/** One acknowledged, not yet processed batch in a metric's incoming queue. */
export interface IncomingEntry {
  /** Opaque, unique within the metric, increasing in append order. */
  readonly id: string
  readonly batch: MeasureBatch
}

/** Identifies one aggregated split: a fixed time window of one (aggregation, granularity) series. */
export interface SplitKey {
  readonly aggregation: string
  readonly granularityUs: number
  /** Start of the split window, µs; split windows are aligned, so this names the split. */
  readonly startUs: number
}

/** A split with its encoded bytes. */
export interface StoredSplit {
  readonly key: SplitKey
  readonly bytes: Uint8Array
}

/**
 * Everything processing changes for one metric, applied atomically: after a crash either all of
 * it is visible or none of it, so an acknowledged measure is counted exactly once.
 */
export interface ProcessingCommit {
  /** Incoming entries folded into this commit; removed in the same transaction. */
  readonly processedIncomingIds: readonly string[]
  /** The new raw back-window buffer (engine-encoded), or null to delete it. */
  readonly rawBuffer: Uint8Array | null
  /** Splits to create or overwrite. */
  readonly putSplits: readonly StoredSplit[]
  /** Splits to delete (retention). */
  readonly deleteSplits: readonly SplitKey[]
}

/** A request for the splits of one (metric, aggregation, granularity) overlapping `[fromUs, toUs)`. */
export interface SplitRangeRequest {
  readonly metricId: string
  readonly aggregation: string
  readonly granularityUs: number
  /** Inclusive lower bound on split start windows to consider; null = from the beginning. */
  readonly fromUs: number | null
  /** Exclusive upper bound; null = to the end. */
  readonly toUs: number | null
  /** Width of one split window in µs, so the driver can tell which splits overlap the range. */
  readonly splitWidthUs: number
}

/** Held while processing one metric. `fence` increases with every acquisition of the lock. */
export interface MetricLock {
  readonly metricId: string
  readonly fence: number
}

/** Incoming queues and series of every metric. */
export interface SeriesStore {
  /**
   * Appends batches to metrics' incoming queues; resolves only once they are durable
   * (acknowledgeable). One call, one round trip / transaction, whatever the number of metrics.
   */
  appendIncoming(items: readonly { readonly metricId: string; readonly batch: MeasureBatch }[]): Promise<void>
  /** The unprocessed entries of a metric, oldest first. */
  readIncoming(metricId: string): Promise<IncomingEntry[]>
  /** Ids of metrics that have unprocessed entries (start-up recovery, status backlog). */
  metricsWithIncoming(): Promise<string[]>
  /**
   * Which of these metrics have unprocessed entries: result `i` answers `metricIds[i]`. Exact
   * for every batch acknowledged before the call (read-after-write relies on it), and batched:
   * one round trip / read transaction whatever the number of metrics.
   */
  hasIncoming(metricIds: readonly string[]): Promise<boolean[]>
  /** Number of metrics with unprocessed measures, and of those measures. */
  incomingBacklog(): Promise<{ readonly metrics: number; readonly measures: number }>

  /**
   * Runs `fn` holding the metric's processing lock, safe across processes (Redis: expiry and
   * fencing). Waits for the lock up to `timeoutMs` (default 10 s), then throws `UNAVAILABLE`.
   */
  withMetricLock<T>(metricId: string, fn: (lock: MetricLock) => Promise<T>, timeoutMs?: number): Promise<T>
  /** The raw back-window buffer of a metric, or null. */
  readRawBuffer(metricId: string): Promise<Uint8Array | null>
  /** Start times (µs) of the stored splits of one (metric, aggregation, granularity), ascending. */
  listSplits(metricId: string, aggregation: string, granularityUs: number): Promise<number[]>
  /**
   * Applies a processing result atomically. With a Redis lock, `lock.fence` must still be the
   * current fence or the commit is refused (`CONFLICT`) and nothing is written.
   */
  commitProcessing(lock: MetricLock, commit: ProcessingCommit): Promise<void>

  /**
   * Reads many split ranges in one batched call (one round trip per driver call, never one per
   * series). Result `i` holds the splits of request `i`, ascending by start.
   */
  readSplits(requests: readonly SplitRangeRequest[]): Promise<StoredSplit[][]>
  /** Reads exact splits by key (processing reads the splits it is about to update). */
  readSplitsByKey(metricId: string, keys: readonly SplitKey[]): Promise<(Uint8Array | null)[]>
  /** Deletes every incoming entry, raw buffer and split of a metric. */
  deleteMetricData(metricId: string): Promise<void>
}

/** A change to one persisted index document. */
export type IndexChange =
  | {
      readonly op: 'put'
      readonly kind: string
      readonly key: string
      /** JSON-serialisable document. */
      readonly value: unknown
      /** Refuse the whole commit (`CONFLICT`) if the document already exists. */
      readonly ifAbsent?: boolean
    }
  | { readonly op: 'delete'; readonly kind: string; readonly key: string }

/** A persisted index document. */
export interface IndexDocument {
  readonly kind: string
  readonly key: string
  readonly value: unknown
}

/**
 * What a driver gives the in-process index: durable documents and, for shared stores, the
 * changes other processes made.
 */
export interface IndexPersistence {
  /** Every document, for building the in-process index at start-up. */
  loadAll(): Promise<IndexDocument[]>
  /**
   * Applies the changes atomically and durably (resolves after commit). Throws `CONFLICT` and
   * writes nothing if an `ifAbsent` put finds its document present.
   */
  commit(changes: readonly IndexChange[]): Promise<void>
  /**
   * Changes committed by other processes since the previous call (or since `loadAll`), in commit
   * order. Single-process drivers return `[]`. One cheap round trip.
   */
  pollChanges(): Promise<IndexChange[]>
}

/** A storage driver: index persistence and series, with a lifecycle. */
export interface StorageDriver {
  /** `memory`, `embedded` or `redis`. */
  readonly kind: string
  readonly index: IndexPersistence
  readonly series: SeriesStore
  /** Warnings the operator should see at start-up (e.g. Redis without AOF). */
  startupWarnings(): Promise<string[]>
  /** True while the backing store answers (readiness). */
  isHealthy(): Promise<boolean>
  /** Flushes and releases everything. */
  close(): Promise<void>
}
