/**
 * Element-wise operators with NumPy semantics (gnocchi-aggregates.md §4.2–§4.4): IEEE doubles,
 * NaN propagates, division by zero gives ±Infinity or NaN, never an error.
 */
import type { BinaryOpName, UnaryOpName } from '../../grammar/operations/ast.js'

/** `numpy.mod`: floored modulo, result has the sign of the divisor (`npy_divmod`). */
export function floorMod(a: number, b: number): number {
  if (b === 0) return Number.NaN
  let mod = a % b
  if (mod !== 0) {
    if (b < 0 !== mod < 0) mod += b
  } else {
    mod = b < 0 ? -0 : 0
  }
  return mod
}

/** `numpy.power`: C `pow`, which differs from `Math.pow` for a base of ±1. */
export function cPow(a: number, b: number): number {
  if (a === 1) return 1
  // glibc's pow is correctly rounded here and V8's is not always; x² rounded once is exact
  if (b === 2) return a * a
  if (a === -1 && (b === Number.POSITIVE_INFINITY || b === Number.NEGATIVE_INFINITY)) return 1
  return Math.pow(a, b)
}

/** `numpy.maximum` (NaN-propagating). */
function npMax(a: number, b: number): number {
  if (a !== a || b !== b) return Number.NaN
  return a >= b ? a : b
}

/** `numpy.minimum` (NaN-propagating). */
function npMin(a: number, b: number): number {
  if (a !== a || b !== b) return Number.NaN
  return a <= b ? a : b
}

/**
 * Binary operator table. Comparisons yield 1.0/0.0.
 * gnocchi-compat: 4.4.2 answers 500 for boolean results (not JSON serialisable); we follow the
 * recommended (master) behaviour of emitting floats, see gnocchi-rest.md §4.
 */
export const BINARY_FUNCS: Readonly<Record<BinaryOpName, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  mod: floorMod,
  pow: cPow,
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  // numpy.clip(a, b, None) / numpy.clip(a, None, b)
  clip_min: npMax,
  clip_max: npMin,
}

/** Unary operator table (all but `rateofchange`, which changes the timestamps). */
export const UNARY_FUNCS: Readonly<Record<Exclude<UnaryOpName, 'rateofchange'>, (a: number) => number>> = {
  abs: Math.abs,
  neg: (a) => -a,
  cos: Math.cos,
  sin: Math.sin,
  tan: Math.tan,
  floor: Math.floor,
  ceil: Math.ceil,
}

/** `numpy.clip(v, lo, hi)` for one element; `hi` undefined = no upper bound. */
export function clipValue(v: number, lo: number, hi: number | undefined): number {
  const low = npMax(v, lo)
  return hi === undefined ? low : npMin(low, hi)
}
