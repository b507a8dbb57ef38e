/**
 * What a {@link MeasureService} reports while it works, for self-monitoring. The engine knows
 * nothing of how the reports are used (the http layer turns them into Prometheus metrics).
 */

/** Callbacks of one subscriber; each is optional. They run synchronously and must not throw. */
export interface MeasureObserver {
  /** A write was acknowledged: `measures` measures are durable in the incoming queues. */
  measuresIngested?(measures: number): void
  /**
   * One processing run folded `measures` pending measures of a metric into its series.
   * `lagSeconds` is how long the oldest write this process acknowledged for the metric waited
   * from acknowledgement to commit; null when unknown (measures acknowledged before start-up or
   * by another process).
   */
  measuresProcessed?(metricId: string, measures: number, lagSeconds: number | null): void
  /** A processing run failed; its measures stay queued for the next run. */
  processingFailed?(metricId: string): void
}
