/**
 * InfluxDB line protocol, as Gnocchi 4.4.2 reads it (gnocchi-rest.md §3.12):
 * `measurement[,tag=value…] field=value[,field=value…] [timestamp]`, one point per line.
 *
 * This is not InfluxDB's own grammar but a faithful re-implementation of Gnocchi's pyparsing
 * grammar, checked line by line against it (test/http/formats/fixtures/influx-vectors.json).
 * Its quirks are deliberate and each is marked `gnocchi-compat:`. The main one: a line only has
 * to *start* with a valid point; whatever follows the first field list (or the timestamp) that
 * does not fit is ignored, exactly as `parseString` without `parseAll` does.
 */
import { GnocchiError } from '../../model/errors.js'
import { expandTabs, unquotePyparsing } from './pyparsing-text.js'

/** One parsed line. */
export interface InfluxPoint {
  /** Measurement name, escapes resolved. */
  readonly measurement: string
  /** Tag set, escapes resolved; a repeated key keeps its first position and its last value. */
  readonly tags: ReadonlyMap<string, string>
  /**
   * Numeric fields in line order (float, or integer with the `i` suffix, as a double).
   * String fields are dropped, after a repeated key has let its last value win.
   */
  readonly fields: readonly InfluxField[]
  /** Nanoseconds since the epoch, or `null` when the line has none (the caller uses "now"). */
  readonly timestampNs: bigint | null
}

/** One numeric field of a point. */
export interface InfluxField {
  readonly key: string
  readonly value: number
}

/** The 400 Gnocchi answers for a line it cannot parse (`n` is 1-based and counts blank lines). */
export function unparseableLine(n: number): GnocchiError {
  return new GnocchiError('INVALID_INPUT', { cause: 'Value error', detail: 'line', reason: `Unable to parse line ${n}` })
}

/** datetime64[ns] is an int64. */
const MAX_NS = 2n ** 63n - 1n

const SPACE = 0x20
const COMMA = 0x2c
const EQUALS = 0x3d
const BACKSLASH = 0x5c
const QUOTE = 0x22
const LF = 0x0a
const CR = 0x0d

/** Thrown inside the scanner; turned into {@link unparseableLine} with the line number. */
class LineSyntaxError extends Error {}

const FAIL = new LineSyntaxError('unparseable line')

/**
 * Parses a whole `/v1/influxdb/write` body.
 * @param body raw bytes (each line must be valid UTF-8) or already-decoded text.
 * @returns every point, in body order.
 * @throws GnocchiError 400 `Unable to parse line <n>` for the first bad line.
 */
export function parseLineProtocol(body: string | Uint8Array): InfluxPoint[] {
  return Array.from(iterateLineProtocol(body))
}

/**
 * Lazy form of {@link parseLineProtocol}: a bad line throws only when reached, so a consumer
 * that fails on an earlier point (missing resource-id tag) reports that error first, as Gnocchi
 * does (it parses and maps one line at a time).
 */
export function* iterateLineProtocol(body: string | Uint8Array): Generator<InfluxPoint, void, undefined> {
  const text = typeof body === 'string' ? body : decodeBody(body)
  let start = 0
  let lineNo = 0
  while (start <= text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    lineNo++
    // gnocchi-compat: only a zero-length line is blank; " " or "\r" alone is a parse error,
    // see gnocchi/rest/influxdb.py post_write (`if not line`).
    if (end > start) yield parseLineAt(text.slice(start, end), lineNo)
    start = end + 1
  }
}

/**
 * Parses one line (no `\n` inside).
 * @param lineNo 1-based number used in the error.
 * @throws GnocchiError 400 `Unable to parse line <lineNo>`.
 */
export function parseLine(line: string, lineNo = 1): InfluxPoint {
  return parseLineAt(line, lineNo)
}

function parseLineAt(raw: string, lineNo: number): InfluxPoint {
  if (raw === '\uFFFD') throw unparseableLine(lineNo)
  // gnocchi-compat: pyparsing's parseString expands tabs (tab stops of 8) before parsing,
  // so a tab behaves as one to eight spaces, also inside quoted strings.
  const line = expandTabs(raw)
  try {
    return new LineScanner(line).point()
  } catch (e) {
    if (e instanceof LineSyntaxError) throw unparseableLine(lineNo)
    throw e
  }
}

/**
 * Decodes a body; bytes that are not UTF-8 make their line (and only it) unparseable.
 * Python decodes line by line, so the error must name the right line.
 */
function decodeBody(body: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(body)
  } catch {
    const lines: string[] = []
    let start = 0
    while (start <= body.length) {
      let end = body.indexOf(LF, start)
      if (end === -1) end = body.length
      try {
        lines.push(STRICT_UTF8.decode(body.subarray(start, end)))
      } catch {
        // U+FFFD alone cannot come from valid UTF-8 text that parses: it marks the bad line.
        lines.push(BAD_LINE)
      }
      start = end + 1
    }
    return lines.join('\n')
  }
}

const BAD_LINE = '\uFFFD'

// gnocchi-compat: Python's bytes.decode() keeps a leading BOM as U+FEFF; so must we.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Value of a field while scanning: a number, or a string (ignored later). */
type RawFieldValue = number | { readonly text: string }

/**
 * Recursive-descent scanner mirroring Gnocchi's grammar element by element. pyparsing never
 * backtracks into an element that matched, so neither does this; an optional or repeated
 * element that fails consumes nothing (positions are restored).
 */
class LineScanner {
  private pos = 0

  constructor(private readonly s: string) {}

  point(): InfluxPoint {
    const measurement = this.str()
    if (measurement === null) throw FAIL
    const tags = new Map<string, string>()
    if (this.code() === COMMA) {
      this.pos++
      // Once the comma has matched, the tag list is mandatory (no backtracking to "no tags").
      if (!this.pairList((k, v) => tags.set(k, v), () => this.str())) throw FAIL
    }
    if (this.code() !== SPACE) throw FAIL
    this.pos++
    const raw = new Map<string, RawFieldValue>()
    if (!this.pairList((k, v) => raw.set(k, v), () => this.fieldValue())) throw FAIL
    const timestampNs = this.timestamp()
    // gnocchi-compat: anything left on the line is ignored (parseString without parseAll),
    // e.g. `f=1,flag=true` keeps f and drops the rest, see gnocchi/rest/influxdb.py post_write.
    const fields: InfluxField[] = []
    for (const [key, value] of raw) {
      if (typeof value === 'number') fields.push({ key, value })
    }
    return { measurement, tags, fields, timestampNs }
  }

  private code(at = this.pos): number {
    return at < this.s.length ? this.s.charCodeAt(at) : -1
  }

  /**
   * `delimitedList(OneOrMore(Group(key "=" value)), ",")`: pairs may follow each other with no
   * separator when a quoted string ends one (`a="b"c=d`); a comma not followed by a pair is
   * left unconsumed.
   * @returns false when not even one pair matched.
   */
  private pairList<V>(add: (k: string, v: V) => void, value: () => V | null): boolean {
    if (!this.pairs(add, value)) return false
    for (;;) {
      const save = this.pos
      if (this.code() !== COMMA) return true
      this.pos++
      if (!this.pairs(add, value)) {
        this.pos = save
        return true
      }
    }
  }

  /** `OneOrMore(Group(key "=" value))`. */
  private pairs<V>(add: (k: string, v: V) => void, value: () => V | null): boolean {
    let n = 0
    for (;;) {
      const save = this.pos
      const key = this.str()
      if (key !== null && this.code() === EQUALS) {
        this.pos++
        const v = value()
        if (v !== null) {
          add(key, v)
          n++
          continue
        }
      }
      this.pos = save
      return n > 0
    }
  }

  /** `quoted_string | unquoted_string`. */
  private str(): string | null {
    if (this.code() === QUOTE) {
      const q = this.quoted()
      if (q !== null) return q
    }
    return this.unquoted()
  }

  /**
   * pyparsing `QuotedString('"', escChar='\\')`: the closing quote is the first one not
   * preceded by an escaping backslash; raw `\r`/`\n` end the attempt.
   */
  private quoted(): string | null {
    const s = this.s
    let i = this.pos + 1
    for (;;) {
      const c = this.code(i)
      if (c === -1 || c === LF || c === CR) return null
      if (c === QUOTE) break
      if (c === BACKSLASH) {
        const next = this.code(i + 1)
        if (next === -1 || next === LF) return null
        i += 2
      } else {
        i++
      }
    }
    const inner = s.slice(this.pos + 1, i)
    this.pos = i + 1
    // gnocchi-compat: pyparsing's two-step unescape, see gnocchi/rest/influxdb.py quoted_string.
    return unquotePyparsing(inner)
  }

  /**
   * Runs of characters other than space, comma, `=` and backslash, each optionally followed by
   * escapes: `\ `, `\,`, `\=` give the character, any other backslash stays itself. The first
   * character cannot be a backslash (so `\ m` is not a measurement).
   */
  private unquoted(): string | null {
    const s = this.s
    const first = this.code()
    if (first === -1 || first === SPACE || first === COMMA || first === EQUALS || first === BACKSLASH) return null
    const start = this.pos
    let i = start + 1
    let out = ''
    let chunk = start
    for (;;) {
      const c = this.code(i)
      if (c === -1 || c === SPACE || c === COMMA || c === EQUALS) break
      if (c === BACKSLASH) {
        const next = this.code(i + 1)
        if (next === SPACE || next === COMMA || next === EQUALS) {
          out += s.slice(chunk, i)
          chunk = i + 1
          i += 2
          continue
        }
      }
      i++
    }
    this.pos = i
    return out + s.slice(chunk, i)
  }

  /** `integer | number | quoted_string`, tried in that order. */
  private fieldValue(): RawFieldValue | null {
    const start = this.pos
    let i = start
    while (isAsciiDigit(this.code(i))) i++
    if (i > start && this.code(i) === 0x69 /* i */) {
      // gnocchi-compat: only unsigned integers take the `i` suffix; `-5i` reads as the float -5
      // followed by an ignored `i`, see the `integer` element of gnocchi/rest/influxdb.py.
      const v = Number(this.s.slice(start, i))
      // gnocchi-compat: an integer too large for a double makes Gnocchi fail with a 500 when it
      // stores the measures; we reject the line instead.
      if (!Number.isFinite(v)) throw FAIL
      this.pos = i + 1
      return v
    }
    const n = this.number()
    if (n !== null) return n
    if (this.code() === QUOTE) {
      const q = this.quoted()
      if (q !== null) return { text: q }
    }
    return null
  }

  /**
   * Gnocchi's `[+-]?\d+(:?\.\d*)?(:?[eE][+-]?\d+)?` (the `(:?` typos make a colon optional
   * before `.` and `e`), where `\d` is any Unicode decimal digit, then Python `float()`.
   */
  private number(): number | null {
    const s = this.s
    let i = this.pos
    let sign = ''
    const c0 = this.code(i)
    if (c0 === 0x2b || c0 === 0x2d) {
      sign = s[i] ?? ''
      i++
    }
    let text = sign
    let d = digitsAt(s, i)
    if (d === null) return null
    text += d.ascii
    i = d.end
    let colon = false
    let j = i
    if (this.code(j) === 0x3a) j++
    if (this.code(j) === 0x2e) {
      colon ||= j > i
      text += '.'
      const frac = digitsAt(s, j + 1)
      if (frac === null) {
        i = j + 1
      } else {
        text += frac.ascii
        i = frac.end
      }
    }
    j = i
    if (this.code(j) === 0x3a) j++
    const e = this.code(j)
    if (e === 0x65 || e === 0x45) {
      let k = j + 1
      let expSign = ''
      const es = this.code(k)
      if (es === 0x2b || es === 0x2d) {
        expSign = s[k] ?? ''
        k++
      }
      d = digitsAt(s, k)
      if (d !== null) {
        colon ||= j > i
        text += `e${expSign}${d.ascii}`
        i = d.end
      }
    }
    // gnocchi-compat: a matched colon (`1:.5`) makes Python's float() raise ValueError, which
    // Gnocchi does not catch (500); we answer the line error instead.
    if (colon) throw FAIL
    this.pos = i
    return Number(text)
  }

  /** `Optional(" " + Word(nums))`: ASCII digits only; anything else leaves the line as is. */
  private timestamp(): bigint | null {
    if (this.code() !== SPACE || !isAsciiDigit(this.code(this.pos + 1))) return null
    let i = this.pos + 1
    while (isAsciiDigit(this.code(i))) i++
    const ns = BigInt(this.s.slice(this.pos + 1, i))
    // gnocchi-compat: beyond int64 numpy raises OverflowError, a 500 in Gnocchi; we reject the line.
    if (ns > MAX_NS) throw FAIL
    this.pos = i
    return ns
  }
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

const ND = /\p{Nd}/u

/**
 * Reads a run of one or more Unicode decimal digits at `i` (Python `re` `\d` on str).
 * @returns the digits as ASCII and the index after them, or `null` if there is none.
 */
function digitsAt(s: string, i: number): { ascii: string; end: number } | null {
  let ascii = ''
  let k = i
  for (;;) {
    const c = s.charCodeAt(k)
    if (c >= 0x30 && c <= 0x39) {
      ascii += s[k]
      k++
      continue
    }
    if (k >= s.length || c < 0x80) break
    const cp = s.codePointAt(k) ?? 0
    const ch = String.fromCodePoint(cp)
    if (!ND.test(ch)) break
    ascii += String(ndValue(cp))
    k += ch.length
  }
  return k > i ? { ascii, end: k } : null
}

/**
 * Decimal value of an Nd code point. Unicode allocates decimal digits in contiguous runs of
 * ten ordered 0..9 (a stability guarantee), so the value is the offset from the start of the
 * contiguous Nd block modulo 10.
 */
function ndValue(cp: number): number {
  let start = cp
  while (start > 0 && ND.test(String.fromCodePoint(start - 1))) start--
  return (cp - start) % 10
}
