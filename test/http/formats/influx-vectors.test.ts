/**
 * Differential check against Gnocchi 4.4.2's own pyparsing grammars: every vector in
 * fixtures/influx-vectors.json was produced by running the reference parser
 * (fixtures/capture-influx-vectors.py). Python exceptions other than ParseException are
 * 500s in Gnocchi; we answer the 400 line error for those.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { GnocchiError } from '../../../src/model/errors.js'
import { parseLine } from '../../../src/http/formats/influx-line-protocol.js'
import { parseInfluxQuery } from '../../../src/http/formats/influx-query.js'

type FieldValue = { num: string } | { str: string } | { overflow: string }
interface LineVector {
  line: string
  ok?: [string, [string, string][], [string, FieldValue][], string | null]
  error?: string
}
interface QueryVector {
  q: string
  ok?: string
  error?: string
}

const vectors = JSON.parse(readFileSync(new URL('./fixtures/influx-vectors.json', import.meta.url), 'utf8')) as {
  lines: LineVector[]
  queries: QueryVector[]
}

function pyFloat(repr: string): number {
  if (repr === 'inf') return Infinity
  if (repr === '-inf') return -Infinity
  if (repr === 'nan') return NaN
  return Number(repr)
}

/** What we must return: Gnocchi's result with string fields dropped, or null for "400 line error". */
function expected(v: LineVector): { measurement: string; tags: [string, string][]; fields: [string, number][]; ts: string | null } | null {
  if (v.ok === undefined) return null
  const [measurement, tags, fields, ts] = v.ok
  if (fields.some(([, f]) => 'overflow' in f)) return null
  const nums: [string, number][] = []
  for (const [k, f] of fields) if ('num' in f) nums.push([k, pyFloat(f.num)])
  return { measurement, tags, fields: nums, ts }
}

function actual(line: string): ReturnType<typeof expected> {
  try {
    const p = parseLine(line, 7)
    return {
      measurement: p.measurement,
      tags: Array.from(p.tags),
      fields: p.fields.map((f) => [f.key, f.value]),
      ts: p.timestampNs === null ? null : p.timestampNs.toString(),
    }
  } catch (e) {
    expect(e).toBeInstanceOf(GnocchiError)
    expect((e as GnocchiError).description).toEqual({ cause: 'Value error', detail: 'line', reason: 'Unable to parse line 7' })
    return null
  }
}

describe('line protocol vs the Gnocchi 4.4.2 grammar', () => {
  it('has a meaningful corpus', () => {
    expect(vectors.lines.length).toBeGreaterThan(2000)
    expect(vectors.lines.filter((v) => v.ok !== undefined).length).toBeGreaterThan(400)
  })
  it('agrees on every captured line', () => {
    const mismatches: string[] = []
    for (const v of vectors.lines) {
      const want = expected(v)
      const got = actual(v.line)
      if (JSON.stringify(want, (_k, x: unknown) => (Object.is(x, -0) ? '-0' : typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)) !==
        JSON.stringify(got, (_k, x: unknown) => (Object.is(x, -0) ? '-0' : typeof x === 'number' && !Number.isFinite(x) ? String(x) : x))) {
        mismatches.push(`${JSON.stringify(v.line)}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`)
      }
    }
    expect(mismatches).toEqual([])
  })
})

describe('CREATE DATABASE vs the Gnocchi 4.4.2 grammar', () => {
  it.each(vectors.queries.map((v) => [JSON.stringify(v.q), v] as const))('%s', (_label, v) => {
    if (v.ok !== undefined) {
      expect(parseInfluxQuery(v.q)).toEqual({ createDatabase: v.ok })
    } else {
      expect(() => parseInfluxQuery(v.q)).toThrow(GnocchiError)
    }
  })
})
