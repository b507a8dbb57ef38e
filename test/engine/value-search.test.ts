/** The metric value search: predicate evaluation (NumPy semantics) and the batched, cost-guarded read. */
import { describe, expect, it } from 'vitest'
import { processMetric } from '../../src/engine/ingest/process-metric.js'
import { readSeries } from '../../src/engine/read/read-series.js'
import { compileValuePredicate, searchValues } from '../../src/engine/value-search/index.js'
import { valuePredicateFromJson } from '../../src/grammar/value-predicate/index.js'
import type { ArchivePolicy } from '../../src/model/archive-policy.js'
import { GnocchiError } from '../../src/model/errors.js'
import { MapSeriesStore } from './carbonara-map-store.js'

const S = 1_000_000
const compile = (body: unknown) => compileValuePredicate(valuePredicateFromJson(body))

/** The values every predicate below is tried on. */
const VALUES = [12, -3, 0, 7.5, NaN, Infinity, -Infinity, 1, -1, 0.5]

describe('compileValuePredicate', () => {
  // Expected: Gnocchi 4.4.2's MeasureQuery applied to numpy.float64 of each value ('1' = kept).
  const cases: readonly [unknown, string][] = [
    [{"=": 12}, '1000000000'],
    [{"==": 7.5}, '0001000000'],
    [{"!=": 12}, '0111111111'],
    [{"<": 0}, '0100001010'],
    [{"≤": 0}, '0110001010'],
    [{">": 1}, '1001010000'],
    [{"ge": 1}, '1001010100'],
    [{"+": 3}, '1011111111'],
    [{"-": 12}, '0111111111'],
    [{"*": 0}, '0000111000'],
    [{"/": 0}, '1111111111'],
    [{"%": 0}, '1111111111'],
    [{"%": 2}, '0101111111'],
    [{"mod": -5}, '1101111111'],
    [{"**": 0.5}, '1101111111'],
    [{"^": 0}, '1111111111'],
    [{"pow": -1}, '1111100111'],
    [{"=": [{"%": 5}, 2]}, '1100000000'],
    [{"=": [{"%": -5}, -3]}, '1100000000'],
    [{"<": [{"*": 2}, 15]}, '0110001111'],
    [{">": [100, {"**": 2}]}, '0111000111'],
    [{"=": [{"/": 0}, 1]}, '0000000000'],
    [{"=": [{"=": 12}, true]}, '1000000000'],
    [{"-": [{"=": 12}, 1]}, '0111111111'],
    [{"and": []}, '1111111111'],
    [{"or": []}, '0000000000'],
    [{"and": [{">": 0}, {"<": 10}]}, '0001000101'],
    [{"∨": [{"<": -2}, {"=": 12}]}, '1100001000'],
    [{"∧": [{"or": [{"=": 1}, {"=": -1}]}, {">": 0}]}, '0000000100'],
    [{"=": [1, 1]}, '1111111111'],
    [{"=": [1, 2]}, '0000000000'],
    [{"/": [1, 2]}, '1111111111'],
    [{"**": [1, {"+": 0}]}, '1111111111'],
    [{"=": [{"**": [1, {"+": 0}]}, 1]}, '1111111111'],
    [{"=": [{"**": [-1, {"*": 1}]}, 1]}, '1010011000'],
    [{"≠": [{"/": [{"-": 0}, {"+": 0}]}, 1]}, '0010111000'],
  ]
  it.each(cases.map(([body, bits]) => [JSON.stringify(body), body, bits] as const))('%s', (_shown, body, bits) => {
    const test = compile(body)
    expect(VALUES.map((v) => (test(v) ? '1' : '0')).join('')).toBe(bits)
  })

  const refusals: readonly [unknown, string][] = [
    // gnocchi-compat: 4.4.2 raises ZeroDivisionError (500) for each value; we refuse the query.
    [{ '/': [1, 0] }, 'Invalid query: division by zero in {"/": [1, 0]}'],
    [{ '%': [2.5, false] }, 'Invalid query: division by zero in {"%": [2.5, 0]}'],
    [{ or: [{ '=': 12 }, { '=': [{ '÷': [1, 0] }, 1] }] }, 'Invalid query: division by zero in {"÷": [1, 0]}'],
    [{ '**': [0, -1] }, 'Invalid query: zero raised to a negative power in {"**": [0, -1]}'],
    // `not` is refused while building, before any constant is evaluated.
    [{ and: [{ '/': [1, 0] }, { not: [] }] }, 'Unknown operator not'],
    [{ not: [{ '=': 1 }] }, 'Unknown operator not'],
  ]
  it.each(refusals.map(([body, message]) => [JSON.stringify(body), body, message] as const))('refuses %s', (_shown, body, message) => {
    let caught: unknown
    try {
      compile(body)
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(GnocchiError)
    expect((caught as GnocchiError).code).toBe('INVALID_INPUT')
    expect((caught as GnocchiError).description).toBe(message)
  })

  it('folds constant pairs with NumPy arithmetic where Python does not raise', () => {
    expect(compile({ '=': [{ '%': [-7, 2] }, 1] })(0)).toBe(true)
    expect(compile({ '=': [{ '**': [2, 10] }, 1024] })(0)).toBe(true)
  })
})

describe('searchValues', () => {
  const policy: ArchivePolicy = {
    name: 'v',
    backWindow: 0,
    aggregationMethods: ['mean'],
    definition: [
      { granularityUs: 1 * S, points: 3600, timespanUs: 3600 * S },
      { granularityUs: 2 * S, points: 1800, timespanUs: 3600 * S },
    ],
  }
  const granularities = [
    { granularityUs: 2 * S, timespanUs: 3600 * S },
    { granularityUs: 1 * S, timespanUs: 3600 * S },
  ]
  const load = async (): Promise<MapSeriesStore> => {
    const store = new MapSeriesStore()
    const values = [12, -3, 0, 7.5, NaN]
    await store.appendIncoming([
      { metricId: 'a', batch: { timesUs: Float64Array.from(values, (_, i) => (100 + i) * S), values: Float64Array.from(values) } },
      { metricId: 'b', batch: { timesUs: Float64Array.from([100 * S, 101 * S]), values: Float64Array.from([4, 5]) } },
    ])
    await processMetric(store, 'a', policy)
    await processMetric(store, 'b', policy)
    return store
  }
  const options = { aggregation: 'mean', startUs: null, stopUs: null, maxPoints: null }

  it('keeps matching points, granularity by granularity in the requested order', async () => {
    const [a, b] = await searchValues(await load(), [{ metricId: 'a', granularities }, { metricId: 'b', granularities }], options, compile({ '>': 4 }))
    expect(a!.metricId).toBe('a')
    expect(Array.from(a!.points.timestampsUs)).toEqual([100 * S, 100 * S, 103 * S])
    expect(Array.from(a!.points.granularitiesUs)).toEqual([2 * S, 1 * S, 1 * S])
    expect(Array.from(a!.points.values)).toEqual([4.5, 12, 7.5])
    expect(Array.from(b!.points.values)).toEqual([4.5, 5])
  })

  it('reads [start rounded down, stop) and keeps NaN for a truthy predicate', async () => {
    const [a] = await searchValues(await load(), [{ metricId: 'a', granularities }], { ...options, startUs: 103.5 * S, stopUs: 105 * S }, compile({ '+': 3 }))
    expect(Array.from(a!.points.timestampsUs)).toEqual([102 * S, 104 * S, 103 * S, 104 * S])
    expect(a!.points.values[3]).toBeNaN()
  })

  it('refuses more stored points than maxPoints, counting every series read', async () => {
    const store = await load()
    // a holds 3 + 5 points, b 1 + 2: 11 in all.
    const targets = [{ metricId: 'a', granularities }, { metricId: 'b', granularities }]
    await expect(searchValues(store, targets, { ...options, maxPoints: 10 }, compile({ '=': 12 }))).rejects.toThrow(
      'Query touches 11 points, more than the limit of 10 (POLENTA_MAX_QUERY_POINTS)',
    )
    await expect(searchValues(store, targets, { ...options, maxPoints: 11 }, compile({ '=': 12 }))).resolves.toHaveLength(2)
  })
})

describe('readSeries storedPoints (the query cost)', () => {
  it('counts the stored points of the range, before resampling', async () => {
    const store = new MapSeriesStore()
    const n = 10
    await store.appendIncoming([{ metricId: 'm', batch: { timesUs: Float64Array.from({ length: n }, (_, i) => i * 60 * S), values: Float64Array.from({ length: n }, (_, i) => i) } }])
    const policy: ArchivePolicy = { name: 'r', backWindow: 0, aggregationMethods: ['mean'], definition: [{ granularityUs: 60 * S, points: null, timespanUs: null }] }
    await processMetric(store, 'm', policy)
    const base = { metricId: 'm', aggregation: 'mean', granularityUs: 60 * S, timespanUs: null }
    const [plain, bounded, resampled] = await readSeries(store, [
      { ...base, startUs: null, stopUs: null },
      { ...base, startUs: 150 * S, stopUs: 300 * S },
      { ...base, startUs: null, stopUs: null, resample: { kind: 'span', granularityUs: 600 * S } },
    ])
    expect(plain!.storedPoints).toBe(10)
    expect(bounded!.storedPoints).toBe(3)
    expect(resampled!.timestampsUs.length).toBe(1)
    expect(resampled!.storedPoints).toBe(10)
  })
})
