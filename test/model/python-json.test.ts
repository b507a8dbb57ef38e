import { describe, expect, it } from 'vitest'
import { formatPyFloat, pyFloat, pyJsonStringify, PyRawJson, PyRows, quotePyString } from '../../src/model/python-json.js'

// Expected texts were produced by CPython 3.11: python3 -c 'import json; print(json.dumps(x))'.
describe('formatPyFloat: Python float repr (gnocchi-rest.md §1.2)', () => {
  it.each([
    [60, '60.0'],
    [2, '2.0'],
    [0.5, '0.5'],
    [-1 / 3, '-0.3333333333333333'],
    [1 / 3, '0.3333333333333333'],
    [1e-5, '1e-05'],
    [1e-4, '0.0001'],
    [0.0001234, '0.0001234'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [1e22, '1e+22'],
    [1e21, '1e+21'],
    [1.2345678901234567e19, '1.2345678901234567e+19'],
    [123456789012345.6, '123456789012345.6'],
    [9999999999999998, '9999999999999998.0'],
    [1e15, '1000000000000000.0'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [-0, '-0.0'],
    [0, '0.0'],
    [0.1, '0.1'],
    [0.30000000000000004, '0.30000000000000004'],
    [100, '100.0'],
    [-1.5e-7, '-1.5e-07'],
    [1.23e-18, '1.23e-18'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('%s → %s', (n, text) => {
    expect(formatPyFloat(n)).toBe(text)
    expect(pyJsonStringify(pyFloat(n))).toBe(text)
    expect(pyJsonStringify(new Float64Array([n]))).toBe(`[${text}]`)
  })
})

describe('pyJsonStringify: whole documents', () => {
  it.each([
    ['nested object', { a: [1, pyFloat(2), null, true, false], é: 'ü\u2603\u{1F600}\x7f\x00\n\t"\\/', n: {}, l: [] },
      '{"a": [1, 2.0, null, true, false], "\\u00e9": "\\u00fc\\u2603\\ud83d\\ude00\\u007f\\u0000\\n\\t\\"\\\\/", "n": {}, "l": []}'],
    ['error body', { code: 401, title: 'Unauthorized', description: '' }, '{"code": 401, "title": "Unauthorized", "description": ""}'],
    ['plain non-integral numbers are floats', [0.5, -2.25, NaN], '[0.5, -2.25, NaN]'],
    ['plain integers are ints', [0, 5, -7, 300], '[0, 5, -7, 300]'],
    ['measure rows', [['2015-03-06T14:33:00+00:00', pyFloat(60), pyFloat(43.1)]], '[["2015-03-06T14:33:00+00:00", 60.0, 43.1]]'],
    ['rows by columns', new PyRows(2, [['t0', 't1'], pyFloat(60), new Float64Array([1, 0.5]), 7, new Int32Array([3, 4])]),
      '[["t0", 60.0, 1.0, 7, 3], ["t1", 60.0, 0.5, 7, 4]]'],
    ['no rows', new PyRows(0, [['x']]), '[]'],
    ['float column', new Float64Array([1, 2.5, NaN]), '[1.0, 2.5, NaN]'],
    ['int column', new Int32Array([1, -2]), '[1, -2]'],
    ['undefined members skipped', { a: undefined, b: 1 }, '{"b": 1}'],
    ['undefined array items become null', [undefined], '[null]'],
    ['raw fragment', { x: new PyRawJson('[1.0, 2.0]') }, '{"x": [1.0, 2.0]}'],
    ['map', new Map([['k', 1]]), '{"k": 1}'],
    ['toJSON', { d: new Date(0) }, '{"d": "1970-01-01T00:00:00.000Z"}'],
    ['big integer', 1e22, '10000000000000000000000'],
    ['empty string', '', '""'],
  ])('%s', (_name, value, text) => {
    expect(pyJsonStringify(value)).toBe(text)
  })

  it('undefined at top level gives undefined, like JSON.stringify', () => {
    expect(pyJsonStringify(undefined)).toBeUndefined()
  })

  it('parses back to the same data (finite values)', () => {
    const doc = { s: 'a"b\\c\u00e9\u{1F600}', n: [1, 2.5, -1e-9, 1e300], o: { z: null } }
    expect(JSON.parse(pyJsonStringify(doc) ?? '')).toEqual(doc)
  })

  it('large outputs spanning many buffer chunks are exact', () => {
    const ints = Array.from({ length: 300_000 }, (_, i) => i * 7)
    expect(pyJsonStringify(ints)).toBe(`[${ints.join(', ')}]`)
    const long = 'x'.repeat(3_000_000)
    expect(pyJsonStringify([long, 'é'])).toBe(`["${long}", "\\u00e9"]`)
  })

  it('is reentrant (a toJSON that serialises)', () => {
    const inner = { toJSON: () => pyJsonStringify({ a: 1 }) }
    expect(pyJsonStringify([inner, 2])).toBe('["{\\"a\\": 1}", 2]')
  })

  it('rejects cyclic structures with a RangeError instead of overflowing the stack', () => {
    const a: unknown[] = []
    a.push(a)
    expect(() => pyJsonStringify(a)).toThrow(RangeError)
  })
})

describe('quotePyString', () => {
  it.each([
    ['plain', '"plain"'],
    ['\u0001\u001f', '"\\u0001\\u001f"'],
    ['\b\f\r', '"\\b\\f\\r"'],
    ['\u00ff\uffff', '"\\u00ff\\uffff"'],
  ])('%j → %s', (s, text) => {
    expect(quotePyString(s)).toBe(text)
  })
})
