/**
 * Archive policies and rules as stored and computed on (gnocchi-storage-semantics.md §2–§3).
 * Durations are integer microseconds (microseconds: see `timespan.ts`).
 */

/** One definition item after normalisation. */
export interface ArchivePolicyItem {
  /** Bucket width, integer microseconds, > 0. */
  readonly granularityUs: number
  /** Number of buckets kept; `null` = unbounded retention (granularity-only item). */
  readonly points: number | null
  /** `granularityUs × points`; `null` when `points` is `null`. */
  readonly timespanUs: number | null
}

/** A named archive policy, normalised. */
export interface ArchivePolicy {
  readonly name: string
  /** Number of coarsest-granularity periods of raw measures kept for late arrivals. */
  readonly backWindow: number
  /** Items in the order given at creation. */
  readonly definition: readonly ArchivePolicyItem[]
  /** The effective aggregation-method set (expanded from `*`, `+x`, `-x`). */
  readonly aggregationMethods: readonly string[]
}

/** An archive policy rule: metrics whose name matches `metricPattern` get `archivePolicyName`. */
export interface ArchivePolicyRule {
  readonly name: string
  readonly archivePolicyName: string
  /** fnmatch pattern over metric names. */
  readonly metricPattern: string
}
