/** Every row of gnocchi-aggregates.md §4 (unary, binary, clip, aggregate, rolling, resample). */
import { describe, expect, it } from 'vitest'
import { evaluate, type EvalContext, type Frame } from '../../../src/engine/aggregates/index.js'
import { cPow, floorMod } from '../../../src/engine/aggregates/operators.js'
import { resampleColumn } from '../../../src/engine/aggregates/resample.js'
import { makeFrame } from '../../../src/engine/aggregates/frame.js'
import { GnocchiError } from '../../../src/model/errors.js'
import { G60, ops, T0 } from './helpers.js'

/** A grid of columns X, Y (lookup keys `[X, mean]`, `[Y, mean]`) at 60 s from minute 0. */
function ctx(cols: number[][]): EvalContext {
  const rows = cols[0]!.length
  const ts = Float64Array.from({ length: rows }, (_, i) => T0 + i * G60)
  const grid = makeFrame(G60, ts, cols.length, Float64Array.from(cols.flat()), false)
  return { grid, lookups: cols.map((_, j) => [['X', 'Y', 'Z'][j]!, 'mean'] as const), normalizeName: (n) => n }
}
function cols(f: ReturnType<typeof evaluate>): number[][] {
  const fr = f as Frame
  return Array.from({ length: fr.cols }, (_, j) => Array.from(fr.values.subarray(j * fr.rows, (j + 1) * fr.rows)))
}
const X = '(metric X mean)'
const XY = '(metric (X mean) (Y mean))'

describe('§4.2 unary', () => {
  it.each<[string, number[], number[]]>([
    ['abs', [-1.5, 2, NaN], [1.5, 2, NaN]],
    ['absolute', [-3, -0.5, 4], [3, 0.5, 4]],
    ['neg', [1, -2, Infinity], [-1, 2, -Infinity]],
    ['negative', [0.5, NaN, -7], [-0.5, NaN, 7]],
    ['cos', [0, Math.PI, NaN], [1, -1, NaN]],
    ['sin', [0, Math.PI / 2, -Math.PI / 2], [0, 1, -1]],
    ['tan', [0, Math.PI / 4, NaN], [0, Math.tan(Math.PI / 4), NaN]],
    ['floor', [1.5, -1.5, 2], [1, -2, 2]],
    ['ceil', [1.5, -1.5, 2], [2, -1, 2]],
  ])('%s', (op, input, expected) => {
    expect(cols(evaluate(ops(`(${op} ${X})`), ctx([input])))).toEqual([expected])
  })
  it('rateofchange drops the first row and keeps is_aggregated', () => {
    const r = evaluate(ops(`(rateofchange (aggregate sum ${XY}))`), ctx([[1, 4, 9], [0, 1, 1]])) as Frame
    expect(cols(r)).toEqual([[4, 5]])
    expect(Array.from(r.timestampsUs)).toEqual([T0 + G60, T0 + 2 * G60])
    expect(r.isAggregated).toBe(true)
  })
})

describe('§4.3 binary', () => {
  it.each<[string, number[], number, number[]]>([
    ['+', [1, NaN, Infinity], 2, [3, NaN, Infinity]],
    ['add', [1, 2, 3], -1, [0, 1, 2]],
    ['-', [1, 2, 3], 0.5, [0.5, 1.5, 2.5]],
    ['sub', [1, 2, 3], 1, [0, 1, 2]],
    ['*', [1, -2, 0], 3, [3, -6, 0]],
    ['×', [1, 2, 3], 2, [2, 4, 6]],
    ['mul', [1, 2, 3], -1, [-1, -2, -3]],
    ['/', [1, -1, 0], 0, [Infinity, -Infinity, NaN]],
    ['÷', [3, 6, 9], 3, [1, 2, 3]],
    ['div', [1, 2, 3], 2, [0.5, 1, 1.5]],
    ['%', [5, -5, 5.5], 3, [2, 1, 2.5]],
    ['mod', [5, -5, 0], -3, [-1, -2, -0]],
    ['**', [2, -8, 1], 3, [8, -512, 1]],
    ['^', [4, 9, NaN], 0.5, [2, 3, NaN]],
    ['pow', [1, -1, 2], Infinity, [1, 1, Infinity]],
    ['=', [1, 2, NaN], 2, [0, 1, 0]],
    ['==', [1, 2, 3], 1, [1, 0, 0]],
    ['eq', [1, 2, 3], 3, [0, 0, 1]],
    ['!=', [1, 2, NaN], 2, [1, 0, 1]],
    ['≠', [1, 2, 3], 1, [0, 1, 1]],
    ['ne', [1, 2, 3], 3, [1, 1, 0]],
    ['<', [1, 2, NaN], 2, [1, 0, 0]],
    ['lt', [1, 2, 3], 3, [1, 1, 0]],
    ['>', [1, 2, NaN], 1, [0, 1, 0]],
    ['gt', [1, 2, 3], 2, [0, 0, 1]],
    ['<=', [1, 2, NaN], 2, [1, 1, 0]],
    ['≤', [1, 2, 3], 1, [1, 0, 0]],
    ['le', [1, 2, 3], 2, [1, 1, 0]],
    ['>=', [1, 2, NaN], 2, [0, 1, 0]],
    ['≥', [1, 2, 3], 3, [0, 0, 1]],
    ['ge', [1, 2, 3], 2, [0, 1, 1]],
    ['clip_min', [1, 5, NaN], 3, [3, 5, NaN]],
    ['clip_max', [1, 5, NaN], 3, [1, 3, NaN]],
  ])('(%s S %d)', (op, input, scalar, expected) => {
    const r = evaluate(ops(`(${op} ${X} ${scalar})`), ctx([input])) as Frame
    expect(cols(r)).toEqual([expected])
    expect(r.isAggregated).toBe(false)
  })
  it.each<[number, number, number]>([
    [5, 3, 2], [-5, 3, 1], [5, -3, -1], [-5, -3, -2], [6, 3, 0], [-6, 3, 0], [1, 0, NaN], [Infinity, 2, NaN], [-1, Infinity, Infinity], [1, Infinity, 1],
  ])('floored modulo %d %% %d = %d (numpy.mod)', (a, b, r) => {
    expect(floorMod(a, b)).toBe(r)
  })
  it('modulo zero has the sign of the divisor', () => {
    expect(Object.is(floorMod(6, -3), -0)).toBe(true)
    expect(Object.is(floorMod(-6, 3), 0)).toBe(true)
  })
  it.each<[number, number, number]>([[1, NaN, 1], [-1, -Infinity, 1], [NaN, 0, 1], [2, 10, 1024], [-8, 1 / 3, NaN]])('C pow(%d, %d) = %d', (a, b, r) => {
    expect(cPow(a, b)).toBe(r)
  })
  it('scalar first: (- 100 S)', () => {
    expect(cols(evaluate(ops(`(- 100 ${X})`), ctx([[1, 2]])))).toEqual([[99, 98]])
  })
  it('two series: broadcasting of a 1-column series, result aggregated', () => {
    const r = evaluate(ops(`(- ${XY} (metric X mean))`), ctx([[1, 2], [10, 20]])) as Frame
    expect(cols(r)).toEqual([[0, 0], [9, 18]])
    expect(r.isAggregated).toBe(true)
  })
  it('two series with different timestamps: the "different granularity" error with Python reprs', () => {
    expect(() => evaluate(ops(`(+ (rolling mean 2 (abs ${X})) (clip (* -1.5 (metric Y mean)) 1e20 3))`), ctx([[1, 2, 3], [4, 5, 6]]))).toThrow(
      expect.objectContaining({
        description: {
          cause: "Metrics can't being aggregated",
          reason: "Can't compute timeseries with different granularity ['rolling', 'mean', 2, ['abs', ['metric', 'X', 'mean']]] <> ['clip', ['*', -1.5, ['metric', 'Y', 'mean']], 1e+20, 3.0]",
          detail: [['X', 'mean'], ['Y', 'mean']],
        },
      }),
    )
  })
  it('resampled operand against a raw one is a granularity mismatch', () => {
    expect(() => evaluate(ops(`(+ ${X} (resample mean 120 (metric (Y mean))))`), ctx([[1, 2], [3, 4]]))).toThrow(
      /different granularity \['metric', 'X', 'mean'\] <> \['resample', 'mean', numpy.timedelta64\(120000000000,'ns'\), \['metric', \['Y', 'mean'\]\]\]/,
    )
  })
  it('incompatible column counts are a 400, not a crash', () => {
    const c = ctx([[1], [2], [3]])
    expect(() => evaluate(ops('(+ (metric (X mean) (Y mean)) (metric (X mean) (Y mean) (Z mean)))'), c)).toThrow(GnocchiError)
  })
})

describe('§4.4 clip', () => {
  it.each<[string, number[]]>([
    [`(clip ${X} 3 8)`, [3, 5, 8, NaN]],
    [`(clip ${X} 3)`, [3, 5, 10, NaN]],
    [`(clip ${X} 8 3)`, [3, 3, 3, NaN]],
  ])('%s', (text, expected) => {
    expect(cols(evaluate(ops(text), ctx([[1, 5, 10, NaN]])))).toEqual([expected])
  })
  it('series bounds; is_aggregated is the OR of operands, not forced', () => {
    const r = evaluate(ops(`(clip (metric X mean) (metric Y mean))`), ctx([[1, 5], [3, 3]])) as Frame
    expect(cols(r)).toEqual([[3, 5]])
    expect(r.isAggregated).toBe(false)
    const a = evaluate(ops(`(clip (aggregate sum ${XY}) 0 4)`), ctx([[1, 5], [3, 3]])) as Frame
    expect(cols(a)).toEqual([[4, 4]])
    expect(a.isAggregated).toBe(true)
  })
})

describe('§4.5 aggregate (NaN-ignoring)', () => {
  const grid = ctx([[1, NaN, 4, NaN], [3, NaN, NaN, 2], [8, NaN, 1, 2]])
  const S = '(metric (X mean) (Y mean) (Z mean))'
  it.each<[string, number[]]>([
    ['mean', [4, NaN, 2.5, 2]],
    ['median', [3, NaN, 2.5, 2]],
    ['std', [Math.sqrt(26 / 3), NaN, 1.5, 0]],
    ['var', [26 / 3, NaN, 2.25, 0]],
    ['min', [1, NaN, 1, 2]],
    ['max', [8, NaN, 4, 2]],
    ['sum', [12, 0, 5, 4]],
    ['count', [3, 0, 2, 2]],
    ['rate:mean', [NaN, NaN, -0.5]],
    ['rate:sum', [-12, 5, -1]],
    ['rate:count', [-3, 2, 0]],
    ['rate:max', [NaN, NaN, -2]],
    ['rate:min', [NaN, NaN, 1]],
    ['rate:median', [NaN, NaN, -0.5]],
    ['rate:std', [NaN, NaN, -1.5]],
    ['rate:var', [NaN, NaN, -2.25]],
  ])('%s', (method, expected) => {
    const r = evaluate(ops(`(aggregate ${method} ${S})`), grid) as Frame
    const got = cols(r)[0]!
    expect(got.length).toBe(expected.length)
    got.forEach((v, i) => (Number.isNaN(expected[i]) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(expected[i]!, 12)))
    expect(r.isAggregated).toBe(true)
    expect(r.timestampsUs.length).toBe(expected.length)
  })
})

describe('§4.6 rolling', () => {
  it.each<[string, number, number[][]]>([
    ['mean', 2, [[1.5, 2, 3.5], [NaN, 5, 5]]],
    ['sum', 3, [[5, 9], [5, 5]]],
    ['max', 1, [[1, 2, 2, 5], [NaN, NaN, 5, NaN]]],
    ['rate:sum', 2, [[1, 3], [5, 0]]],
    ['count', 2, [[2, 2, 2], [0, 1, 1]]],
  ])('%s window %d over grid rows, NaN ignored', (method, w, expected) => {
    const r = evaluate(ops(`(rolling ${method} ${w} ${XY})`), ctx([[1, 2, 2, 5], [NaN, NaN, 5, NaN]])) as Frame
    expect(cols(r)).toEqual(expected)
    expect(r.rows).toBe(expected[0]!.length)
  })
  it('window larger than the series', () => {
    expect(() => evaluate(ops(`(rolling mean 3 ${XY})`), ctx([[1, 2], [3, 4]]))).toThrow(
      expect.objectContaining({ description: { cause: "Metrics can't being aggregated", reason: "Rolling window '3' is greater than serie length '2'", detail: [['X', 'mean'], ['Y', 'mean']] } }),
    )
  })
})

describe('§4.7 resample (archive functions)', () => {
  const t = (mins: number[]): Float64Array => Float64Array.from(mins.map((m) => T0 + m * G60))
  const G = 120e6
  it.each<[string, number[], number[], number[], number[]]>([
    ['mean', [0, 1, 2, 3], [1, 3, NaN, 4], [0, 2], [2, NaN]],
    ['sum', [0, 1, 2], [1, 3, 5], [0, 2], [4, 5]],
    ['max', [0, 1, 2, 3], [1, NaN, 5, 2], [0, 2], [NaN, 5]],
    ['min', [0, 1, 2, 3], [1, NaN, NaN, NaN], [0, 2], [1, NaN]],
    ['median', [0, 1, 2, 3, 4, 5], [4, Infinity, NaN, 1, 2, 3], [0, 2, 4], [Infinity, NaN, 2.5]],
    ['std', [0, 1, 2, 4], [1, 3, 5, 6], [0], [Math.SQRT2]],
    ['count', [0, 1, 2], [NaN, 1, NaN], [0, 2], [2, 1]],
  ])('%s', (method, mins, values, outMins, expected) => {
    const r = resampleColumn(method as 'mean', t(mins), Float64Array.from(values), G)
    expect(Array.from(r.timestampsUs)).toEqual(outMins.map((m) => T0 + m * G60))
    expect(Array.from(r.values)).toEqual(expected)
  })
  it('rate: differences rows first, then buckets (E20)', () => {
    const r = evaluate(ops(`(resample rate:mean 120 ${X})`), ctx([[2, 5, 7, 10]])) as Frame
    expect(cols(r)).toEqual([[3, 2.5]])
    expect(r.granularityUs).toBe(120e6)
  })
  it('var is rejected (4.4.2: 500; recommended 400)', () => {
    expect(() => evaluate(ops(`(resample var 120 ${X})`), ctx([[1, 2]]))).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', description: { cause: 'Invalid input', reason: "'resample' operation invalid for dictionary value @ data['operations']", detail: ['operations'] } }),
    )
  })
})
