import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  filterFromJson,
  parseFilter,
  printFilterJson,
  printFilterString,
  type FilterNode,
} from '../../src/grammar/filter/index.js'
import { GrammarError } from '../../src/grammar/grammar-error.js'
import { expectedAfter } from '../../src/grammar/filter/expected.js'
import { filterParser } from '../../src/grammar/filter/parser.js'
import { filterLexer } from '../../src/grammar/filter/tokens.js'
import { GnocchiError } from '../../src/model/errors.js'

/** The tree without positions and the string form's float marks. */
function bare(node: FilterNode): unknown {
  return JSON.parse(JSON.stringify(node, (k, v: unknown) => (k === 'span' || k === 'floats' ? undefined : v)))
}

function failure(f: () => unknown): GnocchiError {
  try {
    f()
  } catch (e) {
    if (e instanceof GnocchiError) return e
    throw e
  }
  throw new Error('expected a GnocchiError')
}

describe('parseFilter: gnocchi-aggregates.md §7.3 examples', () => {
  it.each([
    ["flavor = 'small'", { '=': { flavor: 'small' } }],
    [
      'flavor=small and (cores = 2 or cores = 8)',
      { and: [{ '=': { flavor: 'small' } }, { or: [{ '=': { cores: 2 } }, { '=': { cores: 8 } }] }] },
    ],
    ['not flavor = small', { not: { '=': { flavor: 'small' } } }],
    ["id in [h1, 'h2']", { in: { id: ['h1', 'h2'] } }],
    ['enabled = null', { '=': { enabled: null } }],
    ["started_at >= '-1 hour'", { '>=': { started_at: '-1 hour' } }],
    ['cores ≥ 4 ∧ cores ≤ 4', { '∧': [{ '≥': { cores: 4 } }, { '≤': { cores: 4 } }] }],
    ["flavor like 'sm%'", { like: { flavor: 'sm%' } }],
  ])('%s', (text, json) => {
    expect(printFilterJson(parseFilter(text))).toEqual(json)
  })
})

const GRAMMAR_ROWS: ReadonlyArray<readonly [string, unknown]> = [
    ['a = 1 and b = 2 and c = 3', { and: [{ '=': { a: 1 } }, { '=': { b: 2 } }, { '=': { c: 3 } }] }],
    ['a = 1 or b = 2 and c = 3', { or: [{ '=': { a: 1 } }, { and: [{ '=': { b: 2 } }, { '=': { c: 3 } }] }] }],
    ['a = 1 ∨ b = 2 or c = 3', { '∨': [{ '=': { a: 1 } }, { or: [{ '=': { b: 2 } }, { '=': { c: 3 } }] }] }],
    ['a = 1 ∧ b = 2 and c = 3', { '∧': [{ '=': { a: 1 } }, { and: [{ '=': { b: 2 } }, { '=': { c: 3 } }] }] }],
    ['a = 1 or b = 2 ∧ c = 3', { or: [{ '=': { a: 1 } }, { '∧': [{ '=': { b: 2 } }, { '=': { c: 3 } }] }] }],
    ['not a = 1 and b = 2', { and: [{ not: { '=': { a: 1 } } }, { '=': { b: 2 } }] }],
    ['not not a = 1', { not: { not: { '=': { a: 1 } } } }],
    ['not (a = 1 or b = 2)', { not: { or: [{ '=': { a: 1 } }, { '=': { b: 2 } }] } }],
    ['((a = 1))', { '=': { a: 1 } }],
    ['(a = 1 and b = 2) and c = 3', { and: [{ and: [{ '=': { a: 1 } }, { '=': { b: 2 } }] }, { '=': { c: 3 } }] }],
    ...['>=', '<=', '!=', '>', '<', '=', '==', 'eq', 'ne', 'lt', 'gt', 'ge', 'le', '≠', '≥', '≤'].map(
      (op) => [`a ${op} 1`, { [op]: { a: 1 } }] as const,
    ),
    ['a=1', { '=': { a: 1 } }],
    ['a>=-1.5e3', { '>=': { a: -1500 } }],
    ['a = +2.', { '=': { a: 2 } }],
    ['a = None', { '=': { a: null } }],
    ['a = none', { '=': { a: null } }],
    ['a = True', { '=': { a: true } }],
    ['a = false', { '=': { a: false } }],
    ['a = "it\'s"', { '=': { a: "it's" } }],
    ["a = 'say \"hi\"'", { '=': { a: 'say "hi"' } }],
    ['a = 75c44741-cc60-4033-804e-2d3098c7d2e9', { '=': { a: '75c44741-cc60-4033-804e-2d3098c7d2e9' } }],
    ['a = 75C44741CC604033804E2D3098C7D2E9', { '=': { a: '75C44741CC604033804E2D3098C7D2E9' } }],
    ['a in [1, x, "y", null, true]', { in: { a: [1, 'x', 'y', null, true] } }],
    ['region = ne', { '=': { region: 'ne' } }],
    ['notes = 1', { '=': { notes: 1 } }],
    ['nonexistent = inbound', { '=': { nonexistent: 'inbound' } }],
    ['"odd name" = 1', { '=': { 'odd name': 1 } }],
    ['  a\t=\n1  ', { '=': { a: 1 } }],
]

describe('parseFilter: grammar rows', () => {
  it.each(GRAMMAR_ROWS)('%s', (text, json) => {
    expect(printFilterJson(parseFilter(text))).toEqual(json)
  })

  it('keeps positions and marks string-form numbers as floats', () => {
    const n = parseFilter('x = 1 and  y = 2')
    expect(n.kind).toBe('and')
    if (n.kind !== 'and') return
    expect(n.operands[1]).toMatchObject({ kind: 'compare', floats: true, span: { start: 11, end: 16, line: 1, column: 12 } })
    expect(n.span).toEqual({ start: 0, end: 16, line: 1, column: 1 })
  })

  it('reads the empty string as no filter', () => {
    expect(parseFilter('')).toEqual({ kind: 'all' })
  })
})

describe('parseFilter: errors', () => {
  it.each([
    ['a = 1 AND b = 2', 6, 'AND'],
    ['(a = 1', 6, 'end of text'],
    ['a = b or', 8, 'end of text'],
    ['a = 2020-01-01', 8, '-'],
    ['a = 1small', 5, 'small'],
    ['a = 1.2.3', 7, "'.'"],
    ["a = 'x", 4, "'"],
    ['a', 1, 'end of text'],
    ['   ', 3, 'end of text'],
    ['a = 1 2', 6, '2'],
  ])('%s fails at %i', (text, offset, found) => {
    const e = failure(() => parseFilter(text))
    expect(e).toBeInstanceOf(GrammarError)
    expect(e.code).toBe('INVALID_FILTER')
    expect(typeof e.description).toBe('string')
    expect(String(e.description)).toMatch(/^Invalid filter: Expected .*, found .* \(at char \d+\), \(line:\d+, col:\d+\)$/)
    expect(String(e.description)).toContain(found)
    expect((e as GrammarError).position.offset).toBe(offset)
  })

  it('reports line and column on multi-line input', () => {
    const e = failure(() => parseFilter('a = 1\nAND b = 2')) as GrammarError
    expect(e.position).toMatchObject({ offset: 6, line: 2, column: 1 })
  })

  it.each([
    // gnocchi/rest/api.py QueryStringSearchAttrFilter: the left term is a dictionary key
    ['2 < cores', "extra keys not allowed @ data['<'][2.0]", ['<', '2.0']],
    ['null = 1', "extra keys not allowed @ data['='][None]", ['=', 'None']],
    ['true = 1', "extra keys not allowed @ data['='][True]", ['=', 'True']],
    ['flavor in []', "length of value must be at least 1 for dictionary value @ data['in']['flavor']", ['in', 'flavor']],
    ['user_id = [1, 2]', "expected str for dictionary value @ data['=']['user_id']", ['=', 'user_id']],
    ['user_id in 1', "expected a list for dictionary value @ data['in']['user_id']", ['in', 'user_id']],
    ["id like 'x%'", "extra keys not allowed @ data['like']['id']", ['like', 'id']],
    ['a = 1 and b in [[1]]', "expected str @ data['and'][1]['in']['b'][0]", ['and', '1', 'in', 'b', '0']],
    ['not a = [1]', "expected str for dictionary value @ data['not']['=']['a']", ['not', '=', 'a']],
  ])('%s → Invalid input', (text, reason, detail) => {
    const e = failure(() => parseFilter(text))
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.description).toEqual({ cause: 'Invalid input', reason, detail })
  })
})

describe('filterFromJson: §7.1', () => {
  it.each([
    [{}, { kind: 'all' }],
    [{ '=': { a: 1 } }, { kind: 'compare', op: 'eq', written: '=', attribute: 'a', value: 1 }],
    [{ '==': { a: 1 } }, { kind: 'compare', op: 'eq', written: '==', attribute: 'a', value: 1 }],
    [{ ne: { a: null } }, { kind: 'compare', op: 'ne', written: 'ne', attribute: 'a', value: null }],
    [{ like: { a: 'x%' } }, { kind: 'like', attribute: 'a', value: 'x%' }],
    [{ in: { a: [1, 'b', null, false] } }, { kind: 'in', attribute: 'a', values: [1, 'b', null, false] }],
    [
      { '∨': [{ '>': { a: 1 } }] },
      { kind: 'or', written: '∨', operands: [{ kind: 'compare', op: 'gt', written: '>', attribute: 'a', value: 1 }] },
    ],
    [
      { not: { '≤': { a: 1 } } },
      { kind: 'not', operand: { kind: 'compare', op: 'le', written: '≤', attribute: 'a', value: 1 } },
    ],
  ])('%j', (json, ast) => {
    expect(filterFromJson(json)).toEqual(ast)
  })

  // Every reason below was captured from a live Gnocchi 4.4.2.
  it.each([
    [{ '=': { id: 'a' }, like: { a: 1 } }, 'length of value must be at most 1', []],
    [{ and: {} }, "expected a list for dictionary value @ data['and']", ['and']],
    [{ not: [] }, "expected a dictionary for dictionary value @ data['not']", ['not']],
    [{ ne: { project_id: [1] } }, "expected str for dictionary value @ data['ne']['project_id']", ['ne', 'project_id']],
    [{ in: { id: [] } }, "length of value must be at least 1 for dictionary value @ data['in']['id']", ['in', 'id']],
    [{ in: { id: 3 } }, "expected a list for dictionary value @ data['in']['id']", ['in', 'id']],
    [{ and: [] }, "length of value must be at least 1 for dictionary value @ data['and']", ['and']],
    [{ like: { id: 'x' } }, "extra keys not allowed @ data['like']['id']", ['like', 'id']],
    [{ '=': {} }, "length of value must be at least 1 for dictionary value @ data['=']", ['=']],
    [{ '=': { a: 1, b: 2 } }, "length of value must be at most 1 for dictionary value @ data['=']", ['=']],
    [{ foo: { a: 1 } }, "extra keys not allowed @ data['foo']", ['foo']],
    [[], 'expected a dictionary', []],
    ['a', 'expected a dictionary', []],
    ['abc', 'length of value must be at most 1', []],
    [1, 'invalid value or type', []],
    [null, 'invalid value or type', []],
    [{ '=': { user_id: { a: 1 } } }, "expected str for dictionary value @ data['=']['user_id']", ['=', 'user_id']],
    [{ in: { user_id: [[1]] } }, "expected str @ data['in']['user_id'][0]", ['in', 'user_id', '0']],
    [{ and: [{ '=': { id: 'a' }, like: { a: 1 } }] }, "length of value must be at most 1 @ data['and'][0]", ['and', '0']],
    [{ and: [{ foo: 1 }] }, "extra keys not allowed @ data['and'][0]['foo']", ['and', '0', 'foo']],
    [{ and: [[]] }, "expected a dictionary @ data['and'][0]", ['and', '0']],
    [{ or: [1] }, "invalid value or type @ data['or'][0]", ['or', '0']],
    [{ and: ['ab'] }, "length of value must be at most 1 @ data['and'][0]", ['and', '0']],
    [{ '=': 5 }, "invalid value or type for dictionary value @ data['=']", ['=']],
    [{ not: { '=': { a: 1 }, ne: { b: 1 } } }, "length of value must be at most 1 for dictionary value @ data['not']", ['not']],
    [
      { not: { and: [{ '=': { a: [] } }] } },
      "expected str for dictionary value @ data['not']['and'][0]['=']['a']",
      ['not', 'and', '0', '=', 'a'],
    ],
  ])('%j → Invalid input', (json, reason, detail) => {
    const e = failure(() => filterFromJson(json))
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.description).toEqual({ cause: 'Invalid input', reason, detail })
  })

  it.each([[{ and: [{}] }], [{ not: {} }], [{ or: [{ '=': { a: 1 } }, { not: {} }] }]])(
    'nested {} %j → Unable to parse this query',
    (json) => {
      const e = failure(() => filterFromJson(json))
      expect(e.code).toBe('INVALID_INPUT')
      expect(e.description).toBe('Unable to parse this query')
    },
  )

  it('reports a schema error before a nested {}', () => {
    const e = failure(() => filterFromJson({ and: [{}, { foo: 1 }] }))
    expect(e.description).toMatchObject({ reason: "extra keys not allowed @ data['and'][1]['foo']" })
  })
})

describe('printers', () => {
  it.each([
    ['a = 1 or b = 2 and c = 3'],
    ['(a = 1 or b = 2) and c = 3'],
    ['not (a = 1 and b = 2)'],
    ['a = 1'],
    ["a in ['x', 1, null, true]"],
    ['a ≥ 2 ∧ (b ≤ 3 ∨ c like \'%x\')'],
    ['"odd name" = "it\'s"'],
  ])('canonical string of %s reparses to the same tree', (text) => {
    const ast = parseFilter(text)
    expect(bare(parseFilter(printFilterString(ast)))).toEqual(bare(ast))
  })

  it('quotes keyword-like attribute names', () => {
    expect(printFilterString(filterFromJson({ '=': { null: 'x' } }))).toBe("'null' = 'x'")
  })

  it('rejects strings the string form cannot hold', () => {
    expect(() => printFilterString(filterFromJson({ '=': { a: 'it\'s "x"' } }))).toThrow(GnocchiError)
  })
})

// Arbitraries for property tests: trees the string form can express.
const attrArb = fc.oneof(fc.constantFrom('a', 'flavor', 'project_id', 'in', 'ne', 'x_1'), fc.stringMatching(/^[a-z ]{1,6}$/))
const scalarArb = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.string({ maxLength: 8 }).filter((s) => !/[\n\r]/.test(s) && !(s.includes("'") && s.includes('"'))),
)
const opArb = fc.constantFrom('=', '==', 'eq', '!=', '≠', 'ne', '<', 'lt', '<=', '≤', 'le', '>', 'gt', '>=', '≥', 'ge')
const leafArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(opArb, attrArb, scalarArb).map(([op, a, v]) => ({ [op]: { [a]: v } })),
  fc.tuple(attrArb, scalarArb).filter(([a]) => a !== 'id').map(([a, v]) => ({ like: { [a]: v } })),
  fc.tuple(attrArb, fc.array(scalarArb, { minLength: 1, maxLength: 4 })).map(([a, v]) => ({ in: { [a]: v } })),
)
const treeArb = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.tuple(fc.constantFrom('and', 'or', '∧', '∨'), fc.array(tie('node'), { minLength: 2, maxLength: 3 })).map(
      ([k, xs]) => ({ [k]: xs }),
    ),
    tie('node').map((x) => ({ not: x })),
  ),
})).node

describe('round trips (fast-check)', () => {
  it('JSON → AST → JSON is the identity', () => {
    fc.assert(
      fc.property(treeArb, (json) => {
        expect(printFilterJson(filterFromJson(json))).toEqual(json)
      }),
      { numRuns: 500 },
    )
  })

  it('AST → string → AST is the identity', () => {
    fc.assert(
      fc.property(treeArb, (json) => {
        const ast = filterFromJson(json)
        expect(bare(parseFilter(printFilterString(ast)))).toEqual(bare(ast))
      }),
      { numRuns: 500 },
    )
  })
})

describe('expected-token automaton', () => {
  it('agrees with Chevrotain content assist on every prefix of valid filters', () => {
    const texts = [
      ...GRAMMAR_ROWS.map(([t]) => t),
      'not (a = [1, [2, 3]] or (b in [] ∧ c = 1)) ∨ d like x',
      '((a = 1) and not not b = 2)',
      'and = or and in in [in, and]',
    ]
    for (const text of texts) {
      const tokens = filterLexer.tokenize(text).tokens
      for (let i = 0; i <= tokens.length; i++) {
        const prefix = tokens.slice(0, i)
        const assist = new Set(filterParser.computeContentAssist('expr', prefix).map((s) => s.nextTokenType.name))
        const mine = new Set(expectedAfter(prefix).types.map((t) => t.name))
        expect([...mine].sort(), `${text} @${i}`).toEqual([...assist].sort())
      }
    }
  })
})
