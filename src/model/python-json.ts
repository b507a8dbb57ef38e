/**
 * JSON text exactly as Gnocchi's Python `json.dumps` writes it (gnocchi-rest.md §1.2):
 * `", "` and `": "` separators, everything outside printable ASCII escaped as lowercase
 * `\u00e9`-style escapes, floats in Python `repr` form (`60.0`, `1e-05`, `1e+16`), and the bare tokens
 * `NaN`, `Infinity`, `-Infinity` for non-finite floats.
 *
 * Integers versus floats. JavaScript has one number type, Python two, and clients see the
 * difference (`60` vs `60.0`). The choice is made by the value's *carrier*, not guessed:
 * - a plain `number` that is an integer is written as a Python int (`points`, `back_window`,
 *   `code`, counts of things); any other plain number is written as a float;
 * - a {@link PyFloat} (built with {@link pyFloat}) is always a float, even when integral:
 *   use it for measure values and granularities, which Gnocchi always renders as floats;
 * - every element of a `Float64Array` / `Float32Array` is a float, so a column of measure
 *   values needs no boxing at all; the integer typed arrays are written as ints;
 * - a {@link PyRawJson} is copied verbatim, for fragments a hot path has already rendered;
 * - a plain `-0` is written `-0.0`: Python ints have no negative zero, so it came from a float.
 *
 * `undefined` object members and functions are skipped (as `JSON.stringify` does), objects
 * with a `toJSON()` method are serialised through it (so `Date` works), and a `Map` is
 * written as an object. Keys are written in insertion order.
 */

/** A number that must be written as a Python float even when it is integral. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** Wraps a number so it serialises as a Python float (`60` → `60.0`). */
export const pyFloat = (value: number): PyFloat => new PyFloat(value)

/** A fragment of already-serialised Python-style JSON (ASCII only), copied into the output verbatim. */
export class PyRawJson {
  constructor(readonly text: string) {}
}

/** One column of a {@link PyRows}: a list, a typed array, or a constant repeated on every row. */
export type PyColumn = readonly unknown[] | Float64Array | Float32Array | Int32Array | Uint32Array | PyFloat | string | number

/**
 * A list of rows given column by column, written as `[[c0[0], c1[0], …], [c0[1], …], …]`
 * without allocating the rows: the shape of Gnocchi's measures (`[timestamp, granularity,
 * value]`). Float typed-array columns are floats, a `PyFloat` constant is a float column.
 */
export class PyRows {
  /** @param length number of rows; every array column must have at least that many items. */
  constructor(
    readonly length: number,
    readonly columns: readonly PyColumn[],
  ) {}
}

/**
 * A number in Python `float.__repr__` form: the shortest round-trip digits (the same digits
 * as JavaScript's `Number#toString`), always with a fractional part or an exponent,
 * positional notation for decimal exponents in [-4, 16), scientific otherwise with at least
 * two exponent digits (`1e-05`, `1.5e+300`).
 */
export function formatPyFloat(n: number): string {
  if (n !== n) return 'NaN'
  if (n === Infinity) return 'Infinity'
  if (n === -Infinity) return '-Infinity'
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0'
  const abs = n < 0 ? -n : n
  if (abs >= 1e-4 && abs < 1e16) {
    // JavaScript writes positional notation for this whole range, with the same digits.
    const s = String(n)
    return s.indexOf('.') === -1 ? `${s}.0` : s
  }
  // Outside [1e-4, 1e16): Python switches to scientific notation, JavaScript not yet.
  const e = n.toExponential() // shortest digits, e.g. "1.5e+16", "-1e-7"
  const at = e.indexOf('e')
  const mantissa = e.slice(0, at)
  const sign = e.charCodeAt(at + 1) === 45 ? '-' : '+'
  const digits = e.slice(at + 2)
  return `${mantissa}e${sign}${digits.length === 1 ? `0${digits}` : digits}`
}

/** Python `repr(float)`, the text Gnocchi's error messages show: {@link formatPyFloat} but `nan`, `inf`, `-inf`. */
export function reprPyFloat(n: number): string {
  if (n !== n) return 'nan'
  if (n === Infinity) return 'inf'
  if (n === -Infinity) return '-inf'
  return formatPyFloat(n)
}

/** A number as Gnocchi would print it: ints for integral plain numbers, floats otherwise. */
function formatNumber(n: number): string {
  if (Number.isInteger(n) && !Object.is(n, -0)) {
    // Integers beyond 1e21 would print in exponent form; Python prints all the digits.
    return n < 1e21 && n > -1e21 ? String(n) : BigInt(n).toString()
  }
  return formatPyFloat(n)
}

// Anything outside printable ASCII, or a quote or backslash, needs escaping.
const NEEDS_ESCAPE = /[^\x20-\x21\x23-\x5b\x5d-\x7e]/

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x08: '\\b',
  0x0c: '\\f',
}

/** A string literal with Python's `ensure_ascii=True` escaping (one `\u` + four hex digits per UTF-16 unit). */
export function quotePyString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`
  let out = '"'
  let from = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c) continue
    if (i > from) out += s.slice(from, i)
    out += SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`
    from = i + 1
  }
  if (from < s.length) out += s.slice(from)
  return `${out}"`
}

/**
 * Output buffer. The text is pure ASCII (everything else is escaped), so one byte per char;
 * writing bytes instead of concatenating strings keeps a 288 000-row response from building
 * millions of rope nodes that the garbage collector then has to trace and flatten.
 */
class AsciiWriter {
  private static readonly CHUNK = 1 << 20
  private readonly done: string[] = []
  private bytes = new Uint8Array(AsciiWriter.CHUNK)
  private length = 0
  inUse = false

  private flush(): void {
    this.done.push(latin1(this.bytes, this.length))
    this.length = 0
  }

  /** Appends ASCII text. */
  push(text: string): void {
    const n = text.length
    if (this.length + n > this.bytes.length) {
      this.flush()
      if (n > this.bytes.length) {
        this.done.push(text)
        return
      }
    }
    const b = this.bytes
    let at = this.length
    for (let i = 0; i < n; i++) b[at++] = text.charCodeAt(i)
    this.length = at
  }

  /** Appends one ASCII character by code. */
  byte(c: number): void {
    if (this.length === this.bytes.length) this.flush()
    this.bytes[this.length++] = c
  }

  /** The text written so far; empties the writer for reuse. */
  take(): string {
    this.flush()
    const out = this.done.length === 1 ? this.done[0] : this.done.join('')
    this.done.length = 0
    return out
  }
}

// Native one-byte string creation where available (Node), a portable fallback otherwise.
const NodeBuffer = (globalThis as unknown as { Buffer?: { from(a: ArrayBufferLike, o: number, l: number): { latin1Slice(): string } } }).Buffer
const ASCII = new TextDecoder('latin1')
function latin1(bytes: Uint8Array, length: number): string {
  if (NodeBuffer !== undefined) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, length).latin1Slice()
  return ASCII.decode(bytes.subarray(0, length))
}

const pooled = new AsciiWriter()

function writeString(s: string, w: AsciiWriter): void {
  if (NEEDS_ESCAPE.test(s)) {
    w.push(quotePyString(s))
    return
  }
  w.byte(0x22)
  w.push(s)
  w.byte(0x22)
}

const COMMA_SPACE = ', '
const COLON_SPACE = ': '

function floatArray(a: Float64Array | Float32Array, w: AsciiWriter): void {
  w.byte(0x5b)
  for (let i = 0; i < a.length; i++) {
    if (i > 0) w.push(COMMA_SPACE)
    w.push(formatPyFloat(a[i]))
  }
  w.byte(0x5d)
}

// The hot path: arrays of rows of strings and numbers (measures), inlined to stay monomorphic.
function writeArray(a: readonly unknown[], depth: number, w: AsciiWriter): void {
  w.byte(0x5b)
  for (let i = 0; i < a.length; i++) {
    if (i > 0) w.push(COMMA_SPACE)
    const v = a[i]
    if (typeof v === 'string') writeString(v, w)
    else if (v instanceof PyFloat) w.push(formatPyFloat(v.value))
    else if (typeof v === 'number') w.push(formatNumber(v))
    else if (!write(v, depth + 1, w)) w.push('null')
  }
  w.byte(0x5d)
}

function writeRows(rows: PyRows, depth: number, w: AsciiWriter): void {
  const cols = rows.columns
  // Constants are rendered once.
  const constant = cols.map((c) => (typeof c === 'object' && !(c instanceof PyFloat) ? null : renderOne(c, depth)))
  w.byte(0x5b)
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) w.push(COMMA_SPACE)
    w.byte(0x5b)
    for (let j = 0; j < cols.length; j++) {
      if (j > 0) w.push(COMMA_SPACE)
      const k = constant[j]
      if (k !== null) {
        w.push(k)
        continue
      }
      const c = cols[j]
      if (c instanceof Float64Array || c instanceof Float32Array) w.push(formatPyFloat(c[i]))
      else if (c instanceof Int32Array || c instanceof Uint32Array) w.push(String(c[i]))
      else {
        const v = (c as readonly unknown[])[i]
        if (typeof v === 'string') writeString(v, w)
        else if (!write(v, depth + 1, w)) w.push('null')
      }
    }
    w.byte(0x5d)
  }
  w.byte(0x5d)
}

function renderOne(v: unknown, depth: number): string {
  const w = new AsciiWriter()
  if (!write(v, depth + 1, w)) w.push('null')
  return w.take()
}

function writeMembers(entries: Iterable<readonly [unknown, unknown]>, depth: number, w: AsciiWriter): void {
  w.byte(0x7b)
  let first = true
  for (const [k, v] of entries) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue
    if (!first) w.push(COMMA_SPACE)
    first = false
    w.push(quotePyString(String(k)))
    w.push(COLON_SPACE)
    write(v, depth + 1, w)
  }
  w.byte(0x7d)
}

function* ownEntries(obj: Readonly<Record<string, unknown>>): Generator<readonly [string, unknown]> {
  for (const key in obj) if (Object.prototype.hasOwnProperty.call(obj, key)) yield [key, obj[key]]
}

/** Writes a value; false when it has no JSON form (`undefined`, functions, symbols). */
function write(value: unknown, depth: number, w: AsciiWriter): boolean {
  switch (typeof value) {
    case 'string':
      writeString(value, w)
      return true
    case 'number':
      w.push(formatNumber(value))
      return true
    case 'boolean':
      w.push(value ? 'true' : 'false')
      return true
    case 'bigint':
      w.push(value.toString())
      return true
    case 'undefined':
    case 'function':
    case 'symbol':
      return false
    default:
      break
  }
  if (value === null) {
    w.push('null')
    return true
  }
  if (depth > 512) throw new RangeError('python-json: value nested too deeply (or cyclic)')
  if (value instanceof PyFloat) w.push(formatPyFloat(value.value))
  else if (value instanceof PyRawJson) w.push(value.text)
  else if (value instanceof PyRows) writeRows(value, depth, w)
  else if (Array.isArray(value)) writeArray(value, depth, w)
  else if (value instanceof Float64Array || value instanceof Float32Array) floatArray(value, w)
  else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    writeArray(Array.from(value as unknown as ArrayLike<number | bigint>), depth, w)
  } else if (value instanceof Map) writeMembers(value, depth, w)
  else {
    const obj = value as Record<string, unknown> & { toJSON?: unknown }
    if (typeof obj.toJSON === 'function') return write((obj.toJSON as () => unknown)(), depth + 1, w)
    writeMembers(ownEntries(obj), depth, w)
  }
  return true
}

/**
 * Serialises a value as Python's `json.dumps(value)` does (see the module comment for how
 * ints and floats are told apart). Returns `undefined` for `undefined`, as `JSON.stringify`.
 */
export function pyJsonStringify(value: unknown): string | undefined {
  // One writer is reused; a nested call (from a toJSON) gets its own.
  const w = pooled.inUse ? new AsciiWriter() : pooled
  w.inUse = true
  try {
    return write(value, 0, w) ? w.take() : undefined
  } finally {
    w.inUse = false
    w.take()
  }
}
