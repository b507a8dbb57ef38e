/**
 * AST → operations text. {@link printOperations} writes the canonical string form, using the
 * spelling the client wrote for each operator, so that `parseOperations(printOperations(ast))`
 * equals `ast` (spans aside). {@link operationsToJson} writes the JSON-list form, which can
 * express every AST (names with spaces or parentheses included).
 */
import { parsePythonFloat, secondsToUs } from '../../model/timespan.js'
import type { MetricNode, OpNode } from './ast.js'
import { quotedStringEnd, wordEnd } from './tokens.js'

/** A JSON-list form value (numbers may be NaN or ±Infinity, as Python's `json` writes them). */
export type OperationsJson = number | string | readonly OperationsJson[]

/**
 * Prints an AST in the string form, e.g. `(aggregate mean (metric (ID1 mean) (ID2 mean)))`.
 * @throws RangeError when a metric name or aggregation cannot be written as one token of the
 *   string form (empty, or containing whitespace or parentheses outside quotes); use
 *   {@link operationsToJson} for such trees.
 */
export function printOperations(node: OpNode): string {
  const tokens: string[] = []
  emit(node, tokens)
  let out = ''
  let previous = '('
  for (const t of tokens) {
    if (out !== '') out += separator(previous, t)
    out += t
    previous = t
  }
  return out
}

/**
 * What goes between two tokens. A word holding a stray quote is followed by CR LF: a quoted
 * string cannot run through an unescaped line end, so the quote cannot pair with a later one.
 */
function separator(previous: string, next: string): string {
  if (hasStrayQuote(previous)) return '\r\n'
  return previous === '(' || next === ')' ? '' : ' '
}

function hasStrayQuote(token: string): boolean {
  return (token.includes('"') || token.includes("'")) && quotedStringEnd(token, 0) !== token.length
}

function emit(node: OpNode, out: string[]): void {
  switch (node.kind) {
    case 'metric':
      emitMetric(node, out)
      return
    case 'aggregate':
      out.push('(', 'aggregate', node.method)
      emit(node.input, out)
      break
    case 'resample':
      out.push('(', 'resample', node.method, formatGranularity(node.granularitySec))
      emit(node.input, out)
      break
    case 'rolling':
      out.push('(', 'rolling', node.method, String(node.window))
      emit(node.input, out)
      break
    case 'unary':
      out.push('(', token(node.written))
      emit(node.input, out)
      break
    case 'binary':
      out.push('(', token(node.written))
      emit(node.left, out)
      emit(node.right, out)
      break
    case 'clip':
      out.push('(', 'clip')
      emit(node.input, out)
      emit(node.lower, out)
      if (node.upper !== undefined) emit(node.upper, out)
      break
    case 'number':
      out.push(formatNumber(node.value))
      return
  }
  out.push(')')
}

function emitMetric(node: MetricNode, out: string[]): void {
  out.push('(', 'metric')
  if (node.single && node.refs.length === 1) {
    out.push(token(node.refs[0].name), token(node.refs[0].aggregation))
  } else {
    for (const r of node.refs) out.push('(', token(r.name), token(r.aggregation), ')')
  }
  out.push(')')
}

/** True when `text` reads back as exactly one token of the string form. */
export function isPrintableToken(text: string): boolean {
  return text.length > 0 && (quotedStringEnd(text, 0) === text.length || wordEnd(text, 0) === text.length)
}

function token(text: string): string {
  if (!isPrintableToken(text)) throw new RangeError(`Cannot write ${JSON.stringify(text)} as one token of the operations string`)
  return text
}

/** A number as a token Python's `float()` reads back to the same double. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan'
  if (value === Infinity) return 'inf'
  if (value === -Infinity) return '-inf'
  if (Object.is(value, -0)) return '-0.0'
  return String(value)
}

/**
 * A granularity (seconds, a whole number of µs) as a timespan token that parses back to the same
 * µs. Plain seconds are used when they survive Gnocchi's `int(seconds × 1e9)` truncation;
 * otherwise half a µs is added so the truncation lands on the intended µs.
 */
export function formatGranularity(granularitySec: number): string {
  return String(granularitySeconds(granularitySec))
}

/** Seconds that Gnocchi's `int(seconds × 1e9)` maps back to the µs of `granularitySec`. */
function granularitySeconds(granularitySec: number): number {
  const us = Math.round(granularitySec * 1e6)
  if (secondsToUs(parsePythonFloat(String(granularitySec)) ?? Number.NaN) === us) return granularitySec
  return (us + 0.5) / 1e6
}

/**
 * The JSON-list form of an AST (`["aggregate", "mean", ["metric", "A", "mean"]]`), with written
 * operator spellings, granularities in seconds (nudged like {@link formatGranularity} when needed)
 * and windows as integers. This is also the
 * `detail` of the "At least one 'metric' is required" error.
 */
export function operationsToJson(node: OpNode): OperationsJson {
  switch (node.kind) {
    case 'metric':
      return node.single && node.refs.length === 1
        ? ['metric', node.refs[0].name, node.refs[0].aggregation]
        : ['metric', ...node.refs.map((r) => [r.name, r.aggregation])]
    case 'aggregate':
      return ['aggregate', node.method, operationsToJson(node.input)]
    case 'resample':
      return ['resample', node.method, granularitySeconds(node.granularitySec), operationsToJson(node.input)]
    case 'rolling':
      return ['rolling', node.method, node.window, operationsToJson(node.input)]
    case 'unary':
      return [node.written, operationsToJson(node.input)]
    case 'binary':
      return [node.written, operationsToJson(node.left), operationsToJson(node.right)]
    case 'clip':
      return node.upper === undefined
        ? ['clip', operationsToJson(node.input), operationsToJson(node.lower)]
        : ['clip', operationsToJson(node.input), operationsToJson(node.lower), operationsToJson(node.upper)]
    case 'number':
      return node.value
  }
}
