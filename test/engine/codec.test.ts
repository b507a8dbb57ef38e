/** The split, value-column and metric-state codecs: bit-exact round trips and size targets. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ByteReader, ByteWriter } from '../../src/engine/codec/bytes.js'
import { decodeSplit, decodeSplitInto, encodeSplit, SPLIT_POINTS, splitLength, splitStartUs } from '../../src/engine/codec/split-codec.js'
import { decodeMetricState, encodeMetricState } from '../../src/engine/codec/state-codec.js'
import { readValueColumn, writeValueColumn } from '../../src/engine/codec/value-column.js'

/** Same double, where any NaN equals any NaN (payloads are not meaningful). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]!) && Number.isNaN(b[i]!)) continue
    if (!Object.is(a[i], b[i])) return false
  }
  return true
}

function roundTripValues(values: Float64Array): { out: Float64Array; bytes: number } {
  const w = new ByteWriter()
  writeValueColumn(w, values, values.length)
  const bytes = w.finish()
  const out = new Float64Array(values.length)
  const r = new ByteReader(bytes)
  readValueColumn(r, out, values.length)
  expect(r.done).toBe(true)
  return { out, bytes: bytes.length }
}

const G = 60_000_000
const dense = (values: number[]): { timestampsUs: Float64Array; values: Float64Array } => ({
  timestampsUs: Float64Array.from(values, (_, i) => i * G),
  values: Float64Array.from(values),
})

describe('value column', () => {
  it.each<[string, number[]]>([
    ['specials', [NaN, Infinity, -Infinity, -0, 0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE]],
    ['decimals with exceptions', [1.5, 2.25, NaN, 3, -0, 4.125, 5, 6, 7, 8, 9, 10]],
    ['repeated non-decimal', [1 / 3, 1 / 3, 1 / 3, 2 / 3, 2 / 3]],
    ['large integers', [2 ** 52, 2 ** 52 + 1, -(2 ** 53), 2 ** 53]],
    ['one value', [0.1 + 0.2]],
    ['empty', []],
  ])('round-trips %s bit-exactly', (_label, values) => {
    const v = Float64Array.from(values)
    expect(sameBits(roundTripValues(v).out, v)).toBe(true)
  })

  it('round-trips arbitrary doubles bit-exactly (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.integer({ min: -1000, max: 1000 }).map((x) => x / 100)), { maxLength: 300 }), (values) => {
        const v = Float64Array.from(values)
        return sameBits(roundTripValues(v).out, v)
      }),
      { numRuns: 300 },
    )
  })

  it('round-trips NaN with any payload as NaN', () => {
    const buf = new DataView(new ArrayBuffer(8))
    buf.setUint32(0, 0x7ff80000 | 0x1234)
    buf.setUint32(4, 0xdeadbeef)
    const v = Float64Array.from([buf.getFloat64(0), 1, 2, 3, 4])
    expect(Number.isNaN(roundTripValues(v).out[0]!)).toBe(true)
  })
})

describe('split codec', () => {
  it('round-trips sparse splits (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: SPLIT_POINTS - 1 }), { maxLength: 200 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.double(), { minLength: 200, maxLength: 200 }),
        (indices, splitNo, values) => {
          indices.sort((a, b) => a - b)
          const start = splitNo * SPLIT_POINTS * G
          const s = {
            timestampsUs: Float64Array.from(indices, (i) => start + i * G),
            values: Float64Array.from(indices, (_, k) => values[k]!),
          }
          const back = decodeSplit(encodeSplit(s, start, G), start, G)
          return sameBits(back.timestampsUs, s.timestampsUs) && sameBits(back.values, s.values)
        },
      ),
      { numRuns: 200 },
    )
  })

  let seed = 42
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
  const n = SPLIT_POINTS
  let counter = 1_000_000
  let gauge = 21.5
  it.each<[string, number[], number]>([
    ['constant', Array.from({ length: n }, () => 42), 2],
    ['constant non-decimal', Array.from({ length: n }, () => 1 / 3), 2],
    ['counter', Array.from({ length: n }, () => (counter += Math.floor(rand() * 500))), 2],
    ['slowly varying gauge', Array.from({ length: n }, () => (gauge = Math.round((gauge + (rand() - 0.5) * 0.4) * 100) / 100)), 2],
    ['random floats', Array.from({ length: n }, () => (rand() - 0.5) * 1e6 * rand()), 9],
  ])('%s: ≤ %d bytes/point and exact', (_label, values, limit) => {
    const s = dense(values)
    const bytes = encodeSplit(s, 0, G)
    expect(bytes.length / n).toBeLessThanOrEqual(limit)
    const back = decodeSplit(bytes, 0, G)
    expect(sameBits(back.values, s.values) && sameBits(back.timestampsUs, s.timestampsUs)).toBe(true)
  })

  it('decodes into shared columns at an offset: the header gives the length, neighbours stay untouched', () => {
    const a = { timestampsUs: Float64Array.of(0, 2 * G, 5 * G), values: Float64Array.of(1.5, Number.NaN, -2) }
    const b = { timestampsUs: Float64Array.of(SPLIT_POINTS * G), values: Float64Array.of(1 / 3) }
    const bytesA = encodeSplit(a, 0, G)
    const bytesB = encodeSplit(b, SPLIT_POINTS * G, G)
    expect([splitLength(bytesA), splitLength(bytesB)]).toEqual([3, 1])
    const ts = new Float64Array(6).fill(-1)
    const vs = new Float64Array(6).fill(-1)
    decodeSplitInto(bytesA, 0, G, ts.subarray(1, 4), vs.subarray(1, 4))
    decodeSplitInto(bytesB, SPLIT_POINTS * G, G, ts.subarray(4, 5), vs.subarray(4, 5))
    expect(Array.from(ts)).toEqual([-1, 0, 2 * G, 5 * G, SPLIT_POINTS * G, -1])
    expect(Array.from(vs)).toEqual([-1, 1.5, Number.NaN, -2, 1 / 3, -1])
    expect(() => decodeSplitInto(bytesA, 0, G, ts.subarray(0, 2), vs.subarray(0, 2))).toThrow(RangeError)
    const at = new Float64Array(5)
    const av = new Float64Array(5)
    expect(decodeSplitInto(bytesA, 0, G, at, av, 1)).toBe(3)
    expect(decodeSplitInto(bytesB, SPLIT_POINTS * G, G, at, av, 4)).toBe(1)
    expect(Array.from(at)).toEqual([0, 0, 2 * G, 5 * G, SPLIT_POINTS * G])
    expect(Array.from(av)).toEqual([0, 1.5, Number.NaN, -2, 1 / 3])
    expect(() => decodeSplitInto(bytesA, 0, G, at, av, 3)).toThrow(RangeError)
  })

  it('names splits by aligned windows of 3600 buckets', () => {
    expect(splitStartUs(3599 * G, G)).toBe(0)
    expect(splitStartUs(3600 * G, G)).toBe(3600 * G)
  })
})

describe('metric state codec', () => {
  it('round-trips raw points and the split index', () => {
    const state = {
      raw: { timestampsUs: Float64Array.from([1.7e15, 1.7e15 + 1, 1.7e15 + 1_000_001]), values: Float64Array.from([NaN, -0, 1.25]) },
      series: [
        { method: 'rate:95pct', granularityUs: G, lastUs: 7200 * G, splitStartsUs: [0, 3600 * G] },
        { method: 'mean', granularityUs: 1_000_000, lastUs: null, splitStartsUs: [] },
      ],
    }
    const back = decodeMetricState(encodeMetricState(state))
    expect(sameBits(back.raw.timestampsUs, state.raw.timestampsUs)).toBe(true)
    expect(sameBits(back.raw.values, state.raw.values)).toBe(true)
    expect(back.series).toEqual(state.series)
  })

  it('rejects truncated input', () => {
    const bytes = encodeSplit(dense([1, 2, 3.5]), 0, G)
    expect(() => decodeSplit(bytes.subarray(0, bytes.length - 1), 0, G)).toThrow(RangeError)
  })
})
