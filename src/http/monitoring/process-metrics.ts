/**
 * The process metrics (CPU, memory, heap, event-loop lag, GC, handles, …) of prom-client's
 * `collectDefaultMetrics`, prefixed `polenta_`.
 *
 * They live in one registry per process, not per app: they describe the process, and every
 * `collectDefaultMetrics` call starts an event-loop delay monitor and a GC observer that are
 * never stopped, so one per app (tests build hundreds) would pile up timers and observers.
 * The registry is created on the first scrape, so apps that are never scraped start nothing.
 */
import { Registry, collectDefaultMetrics } from 'prom-client'

/** Prefix of every metric Polenta exposes. */
export const METRIC_PREFIX = 'polenta_'

let processRegistry: Registry | null = null

/** The process-wide registry of the default process metrics (created on first use). */
export function processMetricsRegistry(): Registry {
  if (processRegistry === null) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry, prefix: METRIC_PREFIX })
  }
  return processRegistry
}
