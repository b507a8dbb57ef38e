/**
 * Vectors captured from the real Gnocchi 4.4.2 by scripts/capture-carbonara.py
 * (test/fixtures/carbonara/captured.json): every scenario posts its batches one processing set at
 * a time and reads `GET …/measures?refresh=true`; we replay them through processMetric and
 * readMetricMeasures and expect the same rows, values bit for bit.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ArchivePolicy } from '../../src/model/archive-policy.js'
import { processMetric } from '../../src/engine/ingest/process-metric.js'
import { isCalendarUnit } from '../../src/engine/read/calendar.js'
import type { ResampleTarget } from '../../src/engine/read/resample.js'
import { readMetricMeasures } from '../../src/engine/read/read-series.js'
import { MapSeriesStore } from './carbonara-map-store.js'

type Num = number | 'NaN' | 'Infinity' | '-Infinity'
interface Query {
  aggregation: string
  granularityUs: number | null
  resample: string | null
  startUs: number | null
  stopUs: number | null
  result: [number, number | string, Num][]
}
interface Scenario {
  name: string
  policy: { backWindow: number; definition: { granularityUs: number; points: number | null }[]; aggregationMethods: string[] }
  batches: { timesUs: number[]; values: Num[]; queries: Query[] }[]
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/carbonara/captured.json', import.meta.url), 'utf8'),
) as { scenarios: Scenario[]; queryCount: number }

const num = (v: Num): number => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v)

function policyOf(s: Scenario): ArchivePolicy {
  return {
    name: s.name,
    backWindow: s.policy.backWindow,
    aggregationMethods: s.policy.aggregationMethods,
    definition: s.policy.definition.map((d) => ({
      granularityUs: d.granularityUs,
      points: d.points,
      timespanUs: d.points === null ? null : d.points * d.granularityUs,
    })),
  }
}

function resampleOf(text: string | null): ResampleTarget | null {
  if (text === null) return null
  if (isCalendarUnit(text)) return { kind: 'calendar', unit: text }
  return { kind: 'span', granularityUs: Number(text) * 1e6 }
}

/** Rows as comparable tuples; values via Object.is semantics except NaN payloads. */
function canon(rows: [number, number | string, number][]): string[] {
  return rows.map(([t, g, v]) => `${t} ${g} ${Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : String(v)}`)
}

describe('captured Gnocchi 4.4.2 vectors', () => {
  it('has at least 150 captured queries', () => {
    expect(fixture.queryCount).toBeGreaterThanOrEqual(150)
  })

  it('Gnocchi itself: the same data in one or five processing sets differs only in percentiles (last bits)', () => {
    const byName = new Map(fixture.scenarios.map((s) => [s.name, s]))
    const one = byName.get('dense-all-methods-one-batch')!.batches.at(-1)!.queries
    const five = byName.get('dense-all-methods-five-batches')!.batches.at(-1)!.queries
    const differing = new Set(one.filter((q, i) => JSON.stringify(q.result) !== JSON.stringify(five[i]!.result)).map((q) => q.aggregation))
    expect(differing.size).toBeGreaterThan(0)
    expect([...differing].every((m) => m.endsWith('pct'))).toBe(true)
  })

  it.each(fixture.scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const store = new MapSeriesStore()
    const policy = policyOf(scenario)
    const metricId = 'm-' + scenario.name
    for (const batch of scenario.batches) {
      await store.appendIncoming([
        { metricId, batch: { timesUs: Float64Array.from(batch.timesUs), values: Float64Array.from(batch.values, num) } },
      ])
      await processMetric(store, metricId, policy)
      for (const q of batch.queries) {
        const series = await readMetricMeasures(store, metricId, policy, {
          aggregation: q.aggregation,
          granularityUs: q.granularityUs,
          startUs: q.startUs,
          stopUs: q.stopUs,
          resample: resampleOf(q.resample),
        })
        const got: [number, number | string, number][] = []
        for (const s of series) {
          for (let i = 0; i < s.timestampsUs.length; i++) {
            got.push([s.timestampsUs[i]!, s.calendar ?? s.granularityUs, s.values[i]!])
          }
        }
        const want = q.result.map(([t, g, v]) => [t, g, num(v)] as [number, number | string, number])
        expect(canon(got), `${q.aggregation} g=${q.granularityUs} resample=${q.resample} start=${q.startUs} stop=${q.stopUs}`).toEqual(
          canon(want),
        )
      }
    }
  })
})
