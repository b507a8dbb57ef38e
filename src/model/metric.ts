/**
 * Metrics (gnocchi-rest.md §2.3).
 */

/** A metric as the index stores it. */
export interface Metric {
  /** Canonical lowercase UUID. */
  readonly id: string
  readonly archivePolicyName: string
  /** `user` (basic mode) or `user_id:project_id` (keystone); null when unknown. */
  readonly creator: string | null
  /** Unique among the active metrics of one resource; null for unnamed metrics. */
  readonly name: string | null
  readonly unit: string | null
  /** Canonical UUID of the resource it is attached to, or null. */
  readonly resourceId: string | null
}
