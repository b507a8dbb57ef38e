/**
 * The measure service (architecture.md §2 "Ingest"): acknowledges writes once the incoming
 * entries are durable, processes them in the background, and lets reads wait for that
 * processing so a read right after a write sees it (read-after-write).
 */
import type { ArchivePolicy } from '../../model/archive-policy.js'
import type { IndexStore, MeasureBatch, SeriesStore } from '../../storage/types.js'
import { processMetric } from './process-metric.js'

/** One metric's measures to acknowledge. */
export interface IngestItem {
  readonly metricId: string
  readonly policy: ArchivePolicy
  readonly batch: MeasureBatch
}

/** Where background failures go (they are never swallowed silently). */
export type ProcessingErrorLogger = (metricId: string, error: unknown) => void

/** Ingest and processing of measures over a {@link SeriesStore}. */
export class MeasureService {
  /** The processing chain of each metric with work in flight. */
  private readonly inFlight = new Map<string, Promise<void>>()

  constructor(
    private readonly series: SeriesStore,
    private readonly index: IndexStore,
    private readonly logError: ProcessingErrorLogger = () => undefined,
  ) {}

  /**
   * Appends the batches durably, then schedules their processing without awaiting it.
   * Resolves once the measures are acknowledged (the 202 of the API).
   */
  async ingest(items: readonly IngestItem[]): Promise<void> {
    if (items.length === 0) return
    await this.series.appendIncoming(items.map((i) => ({ metricId: i.metricId, batch: i.batch })))
    for (const item of items) void this.schedule(item.metricId, item.policy).catch(() => undefined)
  }

  /**
   * Waits for in-flight processing of these metrics, then processes whatever is still pending.
   * Metrics that no longer exist (or whose policy is gone) are skipped.
   * @throws the processing error of a metric, so a read does not answer with stale data silently.
   */
  async ensureProcessed(metricIds: readonly string[]): Promise<void> {
    for (const id of new Set(metricIds)) {
      const policy = await this.policyOf(id)
      if (policy === null) continue
      await this.schedule(id, policy)
    }
  }

  /** Processes every metric with pending incoming entries (start-up). Failures are logged. */
  async processAllPending(): Promise<number> {
    let done = 0
    for (const id of await this.series.metricsWithIncoming()) {
      try {
        const policy = await this.policyOf(id)
        if (policy === null) continue
        await this.schedule(id, policy)
        done++
      } catch {
        // Already logged by `schedule`; the entries stay queued for the next attempt.
      }
    }
    return done
  }

  /**
   * Waits (without starting anything) for in-flight processing of these metrics, so their data
   * can be purged without a late commit writing splits back.
   */
  async settle(metricIds: readonly string[]): Promise<void> {
    for (const id of metricIds) {
      const running = this.inFlight.get(id)
      if (running !== undefined) await running.catch(() => undefined)
    }
  }

  /** Resolves once every background processing started so far has settled. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()])
  }

  private async policyOf(metricId: string): Promise<ArchivePolicy | null> {
    const metric = await this.index.getMetric(metricId)
    if (metric === null) return null
    return this.index.getArchivePolicy(metric.archivePolicyName)
  }

  /**
   * Chains one processing run after any in flight for the metric. Processing is idempotent and
   * takes the metric lock, so a run that finds nothing pending is cheap.
   */
  private schedule(metricId: string, policy: ArchivePolicy): Promise<void> {
    const previous = this.inFlight.get(metricId) ?? Promise.resolve()
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        await processMetric(this.series, metricId, policy)
      })
      .catch((err: unknown) => {
        // Entries stay in the incoming queue until a commit succeeds: the next run redoes them.
        this.logError(metricId, err)
        throw err
      })
    const tracked = run.finally(() => {
      if (this.inFlight.get(metricId) === tracked) this.inFlight.delete(metricId)
    })
    tracked.catch(() => undefined)
    this.inFlight.set(metricId, tracked)
    return run
  }
}
