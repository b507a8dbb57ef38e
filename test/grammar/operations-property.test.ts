import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BINARY_OPERATOR_SPELLINGS,
  CROSS_METHODS,
  UNARY_OPERATOR_SPELLINGS,
  isPrintableToken,
  operationsFromJson,
  operationsToJson,
  parseOperations,
  printOperations,
  type BinaryOpName,
  type OpNode,
  type UnaryOpName,
} from '../../src/grammar/operations/index.js'
import { stripSpans } from './operations.cases.js'

const unarySpellings = (Object.entries(UNARY_OPERATOR_SPELLINGS) as [UnaryOpName, readonly string[]][]).flatMap(([op, ss]) =>
  ss.map((written) => ({ op, written })),
)
const binarySpellings = (Object.entries(BINARY_OPERATOR_SPELLINGS) as [BinaryOpName, readonly string[]][]).flatMap(([op, ss]) =>
  ss.map((written) => ({ op, written })),
)

/** Metric names and aggregations: words, quoted strings, and words with stray quotes or escapes. */
const nameChars = fc.constantFrom(...'abcAB019_.:*?[]!-+é€😀"\'\\ ()x'.split(''))
const name = fc
  .oneof(
    fc.string({ unit: nameChars, minLength: 1, maxLength: 10 }),
    fc.string({ unit: nameChars, maxLength: 8 }).map((s) => `"${s.replace(/["\\\n\r]/g, '')}"`),
  )
  .filter(isPrintableToken)

const method = fc.constantFrom(...CROSS_METHODS)
const numberValue = fc.oneof(fc.double(), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(0, -0, NaN, Infinity, -Infinity))

const { node } = fc.letrec<{ node: OpNode; operand: OpNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('metric' as const),
      refs: fc.array(fc.record({ name, aggregation: name }), { minLength: 1, maxLength: 4 }),
      single: fc.boolean(),
    }).map((m) => ({ ...m, single: m.single && m.refs.length === 1 })),
    fc.record({ kind: fc.constant('aggregate' as const), method, input: tie('operand') }),
    fc.record({
      kind: fc.constant('resample' as const),
      method,
      granularitySec: fc.integer({ min: 1, max: 10 ** 12 }).map((us) => us / 1e6),
      input: tie('operand'),
    }),
    fc.record({ kind: fc.constant('rolling' as const), method, window: fc.integer({ min: 1, max: 10 ** 9 }), input: tie('operand') }),
    fc.record({ spelling: fc.constantFrom(...unarySpellings), input: tie('operand') }).map(
      ({ spelling, input }): OpNode => ({ kind: 'unary', op: spelling.op, written: spelling.written, input }),
    ),
    fc.record({ spelling: fc.constantFrom(...binarySpellings), left: tie('operand'), right: tie('operand') }).map(
      ({ spelling, left, right }): OpNode => ({ kind: 'binary', op: spelling.op, written: spelling.written, left, right }),
    ),
    fc.record({ input: tie('operand'), lower: tie('operand'), upper: fc.option(tie('operand'), { nil: undefined }) }).map(
      ({ input, lower, upper }): OpNode =>
        upper === undefined ? { kind: 'clip', input, lower } : { kind: 'clip', input, lower, upper },
    ),
  ),
  operand: fc.oneof({ depthSize: 'small' }, tie('node'), numberValue.map((value): OpNode => ({ kind: 'number', value }))),
}))

describe('print/parse round trip', () => {
  it('parseOperations(printOperations(ast)) equals ast', () => {
    fc.assert(
      fc.property(node, (ast) => {
        expect(stripSpans(parseOperations(printOperations(ast)))).toEqual(stripSpans(ast))
      }),
      { numRuns: 3000 },
    )
  })

  it('operationsFromJson(operationsToJson(ast)) equals ast', () => {
    fc.assert(
      fc.property(node, (ast) => {
        expect(stripSpans(operationsFromJson(operationsToJson(ast)))).toEqual(stripSpans(ast))
      }),
      { numRuns: 3000 },
    )
  })

  it('a printed AST re-prints identically (the printed form is canonical)', () => {
    fc.assert(
      fc.property(node, (ast) => {
        const printed = printOperations(ast)
        expect(printOperations(parseOperations(printed))).toBe(printed)
      }),
      { numRuns: 1000 },
    )
  })
})
