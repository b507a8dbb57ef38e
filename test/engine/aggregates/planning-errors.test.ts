/** §6 error catalogue entries raised by the engine (planning, alignment), with exact bodies. */
import { describe, expect, it } from 'vitest'
import { planAggregates, runAggregates, type AggregatesOptions, type MetricInfo, type ResourceInfo } from '../../../src/engine/aggregates/index.js'
import { GnocchiError } from '../../../src/model/errors.js'
import { FILL, G60, metric, ops, opts, readable, series } from './helpers.js'

const A = '00000000-0000-0000-0000-00000000000a'
const C = '00000000-0000-0000-0000-00000000000c'
const D = '00000000-0000-0000-0000-00000000000d'
const METRICS = new Map<string, MetricInfo>([
  [A, metric(A, null, [G60, 300e6])],
  [C, metric(C, null, [3600e6])],
  [D, { ...metric(D, null, [G60, 300e6]), aggregationMethods: ['mean'] }],
])
const idMode = { kind: 'id' as const, lookup: (id: string) => METRICS.get(id) }

function err(fn: () => unknown): GnocchiError {
  try {
    fn()
  } catch (e) {
    if (e instanceof GnocchiError) return e
    throw e
  }
  throw new Error('expected a GnocchiError')
}
const plan = (text: string, o: Partial<AggregatesOptions> = {}): unknown => planAggregates({ operations: ops(text), options: opts(o), mode: idMode })

describe('planning errors', () => {
  it.each<[string, () => unknown, string, unknown]>([
    ['no metric node', () => plan('(+ 1 2)'), 'INVALID_INPUT', { cause: 'Operations is invalid', reason: "At least one 'metric' is required", detail: ['+', 1, 2] }],
    ['non-UUID reference', () => plan('(metric (foo mean) (00000000-0000-0000-0000-00000000000a max))'), 'INVALID_INPUT', {
      cause: 'Invalid metric references', reason: 'badly formed hexadecimal UUID string', detail: [['foo', 'mean'], [A, 'max']],
    }],
    ['unknown metrics (missing ids only, canonical)', () => plan(`(metric (${A} mean) (0000000000000000000000000000BEEF mean))`), 'UNKNOWN_METRICS', {
      cause: 'Unknown metrics', reason: "Provided metrics don't exists", detail: ['00000000-0000-0000-0000-00000000beef'],
    }],
    ['no granularity match', () => plan(`(metric (${A} mean) (${C} mean))`), 'UNAGGREGABLE', {
      cause: "Metrics can't being aggregated", reason: 'No granularity match', detail: [[A, 'mean'], [C, 'mean']],
    }],
    ['unknown aggregation (first offender, 404)', () => plan(`(metric (${A} mean) (${D} max) (${A} last))`), 'UNKNOWN_AGGREGATION', {
      cause: 'Metrics with unknown aggregation', detail: [[D, 'max']],
    }],
    ['granularities missing', () => plan(`(metric (${A} mean) (${C} mean))`, { granularityUs: 300e6 }), 'UNAGGREGABLE', {
      cause: "Metrics can't being aggregated", reason: 'Granularities are missing', detail: [[C, 'mean', 300.0]],
    }],
  ])('%s', (_name, fn, code, description) => {
    const e = err(fn)
    expect(e.code).toBe(code)
    expect(e.description).toEqual(description)
  })

  it('common granularities are computed coarsest first and read from floor(start, g)', () => {
    const p = planAggregates({ operations: ops(`(metric (${A} mean) (${D} mean))`), options: opts({ startUs: 90e6, stopUs: 1000e6 }), mode: idMode })
    expect(p.groups[0]!.granularitiesUs).toEqual([300e6, G60])
    expect(p.reads.map((r) => [r.metricId, r.granularityUs, r.fromUs, r.toUs])).toEqual([
      [A, 300e6, 0, 1000e6], [A, G60, 60e6, 1000e6], [D, 300e6, 0, 1000e6], [D, G60, 60e6, 1000e6],
    ])
  })
  it('duplicate references are removed; uppercase/braced UUIDs are accepted', () => {
    const p = planAggregates({ operations: ops(`(+ (metric {${A.toUpperCase()}} mean) (metric ${A} mean))`), options: opts(), mode: idMode })
    expect(p.groups[0]!.series.map((s) => s.key)).toEqual([A, A])
    const q = planAggregates({ operations: ops(`(+ (metric ${A} mean) (metric ${A} mean))`), options: opts(), mode: idMode })
    expect(q.groups[0]!.series).toHaveLength(1)
  })
})

describe('overlap (strict mode) and fill', () => {
  const data = new Map([[A, series([[0, 1], [1, 2], [2, 3]])], [D, series([[1, 10], [2, 20], [3, 30]])]])
  const run = (o: Partial<AggregatesOptions>): unknown =>
    readable(runAggregates({ operations: ops(`(aggregate sum (metric (${A} mean) (${D} mean)))`), options: opts({ granularityUs: G60, ...o }), mode: idMode }, (r) => data.get(r.metricId)!)[0]!)
  it.each<[string, Partial<AggregatesOptions>, unknown]>([
    ['needed_overlap=0 still trims', { neededOverlap: 0 }, [['00:01', 60, 12], ['00:02', 60, 23]]],
    ['stop given: no trailing trim', { neededOverlap: 50, stopUs: Date.UTC(2024, 0, 1, 1) * 1000 }, [['00:01', 60, 12], ['00:02', 60, 23], ['00:03', 60, 30]]],
    ['fill=null keeps NaN rows', { fill: FILL.null }, [['00:00', 60, 1], ['00:01', 60, 12], ['00:02', 60, 23], ['00:03', 60, 30]]],
    ['fill=dropna', { fill: FILL.dropna }, [['00:00', 60, 1], ['00:01', 60, 12], ['00:02', 60, 23], ['00:03', 60, 30]]],
    ['fill=-1', { fill: FILL.value(-1) }, [['00:00', 60, 0], ['00:01', 60, 12], ['00:02', 60, 23], ['00:03', 60, 29]]],
  ])('%s', (_name, o, expected) => {
    expect(run(o)).toEqual({ aggregated: expected })
  })
  it('percent message uses %f and round-half-even %.2f', () => {
    const e = err(() => run({ neededOverlap: 99.5, startUs: Date.UTC(2024, 0, 1) * 1000, stopUs: Date.UTC(2024, 0, 1, 1) * 1000 }))
    expect(e.description).toEqual({
      cause: "Metrics can't being aggregated", reason: 'Less than 99.500000% of datapoints overlap in this timespan (50.00%)', detail: [[A, 'mean'], [D, 'mean']],
    })
  })
  it('dropna removes NaN and ±Infinity (division by zero vanishes); null keeps them', () => {
    const text = `(/ (metric ${A} mean) 0)`
    const z = new Map([[A, series([[0, 1], [1, -1], [2, 0]])]])
    const go = (o: Partial<AggregatesOptions>): unknown =>
      readable(runAggregates({ operations: ops(text), options: opts({ granularityUs: G60, ...o }), mode: idMode }, (r) => z.get(r.metricId)!)[0]!)
    expect(go({})).toEqual({ [A]: { mean: [] } })
    expect(go({ fill: FILL.null })).toEqual({ [A]: { mean: [['00:00', 60, Infinity], ['00:01', 60, -Infinity], ['00:02', 60, NaN]] } })
  })
})

describe('resource mode ordering', () => {
  const m = (id: string, name: string): MetricInfo => metric(id, name)
  const r = (id: string, attrs: ResourceInfo['attributes'], rev: number, metrics: MetricInfo[]): ResourceInfo => ({ id, revisionStartUs: rev, startedAtUs: 0, attributes: attrs, metrics })
  it('groups sort NULL last and numbers numerically; ties by id', () => {
    const resources = [
      r('c', { cores: null }, 1, [m('m3', 'x')]),
      r('b', { cores: 10 }, 2, [m('m2', 'x')]),
      r('a', { cores: 9 }, 3, [m('m1', 'x')]),
      r('d', { cores: 10 }, 0, [m('m4', 'x')]),
    ]
    const p = planAggregates({ operations: ops('(metric x mean)'), options: opts(), mode: { kind: 'resource', resources, groupby: ['cores'] } })
    expect(p.groups.map((g) => [g.group, g.series.map((s) => s.resourceId)])).toEqual([
      [{ cores: 9 }, ['a']], [{ cores: 10 }, ['b', 'd']], [{ cores: null }, ['c']],
    ])
  })
  it('a metric matched by two patterns yields two series (duplicated points, as Gnocchi)', () => {
    const res = [r('a', {}, 0, [m('m1', 'cpu')])]
    const out = runAggregates({ operations: ops('(metric (cpu mean) (c* mean))'), options: opts(), mode: { kind: 'resource', resources: res, groupby: [] } }, () => series([[0, 1]]))
    expect(readable(out[0]!)).toEqual({ a: { cpu: { mean: [['00:00', 60, 1], ['00:00', 60, 1]] } } })
  })
})
