/**
 * Typed inputs and outputs of the cross-metric evaluator (`POST /v1/aggregates`,
 * gnocchi-aggregates.md §2). Everything is plain data: times are integer microseconds since
 * the epoch, durations integer microseconds, values IEEE doubles (NaN = gap or stored NaN).
 */
import type { AttributeValue } from '../../model/resource.js'

/** One stored aggregate series of one metric at one granularity, ascending, no duplicates. */
export interface SeriesPoints {
  readonly granularityUs: number
  /** Bucket starts, µs, strictly ascending. */
  readonly timestampsUs: Float64Array
  /** Same length as `timestampsUs`. */
  readonly values: Float64Array
}

/** What the engine needs to know about a metric (its archive policy, flattened). */
export interface MetricInfo {
  /** Canonical lowercase UUID. */
  readonly id: string
  /** Metric name (resource mode matches patterns against it); null for unnamed metrics. */
  readonly name: string | null
  /** Granularities of its archive policy, µs, in definition order. */
  readonly granularitiesUs: readonly number[]
  /** Effective aggregation methods of its archive policy. */
  readonly aggregationMethods: readonly string[]
}

/** A resource as resource mode sees it (already filtered by `search` and policy). */
export interface ResourceInfo {
  /** Canonical lowercase UUID. */
  readonly id: string
  readonly revisionStartUs: number
  readonly startedAtUs: number
  /**
   * Attribute values usable by `groupby`: standard columns (`project_id`, `user_id`, …) and the
   * type's own attributes, under their wire names.
   */
  readonly attributes: Readonly<Record<string, AttributeValue>>
  /** Its active metrics, in index order. */
  readonly metrics: readonly MetricInfo[]
}

/** `fill` query parameter: absent, a number, `null` (NaN tokens kept) or `dropna`. */
export type FillMode = { readonly kind: 'none' } | { readonly kind: 'null' } | { readonly kind: 'dropna' } | { readonly kind: 'value'; readonly value: number }

/** Query options of §1.1, already parsed (wire names converted). */
export interface AggregatesOptions {
  /** Inclusive start, µs; null when not given. */
  readonly startUs: number | null
  /** Exclusive stop, µs; null when not given. */
  readonly stopUs: number | null
  /** The one granularity asked for, µs, or null for "all common granularities". */
  readonly granularityUs: number | null
  /** `needed_overlap` in percent, or null when not given. */
  readonly neededOverlap: number | null
  /** `fill` as given; null when not given (the engine applies the default rule of §1.1). */
  readonly fill: FillMode | null
}

/**
 * One concrete series of the series list (§2.2 step 4, §2.3 step 2): a metric read with one
 * aggregation method. In id mode `resourceId`/`pattern` are null.
 */
export interface SeriesRef {
  readonly metric: MetricInfo
  readonly aggregation: string
  /** Resource mode: the resource the metric belongs to. */
  readonly resourceId: string | null
  /** Resource mode: the pattern of the reference that matched the metric name. */
  readonly pattern: string | null
  /** `[metric id | metric name, aggregation]` as Gnocchi prints it in error details. */
  readonly key: string
  /** Lookup key used by `metric` nodes: `[pattern | key, aggregation]`. */
  readonly lookup: readonly [string, string]
}

/** One storage read the plan needs: a series at a granularity. */
export interface SeriesRead {
  readonly metricId: string
  readonly aggregation: string
  readonly granularityUs: number
  /** Inclusive lower bound, already floored to the granularity; null = from the beginning. */
  readonly fromUs: number | null
  /** Exclusive upper bound; null = to the end. */
  readonly toUs: number | null
}

/**
 * Output points of one list, all granularities concatenated (granularity descending, timestamps
 * ascending within a granularity). JSON: `[[iso(timestampsUs[i]), granularitiesUs[i] / 1e6, values[i]], …]`,
 * non-finite values as the bare tokens `NaN`, `Infinity`, `-Infinity`.
 */
export interface PointList {
  readonly timestampsUs: Float64Array
  readonly granularitiesUs: Float64Array
  readonly values: Float64Array
}

/** One not-aggregated output list (column `i` of the root ↔ series `i`). */
export interface SeriesOutput {
  /** Id mode: metric id; resource mode: resource id. */
  readonly id: string
  /** Resource mode only: the metric name (null in id mode). */
  readonly metricName: string | null
  readonly aggregation: string
  readonly points: PointList
}

/**
 * Result of one evaluation (§2.7). JSON mapping:
 * - `aggregated` → `{"aggregated": points}`;
 * - `metrics` (id mode) → `{"<id>": {"<agg>": points}}`;
 * - `resources` → `{"<resource id>": {"<metric name>": {"<agg>": points}}}`.
 * Entries sharing the same keys are concatenated in order (Gnocchi extends the same list),
 * see {@link measuresTree}.
 */
export type MeasuresOutput =
  | { readonly kind: 'aggregated'; readonly points: PointList }
  | { readonly kind: 'metrics'; readonly series: readonly SeriesOutput[] }
  | { readonly kind: 'resources'; readonly series: readonly SeriesOutput[] }

/** Result of one group (or of the whole request without `groupby`). */
export interface GroupResult {
  /** `groupby` attribute → value, in sorted attribute order; null without `groupby`. */
  readonly group: Readonly<Record<string, AttributeValue>> | null
  readonly measures: MeasuresOutput
  /** Distinct metric ids (id mode) or resource ids (resource mode) that contributed a series, first-use order. */
  readonly referenceIds: readonly string[]
}
