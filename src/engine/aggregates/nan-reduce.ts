/**
 * NaN-ignoring reductions with NumPy's semantics (`nanmean`, `nansum`, `nanstd`, … as used by
 * `aggregate` and `rolling`, gnocchi-aggregates.md §4.5–§4.6). Matrices are column-major
 * Float64Arrays (column `j` occupies `[j * rows, (j + 1) * rows)`), so a cross-column
 * reduction is a few sequential passes over contiguous memory with no per-point allocation.
 */
import type { BaseMethod } from './methods.js'

/**
 * Reduces the `cols` columns of a column-major matrix to one value per row.
 * gnocchi-compat: accumulation runs column after column, the order NumPy uses for the
 * F-ordered grid Gnocchi builds (`val_grid.T`), so sums match it bit for bit; see
 * gnocchi/rest/aggregates/operations.py AGG_MAP.
 */
export function reduceAcrossColumns(method: BaseMethod, values: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows)
  if (rows === 1) {
    // gnocchi-compat: with a single row NumPy reduces along a contiguous axis, i.e. pairwise
    out[0] = reduceWindow(method, values, 0, cols, new Float64Array(cols), cols < 600)
    return out
  }
  switch (method) {
    case 'sum':
      sumInto(out, values, rows, cols)
      return out
    case 'count':
      countInto(out, values, rows, cols)
      return out
    case 'mean': {
      const cnt = new Float64Array(rows)
      sumCountInto(out, cnt, values, rows, cols)
      for (let i = 0; i < rows; i++) out[i] = out[i]! / cnt[i]!
      return out
    }
    case 'var':
    case 'std':
      varInto(out, values, rows, cols, method === 'std')
      return out
    case 'min':
    case 'max':
      extremeInto(out, values, rows, cols, method === 'max')
      return out
    case 'median':
      medianInto(out, values, rows, cols)
      return out
  }
}

function sumInto(out: Float64Array, values: Float64Array, rows: number, cols: number): void {
  for (let j = 0; j < cols; j++) {
    const base = j * rows
    for (let i = 0; i < rows; i++) {
      const v = values[base + i]!
      // v === v is false only for NaN: nansum treats NaN as 0
      out[i] = out[i]! + (v === v ? v : 0)
    }
  }
}

function sumCountInto(sum: Float64Array, cnt: Float64Array, values: Float64Array, rows: number, cols: number): void {
  for (let j = 0; j < cols; j++) {
    const base = j * rows
    for (let i = 0; i < rows; i++) {
      const v = values[base + i]!
      const ok = v === v
      sum[i] = sum[i]! + (ok ? v : 0)
      cnt[i] = cnt[i]! + (ok ? 1 : 0)
    }
  }
}

function countInto(out: Float64Array, values: Float64Array, rows: number, cols: number): void {
  for (let j = 0; j < cols; j++) {
    const base = j * rows
    for (let i = 0; i < rows; i++) {
      const v = values[base + i]!
      out[i] = out[i]! + (v === v ? 1 : 0)
    }
  }
}

function varInto(out: Float64Array, values: Float64Array, rows: number, cols: number, sqrt: boolean): void {
  const mean = new Float64Array(rows)
  const cnt = new Float64Array(rows)
  sumCountInto(mean, cnt, values, rows, cols)
  for (let i = 0; i < rows; i++) mean[i] = mean[i]! / cnt[i]!
  for (let j = 0; j < cols; j++) {
    const base = j * rows
    for (let i = 0; i < rows; i++) {
      const v = values[base + i]!
      if (v === v) {
        const d = v - mean[i]!
        out[i] = out[i]! + d * d
      }
    }
  }
  for (let i = 0; i < rows; i++) {
    const r = out[i]! / cnt[i]!
    out[i] = sqrt ? Math.sqrt(r) : r
  }
}

function extremeInto(out: Float64Array, values: Float64Array, rows: number, cols: number, max: boolean): void {
  out.fill(Number.NaN)
  for (let j = 0; j < cols; j++) {
    const base = j * rows
    for (let i = 0; i < rows; i++) {
      const v = values[base + i]!
      const cur = out[i]!
      // NaN current value means "nothing seen yet"; NaN inputs are skipped (fmin/fmax)
      if (v === v && (cur !== cur || (max ? v > cur : v < cur))) out[i] = v
    }
  }
}

function medianInto(out: Float64Array, values: Float64Array, rows: number, cols: number): void {
  const scratch = new Float64Array(cols)
  // gnocchi-compat: numpy.nanmedian takes its "small array" path (masked median, odd counts
  // computed as (h + h) / 2) below 600 elements, see numpy/lib/nanfunctions.py
  const small = rows * cols < 600
  for (let i = 0; i < rows; i++) {
    let n = 0
    for (let j = 0; j < cols; j++) {
      const v = values[j * rows + i]!
      if (v === v) scratch[n++] = v
    }
    out[i] = medianOfSorted(scratch.subarray(0, n).sort(), small)
  }
}

/** Median of ascending, NaN-free values; NaN for an empty input. */
function medianOfSorted(sorted: Float64Array, small: boolean): number {
  const n = sorted.length
  if (n === 0) return Number.NaN
  const h = sorted[n >> 1]!
  if (n % 2 === 1) return small ? (h + h) / 2 : h
  return (sorted[(n >> 1) - 1]! + h) / 2
}

/**
 * NumPy's pairwise summation (`pairwise_sum` in numpy/core/src/umath/loops_utils.h), used
 * when the reduced axis is contiguous, as it is for the windows of `rolling`.
 */
function pairwiseSum(a: Float64Array, from: number, n: number): number {
  if (n < 8) {
    let res = 0
    for (let i = 0; i < n; i++) res += a[from + i]!
    return res
  }
  if (n <= 128) {
    let r0 = a[from]!, r1 = a[from + 1]!, r2 = a[from + 2]!, r3 = a[from + 3]!
    let r4 = a[from + 4]!, r5 = a[from + 5]!, r6 = a[from + 6]!, r7 = a[from + 7]!
    let i = 8
    for (; i < n - (n % 8); i += 8) {
      r0 += a[from + i]!; r1 += a[from + i + 1]!; r2 += a[from + i + 2]!; r3 += a[from + i + 3]!
      r4 += a[from + i + 4]!; r5 += a[from + i + 5]!; r6 += a[from + i + 6]!; r7 += a[from + i + 7]!
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for (; i < n; i++) res += a[from + i]!
    return res
  }
  let n2 = Math.floor(n / 2)
  n2 -= n2 % 8
  return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2)
}

/**
 * Reduces `values[from .. from + n)` ignoring NaN (one `rolling` window). `scratch` must hold
 * at least `n` values; `small` selects nanmedian's small-array rule (see {@link reduceAcrossColumns}).
 */
export function reduceWindow(method: BaseMethod, values: Float64Array, from: number, n: number, scratch: Float64Array, small: boolean): number {
  if (method === 'min' || method === 'max' || method === 'median' || method === 'count') return reduceWindowUnsummed(method, values, from, n, scratch, small)
  // NaN-free copy: nan-functions replace NaN by 0 before summing
  let cnt = 0
  for (let i = 0; i < n; i++) {
    const v = values[from + i]!
    const ok = v === v
    scratch[i] = ok ? v : 0
    cnt += ok ? 1 : 0
  }
  const total = pairwiseSum(scratch, 0, n)
  if (method === 'sum') return total
  const mean = total / cnt
  if (method === 'mean') return mean
  for (let i = 0; i < n; i++) {
    const v = values[from + i]!
    const d = v === v ? v - mean : 0
    scratch[i] = d * d
  }
  const r = pairwiseSum(scratch, 0, n) / cnt
  return method === 'std' ? Math.sqrt(r) : r
}

function reduceWindowUnsummed(method: 'min' | 'max' | 'median' | 'count', values: Float64Array, from: number, n: number, scratch: Float64Array, small: boolean): number {
  if (method === 'count') {
    let cnt = 0
    for (let i = 0; i < n; i++) cnt += values[from + i]! === values[from + i]! ? 1 : 0
    return cnt
  }
  if (method === 'median') {
    let m = 0
    for (let i = 0; i < n; i++) {
      const v = values[from + i]!
      if (v === v) scratch[m++] = v
    }
    return medianOfSorted(scratch.subarray(0, m).sort(), small)
  }
  let best = Number.NaN
  for (let i = 0; i < n; i++) {
    const v = values[from + i]!
    if (v === v && (best !== best || (method === 'max' ? v > best : v < best))) best = v
  }
  return best
}
