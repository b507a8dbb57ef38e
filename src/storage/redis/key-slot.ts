/**
 * Redis Cluster key slots (CRC16-XMODEM of the hash tag, modulo 16384), so batched calls can be
 * grouped by the node that owns each key without a round trip.
 */

const TABLE = (() => {
  const t = new Uint16Array(256)
  for (let i = 0; i < 256; i++) {
    let crc = i << 8
    for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
    t[i] = crc
  }
  return t
})()

/** The part of `key` Redis Cluster hashes: the first non-empty `{…}` tag, else the whole key. */
export function hashTag(key: string): string {
  const open = key.indexOf('{')
  if (open === -1) return key
  const close = key.indexOf('}', open + 1)
  if (close === -1 || close === open + 1) return key
  return key.slice(open + 1, close)
}

/** The cluster slot (0–16383) of `key`. */
export function keySlot(key: string): number {
  const bytes = Buffer.from(hashTag(key), 'utf8')
  let crc = 0
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff]
  return crc % 16384
}
