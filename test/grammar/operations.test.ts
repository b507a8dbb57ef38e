import { describe, expect, it } from 'vitest'
import { GnocchiError } from '../../src/model/errors.js'
import { GrammarError } from '../../src/grammar/grammar-error.js'
import {
  BINARY_OPERATORS,
  BINARY_OPERATOR_SPELLINGS,
  CROSS_METHODS,
  MAX_NESTING,
  UNARY_OPERATORS,
  UNARY_OPERATOR_SPELLINGS,
  extractReferences,
  operationsFromJson,
  operationsToJson,
  parseOperations,
  parseOperationsInput,
  printOperations,
  requireReferences,
  type BinaryOpName,
  type OpNode,
  type UnaryOpName,
} from '../../src/grammar/operations/index.js'
import { NO_METRIC, SCHEMA_ERRORS, WORKED_EXAMPLES, metric, metrics, num, stripSpans } from './operations.cases.js'

const A = metric('A', 'mean')

function caught(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e) {
    return e
  }
  throw new Error('expected a throw')
}

describe('worked examples (§8, §9) parse in both forms', () => {
  it.each(WORKED_EXAMPLES)('%s %s', (_id, text, ast) => {
    expect(stripSpans(parseOperations(text))).toEqual(ast)
    expect(stripSpans(operationsFromJson(operationsToJson(ast)))).toEqual(ast)
    expect(printOperations(parseOperations(text))).toBe(text)
  })

  it('§3.1: the string form equals its JSON form', () => {
    const fromString = parseOperations('(aggregate mean (metric (ID1 mean) (ID2 mean)))')
    const fromJson = operationsFromJson(['aggregate', 'mean', ['metric', ['ID1', 'mean'], ['ID2', 'mean']]])
    expect(stripSpans(fromString)).toEqual(stripSpans(fromJson))
    expect(stripSpans(fromJson)).toEqual({ kind: 'aggregate', method: 'mean', input: metrics(['ID1', 'mean'], ['ID2', 'mean']) })
  })
})

describe('§3.3 node types', () => {
  const unaryRows = (Object.entries(UNARY_OPERATOR_SPELLINGS) as [UnaryOpName, readonly string[]][]).flatMap(([op, spellings]) =>
    spellings.map((s) => [s, op] as const),
  )
  const binaryRows = (Object.entries(BINARY_OPERATOR_SPELLINGS) as [BinaryOpName, readonly string[]][]).flatMap(([op, spellings]) =>
    spellings.map((s) => [s, op] as const),
  )

  it('lists every spelling of §3.3', () => {
    expect(unaryRows.map(([s]) => s).sort()).toEqual(
      'abs absolute neg negative cos sin tan floor ceil rateofchange'.split(' ').sort(),
    )
    expect(binaryRows.map(([s]) => s).sort()).toEqual(
      '= == eq < lt > gt <= ≤ le >= ≥ ge != ≠ ne % mod + add - sub * × mul / ÷ div ** ^ pow clip_min clip_max'.split(' ').sort(),
    )
  })

  it.each(unaryRows)('unary %s → %s', (spelling, op) => {
    const ast: OpNode = { kind: 'unary', op, written: spelling, input: A }
    expect(stripSpans(parseOperations(`(${spelling} (metric A mean))`))).toEqual(ast)
    expect(stripSpans(operationsFromJson([spelling, ['metric', 'A', 'mean']]))).toEqual(ast)
    expect(UNARY_OPERATORS.get(spelling)).toBe(op)
  })

  it.each(binaryRows)('binary %s → %s', (spelling, op) => {
    const ast: OpNode = { kind: 'binary', op, written: spelling, left: A, right: num(2) }
    expect(stripSpans(parseOperations(`(${spelling} (metric A mean) 2)`))).toEqual(ast)
    expect(stripSpans(operationsFromJson([spelling, ['metric', 'A', 'mean'], '2']))).toEqual(ast)
    expect(BINARY_OPERATORS.get(spelling)).toBe(op)
  })

  it('operator tables ignore Object.prototype names', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(UNARY_OPERATORS.get(name)).toBeUndefined()
      expect(BINARY_OPERATORS.get(name)).toBeUndefined()
    }
  })

  it.each(CROSS_METHODS)('method %s in aggregate, resample and rolling', (method) => {
    expect(stripSpans(parseOperations(`(aggregate ${method} (metric A mean))`))).toEqual({ kind: 'aggregate', method, input: A })
    expect(stripSpans(parseOperations(`(resample ${method} 60 (metric A mean))`))).toEqual({
      kind: 'resample',
      method,
      granularitySec: 60,
      input: A,
    })
    expect(stripSpans(operationsFromJson(['rolling', method, 3, ['metric', 'A', 'mean']]))).toEqual({
      kind: 'rolling',
      method,
      window: 3,
      input: A,
    })
  })

  it.each<[string, unknown, number]>([
    ['string 2', '2', 2],
    ['JSON 2', 2, 2],
    ['JSON "2"', '2', 2],
    ['JSON 2.7 truncates like int()', 2.7, 2],
    ['JSON true', true, 1],
    ['padded and signed', ' +3 ', 3],
    ['underscores', '1_0', 10],
  ])('rolling window %s', (_label, window, expected) => {
    const ast = operationsFromJson(['rolling', 'mean', window, ['metric', 'A', 'mean']])
    expect(ast).toMatchObject({ kind: 'rolling', window: expected })
  })

  it.each<[unknown, number]>([
    [60, 60],
    ['60', 60],
    [0.5, 0.5],
    ['1 minute', 60],
    ['1min', 60],
    ['2 hours', 7200],
    ['1h30m', 5400],
    ['1:30', 90],
    ['1 day', 86400],
    ['1M', 60],
    ['7s', 7],
    [true, 1],
    [0.000001, 0.000001],
  ])('resample timespan %j → %d s', (span, seconds) => {
    expect(operationsFromJson(['resample', 'mean', span, ['metric', 'A', 'mean']])).toMatchObject({ granularitySec: seconds })
  })

  it('resample timespans in the string form', () => {
    expect(parseOperations('(resample mean 1h (metric A mean))')).toMatchObject({ granularitySec: 3600 })
    expect(parseOperations('(resample mean 1:30 (metric A mean))')).toMatchObject({ granularitySec: 90 })
  })

  it.each<[unknown, number]>([
    ['2.5', 2.5],
    ['1e3', 1000],
    [' 1_000.5 ', 1000.5],
    ['-0', -0],
    ['.5', 0.5],
    ['nan', Number.NaN],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    [true, 1],
    [false, 0],
    [42, 42],
  ])('number operand %j → %d', (operand, value) => {
    const ast = operationsFromJson(['+', ['metric', 'A', 'mean'], operand])
    expect(ast).toMatchObject({ kind: 'binary', right: { kind: 'number' } })
    expect(Object.is((ast as { right: { value: number } }).right.value, value)).toBe(true)
  })

  it('metric aggregations are free strings; single and list forms are kept apart', () => {
    expect(stripSpans(parseOperations('(metric A last)'))).toEqual(metric('A', 'last'))
    expect(stripSpans(parseOperations('(metric (A mean))'))).toEqual(metrics(['A', 'mean']))
    expect(stripSpans(parseOperations('(metric (A mean) (A mean))'))).toEqual(metrics(['A', 'mean'], ['A', 'mean']))
    expect(stripSpans(operationsFromJson(['metric', 'a b (c)', '']))).toEqual(metric('a b (c)', ''))
  })

  it('clip with two and three operands', () => {
    expect(stripSpans(parseOperations('(clip (metric A mean) 1)'))).toEqual({ kind: 'clip', input: A, lower: num(1) })
    expect(stripSpans(parseOperations('(clip (metric A mean) 1 (metric B mean))'))).toEqual({
      kind: 'clip',
      input: A,
      lower: num(1),
      upper: metric('B', 'mean'),
    })
  })
})

describe('§3.4 schema errors (reasons as Gnocchi 4.4.2 words them)', () => {
  it.each(SCHEMA_ERRORS)('%j', (input, reason, detail) => {
    const e = caught(() => parseOperationsInput(input))
    expect(e).toBeInstanceOf(GnocchiError)
    expect(e).not.toBeInstanceOf(GrammarError)
    expect((e as GnocchiError).code).toBe('INVALID_INPUT')
    expect((e as GnocchiError).description).toEqual({ cause: 'Invalid input', reason, detail })
  })

  it('rejects JSON nested deeper than MAX_NESTING without overflowing the stack', () => {
    let deep: unknown = ['metric', 'A', 'mean']
    for (let i = 0; i < 100_000; i++) deep = ['abs', deep]
    const e = caught(() => operationsFromJson(deep)) as GnocchiError
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.description).toMatchObject({ cause: 'Invalid input', detail: ['operations'] })
    let ok: unknown = ['metric', 'A', 'mean']
    for (let i = 1; i < MAX_NESTING; i++) ok = ['abs', ok]
    expect(operationsFromJson(ok)).toMatchObject({ kind: 'unary' })
  })

  it('gnocchi-compat: a resample span under 1 µs is rejected (Gnocchi keeps ns), see gnocchi/utils.py to_timespan', () => {
    const e = caught(() => operationsFromJson(['resample', 'mean', '0.0000001', ['metric', 'A', 'mean']])) as GnocchiError
    expect(e.description).toMatchObject({ reason: "'resample' operation invalid for dictionary value @ data['operations']" })
  })
})

describe('string form syntax (§3.1)', () => {
  it.each<[string, string, number, number, number, readonly string[], string]>([
    ['empty', '', 0, 1, 1, ["'('"], 'found end of text'],
    ['blank', ' \n ', 3, 2, 2, ["'('"], 'found end of text'],
    ['bare word', 'metric', 0, 1, 1, ["'('"], "found 'metric'"],
    ['indented word', '  metric', 2, 1, 3, ["'('"], "found 'metric'"],
    ['number', '5', 0, 1, 1, ["'('"], "found '5'"],
    ['closing first', ')(metric a b)', 0, 1, 1, ["'('"], "found ')'"],
    ['quoted expression', '"(metric a b)"', 0, 1, 1, ["'('"], `found '"(metric a b)"'`],
    ['unclosed', '(metric a b', 11, 1, 12, ["')'", "'('", 'a word', 'a quoted string'], "the '(' at line 1, column 1 is never closed"],
    ['unclosed inner', '(a\n (b', 6, 2, 4, ["')'", "'('", 'a word', 'a quoted string'], "the '(' at line 2, column 2 is never closed"],
    ['unclosed after a quoted string', '(metric "a b"', 13, 1, 14, ["')'", "'('", 'a word', 'a quoted string'], 'never closed'],
  ])('%s → INVALID_OPERATIONS at %#', (_label, text, offset, line, column, expected, says) => {
    const e = caught(() => parseOperations(text))
    expect(e).toBeInstanceOf(GrammarError)
    const g = e as GrammarError
    expect(g.code).toBe('INVALID_OPERATIONS')
    expect(g.position).toEqual({ offset, line, column, expected })
    expect(g.description).toMatchObject({ cause: 'Invalid operations', reason: 'Fail to parse the operations string' })
    const detail = (g.description as { detail: string }).detail
    expect(detail).toContain(`line ${line}, column ${column}`)
    expect(detail).toContain(says)
  })

  it(`rejects more than ${MAX_NESTING} nested parentheses with a position`, () => {
    const e = caught(() => parseOperations('('.repeat(MAX_NESTING + 1) + ')'.repeat(MAX_NESTING + 1))) as GrammarError
    expect(e.code).toBe('INVALID_OPERATIONS')
    expect(e.position.offset).toBe(MAX_NESTING)
    const e2 = caught(() => parseOperations('('.repeat(100_000))) as GrammarError
    expect(e2.code).toBe('INVALID_OPERATIONS')
  })

  it.each<[string, string, OpNode]>([
    ['only the first expression counts', '(metric A mean) (metric B mean)', A],
    ['extra closing parens', '(metric A mean)))', A],
    ['trailing garbage, even unbalanced', '(metric A mean) junk ( "', A],
    ['leading whitespace and newlines', ' \t\r\n(metric\nA\tmean)', A],
    ['no space around parens', '(+(metric A mean)2)', { kind: 'binary', op: 'add', written: '+', left: A, right: num(2) }],
    ['quotes kept', '(metric "a b" mean)', metric('"a b"', 'mean')],
    ["single quotes kept", "(metric 'a b' mean)", metric("'a b'", 'mean')],
    ['doubled quote escape', '(metric "a""b" d)', metric('"a""b"', 'd')],
    ['backslash escape', '(metric "a\\" b" d)', metric('"a\\" b"', 'd')],
    ['escaped newline inside quotes', '(metric "a\\\nb" d)', metric('"a\\\nb"', 'd')],
    ['unterminated quote is a word', '(metric "ab d)', metric('"ab', 'd')],
    ['a quote cannot swallow the closing paren', '(metric "a b)', metric('"a', 'b')],
    ['greedy escape: "a"" is no string', '(metric "a"" d)', metrics()],
    ['form feed is part of a word', '(metric A\fB mean)', metric('A\fB', 'mean')],
    ['no-break space is part of a word', '(metric A\u00a0B mean)', metric('A\u00a0B', 'mean')],
    ['parens end words', '(metric (A mean)(B mean))', metrics(['A', 'mean'], ['B', 'mean'])],
  ])('%s', (_label, text, ast) => {
    if (ast.kind === 'metric' && ast.refs.length === 0) {
      // `"a""` lexes as the word `"a` then the quoted string `""`: three references, not a pair
      expect(caught(() => parseOperations(text))).toMatchObject({ description: { reason: "None @ data['operations'][0]" } })
      return
    }
    expect(stripSpans(parseOperations(text))).toEqual(ast)
  })

  it('a quoted string glued to a word splits into two tokens', () => {
    const e = caught(() => parseOperations('(metric a"b c" d)')) as GnocchiError
    expect(e.description).toMatchObject({ reason: "None @ data['operations'][0]" })
  })

  it('carries spans with 1-based line and column', () => {
    const ast = parseOperations('(aggregate mean\n  (+ (metric A mean) 2.5))')
    expect(ast.span).toEqual({ start: 0, end: 42, line: 1, column: 1 })
    if (ast.kind !== 'aggregate' || ast.input.kind !== 'binary') throw new Error('shape')
    expect(ast.input.span).toEqual({ start: 18, end: 41, line: 2, column: 3 })
    expect(ast.input.left.span).toEqual({ start: 21, end: 36, line: 2, column: 6 })
    expect(ast.input.right.span).toEqual({ start: 37, end: 40, line: 2, column: 22 })
  })

  it('JSON-form nodes have no span', () => {
    const ast = operationsFromJson(['abs', ['metric', 'A', 'mean']])
    expect(ast.span).toBeUndefined()
  })
})

describe('references (§2.1 steps 2 and 3)', () => {
  it('are ordered by first appearance and de-duplicated', () => {
    const ast = parseOperations('(+ (metric (B mean) (A mean) (B max)) (clip (metric A mean) (metric C mean) (metric B mean)))')
    expect(extractReferences(ast)).toEqual([
      { name: 'B', aggregation: 'mean' },
      { name: 'A', aggregation: 'mean' },
      { name: 'B', aggregation: 'max' },
      { name: 'C', aggregation: 'mean' },
    ])
  })

  it('keep pairs that only collide when concatenated apart', () => {
    const ast = operationsFromJson(['metric', ['ab', 'c'], ['a', 'bc']])
    expect(extractReferences(ast)).toHaveLength(2)
  })

  it.each(NO_METRIC)('no metric in %j', (input, detail) => {
    const ast = parseOperationsInput(input)
    expect(extractReferences(ast)).toEqual([])
    const e = caught(() => requireReferences(ast)) as GnocchiError
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.description).toEqual({ cause: 'Operations is invalid', reason: "At least one 'metric' is required", detail })
  })

  it('requireReferences returns the references when there are some', () => {
    expect(requireReferences(parseOperations('(metric A mean)'))).toEqual([{ name: 'A', aggregation: 'mean' }])
  })
})

describe('printing', () => {
  it.each<[string, string]>([
    ['(metric A mean)', '(metric A mean)'],
    ['  (+  (metric (A mean))\n 2.50 ) junk', '(+ (metric (A mean)) 2.5)'],
    ['(resample mean 1h (metric A mean))', '(resample mean 3600 (metric A mean))'],
    ['(resample mean 0.000003 (metric A mean))', '(resample mean 0.000003 (metric A mean))'],
    ['(rolling mean 1_0 (metric A mean))', '(rolling mean 10 (metric A mean))'],
    ['(× (absolute (metric A mean)) -0)', '(× (absolute (metric A mean)) -0.0)'],
    ['(clip (metric A mean) nan -inf)', '(clip (metric A mean) nan -inf)'],
  ])('%j prints as %j', (text, printed) => {
    const ast = parseOperations(text)
    expect(printOperations(ast)).toBe(printed)
    expect(stripSpans(parseOperations(printed))).toEqual(stripSpans(ast))
  })

  it('writes granularities that truncation would shift half a µs higher', () => {
    // 0.000065 s × 1e9 = 64999.99… ns, which Gnocchi's int() truncates: 65 µs must print as 0.0000655
    const ast: OpNode = { kind: 'resample', method: 'mean', granularitySec: 65 / 1e6, input: A }
    expect(printOperations(ast)).toBe('(resample mean 0.0000655 (metric A mean))')
    expect(stripSpans(parseOperations(printOperations(ast)))).toEqual(ast)
    expect(parseOperations('(resample mean 0.000065 (metric A mean))')).toMatchObject({ granularitySec: 64 / 1e6 })
  })

  it('refuses names that are not one token, which the JSON form still expresses', () => {
    const ast = operationsFromJson(['metric', 'a b', 'mean'])
    expect(() => printOperations(ast)).toThrow(RangeError)
    expect(operationsToJson(ast)).toEqual(['metric', 'a b', 'mean'])
    expect(() => printOperations(operationsFromJson(['metric', '', 'mean']))).toThrow(RangeError)
  })
})
