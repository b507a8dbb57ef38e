import { describe, expect, it } from 'vitest'
import type { ArchivePolicy } from '../../src/model/archive-policy.js'
import {
  buildArchivePolicy,
  DEFAULT_ARCHIVE_POLICY_RULE,
  defaultArchivePolicies,
  DEFINITION_ERRORS,
  effectiveAggregationMethods,
  isAggregationMethod,
  normaliseDefinition,
  renderArchivePolicy,
  renderArchivePolicyRule,
  updateArchivePolicy,
  VALID_AGGREGATION_METHODS,
} from '../../src/engine/archive-policy/index.js'

const S = 1_000_000
const DEFAULTS = ['mean', 'sum', 'max', 'min', 'std', 'count']
const sorted = (xs: readonly string[]): string[] => [...xs].sort()

describe('definition normalisation (storage §2.1)', () => {
  it.each<[unknown, { timespan: string | null; granularity: string; points: number | null }]>([
    [{ granularity: '1s', points: 3600, timespan: '1h' }, { timespan: '1:00:00', granularity: '0:00:01', points: 3600 }],
    [{ granularity: 60, points: 10080 }, { timespan: '7 days, 0:00:00', granularity: '0:01:00', points: 10080 }],
    [{ granularity: '7s', timespan: '1h' }, { timespan: '0:59:58', granularity: '0:00:07', points: 514 }],
    [{ points: 1000, timespan: '1h' }, { timespan: '1:00:00', granularity: '0:00:03.600000', points: 1000 }],
    [{ points: 3, timespan: '1s' }, { timespan: '0:00:01', granularity: '0:00:00.333333', points: 3 }],
    [{ granularity: '1s' }, { timespan: null, granularity: '0:00:01', points: null }],
    [{ granularity: '1s', points: 2.7 }, { timespan: '0:00:02', granularity: '0:00:01', points: 2 }],
    [{ granularity: '1s', points: '5' }, { timespan: '0:00:05', granularity: '0:00:01', points: 5 }],
    [{ granularity: '1.0000000001s', points: 3 }, { timespan: '0:00:03', granularity: '0:00:01', points: 3 }],
    [{ granularity: '0.5', points: 2 }, { timespan: '0:00:01', granularity: '0:00:00.500000', points: 2 }],
    [{ granularity: '1 day', points: 365 }, { timespan: '365 days, 0:00:00', granularity: '1 day, 0:00:00', points: 365 }],
  ])('%j', (item, rendered) => {
    const [normalised] = normaliseDefinition([item])
    expect(normalised).toBeDefined()
    if (normalised !== undefined) expect(renderArchivePolicy({ name: 'x', backWindow: 0, definition: [normalised], aggregationMethods: [] }).definition[0]).toEqual(rendered)
  })

  it('keeps µs fields consistent', () => {
    expect(normaliseDefinition([{ granularity: '7s', timespan: '1h' }])).toEqual([
      { granularityUs: 7 * S, points: 514, timespanUs: 3598 * S },
    ])
  })

  it.each<[unknown, string]>([
    [[{ granularity: '1s', points: 3, timespan: '4s' }], 'timespan \u2260 granularity \u00d7 points'],
    [[{ granularity: '7s', timespan: '3s' }], 'Calculated number of points is < 0'],
    [[{ points: 3 }], 'At least two of granularity/points/timespan must be provided'],
    [[{ timespan: '1h' }], 'At least two of granularity/points/timespan must be provided'],
    [[{}], 'At least two of granularity/points/timespan must be provided'],
    [[{ granularity: '1s' }, { granularity: 1, points: 3 }], "More than one archive policy uses granularity `1.0'"],
    [[{ granularity: '1m' }, { granularity: '0:01:00', points: 3 }], "More than one archive policy uses granularity `60.0'"],
    [[{ granularity: '0.0000001' }], DEFINITION_ERRORS.granularityNotPositive],
  ])('%j → %s', (definition, message) => {
    expect(() => normaliseDefinition(definition)).toThrow(expect.objectContaining({ description: message, code: 'INVALID_INPUT' }))
  })

  it.each<[unknown, string, string[]]>([
    [[{ granularity: '1s', points: 0 }], "value must be at least 1 for dictionary value @ data['definition'][0]['points']", ['definition', '0', 'points']],
    [[{ granularity: '0', points: 3 }], "Timespan must be positive for dictionary value @ data['definition'][0]['granularity']", ['definition', '0', 'granularity']],
    [[{ granularity: '1s', points: '1.5' }], "expected int for dictionary value @ data['definition'][0]['points']", ['definition', '0', 'points']],
    [[{ granularity: '1s', timespan: null }], "Invalid timespan for dictionary value @ data['definition'][0]['timespan']", ['definition', '0', 'timespan']],
    [[{ granularity: '1s' }, { granularity: 'soon' }], "Unable to parse timespan for dictionary value @ data['definition'][1]['granularity']", ['definition', '1', 'granularity']],
    [[{ granularity: '1s', foo: 1 }], "extra keys not allowed @ data['definition'][0]['foo']", ['definition', '0', 'foo']],
    [[], "length of value must be at least 1 for dictionary value @ data['definition']", ['definition']],
    ['x', "expected a list for dictionary value @ data['definition']", ['definition']],
  ])('%j → Invalid input %s', (definition, reason, detail) => {
    expect(() => normaliseDefinition(definition)).toThrow(
      expect.objectContaining({ description: { cause: 'Invalid input', reason, detail } }),
    )
  })
})

describe('effective aggregation methods (storage §2.3, recommended)', () => {
  it('has the 216 valid methods', () => {
    expect(VALID_AGGREGATION_METHODS).toHaveLength(216)
    expect(new Set(VALID_AGGREGATION_METHODS).size).toBe(216)
    for (const m of ['mean', 'median', 'first', '1pct', '99pct', 'rate:last', 'rate:99pct']) expect(isAggregationMethod(m)).toBe(true)
    for (const m of ['0pct', '100pct', 'rate:*', 'var', 'rate:rate:mean', 'Mean']) expect(isAggregationMethod(m)).toBe(false)
  })

  it.each<[unknown, string[]]>([
    [undefined, DEFAULTS],
    [[], DEFAULTS],
    [['+95pct', '-std'], ['mean', 'min', 'max', 'sum', 'count', '95pct']],
    [['rate:mean', 'rate:last'], ['rate:mean', 'rate:last']],
    [['max', '+min', '-max'], ['min']],
    [['rate:95pct', '+rate:last', '-rate:mean'], ['rate:95pct', 'rate:last']],
    [['-mean', '-min', '-max', '-sum', '-std', '-count'], []],
    [['+min', '-min'], DEFAULTS],
    [['last', 'last'], ['last']],
  ])('%j → %j', (entries, expected) => {
    expect(sorted(effectiveAggregationMethods(entries))).toEqual(sorted(expected))
  })

  it.each<[unknown, number]>([
    [['*'], 216],
    [['*', '*'], 216],
    [['*', '-mean'], 215],
    [['mean', '*', '-rate:mean'], 215],
  ])('%j → %d methods', (entries, size) => {
    expect(effectiveAggregationMethods(entries)).toHaveLength(size)
  })

  it('uses the configured default set', () => {
    expect(effectiveAggregationMethods(['+last'], ['mean'])).toEqual(['mean', 'last'])
  })

  it.each<[unknown[], number]>([[['foo'], 0], [['mean', '+100pct'], 1], [['+0pct'], 0], [['rate:*'], 0], [['+*'], 0], [['mean', 3], 1]])(
    '%j → not a valid value at index %d',
    (entries, index) => {
      expect(() => effectiveAggregationMethods(entries)).toThrow(
        expect.objectContaining({
          description: {
            cause: 'Invalid input',
            reason: `not a valid value @ data['aggregation_methods'][${index}]`,
            detail: ['aggregation_methods', String(index)],
          },
        }),
      )
    },
  )
})

describe('buildArchivePolicy (rest §3.2)', () => {
  it('builds with defaults', () => {
    const p = buildArchivePolicy({ name: 'p', definition: [{ granularity: '1s', points: 60 }] })
    expect(p).toMatchObject({ name: 'p', backWindow: 0, definition: [{ granularityUs: S, points: 60, timespanUs: 60 * S }] })
    expect(sorted(p.aggregationMethods)).toEqual(sorted(DEFAULTS))
  })

  it.each<[unknown, number]>([[3, 3], ['3', 3], [2.5, 2], [0, 0], [undefined, 0]])('back_window %j → %d', (bw, expected) => {
    expect(buildArchivePolicy({ name: 'p', back_window: bw, definition: [{ granularity: 1 }] }).backWindow).toBe(expected)
  })

  it.each<[unknown, string, string[]]>([
    [{ name: 'p', back_window: -1, definition: [{ granularity: 1 }] }, "value must be at least 0 for dictionary value @ data['back_window']", ['back_window']],
    [{ name: 'p', back_window: '2.5', definition: [{ granularity: 1 }] }, "expected int for dictionary value @ data['back_window']", ['back_window']],
    [{ definition: [{ granularity: 1 }] }, "required key not provided @ data['name']", ['name']],
    [{ name: 'p' }, "required key not provided @ data['definition']", ['definition']],
    [{ name: 3, definition: [{ granularity: 1 }] }, "expected str for dictionary value @ data['name']", ['name']],
    [{ name: 'p', definition: [{ granularity: 1 }], extra: 1 }, "extra keys not allowed @ data['extra']", ['extra']],
  ])('%j → %s', (body, reason, detail) => {
    expect(() => buildArchivePolicy(body)).toThrow(expect.objectContaining({ description: { cause: 'Invalid input', reason, detail } }))
  })
})

describe('updateArchivePolicy (rest §3.2 PATCH, storage §2.5)', () => {
  const existing: ArchivePolicy = buildArchivePolicy({
    name: 'h',
    back_window: 2,
    aggregation_methods: ['last'],
    definition: [{ granularity: '1s', points: 5 }, { granularity: '1m', points: 5 }],
  })

  it('changes points/timespan, keeps the new order, methods and back window', () => {
    const p = updateArchivePolicy(existing, { definition: [{ granularity: '1m', points: 7 }, { granularity: '1s', timespan: '1h' }] })
    expect(renderArchivePolicy(p)).toEqual({
      name: 'h',
      back_window: 2,
      definition: [
        { timespan: '0:07:00', granularity: '0:01:00', points: 7 },
        { timespan: '1:00:00', granularity: '0:00:01', points: 3600 },
      ],
      aggregation_methods: ['last'],
    })
  })

  it('accepts unbounded items', () => {
    const p = updateArchivePolicy(existing, { definition: [{ granularity: '1s' }, { granularity: '1m' }] })
    expect(p.definition.map((i) => i.points)).toEqual([null, null])
  })

  it.each<[unknown, string]>([
    [{ definition: [{ granularity: '1s', points: 7 }] }, 'Archive policy h does not support change: Cannot add or drop granularities'],
    [{ definition: [{ granularity: '2s', points: 7 }, { granularity: '1m', timespan: '1h' }] }, 'Archive policy h does not support change: 1.0 granularity interval was changed'],
    [{ definition: [{ granularity: '1s', points: 7 }, { granularity: '2m', timespan: '1h' }] }, 'Archive policy h does not support change: 60.0 granularity interval was changed'],
    [{ definition: [{ granularity: '1s', points: 7 }, { granularity: '1s', points: 7 }] }, 'Archive policy h does not support change: 60.0 granularity interval was changed'],
  ])('%j → %s', (body, message) => {
    expect(() => updateArchivePolicy(existing, body)).toThrow(expect.objectContaining({ description: message }))
  })

  it.each<[unknown, string]>([
    [{ definition: [{ granularity: '1s' }], back_window: 3 }, "extra keys not allowed @ data['back_window']"],
    [{}, "required key not provided @ data['definition']"],
    [{ definition: [] }, "length of value must be at least 1 for dictionary value @ data['definition']"],
  ])('%j → Invalid input %s', (body, reason) => {
    expect(() => updateArchivePolicy(existing, body)).toThrow(expect.objectContaining({ description: expect.objectContaining({ reason }) }))
  })
})

describe('default policies and rule (storage §2.4)', () => {
  it('renders as Gnocchi does', () => {
    const rendered = defaultArchivePolicies().map(renderArchivePolicy)
    expect(rendered.map((p) => ({ ...p, aggregation_methods: sorted(p.aggregation_methods) }))).toEqual([
      { name: 'bool', back_window: 3600, definition: [{ timespan: '365 days, 0:00:00', granularity: '0:00:01', points: 31536000 }], aggregation_methods: ['last'] },
      { name: 'low', back_window: 0, definition: [{ timespan: '30 days, 0:00:00', granularity: '0:05:00', points: 8640 }], aggregation_methods: sorted(DEFAULTS) },
      {
        name: 'medium',
        back_window: 0,
        definition: [
          { timespan: '7 days, 0:00:00', granularity: '0:01:00', points: 10080 },
          { timespan: '365 days, 0:00:00', granularity: '1:00:00', points: 8760 },
        ],
        aggregation_methods: sorted(DEFAULTS),
      },
      {
        name: 'high',
        back_window: 0,
        definition: [
          { timespan: '1:00:00', granularity: '0:00:01', points: 3600 },
          { timespan: '7 days, 0:00:00', granularity: '0:01:00', points: 10080 },
          { timespan: '365 days, 0:00:00', granularity: '1:00:00', points: 8760 },
        ],
        aggregation_methods: sorted(DEFAULTS),
      },
    ])
  })

  it('has the default rule', () => {
    expect(renderArchivePolicyRule(DEFAULT_ARCHIVE_POLICY_RULE)).toEqual({ name: 'default', archive_policy_name: 'low', metric_pattern: '*' })
  })
})
