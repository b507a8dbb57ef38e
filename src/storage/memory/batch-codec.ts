/**
 * The byte form of a {@link MeasureBatch} in incoming queues (embedded and Redis drivers):
 * `[version u8 = 1][count u32 LE][count × f64 LE times][count × f64 LE values]`.
 */
import type { MeasureBatch } from '../types.js'

const VERSION = 1
const HEADER_BYTES = 5

/** Encodes a batch (copies its columns). */
export function encodeBatch(batch: MeasureBatch): Uint8Array {
  const n = batch.timesUs.length
  if (batch.values.length !== n) throw new RangeError(`batch columns differ in length: ${n} times, ${batch.values.length} values`)
  // Columns start at offset 8 so they can be viewed as aligned Float64Arrays when decoding.
  const out = new Uint8Array(8 + 16 * n)
  const view = new DataView(out.buffer)
  view.setUint8(0, VERSION)
  view.setUint32(1, n, true)
  new Float64Array(out.buffer, 8, n).set(batch.timesUs)
  new Float64Array(out.buffer, 8 + 8 * n, n).set(batch.values)
  return out
}

/** Number of measures in an encoded batch, without decoding it. */
export function batchLength(bytes: Uint8Array): number {
  if (bytes.length < HEADER_BYTES) throw new RangeError('encoded batch too short')
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1, true)
}

/** Decodes a batch produced by {@link encodeBatch} into fresh arrays. */
export function decodeBatch(bytes: Uint8Array): MeasureBatch {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint8(0)
  if (version !== VERSION) throw new RangeError(`unknown incoming batch format version ${version}`)
  const n = view.getUint32(1, true)
  if (bytes.length !== 8 + 16 * n) throw new RangeError(`encoded batch of ${n} measures has ${bytes.length} bytes`)
  // Copy into an aligned buffer: the source may sit at any byte offset (Buffer pools, LMDB).
  const aligned = new Uint8Array(16 * n)
  aligned.set(bytes.subarray(8))
  return {
    timesUs: new Float64Array(aligned.buffer, 0, n),
    values: new Float64Array(aligned.buffer, 8 * n, n),
  }
}
