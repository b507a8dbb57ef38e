/**
 * Computation (gnocchi-aggregates.md §2.5–§2.8): for each group and granularity, align the
 * series, apply fill/overlap, evaluate the tree, and assemble the output lists.
 */
import { applyStrictOverlap, buildGrid, fillerOf, restrictSeries } from './align.js'
import { evaluate, type EvalContext } from './evaluate.js'
import type { Frame } from './frame.js'
import type { AggregatesPlan, PlannedGroup } from './plan.js'
import { canonicalUuid } from './references.js'
import type { FillMode, GroupResult, MeasuresOutput, PointList, SeriesOutput, SeriesPoints } from './types.js'
import { unaggregable } from '../../model/errors.js'

/** §1.1: `dropna` only when neither `fill` nor `needed_overlap` is given; `needed_overlap` defaults to 100. */
export function effectiveFill(fill: FillMode | null, neededOverlap: number | null): { fill: FillMode; neededOverlap: number } {
  if (fill === null) return { fill: neededOverlap === null ? { kind: 'dropna' } : { kind: 'none' }, neededOverlap: neededOverlap ?? 100 }
  return { fill, neededOverlap: neededOverlap ?? 100 }
}

interface Piece {
  readonly granularityUs: number
  readonly timestampsUs: Float64Array
  readonly values: Float64Array
}

function column(f: Frame, j: number, dropNonFinite: boolean): Piece {
  const v = f.values.subarray(j * f.rows, (j + 1) * f.rows)
  if (!dropNonFinite) return { granularityUs: f.granularityUs, timestampsUs: f.timestampsUs, values: v }
  let n = 0
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i])) n++
  if (n === v.length) return { granularityUs: f.granularityUs, timestampsUs: f.timestampsUs, values: v }
  const ts = new Float64Array(n)
  const vs = new Float64Array(n)
  let o = 0
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      ts[o] = f.timestampsUs[i]!
      vs[o++] = v[i]!
    }
  }
  return { granularityUs: f.granularityUs, timestampsUs: ts, values: vs }
}

function concat(pieces: readonly Piece[]): PointList {
  let n = 0
  for (const p of pieces) n += p.values.length
  const timestampsUs = new Float64Array(n)
  const granularitiesUs = new Float64Array(n)
  const values = new Float64Array(n)
  let o = 0
  for (const p of pieces) {
    timestampsUs.set(p.timestampsUs, o)
    granularitiesUs.fill(p.granularityUs, o, o + p.values.length)
    values.set(p.values, o)
    o += p.values.length
  }
  return { timestampsUs, granularitiesUs, values }
}

/** Computes one planned group from its series data (`data[i]` answers `plan.reads[i]`). */
export function computeGroup(plan: AggregatesPlan, group: PlannedGroup, data: readonly SeriesPoints[]): GroupResult {
  const { startUs, stopUs } = plan.options
  const { fill, neededOverlap } = effectiveFill(plan.options.fill, plan.options.neededOverlap)
  const lookups = group.series.map((s) => s.lookup)
  const idMode = group.series[0]?.resourceId === null
  const normalizeName = idMode ? (n: string): string => canonicalUuid(n) ?? n : (n: string): string => n
  const roots: Frame[] = []
  let isAggregated = false
  group.granularitiesUs.forEach((g, gi) => {
    const series = group.series.map((_, si) => {
      const d = data[group.readIndex[si]![gi]!]
      if (d === undefined) throw new Error(`missing data for read ${group.readIndex[si]![gi]!}`)
      return restrictSeries(d, startUs, stopUs)
    })
    let grid = buildGrid(g, series, fillerOf(fill))
    if (fill.kind === 'none') grid = applyStrictOverlap(grid, neededOverlap, startUs !== null, stopUs !== null, lookups)
    const ctx: EvalContext = { grid, lookups, normalizeName }
    const root = evaluate(plan.operations, ctx)
    if (root.kind !== 'frame') throw unaggregable('Operations must produce a timeseries', lookups.map((l) => [l[0], l[1]]))
    roots.push(root)
    // gnocchi-compat: the flag of the last (finest) granularity decides the output form, see
    // gnocchi/rest/aggregates/processor.py aggregated()
    isAggregated = root.isAggregated
  })
  const drop = fill.kind === 'dropna'
  let measures: MeasuresOutput
  if (isAggregated) {
    measures = { kind: 'aggregated', points: concat(roots.filter((r) => r.cols > 0).map((r) => column(r, 0, drop))) }
  } else {
    const out: SeriesOutput[] = group.series.map((s, i) => ({
      id: s.resourceId ?? s.metric.id,
      metricName: s.resourceId === null ? null : s.key,
      aggregation: s.aggregation,
      // gnocchi-compat: 4.4.2 fails (500) when the root has fewer columns than series; such a list is empty here
      points: concat(roots.filter((r) => i < r.cols).map((r) => column(r, i, drop))),
    }))
    measures = { kind: idMode ? 'metrics' : 'resources', series: out }
  }
  const referenceIds = [...new Set(group.series.map((s) => s.resourceId ?? s.metric.id))]
  return { group: group.group, measures, referenceIds }
}

/** Computes every group of the plan, in group order. */
export function computeAggregates(plan: AggregatesPlan, data: readonly SeriesPoints[]): GroupResult[] {
  return plan.groups.map((g) => computeGroup(plan, g, data))
}
