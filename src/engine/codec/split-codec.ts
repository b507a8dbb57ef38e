/**
 * Aggregated splits. A split holds the buckets of one (metric, method, granularity) series whose
 * timestamps fall in one aligned window of {@link SPLIT_POINTS} buckets, like Carbonara's
 * `SplitKey` (gnocchi/carbonara.py `POINTS_PER_SPLIT = 3600`): 1 h at 1 s, 2.5 days at 1 min,
 * 12.5 days at 5 min, 150 days at 1 h. A split is rewritten as a whole when any of its buckets
 * changes, so the width bounds the write amplification; reads of a typical dashboard range touch
 * one or two splits per series.
 *
 * Layout: `version (1) | count (uvarint) | bucket indices within the window (int column) | values
 * (value column)`. Bucket indices are `(t − splitStart) / granularity`, so a dense split's
 * timestamps cost about 3 bytes in total.
 */
import type { Series } from '../carbonara/series.js'
import { ByteReader, ByteWriter } from './bytes.js'
import { readIntColumn, writeIntColumn } from './int-column.js'
import { readValueColumn, writeValueColumn } from './value-column.js'

/** Buckets per split window. */
export const SPLIT_POINTS = 3600

const VERSION = 1

/** Width of a split window in µs for a granularity. */
export function splitWidthUs(granularityUs: number): number {
  return SPLIT_POINTS * granularityUs
}

/** Start (µs) of the split window holding the bucket at `timeUs`. */
export function splitStartUs(timeUs: number, granularityUs: number): number {
  const w = SPLIT_POINTS * granularityUs
  return Math.floor(timeUs / w) * w
}

/**
 * Encodes the buckets of one split window.
 * @param series ascending bucket starts, all inside `[startUs, startUs + width)` and multiples of the granularity.
 */
export function encodeSplit(series: Series, startUs: number, granularityUs: number): Uint8Array {
  const n = series.timestampsUs.length
  const w = new ByteWriter(16 + n * 2)
  w.byte(VERSION)
  w.uvarint(n)
  const idx = new Float64Array(n)
  for (let i = 0; i < n; i++) idx[i] = (series.timestampsUs[i]! - startUs) / granularityUs
  writeIntColumn(w, idx, n)
  writeValueColumn(w, series.values, n)
  return w.finish()
}

/** Number of buckets in a split written by {@link encodeSplit}, from its header alone. */
export function splitLength(bytes: Uint8Array): number {
  const reader = new ByteReader(bytes)
  const version = reader.byte()
  if (version !== VERSION) throw new RangeError(`unknown split version ${version}`)
  return reader.uvarint()
}

/**
 * Decodes a split into caller-provided columns from index `offset` on ({@link splitLength}
 * elements each; returns that count), so a reader of many splits can decode them all into one
 * allocation: a typed array of a few hundred points costs more to allocate (and collect) than to
 * decode, and even a view per split is a noticeable share.
 * @throws RangeError when the columns have no room for the split.
 */
export function decodeSplitInto(bytes: Uint8Array, startUs: number, granularityUs: number, timestampsUs: Float64Array, values: Float64Array, offset = 0): number {
  const reader = new ByteReader(bytes)
  const version = reader.byte()
  if (version !== VERSION) throw new RangeError(`unknown split version ${version}`)
  const n = reader.uvarint()
  const end = offset + n
  if (end > timestampsUs.length || end > values.length) throw new RangeError(`split of ${n} buckets does not fit at ${offset} in ${timestampsUs.length}`)
  readIntColumn(reader, timestampsUs, n, offset)
  for (let i = offset; i < end; i++) timestampsUs[i] = startUs + timestampsUs[i]! * granularityUs
  readValueColumn(reader, values, n, offset)
  return n
}

/** Decodes a split written by {@link encodeSplit}. */
export function decodeSplit(bytes: Uint8Array, startUs: number, granularityUs: number): Series {
  const n = splitLength(bytes)
  const ts = new Float64Array(n)
  const vs = new Float64Array(n)
  decodeSplitInto(bytes, startUs, granularityUs, ts, vs)
  return { timestampsUs: ts, values: vs }
}
