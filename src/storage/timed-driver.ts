/**
 * A storage driver whose series and index-persistence calls report their duration, for
 * self-monitoring (`polenta_storage_operation_duration_seconds`). The wrapper only measures:
 * arguments, results and errors pass through untouched, and with nobody subscribed a call
 * costs two `performance.now()` reads more than the raw driver.
 */
import type {
  IndexChange,
  IndexDocument,
  IndexPersistence,
  IncomingEntry,
  MeasureBatch,
  MetricLock,
  ProcessingCommit,
  SeriesStore,
  SplitKey,
  SplitRangeRequest,
  StorageDriver,
  StoredSplit,
} from './types.js'

/** Receives one finished call: the method name and its wall-clock duration in seconds. */
export type StorageOperationListener = (operation: string, seconds: number) => void

/** Where a timed driver's measurements can be subscribed to. */
export interface StorageOperationTimings {
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: StorageOperationListener): () => void
}

/** A driver wrapped for timing, with the subscription point of its measurements. */
export interface TimedStorageDriver {
  readonly driver: StorageDriver
  readonly timings: StorageOperationTimings
}

/**
 * The operation name under which `withMetricLock` reports: the wait until the lock is held (or
 * the wait fails). The time spent holding it is processing, reported by the calls made inside.
 */
export const LOCK_OPERATION = 'acquireMetricLock'

/** The listeners of one wrapped driver; replaced, never mutated, so reporting iterates safely. */
class Listeners implements StorageOperationTimings {
  current: readonly StorageOperationListener[] = []

  subscribe(listener: StorageOperationListener): () => void {
    this.current = [...this.current, listener]
    return () => {
      this.current = this.current.filter((l) => l !== listener)
    }
  }

  report(operation: string, startedMs: number): void {
    const listeners = this.current
    if (listeners.length === 0) return
    const seconds = (performance.now() - startedMs) / 1000
    for (const l of listeners) l(operation, seconds)
  }

  /** Reports the call once its promise settles, whatever the outcome, and passes it on. */
  timed<T>(operation: string, startedMs: number, call: Promise<T>): Promise<T> {
    return call.then(
      (value) => {
        this.report(operation, startedMs)
        return value
      },
      (err: unknown) => {
        this.report(operation, startedMs)
        throw err
      },
    )
  }
}

class TimedSeriesStore implements SeriesStore {
  constructor(
    private readonly inner: SeriesStore,
    private readonly listeners: Listeners,
  ) {}

  appendIncoming(items: readonly { readonly metricId: string; readonly batch: MeasureBatch }[]): Promise<void> {
    const t = performance.now()
    return this.listeners.timed('appendIncoming', t, this.inner.appendIncoming(items))
  }

  readIncoming(metricId: string): Promise<IncomingEntry[]> {
    const t = performance.now()
    return this.listeners.timed('readIncoming', t, this.inner.readIncoming(metricId))
  }

  metricsWithIncoming(): Promise<string[]> {
    const t = performance.now()
    return this.listeners.timed('metricsWithIncoming', t, this.inner.metricsWithIncoming())
  }

  hasIncoming(metricIds: readonly string[]): Promise<boolean[]> {
    const t = performance.now()
    return this.listeners.timed('hasIncoming', t, this.inner.hasIncoming(metricIds))
  }

  incomingBacklog(): Promise<{ readonly metrics: number; readonly measures: number }> {
    const t = performance.now()
    return this.listeners.timed('incomingBacklog', t, this.inner.incomingBacklog())
  }

  withMetricLock<T>(metricId: string, fn: (lock: MetricLock) => Promise<T>, timeoutMs?: number): Promise<T> {
    const t = performance.now()
    let held = false
    const run = this.inner.withMetricLock(
      metricId,
      (lock) => {
        held = true
        this.listeners.report(LOCK_OPERATION, t)
        return fn(lock)
      },
      timeoutMs,
    )
    return run.catch((err: unknown) => {
      if (!held) this.listeners.report(LOCK_OPERATION, t)
      throw err
    })
  }

  readRawBuffer(metricId: string): Promise<Uint8Array | null> {
    const t = performance.now()
    return this.listeners.timed('readRawBuffer', t, this.inner.readRawBuffer(metricId))
  }

  listSplits(metricId: string, aggregation: string, granularityUs: number): Promise<number[]> {
    const t = performance.now()
    return this.listeners.timed('listSplits', t, this.inner.listSplits(metricId, aggregation, granularityUs))
  }

  commitProcessing(lock: MetricLock, commit: ProcessingCommit): Promise<void> {
    const t = performance.now()
    return this.listeners.timed('commitProcessing', t, this.inner.commitProcessing(lock, commit))
  }

  readSplits(requests: readonly SplitRangeRequest[]): Promise<StoredSplit[][]> {
    const t = performance.now()
    return this.listeners.timed('readSplits', t, this.inner.readSplits(requests))
  }

  readSplitsByKey(metricId: string, keys: readonly SplitKey[]): Promise<(Uint8Array | null)[]> {
    const t = performance.now()
    return this.listeners.timed('readSplitsByKey', t, this.inner.readSplitsByKey(metricId, keys))
  }

  deleteMetricData(metricId: string): Promise<void> {
    const t = performance.now()
    return this.listeners.timed('deleteMetricData', t, this.inner.deleteMetricData(metricId))
  }
}

class TimedIndexPersistence implements IndexPersistence {
  constructor(
    private readonly inner: IndexPersistence,
    private readonly listeners: Listeners,
  ) {}

  loadAll(): Promise<IndexDocument[]> {
    const t = performance.now()
    return this.listeners.timed('loadAll', t, this.inner.loadAll())
  }

  commit(changes: readonly IndexChange[]): Promise<void> {
    const t = performance.now()
    return this.listeners.timed('commit', t, this.inner.commit(changes))
  }

  pollChanges(): Promise<IndexChange[]> {
    const t = performance.now()
    return this.listeners.timed('pollChanges', t, this.inner.pollChanges())
  }
}

/**
 * Wraps a driver so that every {@link SeriesStore} and {@link IndexPersistence} call reports its
 * duration to the subscribers of `timings`. Lifecycle calls (health, warnings, close) pass
 * straight through.
 */
export function timeStorageOperations(driver: StorageDriver): TimedStorageDriver {
  const listeners = new Listeners()
  const timedDriver: StorageDriver = {
    kind: driver.kind,
    index: new TimedIndexPersistence(driver.index, listeners),
    series: new TimedSeriesStore(driver.series, listeners),
    startupWarnings: () => driver.startupWarnings(),
    isHealthy: () => driver.isHealthy(),
    close: () => driver.close(),
  }
  return { driver: timedDriver, timings: listeners }
}
