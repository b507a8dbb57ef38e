/**
 * Float64 value columns. The encoder tries three layouts and keeps the smallest:
 * - `RAW` (0): 8 bytes per value, any bit pattern (random floats: 8 bytes/point);
 * - `DECIMAL` (1): values that are exactly `integer / 10^k` (k ≤ 9, same k for the column) as an
 *   {@link writeIntColumn} integer column, with the few values that are not (NaN, ±Infinity, −0,
 *   long fractions) stored verbatim as exceptions. Constants, counters and gauges with a few
 *   decimals cost 0–2 bytes per value;
 * - `RUNS` (2): run-length pairs of verbatim doubles (step functions of non-decimal values, e.g.
 *   the constant mean 1/3).
 * Decoding is bit-exact for every value except NaN, whose payload is not preserved in `DECIMAL`
 * (a NaN may decode with another payload; NaN payloads carry no meaning here).
 */
import { type ByteReader, ByteWriter } from './bytes.js'
import { readIntColumn, writeIntColumn } from './int-column.js'

const RAW = 0
const DECIMAL = 1
const RUNS = 2
const MAX_K = 9
const POW10 = Array.from({ length: MAX_K + 1 }, (_, k) => 10 ** k)
const MAX_INT = 2 ** 50

/** Smallest k such that `v` is exactly `round(v·10^k) / 10^k` with a small integer, or -1. */
function decimalDigits(v: number): number {
  if (!Number.isFinite(v) || Object.is(v, -0)) return -1
  for (let k = 0; k <= MAX_K; k++) {
    const m = Math.round(v * POW10[k]!)
    if (Math.abs(m) > MAX_INT) return -1
    if (m / POW10[k]! === v) return k
  }
  return -1
}

/** Writes `n` values of `values` in the smallest layout. */
export function writeValueColumn(w: ByteWriter, values: Float64Array, n: number): void {
  if (n === 0) return
  const candidates: Uint8Array[] = []
  const dec = encodeDecimal(values, n)
  if (dec !== null) candidates.push(dec)
  const runs = encodeRuns(values, n, dec === null ? 8 * n : dec.length)
  if (runs !== null) candidates.push(runs)
  let best: Uint8Array | null = null
  for (const c of candidates) if (best === null || c.length < best.length) best = c
  if (best !== null && best.length < 8 * n + 1) {
    w.bytes(best)
    return
  }
  w.byte(RAW)
  for (let i = 0; i < n; i++) w.f64(values[i]!)
}

function encodeDecimal(values: Float64Array, n: number): Uint8Array | null {
  const digits = new Int8Array(n)
  let k = 0
  let exceptions = 0
  for (let i = 0; i < n; i++) {
    const d = decimalDigits(values[i]!)
    digits[i] = d
    if (d < 0) {
      // Bail out early on non-decimal data (means, random floats): each miss costs up to 10 tries.
      if (++exceptions * 4 > n) return null
    } else if (d > k) k = d
  }
  const scale = POW10[k]!
  const ints = new Float64Array(n)
  const excIdx: number[] = []
  let prev = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]!
    if (digits[i]! >= 0) {
      const m = Math.round(v * scale)
      // A finer digit count may not fit the column's k with the same integer: check exactly.
      if (Math.abs(m) <= MAX_INT && m / scale === v) {
        ints[i] = m
        prev = m
        continue
      }
    }
    ints[i] = prev
    excIdx.push(i)
  }
  if (excIdx.length * 4 > n) return null
  // A scratch writer, so candidate encodings can be measured before one is chosen.
  const w = new ByteWriter(256)
  w.byte(DECIMAL)
  w.byte(k)
  writeIntColumn(w, ints, n)
  w.uvarint(excIdx.length)
  let last = 0
  for (const i of excIdx) {
    w.uvarint(i - last)
    w.f64(values[i]!)
    last = i
  }
  return w.finish()
}

function encodeRuns(values: Float64Array, n: number, budget: number): Uint8Array | null {
  const w = new ByteWriter(256)
  w.byte(RUNS)
  let i = 0
  while (i < n) {
    const v = values[i]!
    let j = i + 1
    while (j < n && Object.is(values[j]!, v)) j++
    w.f64(v)
    w.uvarint(j - i - 1)
    if (w.length >= budget) return null
    i = j
  }
  return w.finish()
}

/**
 * Reads `n` values into `out[offset]…`; the offset lets many columns be decoded into one array
 * without a view per column.
 */
export function readValueColumn(r: ByteReader, out: Float64Array, n: number, offset = 0): void {
  if (n === 0) return
  const mode = r.byte()
  const end = offset + n
  if (mode === RAW) {
    for (let i = offset; i < end; i++) out[i] = r.f64()
  } else if (mode === DECIMAL) {
    const k = r.byte()
    if (k > MAX_K) throw new RangeError('corrupt value column')
    readIntColumn(r, out, n, offset)
    const scale = POW10[k]!
    if (k > 0) for (let i = offset; i < end; i++) out[i] = out[i]! / scale
    const exc = r.uvarint()
    let at = 0
    for (let e = 0; e < exc; e++) {
      at += r.uvarint()
      if (at >= n) throw new RangeError('corrupt value column')
      out[offset + at] = r.f64()
    }
  } else if (mode === RUNS) {
    let i = 0
    while (i < n) {
      const v = r.f64()
      const run = r.uvarint() + 1
      if (i + run > n) throw new RangeError('corrupt value column')
      out.fill(v, offset + i, offset + i + run)
      i += run
    }
  } else throw new RangeError(`unknown value column mode ${mode}`)
}
