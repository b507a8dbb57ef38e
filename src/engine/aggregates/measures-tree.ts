/**
 * The nested JSON shape of §2.7 built from a {@link MeasuresOutput}, ready for a serialiser
 * that renders µs timestamps as ISO text, granularities as float seconds and non-finite values
 * as bare `NaN`/`Infinity`/`-Infinity` tokens.
 */
import type { MeasuresOutput, PointList } from './types.js'

/** `[timestampUs, granularityUs, value]`. */
export type PointTuple = readonly [number, number, number]

/** The measures object: `{aggregated: [...]}`, `{id: {agg: [...]}}` or `{rid: {name: {agg: [...]}}}`. */
export type MeasuresTree =
  | { readonly aggregated: PointTuple[] }
  | Record<string, Record<string, PointTuple[]>>
  | Record<string, Record<string, Record<string, PointTuple[]>>>

/** Point tuples of a list. */
export function toTuples(p: PointList): PointTuple[] {
  const out: PointTuple[] = []
  for (let i = 0; i < p.values.length; i++) out.push([p.timestampsUs[i]!, p.granularitiesUs[i]!, p.values[i]!])
  return out
}

/** Builds the nested object; entries with the same keys are concatenated (Gnocchi extends one list). */
export function measuresTree(m: MeasuresOutput): MeasuresTree {
  if (m.kind === 'aggregated') return { aggregated: toTuples(m.points) }
  if (m.kind === 'metrics') {
    const out: Record<string, Record<string, PointTuple[]>> = {}
    for (const s of m.series) {
      const byAgg = (out[s.id] ??= {})
      ;(byAgg[s.aggregation] ??= []).push(...toTuples(s.points))
    }
    return out
  }
  const out: Record<string, Record<string, Record<string, PointTuple[]>>> = {}
  for (const s of m.series) {
    const byName = (out[s.id] ??= {})
    const byAgg = (byName[s.metricName ?? ''] ??= {})
    ;(byAgg[s.aggregation] ??= []).push(...toTuples(s.points))
  }
  return out
}
