/**
 * Gauges read from storage and the index when Prometheus scrapes: the backlog of unprocessed
 * measures (`polenta_backlog_measures`, `polenta_backlog_metrics`: the figures of
 * `GET /v1/status`'s `storage.summary`, from the same `incomingBacklog` call) and the index size
 * (`polenta_index_resources`, `polenta_index_metrics`, `polenta_index_archive_policies`).
 *
 * A read that fails sets its gauges to NaN (and logs), so the scrape still delivers the other
 * metrics — the process metrics matter most exactly when storage is down.
 */
import type { FastifyBaseLogger } from 'fastify'
import { Gauge, type Registry } from 'prom-client'
import type { AppServices } from '../services.js'
import { METRIC_PREFIX } from './process-metrics.js'

/**
 * One read shared by the concurrent `collect` calls of a scrape (prom-client collects every
 * metric of a registry at once), so each scrape reads storage once per source.
 */
function sharedRead<T>(read: () => Promise<T>, what: string, log: FastifyBaseLogger): () => Promise<T | null> {
  let pending: Promise<T | null> | null = null
  return () => {
    pending ??= read()
      .catch((err: unknown) => {
        log.warn({ err }, `metrics: cannot read ${what}`)
        return null
      })
      .finally(() => {
        pending = null
      })
    return pending
  }
}

/** Adds a gauge whose value is picked from a shared read at scrape time. */
function scrapedGauge<T>(registry: Registry, name: string, help: string, read: () => Promise<T | null>, pick: (value: T) => number): void {
  new Gauge({
    name: `${METRIC_PREFIX}${name}`,
    help,
    registers: [registry],
    async collect() {
      const value = await read()
      this.set(value === null ? Number.NaN : pick(value))
    },
  })
}

/** Adds the backlog and index-size gauges to `registry`. */
export function recordStateGauges(registry: Registry, services: AppServices, log: FastifyBaseLogger): void {
  const backlog = sharedRead(() => services.driver.series.incomingBacklog(), 'the incoming backlog', log)
  scrapedGauge(registry, 'backlog_measures', 'Measures acknowledged but not yet processed (as GET /v1/status reports).', backlog, (b) => b.measures)
  scrapedGauge(registry, 'backlog_metrics', 'Metrics with measures waiting to be processed (as GET /v1/status reports).', backlog, (b) => b.metrics)

  const counts = sharedRead(() => services.index.counts(), 'the index size', log)
  scrapedGauge(registry, 'index_resources', 'Resources in the index (current revisions).', counts, (c) => c.resources)
  scrapedGauge(registry, 'index_metrics', 'Active metrics in the index.', counts, (c) => c.metrics)
  scrapedGauge(registry, 'index_archive_policies', 'Archive policies in the index.', counts, (c) => c.archivePolicies)
}
