/** Python-compatible helpers: fnmatch, float repr, %.Nf. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fnmatch } from '../../../src/engine/aggregates/index.js'
import { pyFixed, pyFloatRepr } from '../../../src/engine/aggregates/py-format.js'

describe('fnmatch (Python semantics, case-sensitive)', () => {
  it.each<[string, string, boolean]>([
    ['cpu.util', 'cpu.*', true], ['cpu.util', 'cpu?util', true], ['cpu.util', 'CPU.*', false], ['cpuXutil', 'cpu.util', false],
    ['a', '[!b]', true], ['b', '[!b]', false], ['[', '[', true], ['a]', '[a]]', true], [']', '[]]', true], ['x', '[a-c]', false],
    ['b', '[a-c]', true], ['-', '[a-]', true], ['ab', 'a*', true], ['a\nb', 'a*', true], ['b', '[z-a]', false], ['disk.io(r)', 'disk.io(*)', true],
    ['a+b', 'a+b', true], ['aab', 'a+b', false], ['x', '*', true], ['', '*', true], ['\\', '[\\]', true], ['ä', '?', true],
  ])('%j ~ %j → %s', (name, pattern, expected) => {
    expect(fnmatch(name, pattern)).toBe(expected)
  })
  it('a pattern without wildcards matches only itself', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '.', '(', '+', '$', '^', '{', '}', '|', '-') }), fc.string(), (p, other) => {
      expect(fnmatch(p, p)).toBe(true)
      if (other !== p) expect(fnmatch(other, p)).toBe(false)
    }))
  })
})

describe('Python float formatting', () => {
  it.each<[number, string]>([
    [2, '2.0'], [-1.5, '-1.5'], [1e20, '1e+20'], [1e16, '1e+16'], [1e15, '1000000000000000.0'], [0.0001, '0.0001'], [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'], [123.456, '123.456'], [NaN, 'nan'], [Infinity, 'inf'], [-0, '-0.0'], [0.1 + 0.2, '0.30000000000000004'],
  ])('repr(%d) = %s', (x, s) => {
    expect(pyFloatRepr(x)).toBe(s)
  })
  it.each<[number, number, string]>([
    [66.66666666666667, 2, '66.67'], [100, 6, '100.000000'], [0.125, 2, '0.12'], [0.375, 2, '0.38'], [12.5, 2, '12.50'], [99.995, 2, '100.00'], [1.005, 2, '1.00'], [9.999, 2, '10.00'], [0, 2, '0.00'],
  ])('%%.%if of %d', (x, n, s) => {
    expect(pyFixed(x, n)).toBe(s)
  })
})
