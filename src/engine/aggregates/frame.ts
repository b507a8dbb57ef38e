/**
 * The value an operations node evaluates to (gnocchi-aggregates.md §2.6): a scalar or a
 * matrix of `rows` timestamps × `cols` series, stored column-major.
 */

/** A matrix result: column `j` is `values[j * rows .. (j + 1) * rows)`. */
export interface Frame {
  readonly kind: 'frame'
  /** Granularity of the timestamps, µs. */
  readonly granularityUs: number
  /** Row timestamps, µs, ascending. */
  readonly timestampsUs: Float64Array
  readonly rows: number
  readonly cols: number
  readonly values: Float64Array
  readonly isAggregated: boolean
}

/** A number literal or an expression over number literals only. */
export interface Scalar {
  readonly kind: 'scalar'
  readonly value: number
  readonly isAggregated: boolean
}

/** Result of evaluating one node. */
export type Evaluated = Frame | Scalar

/** Builds a frame, checking the shape invariant once here rather than in every operator. */
export function makeFrame(granularityUs: number, timestampsUs: Float64Array, cols: number, values: Float64Array, isAggregated: boolean): Frame {
  const rows = timestampsUs.length
  if (values.length !== rows * cols) throw new Error(`frame shape mismatch: ${values.length} != ${rows} x ${cols}`)
  return { kind: 'frame', granularityUs, timestampsUs, rows, cols, values, isAggregated }
}
