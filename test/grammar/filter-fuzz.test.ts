import { describe, expect, it } from 'vitest'
import { filterFromJson, parseFilter } from '../../src/grammar/filter/index.js'
import { GnocchiError } from '../../src/model/errors.js'

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SEEDS = [
  "flavor = 'small'",
  'flavor=small and (cores = 2 or cores = 8)',
  'not flavor = small',
  "id in [h1, 'h2']",
  'enabled = null',
  "started_at >= '-1 hour'",
  'cores ≥ 4 ∧ cores ≤ 4 ∨ x ≠ 1',
  "flavor like 'sm%'",
  'a == 1 or b eq 2 and c ne 3 and d lt 4 and e gt 5 and f ge 6 and g le 7',
  'x = 75c44741-cc60-4033-804e-2d3098c7d2e9 and y in [1.5e3, -2, True, None, "q"]',
]
const PIECES = [
  ' ', '(', ')', '[', ']', ',', '=', '==', '!=', '<', '>', '<=', '>=', '≠', '≥', '≤', '∧', '∨', 'and', 'or', 'not',
  'in', 'like', 'eq', 'null', 'None', 'true', 'False', "'", '"', "'q'", '"q"', '1', '-2.5e3', 'abc', 'id', '\n', '\\',
  '%', '{', '}', ':', '.', '-', 'é', '\u0000', '75c44741-cc60-4033-804e-2d3098c7d2e9',
]

function randomString(next: () => number): string {
  let s = ''
  const n = Math.floor(next() * 12)
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)]
  return s
}

function mutate(next: () => number, s: string): string {
  const chars = [...s]
  const edits = 1 + Math.floor(next() * 3)
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (chars.length + 1))
    const r = next()
    if (r < 0.33) chars.splice(at, 1)
    else if (r < 0.66) chars.splice(at, 0, PIECES[Math.floor(next() * PIECES.length)])
    else chars.splice(at, 1, PIECES[Math.floor(next() * PIECES.length)])
  }
  return chars.join('')
}

const KEYS = ['=', '==', 'eq', '!=', 'ne', '<', '≥', 'like', 'in', 'and', 'or', '∧', '∨', 'not', 'id', 'foo', 'a', '']

function randomJson(next: () => number, depth: number): unknown {
  const r = next()
  if (depth > 4 || r < 0.25) {
    const leaves = [null, true, false, 0, -1.5, Infinity, '', 'x', 'abc', [], {}]
    return leaves[Math.floor(next() * leaves.length)]
  }
  if (r < 0.45) {
    const n = Math.floor(next() * 3)
    return Array.from({ length: n }, () => randomJson(next, depth + 1))
  }
  const out: Record<string, unknown> = {}
  const n = next() < 0.8 ? 1 : Math.floor(next() * 3)
  for (let i = 0; i < n; i++) out[KEYS[Math.floor(next() * KEYS.length)]] = randomJson(next, depth + 1)
  return out
}

function outcome(f: () => unknown): 'ok' | 'gnocchi' {
  try {
    f()
    return 'ok'
  } catch (e) {
    if (e instanceof GnocchiError) return 'gnocchi'
    throw e
  }
}

describe('filter fuzz', () => {
  it('parses or throws GnocchiError/GrammarError for 100 000 strings and JSON values', () => {
    const next = rng(20261129)
    const counts = { ok: 0, gnocchi: 0 }
    for (let i = 0; i < 70_000; i++) {
      const s = i % 2 === 0 ? randomString(next) : mutate(next, SEEDS[i % SEEDS.length])
      counts[outcome(() => parseFilter(s))]++
    }
    for (let i = 0; i < 30_000; i++) {
      const v = randomJson(next, 0)
      counts[outcome(() => filterFromJson(v))]++
    }
    expect(counts.ok + counts.gnocchi).toBe(100_000)
    // Both outcomes occur, so the generator exercises the parsers and not only their rejections.
    expect(counts.ok).toBeGreaterThan(1000)
    expect(counts.gnocchi).toBeGreaterThan(1000)
  })
})
