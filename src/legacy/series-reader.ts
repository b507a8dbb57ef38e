/**
 * How the legacy layer reads stored series: a small port the server implements over the
 * engine's reader (`SeriesStore.readSplits` + the split codec), so the legacy computations stay
 * pure and testable. Both calls are batched: one call per request, whatever the number of
 * metrics (architecture.md §2, "never one request per series").
 */

/** Points of one series, ascending by time. */
export interface SeriesPoints {
  /** Timestamps, integer µs since the epoch (bucket starts). */
  readonly timestampsUs: Float64Array
  readonly values: Float64Array
}

/** The reading port of the legacy routes. */
export interface LegacySeriesReader {
  /**
   * The `mean` aggregates at each metric's finest granularity whose timestamps fall in
   * `[fromUs, toUs)`. Metrics without data (or unknown) may be absent from the map.
   */
  readMeans(metricIds: readonly string[], fromUs: number, toUs: number): Promise<Map<string, SeriesPoints>>
  /**
   * The latest stored value of each metric (the `last` aggregate when the policy has it, else
   * `mean`, at the finest granularity). Metrics without data are absent from the map.
   */
  readLatest(metricIds: readonly string[]): Promise<Map<string, number>>
}
