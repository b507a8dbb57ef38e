/**
 * Byte-level primitives of the series codec: a growable writer and a reader with unsigned LEB128
 * varints (exact up to 2^53), zigzag signed integers and little-endian float64.
 */

const TWO_POW_31 = 2 ** 31

/** Appends bytes to a growing buffer. */
export class ByteWriter {
  private buf: Uint8Array
  private view: DataView
  /** Number of bytes written. */
  length = 0

  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity)
    this.view = new DataView(this.buf.buffer)
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return
    let cap = this.buf.length * 2
    while (cap < this.length + extra) cap *= 2
    const next = new Uint8Array(cap)
    next.set(this.buf.subarray(0, this.length))
    this.buf = next
    this.view = new DataView(next.buffer)
  }

  /** One byte 0…255. */
  byte(b: number): void {
    this.ensure(1)
    this.buf[this.length++] = b
  }

  /** Unsigned integer 0 … 2^53 as LEB128. */
  uvarint(x: number): void {
    this.ensure(8)
    if (x < TWO_POW_31) {
      while (x >= 0x80) {
        this.buf[this.length++] = (x & 0x7f) | 0x80
        x >>>= 7
      }
      this.buf[this.length++] = x
      return
    }
    while (x >= 0x80) {
      this.buf[this.length++] = (x % 128) | 0x80
      x = Math.floor(x / 128)
    }
    this.buf[this.length++] = x
  }

  /** Signed integer of magnitude below 2^52, zigzag then LEB128. */
  svarint(x: number): void {
    this.uvarint(x >= 0 ? x * 2 : -x * 2 - 1)
  }

  /** IEEE-754 double, little-endian, bit pattern preserved. */
  f64(v: number): void {
    this.ensure(8)
    this.view.setFloat64(this.length, v, true)
    this.length += 8
  }

  /** Raw bytes. */
  bytes(b: Uint8Array): void {
    this.ensure(b.length)
    this.buf.set(b, this.length)
    this.length += b.length
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length)
  }
}

/** Reads what {@link ByteWriter} wrote; throws on truncated input. */
export class ByteReader {
  /** Made on the first `f64`: many encodings hold none, and a DataView costs more than a small decode. */
  private view: DataView | null = null
  /** Read position. */
  pos = 0

  constructor(private readonly buf: Uint8Array) {}

  /** True when every byte has been read. */
  get done(): boolean {
    return this.pos >= this.buf.length
  }

  byte(): number {
    if (this.pos >= this.buf.length) throw new RangeError('truncated series encoding')
    return this.buf[this.pos++]!
  }

  uvarint(): number {
    let x = 0
    let mul = 1
    for (;;) {
      const b = this.byte()
      x += (b & 0x7f) * mul
      if (b < 0x80) return x
      mul *= 128
    }
  }

  svarint(): number {
    const z = this.uvarint()
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2
  }

  f64(): number {
    if (this.pos + 8 > this.buf.length) throw new RangeError('truncated series encoding')
    this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength)
    const v = this.view.getFloat64(this.pos, true)
    this.pos += 8
    return v
  }
}
