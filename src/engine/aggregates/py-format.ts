/**
 * Python text formatting needed to reproduce Gnocchi's error messages verbatim: `repr()` of a
 * float, `%.Nf` (round-half-even on the exact binary value) and `repr()` of an operations node
 * as Gnocchi's `%s` prints it after schema validation.
 */
import type { OpNode } from '../../grammar/operations/ast.js'
import { reprPyFloat } from '../../model/python-json.js'

/** Python `repr(float)`: shortest round-trip digits, `1e+16` / `1e-05` exponent style. */
export const pyFloatRepr = reprPyFloat

/** Python `'%.<n>f' % x` for finite `x` below 1e21: exact decimal expansion, ties to even. */
export function pyFixed(x: number, n: number): string {
  const exact = Math.abs(x).toFixed(100)
  const dot = exact.indexOf('.')
  const kept = exact.slice(0, dot + 1 + n)
  const rest = exact.slice(dot + 1 + n)
  const first = rest.charCodeAt(0) - 48
  const tail = rest.slice(1).replace(/0+$/, '')
  const lastDigit = kept.charCodeAt(kept.length - 1) - 48
  const roundUp = first > 5 || (first === 5 && (tail !== '' || lastDigit % 2 === 1))
  let body = kept.endsWith('.') ? kept.slice(0, -1) : kept
  if (roundUp) body = incrementDecimal(body)
  return `${x < 0 || Object.is(x, -0) ? '-' : ''}${body}`
}

function incrementDecimal(s: string): string {
  const chars = s.split('')
  for (let i = chars.length - 1; i >= 0; i--) {
    const c = chars[i]!
    if (c === '.') continue
    if (c === '9') {
      chars[i] = '0'
    } else {
      chars[i] = String.fromCharCode(c.charCodeAt(0) + 1)
      return chars.join('')
    }
  }
  return `1${chars.join('')}`
}

function pyStr(s: string): string {
  // Python prefers single quotes unless the text contains one and no double quote
  if (s.includes("'") && !s.includes('"')) return `"${s}"`
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/**
 * `str()` of a validated operations node as Gnocchi prints it in the "different granularity"
 * message: Python lists, operators as written, floats as `repr`, the resample timespan as a
 * `numpy.timedelta64(<ns>,'ns')`, the rolling window as an int.
 */
export function pyNodeRepr(node: OpNode): string {
  const list = (items: readonly string[]): string => `[${items.join(', ')}]`
  switch (node.kind) {
    case 'number':
      return pyFloatRepr(node.value)
    case 'metric':
      return node.single && node.refs.length === 1
        ? list([pyStr('metric'), pyStr(node.refs[0]!.name), pyStr(node.refs[0]!.aggregation)])
        : list([pyStr('metric'), ...node.refs.map((r) => list([pyStr(r.name), pyStr(r.aggregation)]))])
    case 'aggregate':
      return list([pyStr('aggregate'), pyStr(node.method), pyNodeRepr(node.input)])
    case 'resample':
      return list([pyStr('resample'), pyStr(node.method), `numpy.timedelta64(${Math.round(node.granularitySec * 1e9)},'ns')`, pyNodeRepr(node.input)])
    case 'rolling':
      return list([pyStr('rolling'), pyStr(node.method), String(node.window), pyNodeRepr(node.input)])
    case 'unary':
      return list([pyStr(node.written), pyNodeRepr(node.input)])
    case 'binary':
      return list([pyStr(node.written), pyNodeRepr(node.left), pyNodeRepr(node.right)])
    case 'clip':
      return list([pyStr('clip'), pyNodeRepr(node.input), pyNodeRepr(node.lower), ...(node.upper === undefined ? [] : [pyNodeRepr(node.upper)])])
  }
}
