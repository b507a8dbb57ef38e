/** Property tests: kernels against naive reference implementations, alignment invariants. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildGrid, unionTimestamps } from '../../../src/engine/aggregates/align.js'
import { reduceAcrossColumns } from '../../../src/engine/aggregates/nan-reduce.js'
import { resampleColumn } from '../../../src/engine/aggregates/resample.js'
import type { BaseMethod } from '../../../src/engine/aggregates/methods.js'

const value = fc.oneof(fc.constant(Number.NaN), fc.integer({ min: -1000, max: 1000 }).map((x) => x / 4))
const matrix = fc.integer({ min: 2, max: 6 }).chain((rows) => fc.array(fc.array(value, { minLength: rows, maxLength: rows }), { minLength: 1, maxLength: 7 }))

function naive(method: BaseMethod, xs: number[]): number {
  const v = xs.filter((x) => !Number.isNaN(x))
  const sum = v.reduce((a, b) => a + b, 0)
  const mean = sum / v.length
  switch (method) {
    case 'sum': return sum
    case 'count': return v.length
    case 'mean': return mean
    case 'min': return v.length === 0 ? NaN : Math.min(...v)
    case 'max': return v.length === 0 ? NaN : Math.max(...v)
    case 'var': return v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length
    case 'std': return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length)
    case 'median': {
      const s = [...v].sort((a, b) => a - b)
      const n = s.length
      return n === 0 ? NaN : n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2
    }
  }
}

describe('aggregate kernels match a naive NaN-ignoring reference', () => {
  it.each<BaseMethod>(['sum', 'count', 'mean', 'min', 'max', 'var', 'std', 'median'])('%s', (method) => {
    fc.assert(fc.property(matrix, (cols) => {
      const rows = cols[0]!.length
      const got = reduceAcrossColumns(method, Float64Array.from(cols.flat()), rows, cols.length)
      for (let i = 0; i < rows; i++) {
        const want = naive(method, cols.map((c) => c[i]!))
        if (Number.isNaN(want)) expect(got[i]).toBeNaN()
        else expect(got[i]).toBeCloseTo(want, 9)
      }
    }))
  })
})

describe('resample', () => {
  it('buckets cover every row once; count sums to the row count; sum is NaN iff a NaN is in the bucket', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { minLength: 0, maxLength: 40 }), fc.array(value, { minLength: 40, maxLength: 40 }), fc.integer({ min: 1, max: 50 }), (mins, vals, g) => {
      const ts = Float64Array.from([...mins].sort((a, b) => a - b).map((m) => m * 60e6))
      const vs = Float64Array.from(ts, (_, i) => vals[i]!)
      const gUs = g * 60e6
      const count = resampleColumn('count', ts, vs, gUs)
      expect(count.values.reduce((a, b) => a + b, 0)).toBe(ts.length)
      const sum = resampleColumn('sum', ts, vs, gUs)
      sum.timestampsUs.forEach((b, k) => {
        const inBucket = Array.from(ts.keys()).filter((i) => Math.floor(ts[i]! / gUs) * gUs === b).map((i) => vs[i]!)
        expect(Number.isNaN(sum.values[k]!)).toBe(inBucket.some(Number.isNaN))
      })
    }))
  })
})

describe('alignment', () => {
  const seriesArb = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 20 }), { minLength: 1, maxLength: 5 })
  it('the union is sorted, unique and contains every timestamp; every value lands on its row', () => {
    fc.assert(fc.property(seriesArb, (sets) => {
      const series = sets.map((s, j) => {
        const ts = Float64Array.from([...s].sort((a, b) => a - b).map((m) => m * 60e6))
        return { granularityUs: 60e6, timestampsUs: ts, values: Float64Array.from(ts, (t) => t / 1e6 + j * 1e6) }
      })
      const union = unionTimestamps(series)
      for (let i = 1; i < union.length; i++) expect(union[i]!).toBeGreaterThan(union[i - 1]!)
      expect(union.length).toBe(new Set(sets.flat()).size)
      const grid = buildGrid(60e6, series, Number.NaN)
      series.forEach((s, j) => {
        let present = 0
        for (let r = 0; r < grid.rows; r++) {
          const v = grid.values[j * grid.rows + r]!
          if (!Number.isNaN(v)) {
            present++
            expect(v).toBe(grid.timestampsUs[r]! / 1e6 + j * 1e6)
          }
        }
        expect(present).toBe(s.timestampsUs.length)
      })
    }))
  })
})
