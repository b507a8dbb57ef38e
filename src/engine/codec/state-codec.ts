/**
 * The per-metric processing state stored as the series store's "raw buffer" blob: the raw
 * back-window points and, for every (method, granularity) series, which split windows exist and
 * its newest bucket. Keeping the split index here lets processing find the splits retention must
 * delete or trim without listing storage (one read, one atomic commit per processing).
 *
 * Layout: `version (1) | n | timestamps µs (int column) | values (value column) | series count |
 * per series: method (uvarint length + UTF-8) | granularity µs | newest bucket µs (svarint, −1 =
 * none) | split count | split window numbers (int column of start / width)`.
 */
import type { Series } from '../carbonara/series.js'
import { ByteReader, ByteWriter } from './bytes.js'
import { readIntColumn, writeIntColumn } from './int-column.js'
import { splitWidthUs } from './split-codec.js'
import { readValueColumn, writeValueColumn } from './value-column.js'

/** What the state knows about one stored (method, granularity) series. */
export interface SeriesIndex {
  readonly method: string
  readonly granularityUs: number
  /** Newest stored bucket start, or null when the series has no bucket. */
  readonly lastUs: number | null
  /** Start (µs) of every stored split window, ascending. */
  readonly splitStartsUs: readonly number[]
}

/** Decoded processing state of a metric. */
export interface MetricState {
  readonly raw: Series
  readonly series: readonly SeriesIndex[]
}

const VERSION = 1
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Encodes a metric's processing state. */
export function encodeMetricState(state: MetricState): Uint8Array {
  const n = state.raw.timestampsUs.length
  const w = new ByteWriter(64 + n * 4)
  w.byte(VERSION)
  w.uvarint(n)
  writeIntColumn(w, state.raw.timestampsUs, n)
  writeValueColumn(w, state.raw.values, n)
  w.uvarint(state.series.length)
  for (const s of state.series) {
    const name = encoder.encode(s.method)
    w.uvarint(name.length)
    w.bytes(name)
    w.uvarint(s.granularityUs)
    w.svarint(s.lastUs ?? -1)
    const width = splitWidthUs(s.granularityUs)
    w.uvarint(s.splitStartsUs.length)
    writeIntColumn(
      w,
      s.splitStartsUs.map((x) => x / width),
      s.splitStartsUs.length,
    )
  }
  return w.finish()
}

/** Decodes {@link encodeMetricState} output. */
export function decodeMetricState(bytes: Uint8Array): MetricState {
  const r = new ByteReader(bytes)
  const version = r.byte()
  if (version !== VERSION) throw new RangeError(`unknown metric state version ${version}`)
  const n = r.uvarint()
  const ts = new Float64Array(n)
  readIntColumn(r, ts, n)
  const vs = new Float64Array(n)
  readValueColumn(r, vs, n)
  const count = r.uvarint()
  const series: SeriesIndex[] = []
  for (let i = 0; i < count; i++) {
    const len = r.uvarint()
    const nameBytes = new Uint8Array(len)
    for (let b = 0; b < len; b++) nameBytes[b] = r.byte()
    const granularityUs = r.uvarint()
    const last = r.svarint()
    const splits = r.uvarint()
    const starts = new Float64Array(splits)
    readIntColumn(r, starts, splits)
    const width = splitWidthUs(granularityUs)
    series.push({
      method: decoder.decode(nameBytes),
      granularityUs,
      lastUs: last < 0 ? null : last,
      splitStartsUs: Array.from(starts, (x) => x * width),
    })
  }
  return { raw: { timestampsUs: ts, values: vs }, series }
}
