/**
 * Storage call latency, `polenta_storage_operation_duration_seconds{driver,operation}`, from a
 * driver wrapped by `timeStorageOperations` (`src/bootstrap.ts` wraps the configured driver).
 */
import type { StorageOperationTimings } from '../../storage/timed-driver.js'
import { HistogramFamily, type HistogramSeries } from './histogram-family.js'
import { METRIC_PREFIX } from './process-metrics.js'

/**
 * Seconds; the memory and embedded drivers answer in microseconds, Redis in a round trip or
 * two, and a commit of many splits or a lock wait can take longer.
 */
export const STORAGE_DURATION_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10]

/** The recording of one driver's timings: its text rendering and how to stop it. */
export interface StorageMetrics {
  /** The histogram family in the text format. */
  render(): string
  /** Stops listening to the driver (the app closes). */
  unsubscribe(): void
}

/**
 * Subscribes a histogram to the driver's timings.
 * @param driver the driver kind (`memory`, `embedded`, `redis`), the `driver` label.
 */
export function recordStorageMetrics(timings: StorageOperationTimings, driver: string): StorageMetrics {
  const duration = new HistogramFamily(
    `${METRIC_PREFIX}storage_operation_duration_seconds`,
    'Duration of storage driver calls (series store and index persistence), by driver and operation.',
    ['driver', 'operation'],
    STORAGE_DURATION_BUCKETS,
  )
  // The operations are a fixed set of method names: one series each, looked up without allocating.
  const byOperation = new Map<string, HistogramSeries>()
  const unsubscribe = timings.subscribe((operation, seconds) => {
    let series = byOperation.get(operation)
    if (series === undefined) byOperation.set(operation, (series = duration.series({ driver, operation })))
    series.observe(seconds)
  })
  return { render: () => duration.render(), unsubscribe }
}
