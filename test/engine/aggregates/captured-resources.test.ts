/**
 * Resource-mode vectors captured from Gnocchi 4.4.2 by scripts/capture-aggregates-resources.py:
 * fnmatch patterns, groupby ordering (NULL last), dropped groups, output shapes.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { measuresTree, runAggregates, type FillMode, type ResourceInfo, type SeriesPoints } from '../../../src/engine/aggregates/index.js'
import type { AttributeValue } from '../../../src/model/resource.js'
import { GnocchiError } from '../../../src/model/errors.js'
import { parseOperations } from '../../../src/grammar/operations/index.js'
import type { OpNode } from '../../../src/grammar/operations/ast.js'
import { ops, opts } from './helpers.js'

interface Fixture {
  readonly aggregation_methods: string[]
  readonly resources: { id: string; revision_start: string; started_at: string; attributes: Record<string, AttributeValue>; metrics: Record<string, string> }[]
  readonly stored: Record<string, [string, number | string][]>
  readonly cases: { operations: string; query: [string, string][]; status: number; body: unknown }[]
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/aggregates/captured-resources.json', import.meta.url), 'utf8')) as Fixture

/** ISO text with optional microseconds → µs. */
function isoUs(s: string): number {
  const frac = /\.(\d{1,6})/.exec(s)
  const whole = Date.parse(s.replace(/\.\d+/, '')) * 1000
  return frac === null ? whole : whole + Number(frac[1]!.padEnd(6, '0'))
}
const num = (v: number | string): number => (typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity)
const RESOURCES: ResourceInfo[] = fx.resources.map((r) => ({
  id: r.id,
  revisionStartUs: isoUs(r.revision_start),
  startedAtUs: isoUs(r.started_at),
  attributes: r.attributes,
  metrics: Object.entries(r.metrics).map(([name, id]) => ({ id, name, granularitiesUs: [60e6], aggregationMethods: fx.aggregation_methods })),
}))
function stored(id: string): SeriesPoints {
  const pts = fx.stored[id] ?? []
  return { granularityUs: 60e6, timestampsUs: Float64Array.from(pts.map((p) => isoUs(p[0]))), values: Float64Array.from(pts.map((p) => num(p[1]))) }
}
function normalise(x: unknown): unknown {
  if (Array.isArray(x)) {
    if (x.length === 3 && typeof x[0] === 'string' && typeof x[1] === 'number') return [isoUs(x[0]), x[1] * 1e6, num(x[2] as number | string)]
    return x.map(normalise)
  }
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, normalise(v)]))
  return x
}

describe.each<[string, (text: string) => OpNode]>([
  ['test AST builder', ops],
  ['grammar parseOperations', parseOperations],
])('resource-mode vectors captured from Gnocchi 4.4.2 (%s)', (_parser, ops) => {
  it.each(fx.cases.map((c, i) => [i, c.operations, JSON.stringify(c.query), c] as const))('#%i %s %s', (_i, _o, _q, c) => {
    const groupby = c.query.filter(([k]) => k === 'groupby').map(([, v]) => v)
    const fill: FillMode | null = c.query.some(([k]) => k === 'fill') ? { kind: 'null' } : null
    const run = (): unknown => {
      const out = runAggregates(
        { operations: ops(c.operations), options: opts({ fill }), mode: { kind: 'resource', resources: RESOURCES, groupby, knownAttributes: new Set(['flavor', 'cores', 'project_id']) } },
        (r) => stored(r.metricId),
      )
      if (groupby.length === 0) return { measures: measuresTree(out[0]!.measures) }
      return out.map((g) => ({ group: g.group, measures: { measures: measuresTree(g.measures) } }))
    }
    if (c.status === 200) {
      expect(normalise(run())).toEqual(normalise(c.body))
      return
    }
    let err: unknown
    try {
      run()
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(GnocchiError)
    const want = (c.body as { description: { cause: string; detail: string[] } }).description
    const got = (err as GnocchiError).description as { cause: string; detail: string[] }
    expect({ ...got, detail: [...got.detail].sort() }).toEqual({ ...want, detail: [...want.detail].sort() })
  })
})
