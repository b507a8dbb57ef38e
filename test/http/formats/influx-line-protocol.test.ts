import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GnocchiError } from '../../../src/model/errors.js'
import {
  influxMetricName,
  influxPointsToMeasures,
  influxWriteToMeasures,
  parseInfluxQuery,
  parseLine,
  parseLineProtocol,
} from '../../../src/http/formats/index.js'

const enc = new TextEncoder()

function fields(line: string): [string, number][] {
  return parseLine(line).fields.map((f) => [f.key, f.value])
}

function lineError(n: number): { cause: string; detail: string; reason: string } {
  return { cause: 'Value error', detail: 'line', reason: `Unable to parse line ${n}` }
}

function descriptionOf(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(GnocchiError)
    return (e as GnocchiError).description
  }
  throw new Error('expected a GnocchiError')
}

describe('parseLine: escapes (gnocchi/rest/influxdb.py unquoted_string, quoted_string)', () => {
  it.each([
    ['m\\ x,t=v f=1', 'm x'],
    ['m\\,x,t=v f=1', 'm,x'],
    ['m\\=x,t=v f=1', 'm=x'],
    ['m\\x,t=v f=1', 'm\\x'],
    ['m\\\\ x,t=v f=1', 'm\\ x'],
    ['"quoted m",t=v f=1', 'quoted m'],
    ['"a\\"b",t=v f=1', 'a"b'],
    ['"a\\\\b",t=v f=1', 'a\\b'],
    ['"a\\tb",t=v f=1', 'a\tb'],
    ['"a\\qb",t=v f=1', 'aqb'],
    ['"",t=v f=1', ''],
    ['"a\rb",t=v f=1', '"a\rb"'],
  ])('measurement of %j is %j', (line, measurement) => {
    expect(parseLine(line).measurement).toBe(measurement)
  })

  it.each([
    ['m,t\\ k=v\\ w f=1', 't k', 'v w'],
    ['m,t\\,k=v\\,w f=1', 't,k', 'v,w'],
    ['m,t\\=k=v\\=w f=1', 't=k', 'v=w'],
    ['m,"t k"="v,w" f=1', 't k', 'v,w'],
    ['m,t=a/b f=1', 't', 'a/b'],
    ['m,t=\u00e9t\u00e9 f=1', 't', '\u00e9t\u00e9'],
  ])('tag of %j is %j=%j', (line, key, value) => {
    expect(Array.from(parseLine(line).tags)).toEqual([[key, value]])
  })

  it('escapes field keys too', () => {
    expect(fields('m f\\ k=1,f\\,k=2,f\\=k=3')).toEqual([['f k', 1], ['f,k', 2], ['f=k', 3]])
  })
})

describe('parseLine: field types', () => {
  it.each([
    ['m f=1', [['f', 1]]],
    ['m f=1.5', [['f', 1.5]]],
    ['m f=-2.5e3', [['f', -2500]]],
    ['m f=1.e2', [['f', 100]]],
    ['m f=+3', [['f', 3]]],
    ['m f=42i', [['f', 42]]],
    ['m f=9223372036854775807i', [['f', 2 ** 63]]],
    ['m f=1e999', [['f', Infinity]]],
    ['m f=\u0663', [['f', 3]]],
    ['m f="text"', []],
    ['m f="text",g=2', [['g', 2]]],
    ['m f=1,f="x"', []],
    ['m f="x",f=2', [['f', 2]]],
    ['m f=1,g=2i,h="s",k=3.5', [['f', 1], ['g', 2], ['k', 3.5]]],
  ])('%j → %j', (line, want) => {
    expect(fields(line)).toEqual(want)
  })

  it.each([
    // gnocchi-compat quirks: the rest of the line after a valid prefix is ignored.
    ['m f=-5i', [['f', -5]]],
    ['m f=5.0i', [['f', 5]]],
    ['m f=1:5', [['f', 1]]],
    ['m f=1,flag=true', [['f', 1]]],
    ['m f=1e', [['f', 1]]],
  ])('gnocchi-compat prefix parse: %j → %j', (line, want) => {
    expect(fields(line)).toEqual(want)
  })

  it.each([
    ['m f=1 1510581804179554816', 1510581804179554816n],
    ['m f=1 0', 0n],
    ['m f=1 9223372036854775807', 9223372036854775807n],
    ['m f=1', null],
    ['m f=1 ', null],
    ['m f=1 -12', null],
    ['m f=1 12abc', 12n],
    ['m f=1\t12', null],
  ])('timestamp of %j is %s', (line, ts) => {
    expect(parseLine(line).timestampNs).toBe(ts)
  })
})

describe('parseLine: rejected lines', () => {
  it.each([
    'm f=true', 'm f=t', 'm f=FALSE', 'm f=string', 'm', 'm,', 'm f', 'm f=', 'm  f=1', ' m f=1',
    ',t=v f=1', 'measurement, field=1', 'measurement,tag=value 123', 'measurement,tag=value , 123',
    '\\ m f=1', 'm,t=a\tb f=1', 'm\tx f=1', '"ab"cd f=1', 'm f="unterminated', '\r',
    // gnocchi-compat: these are 500s in Gnocchi (ValueError / OverflowError); we answer 400.
    'm f=1:.5', 'm f=1 9223372036854775808', `m f=${'9'.repeat(400)}i`,
  ])('%j', (line) => {
    expect(descriptionOf(() => parseLine(line, 3))).toEqual(lineError(3))
  })
})

describe('parseLineProtocol: bodies', () => {
  it('skips empty lines but counts them', () => {
    const body = 'm,host=a f=1\n\nm,host=a f=2\n'
    expect(parseLineProtocol(body).map((p) => p.fields[0]?.value)).toEqual([1, 2])
    expect(descriptionOf(() => parseLineProtocol('m,host=a f=1\n\nbad'))).toEqual(lineError(3))
  })
  it('treats CRLF line ends as ignored trailing text, but a lone "\\r" line as an error', () => {
    expect(parseLineProtocol('m,host=a f=1 5\r\nm,host=a f=2\r\n').map((p) => p.timestampNs)).toEqual([5n, null])
    expect(descriptionOf(() => parseLineProtocol('m,host=a f=1\r\n\r\n'))).toEqual(lineError(2))
  })
  it('accepts bytes and names the line whose UTF-8 is invalid', () => {
    const good = enc.encode('m,host=\u00e9 f=1\n')
    expect(parseLineProtocol(good)[0]?.tags.get('host')).toBe('\u00e9')
    const bad = new Uint8Array([...enc.encode('m,host=a f=1\nm,host='), 0xff, ...enc.encode(' f=1\n')])
    expect(descriptionOf(() => parseLineProtocol(bad))).toEqual(lineError(2))
  })
  it('keeps a UTF-8 BOM as part of the first measurement, as Python does', () => {
    expect(parseLineProtocol(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('m f=1')]))[0]?.measurement).toBe('\ufeffm')
  })
  it('returns nothing for an empty body', () => {
    expect(parseLineProtocol('')).toEqual([])
    expect(parseLineProtocol(new Uint8Array())).toEqual([])
  })
})

describe('influxPointsToMeasures (gnocchi-rest.md §3.12 mapping)', () => {
  const ts = 1510581804179554816n
  const tsUs = 1510581804179554

  it('maps the spec example: resource foobar, metric mymetric.field@mytag=myvalue', () => {
    const out = influxWriteToMeasures(`mymetric,host=foobar,mytag=myvalue field=123 ${ts}`, { resourceIdTag: 'host', nowUs: 1 })
    expect(Array.from(out.keys())).toEqual(['foobar'])
    expect(Array.from(out.get('foobar') ?? [])).toEqual([['mymetric.field@mytag=myvalue', { timesUs: [tsUs], values: [123] }]])
  })

  it('uses another resource-id tag, sorts the remaining tags and replaces "/"', () => {
    const body = `mymetric,host=foobar,mytag=myvalue field=123 ${ts}\ncpu,path=/foobar,mytag=myvalue,a=1 field=43i ${ts}`
    const out = influxWriteToMeasures(body, { resourceIdTag: 'mytag', nowUs: 1 })
    expect(Array.from(out.get('myvalue')?.keys() ?? [])).toEqual(['mymetric.field@host=foobar', 'cpu.field@a=1,path=_foobar'])
  })

  it('gives no "@" suffix without other tags, and uses nowUs for lines without timestamp', () => {
    const out = influxWriteToMeasures('m/x,host=h f/g=1,k=2\nm/x,host=h f/g=3 2000', { resourceIdTag: 'host', nowUs: 77 })
    expect(Array.from(out.get('h') ?? [])).toEqual([
      ['m_x.f_g', { timesUs: [77, 2], values: [1, 3] }],
      ['m_x.k', { timesUs: [77], values: [2] }],
    ])
  })

  it('floors ns to µs', () => {
    const out = influxWriteToMeasures('m,host=h f=1 1999', { resourceIdTag: 'host', nowUs: 0 })
    expect(out.get('h')?.get('m.f')?.timesUs).toEqual([1])
  })

  it('skips points with only string fields (no resource entry)', () => {
    expect(influxWriteToMeasures('m,host=h f="s"', { resourceIdTag: 'host', nowUs: 0 }).size).toBe(0)
  })

  it('sorts tag keys by code point like Python', () => {
    expect(influxMetricName('m', 'f', new Map([['\u{10000}', '1'], ['\uffff', '2'], ['B', '3'], ['a', '4']]))).toBe(
      'm.f@B=3,a=4,\uffff=2,\u{10000}=1',
    )
  })

  it('raises the exact missing-tag error', () => {
    expect(descriptionOf(() => influxWriteToMeasures('m,mytag=x f=1', { resourceIdTag: 'host', nowUs: 0 }))).toEqual({
      cause: 'Value error',
      detail: 'key',
      reason: "Unable to find key `host' in tags",
    })
  })

  it('reports errors in body order (missing tag on line 1 before a bad line 2)', () => {
    expect(descriptionOf(() => influxWriteToMeasures('m f=1\nbad', { resourceIdTag: 'host', nowUs: 0 }))).toMatchObject({ detail: 'key' })
    expect(descriptionOf(() => influxWriteToMeasures('m,host=a f=1\nbad', { resourceIdTag: 'host', nowUs: 0 }))).toEqual(lineError(2))
    expect(descriptionOf(() => influxPointsToMeasures(parseLineProtocol('m,host=a f=1\nm f=2'), { resourceIdTag: 'host', nowUs: 0 }))).toMatchObject({ detail: 'key' })
  })
})

describe('parseInfluxQuery', () => {
  it.each([
    ['CREATE DATABASE foobar;', 'foobar'],
    ['CrEaTe   Database foobar', 'foobar'],
    ['create database "my db"', 'my db'],
    ['create database foo bar', 'foo'],
  ])('%j creates %j', (q, name) => {
    expect(parseInfluxQuery(q)).toEqual({ createDatabase: name })
  })
  it.each(['SELECT * FROM cpu', 'create database', 'drop database foo', 'create database 1abc', ''])('%j → 501', (q) => {
    try {
      parseInfluxQuery(q)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(GnocchiError)
      expect((e as GnocchiError).code).toBe('NOT_IMPLEMENTED')
      expect((e as GnocchiError).description).toEqual({ cause: 'Not implemented error', detail: 'q', reason: 'Query not implemented' })
    }
  })
})

describe('fuzz: parse succeeds or throws GnocchiError, nothing else', () => {
  const seeds = [
    'cpu,host=a,region=eu value=1.5,idle=2i 1510581804179554816',
    'm,t\\ k="v\\"w" f="s\\\\",g=-1e5 12',
    'system,host=abydos uptime=337369i,uptime_format="3 days, 21:42" 1510150170000000000',
  ]
  const alphabet = [...'am1.0eE-+i t,=\\":\t\r/@_', '\u00e9', '\u0663', '\u{1D7D9}', '\uFFFD']
  const char = fc.constantFrom(...alphabet)
  const mutated = fc
    .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat(2), char), { maxLength: 4 }))
    .map(([seed, edits]) => {
      const s = Array.from(seed)
      for (const [pos, op, c] of edits) {
        const i = pos % (s.length + 1)
        if (op === 0) s.splice(i, 0, c)
        else if (op === 1) s.splice(i, 1)
        else s[Math.min(i, s.length - 1)] = c
      }
      return s.join('')
    })
  const random = fc.array(char, { maxLength: 40 }).map((cs) => cs.join(''))
  const anyString = fc.string({ unit: 'binary', maxLength: 40 })

  it('holds for 24 000 random and mutated lines', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, random, anyString), (line) => {
        try {
          const p = parseLine(line.replaceAll('\n', ' '))
          expect(typeof p.measurement).toBe('string')
          for (const f of p.fields) expect(typeof f.value).toBe('number')
        } catch (e) {
          if (!(e instanceof GnocchiError)) throw e
        }
      }),
      { numRuns: 24_000, seed: 9 },
    )
  })

  it('holds for random byte bodies', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          influxWriteToMeasures(bytes, { resourceIdTag: 'host', nowUs: 0 })
        } catch (e) {
          if (!(e instanceof GnocchiError)) throw e
        }
      }),
      { numRuns: 2_000, seed: 10 },
    )
  })
})
