/**
 * The measure service (architecture.md §2 "Ingest"): acknowledges writes once the incoming
 * entries are durable, processes them in the background, and lets reads wait for that
 * processing so a read right after a write sees it (read-after-write).
 */
import type { ArchivePolicy } from '../../model/archive-policy.js'
import type { IndexStore, MeasureBatch, SeriesStore } from '../../storage/types.js'
import type { MeasureObserver } from './measure-observer.js'
import { type ProcessOutcome, processMetric } from './process-metric.js'

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
  /** Subscribers; replaced (never mutated) on change so a report can iterate it safely. */
  private observers: readonly MeasureObserver[] = []
  /**
   * Per metric, when (`performance.now()` ms) this process acknowledged the oldest write not yet
   * taken by a processing run. Kept only while someone observes: it feeds the processing lag.
   */
  private readonly acknowledgedAt = new Map<string, number>()

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
    if (this.observers.length > 0) this.reportIngested(items)
    for (const item of items) void this.schedule(item.metricId, item.policy).catch(() => undefined)
  }

  /**
   * Subscribes to ingest and processing reports (self-monitoring).
   * @returns the unsubscribe function.
   */
  observe(observer: MeasureObserver): () => void {
    this.observers = [...this.observers, observer]
    return () => {
      this.observers = this.observers.filter((o) => o !== observer)
      if (this.observers.length === 0) this.acknowledgedAt.clear()
    }
  }

  /**
   * Waits for in-flight processing of these metrics, then processes whatever is still pending.
   * Metrics that no longer exist (or whose policy is gone) are skipped.
   * @throws the processing error of a metric, so a read does not answer with stale data silently.
   */
  async ensureProcessed(metricIds: readonly string[]): Promise<void> {
    const ids = [...new Set(metricIds)]
    // Only metrics with work in flight here or measures queued need a run. The queues are
    // checked without the lock, in one batched call (not a read per metric): an acknowledged
    // batch stays queued until a commit folds it in, so an empty queue means every measure
    // acknowledged so far, by any process, is readable already.
    const running = ids.filter((id) => this.inFlight.has(id))
    const idle = ids.filter((id) => !this.inFlight.has(id))
    const queued = idle.length === 0 ? [] : await this.series.hasIncoming(idle)
    const due = new Set([...running, ...idle.filter((_, i) => queued[i])])
    const pending = ids.filter((id) => due.has(id))
    const policies = await Promise.all(pending.map((id) => this.policyOf(id)))
    for (let i = 0; i < pending.length; i++) {
      const policy = policies[i]
      if (policy !== null && policy !== undefined) await this.schedule(pending[i]!, policy)
    }
  }

  /**
   * Processes every metric with pending incoming entries (start-up catch-up), one at a time;
   * stops before the next metric once `signal` is aborted (shutdown). Failures are logged.
   */
  async processAllPending(signal?: AbortSignal): Promise<number> {
    let done = 0
    for (const id of await this.series.metricsWithIncoming()) {
      if (signal?.aborted === true) break
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

  private reportIngested(items: readonly IngestItem[]): void {
    const now = performance.now()
    let measures = 0
    for (const item of items) {
      measures += item.batch.timesUs.length
      if (!this.acknowledgedAt.has(item.metricId)) this.acknowledgedAt.set(item.metricId, now)
    }
    for (const o of this.observers) o.measuresIngested?.(measures)
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
        // Taken before the queue is read: writes acknowledged from now on start the next lag.
        const since = this.acknowledgedAt.get(metricId)
        this.acknowledgedAt.delete(metricId)
        let outcome: ProcessOutcome
        try {
          outcome = await processMetric(this.series, metricId, policy)
        } catch (err) {
          // The entries stay queued, so their wait goes on: keep the older acknowledgement.
          if (since !== undefined && this.observers.length > 0) this.acknowledgedAt.set(metricId, since)
          throw err
        }
        if (outcome.entries > 0 && this.observers.length > 0) {
          const lagSeconds = since === undefined ? null : (performance.now() - since) / 1000
          for (const o of this.observers) o.measuresProcessed?.(metricId, outcome.measures, lagSeconds)
        }
      })
      .catch((err: unknown) => {
        // Entries stay in the incoming queue until a commit succeeds: the next run redoes them.
        this.logError(metricId, err)
        for (const o of this.observers) o.processingFailed?.(metricId)
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
