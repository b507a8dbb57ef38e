/**
 * Planning (gnocchi-aggregates.md §2.1–§2.4): references → series list per group →
 * granularities → the storage reads. Pure; the caller performs the reads and hands the
 * data to {@link computeAggregates} (compute.ts).
 */
import type { OpNode } from '../../grammar/operations/ast.js'
import { GnocchiError, unaggregable } from '../../model/errors.js'
import type { AttributeValue } from '../../model/resource.js'
import { requireReferences } from '../../grammar/operations/index.js'
import { expandResourceSeries, granularityDetail, groupResources, metricsNotFound, resolveIdMode } from './references.js'
import type { AggregatesOptions, MetricInfo, ResourceInfo, SeriesRead, SeriesRef } from './types.js'

/** How metric references are resolved. */
export type AggregatesMode =
  | {
      readonly kind: 'id'
      /** Active metric by canonical id, or undefined when it does not exist. */
      readonly lookup: (id: string) => MetricInfo | undefined
    }
  | {
      readonly kind: 'resource'
      /** Resources matched by `search` (policy filter applied), any order. */
      readonly resources: readonly ResourceInfo[]
      /** `groupby` attributes as given (may repeat); empty = no grouping. */
      readonly groupby: readonly string[]
      /** Attributes `groupby` may name; when given, others raise "Invalid pagination". */
      readonly knownAttributes?: ReadonlySet<string>
    }

/** A full `/v1/aggregates` request, already parsed. */
export interface AggregatesRequest {
  readonly operations: OpNode
  readonly options: AggregatesOptions
  readonly mode: AggregatesMode
}

/** One group ready to be computed. */
export interface PlannedGroup {
  readonly group: Readonly<Record<string, AttributeValue>> | null
  readonly series: readonly SeriesRef[]
  /** Selected granularities, µs, descending (output order). */
  readonly granularitiesUs: readonly number[]
  /** `reads[readIndex[s][g]]` is series `s` at granularity `granularitiesUs[g]`. */
  readonly readIndex: readonly (readonly number[])[]
}

/** The plan: groups (one without `groupby`) and the storage reads they need. */
export interface AggregatesPlan {
  readonly operations: OpNode
  readonly options: AggregatesOptions
  readonly grouped: boolean
  readonly groups: readonly PlannedGroup[]
  readonly reads: readonly SeriesRead[]
}

/**
 * §2.4 steps 1–3 for one series list: the granularities to compute, descending.
 * Throws `No granularity match`, `Metrics with unknown aggregation` (404, first offender) or
 * `Granularities are missing`, in Gnocchi's order.
 */
export function selectGranularities(series: readonly SeriesRef[], granularityUs: number | null): number[] {
  let selected: number[]
  if (granularityUs !== null) {
    selected = [granularityUs]
  } else {
    const counts = new Map<number, number>()
    for (const s of series) for (const g of s.metric.granularitiesUs) counts.set(g, (counts.get(g) ?? 0) + 1)
    selected = [...counts].filter(([, c]) => c === series.length).map(([g]) => g)
    if (selected.length === 0) {
      throw unaggregable('No granularity match', series.map((s) => [s.key, s.aggregation]))
    }
  }
  const missing: unknown[] = []
  for (const s of series) {
    if (!s.metric.aggregationMethods.includes(s.aggregation)) {
      throw new GnocchiError('UNKNOWN_AGGREGATION', { cause: 'Metrics with unknown aggregation', detail: [[s.metric.id, s.aggregation]] })
    }
    const g = selected.find((x) => !s.metric.granularitiesUs.includes(x))
    if (g !== undefined) missing.push([s.key, s.aggregation, granularityDetail(g)])
  }
  if (missing.length > 0) throw unaggregable('Granularities are missing', missing)
  return selected.sort((a, b) => b - a)
}

/** Resolves references, groups and granularities; throws every planning error of §2.1–§2.4. */
export function planAggregates(req: AggregatesRequest): AggregatesPlan {
  const refs = requireReferences(req.operations)
  const reads: SeriesRead[] = []
  const { startUs, stopUs } = req.options
  const planGroup = (group: PlannedGroup['group'], series: readonly SeriesRef[]): PlannedGroup => {
    const granularitiesUs = selectGranularities(series, req.options.granularityUs)
    const readIndex = series.map((s) =>
      granularitiesUs.map((g) => {
        reads.push({
          metricId: s.metric.id,
          aggregation: s.aggregation,
          granularityUs: g,
          fromUs: startUs === null ? null : Math.floor(startUs / g) * g,
          toUs: stopUs,
        })
        return reads.length - 1
      }),
    )
    return { group, series, granularitiesUs, readIndex }
  }
  const { mode } = req
  if (mode.kind === 'id') {
    const series = resolveIdMode(refs, mode.lookup)
    return { operations: req.operations, options: req.options, grouped: false, groups: [planGroup(null, series)], reads }
  }
  const grouped = mode.groupby.length > 0
  const groups: PlannedGroup[] = []
  for (const g of groupResources(mode.resources, mode.groupby, mode.knownAttributes)) {
    const series = expandResourceSeries(g.resources, refs)
    // A group without any matching metric is dropped silently (only with groupby)
    if (series.length === 0) {
      if (!grouped) throw metricsNotFound(refs)
      continue
    }
    groups.push(planGroup(g.group, series))
  }
  if (groups.length === 0) throw metricsNotFound(refs)
  return { operations: req.operations, options: req.options, grouped, groups, reads }
}
