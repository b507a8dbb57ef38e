import { describe, expect, it } from 'vitest'
import type { ArchivePolicyRule } from '../../src/model/archive-policy.js'
import {
  findArchivePolicyRule,
  fnmatch,
  resolveArchivePolicyName,
  sortArchivePolicyRules,
} from '../../src/engine/archive-policy/index.js'
import { FNMATCH_CASES } from './archive-policy-fnmatch-cases.js'

const rule = (name: string, metricPattern: string, archivePolicyName = name): ArchivePolicyRule => ({
  name,
  metricPattern,
  archivePolicyName,
})

describe('fnmatch reproduces Python fnmatch.fnmatchcase', () => {
  it.each(FNMATCH_CASES)('%j ~ %j → %s', (name, pattern, expected) => {
    expect(fnmatch(name, pattern)).toBe(expected)
  })
})

describe('archive policy rule ordering and matching (storage §3)', () => {
  const rules = [rule('default', '*', 'low'), rule('disk', 'disk.*', 'medium'), rule('io', 'disk.io.*', 'high'), rule('rate', '*.io.rate', 'bool')]

  it('sorts by metric_pattern descending, then name ascending', () => {
    const sorted = sortArchivePolicyRules([...rules, rule('b', 'disk.*'), rule('a', 'disk.*')])
    expect(sorted.map((r) => r.name)).toEqual(['io', 'a', 'b', 'disk', 'rate', 'default'])
  })

  it('sorts by code point, not locale', () => {
    const sorted = sortArchivePolicyRules([rule('1', 'B*'), rule('2', 'a*'), rule('3', 'é*'), rule('4', '_*')])
    expect(sorted.map((r) => r.metricPattern)).toEqual(['é*', 'a*', '_*', 'B*'])
  })

  it.each<[string | null, string | null]>([
    ['disk.io.read', 'io'],
    ['disk.io.rate', 'io'],
    ['disk.usage', 'disk'],
    ['net.io.rate', 'rate'],
    ['cpu', 'default'],
    ['', 'default'],
    [null, 'default'],
  ])('metric %j → rule %j', (name, expected) => {
    expect(findArchivePolicyRule(rules, name)?.name ?? null).toBe(expected)
  })

  it('prefers the reverse-lexicographic order over the longest pattern', () => {
    const r = [rule('a', '*.io.rate'), rule('b', 'disk.*')]
    expect(findArchivePolicyRule(r, 'disk.io.rate')?.name).toBe('b')
  })

  it('resolves the policy name', () => {
    expect(resolveArchivePolicyName(rules, 'disk.usage')).toBe('medium')
  })

  it.each<[string | null, string]>([
    ['cpu', 'No archive policy name specified and no archive policy rule found matching the metric name cpu'],
    [null, 'No archive policy name specified and no archive policy rule found matching the metric name None'],
  ])('no match for %j', (name, message) => {
    expect(() => resolveArchivePolicyName([rule('d', 'disk.*')], name)).toThrow(message)
    expect(findArchivePolicyRule([], name)).toBeNull()
  })
})
