/**
 * Ingest and processing throughput, from the {@link MeasureService}'s reports:
 * `polenta_measures_ingested_total`, `polenta_measures_processed_total`,
 * `polenta_processing_failures_total` and the `polenta_processing_lag_seconds` histogram.
 */
import { Counter, Histogram, type Registry } from 'prom-client'
import type { MeasureService } from '../../engine/ingest/measure-service.js'
import { METRIC_PREFIX } from './process-metrics.js'

/**
 * Seconds from acknowledgement to commit. Processing starts right after the 202, so a healthy
 * service sits in the millisecond buckets; the long tail shows a backlog building up.
 */
export const PROCESSING_LAG_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]

/**
 * Adds the ingest and processing metrics to `registry` and subscribes them to `measures`.
 * @returns the unsubscribe function (called when the app closes).
 */
export function recordMeasureMetrics(registry: Registry, measures: MeasureService): () => void {
  const ingested = new Counter({
    name: `${METRIC_PREFIX}measures_ingested_total`,
    help: 'Measures acknowledged (durable in the incoming queues).',
    registers: [registry],
  })
  const processed = new Counter({
    name: `${METRIC_PREFIX}measures_processed_total`,
    help: 'Measures folded into their metric series by this process.',
    registers: [registry],
  })
  const failures = new Counter({
    name: `${METRIC_PREFIX}processing_failures_total`,
    help: 'Processing runs that failed; their measures stay queued and are retried.',
    registers: [registry],
  })
  const lag = new Histogram({
    name: `${METRIC_PREFIX}processing_lag_seconds`,
    help: 'Per processing run, how long the oldest write it folded in waited from acknowledgement to commit.',
    buckets: PROCESSING_LAG_BUCKETS,
    registers: [registry],
  })
  return measures.observe({
    measuresIngested: (count) => ingested.inc(count),
    measuresProcessed: (_metricId, count, lagSeconds) => {
      processed.inc(count)
      if (lagSeconds !== null) lag.observe(lagSeconds)
    },
    processingFailed: () => failures.inc(),
  })
}
