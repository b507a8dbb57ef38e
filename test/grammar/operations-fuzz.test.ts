/**
 * Fuzzing: 120 000 random and mutated inputs, string and JSON. Whatever the input, parsing must
 * either succeed or throw a Gnocchi-shaped error (`INVALID_OPERATIONS` from the string syntax,
 * `INVALID_INPUT` from the schema), never anything else (no TypeError, no stack overflow).
 * Successful string parses must also survive a print/parse round trip.
 */
import { describe, expect, it } from 'vitest'
import { GnocchiError } from '../../src/model/errors.js'
import { GrammarError } from '../../src/grammar/grammar-error.js'
import {
  extractReferences,
  operationsToJson,
  parseOperations,
  parseOperationsInput,
  printOperations,
} from '../../src/grammar/operations/index.js'
import { WORKED_EXAMPLES, stripSpans } from './operations.cases.js'

/** mulberry32: a small seeded PRNG, so a failure is reproducible from its seed and index. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALPHABET = [
  '(', ')', '(', ')', ' ', ' ', '\n', '\t', '\r', '\f', '"', "'", '\\', '\\x4', 'x', '""', "''",
  'metric', 'aggregate', 'resample', 'rolling', 'clip', 'abs', 'rateofchange', '+', '-', '**', '×', '≥', 'clip_min',
  'mean', 'rate:sum', 'count', 'last', 'A', 'B', 'cpu.*', '2', '0', '-1', '1.5', '1e3', 'nan', 'inf', '1h', '1:30', '_',
  'é', '😀', '\u00a0', 'constructor', '__proto__',
]
const VALID = [
  ...WORKED_EXAMPLES.map(([, text]) => text),
  '(clip (metric (A mean) (B max)) 1 (÷ (metric C mean) 2))',
  '(resample rate:max 1h30m (rolling count 3 (metric "x y" mean)))',
]

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]
}

function randomString(rand: () => number): string {
  const n = Math.floor(rand() * 30)
  let s = ''
  for (let i = 0; i < n; i++) s += pick(rand, ALPHABET)
  return s
}

function mutate(rand: () => number, text: string): string {
  let s = text
  const edits = 1 + Math.floor(rand() * 4)
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(rand() * (s.length + 1))
    const j = Math.min(s.length, i + Math.floor(rand() * 6))
    switch (Math.floor(rand() * 5)) {
      case 0:
        s = s.slice(0, i) + s.slice(j)
        break
      case 1:
        s = s.slice(0, i) + pick(rand, ALPHABET) + s.slice(i)
        break
      case 2:
        s = s.slice(0, i) + pick(rand, ALPHABET) + s.slice(j)
        break
      case 3:
        s = s.slice(0, i) + s.slice(i, j) + s.slice(i)
        break
      default:
        s = s.slice(0, j)
    }
  }
  return s
}

function randomJson(rand: () => number, depth: number): unknown {
  const r = rand()
  if (depth > 5 || r < 0.35) {
    return pick(rand, [
      () => pick(rand, ALPHABET),
      () => Math.floor(rand() * 10) - 3,
      () => rand() * 1000,
      () => rand() < 0.5,
      () => null,
      () => ({ a: 1 }),
      () => String(Math.floor(rand() * 5)),
    ])()
  }
  const n = Math.floor(rand() * 5)
  const out: unknown[] = []
  if (rand() < 0.7) out.push(pick(rand, ['metric', 'aggregate', 'resample', 'rolling', 'clip', 'abs', '+', '**', 'mean', 'nope']))
  for (let i = 0; i < n; i++) out.push(randomJson(rand, depth + 1))
  return out
}

/** Replaces one random sub-value of a valid JSON form. */
function mutateJson(rand: () => number, value: unknown): unknown {
  if (!Array.isArray(value) || value.length === 0 || rand() < 0.2) return randomJson(rand, 3)
  const copy = [...value]
  const i = Math.floor(rand() * copy.length)
  copy[i] = mutateJson(rand, copy[i])
  if (rand() < 0.1) copy.splice(i, 1)
  return copy
}

function check(input: unknown): 'ok' | 'grammar' | 'schema' {
  let ast
  try {
    ast = parseOperationsInput(input)
  } catch (e) {
    if (e instanceof GrammarError) {
      expect(e.code).toBe('INVALID_OPERATIONS')
      return 'grammar'
    }
    if (!(e instanceof GnocchiError) || e.code !== 'INVALID_INPUT') throw e
    return 'schema'
  }
  extractReferences(ast)
  operationsToJson(ast)
  if (typeof input === 'string') {
    const printed = printOperations(ast)
    expect(stripSpans(parseOperations(printed))).toEqual(stripSpans(ast))
  }
  return 'ok'
}

describe('fuzz', () => {
  it('120 000 inputs only ever parse or throw INVALID_OPERATIONS / INVALID_INPUT', () => {
    const seed = 0x5eed1
    const rand = prng(seed)
    const validJson = VALID.map((t) => operationsToJson(parseOperations(t)))
    const counts = { ok: 0, grammar: 0, schema: 0 }
    for (let i = 0; i < 120_000; i++) {
      let input: unknown
      switch (i % 4) {
        case 0:
          input = randomString(rand)
          break
        case 1:
          input = mutate(rand, pick(rand, VALID))
          break
        case 2:
          input = randomJson(rand, 0)
          break
        default:
          input = mutateJson(rand, pick(rand, validJson))
      }
      try {
        counts[check(input)]++
      } catch (e) {
        throw new Error(`seed ${seed}, input #${i}: ${JSON.stringify(input)}: ${String(e)}`, { cause: e })
      }
    }
    // every outcome must actually be exercised, or the generator has gone stale
    expect(counts.ok).toBeGreaterThan(1000)
    expect(counts.grammar).toBeGreaterThan(1000)
    expect(counts.schema).toBeGreaterThan(1000)
  })
})
