import { describe, expect, it } from 'vitest'
import { valuePredicateFromJson, type ValuePredicate } from '../../src/grammar/value-predicate/index.js'
import { GnocchiError } from '../../src/model/errors.js'
import { CAPTURED_SCHEMA_ERRORS } from './value-predicate.cases.js'

/** The `Invalid input` description of a refused body. */
function refusal(body: unknown): unknown {
  try {
    valuePredicateFromJson(body)
  } catch (e) {
    if (e instanceof GnocchiError) return e.description
    throw e
  }
  throw new Error(`accepted ${JSON.stringify(body)}`)
}

const VALUE = { kind: 'value' } as const
const c = (value: number) => ({ kind: 'constant', value }) as const

describe('valuePredicateFromJson, accepted bodies', () => {
  const cases: readonly [string, unknown, ValuePredicate][] = [
    ['value op number', { '=': 4 }, { kind: 'binary', op: 'eq', written: '=', left: VALUE, right: c(4) }],
    ['every comparison spelling', { '≥': 1.5 }, { kind: 'binary', op: 'ge', written: '≥', left: VALUE, right: c(1.5) }],
    ['an arithmetic operator alone', { '×': 2 }, { kind: 'binary', op: 'mul', written: '×', left: VALUE, right: c(2) }],
    ['booleans are Python ints', { eq: true }, { kind: 'binary', op: 'eq', written: 'eq', left: VALUE, right: c(1) }],
    [
      'a pair of a nested operator and a constant',
      { '<': [{ '*': 2 }, 15] },
      { kind: 'binary', op: 'lt', written: '<', left: { kind: 'binary', op: 'mul', written: '*', left: VALUE, right: c(2) }, right: c(15) },
    ],
    ['a pair of constants', { '/': [1, 2] }, { kind: 'binary', op: 'div', written: '/', left: c(1), right: c(2) }],
    [
      'and / ∨ with operands',
      { and: [{ '>': 1 }, { '∨': [] }] },
      { kind: 'all', written: 'and', operands: [{ kind: 'binary', op: 'gt', written: '>', left: VALUE, right: c(1) }, { kind: 'any', written: '∨', operands: [] }] },
    ],
    ['not passes the schema', { not: [] }, { kind: 'not', operands: [] }],
  ]
  it.each(cases)('%s', (_name, body, expected) => {
    expect(valuePredicateFromJson(body)).toEqual(expected)
  })
})

describe('valuePredicateFromJson, schema errors captured from Gnocchi 4.4.2', () => {
  it.each(CAPTURED_SCHEMA_ERRORS.map((e) => [JSON.stringify(e.body), e] as const))('%s', (_shown, e) => {
    expect(refusal(e.body)).toEqual({ cause: 'Invalid input', reason: e.reason, detail: e.detail })
  })

  it('reports the deepest error of a list even when an earlier element failed less deeply', () => {
    expect(refusal({ and: [{}, { '=': 'x' }] })).toEqual({
      cause: 'Invalid input',
      reason: "expected float for dictionary value @ data['and'][1]['=']",
      detail: ['and', '1', '='],
    })
  })

  it('refuses operators of the operations language that the search does not have', () => {
    expect(refusal({ clip_min: 1 })).toEqual({ cause: 'Invalid input', reason: "extra keys not allowed @ data['clip_min']", detail: ['clip_min'] })
  })
})
