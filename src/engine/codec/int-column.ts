/**
 * Integer columns (bucket indices, raw timestamps, scaled values): the first value as a zigzag
 * varint, then successive differences as run-length tokens. A token is `uvarint(zigzag(d)·2 + r)`
 * where `r = 1` means "repeated", followed by `uvarint(count − 2)`. A regular column (constant step,
 * constant value, constant counter increment) costs a few bytes in total; small irregular steps
 * cost one byte each.
 */
import type { ByteReader, ByteWriter } from './bytes.js'

/** Writes `n` integers of magnitude below 2^51. */
export function writeIntColumn(w: ByteWriter, ints: ArrayLike<number>, n: number): void {
  if (n === 0) return
  w.svarint(ints[0]!)
  let i = 1
  while (i < n) {
    const d = ints[i]! - ints[i - 1]!
    let j = i + 1
    while (j < n && ints[j]! - ints[j - 1]! === d) j++
    const z = d >= 0 ? d * 2 : -d * 2 - 1
    const run = j - i
    if (run >= 2) {
      w.uvarint(z * 2 + 1)
      w.uvarint(run - 2)
    } else w.uvarint(z * 2)
    i = j
  }
}

/** Reads `n` integers written by {@link writeIntColumn} into `out[offset]…`. */
export function readIntColumn(r: ByteReader, out: Float64Array, n: number, offset = 0): void {
  if (n === 0) return
  let x = r.svarint()
  out[offset] = x
  let i = 1
  while (i < n) {
    const token = r.uvarint()
    const repeated = token % 2 === 1
    const z = (token - (repeated ? 1 : 0)) / 2
    const d = z % 2 === 0 ? z / 2 : -(z + 1) / 2
    const run = repeated ? r.uvarint() + 2 : 1
    if (i + run > n) throw new RangeError('corrupt integer column')
    for (let k = 0; k < run; k++) {
      x += d
      out[offset + i++] = x
    }
  }
}
