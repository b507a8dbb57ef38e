import { readFileSync } from 'node:fs'
import { compress } from 'snappyjs'
import { describe, expect, it } from 'vitest'
import { GnocchiError } from '../../../src/model/errors.js'
import {
  PROMETHEUS_RESOURCE_TYPE,
  WRITE_REQUEST,
  decodeRemoteWrite,
  prometheusToMeasures,
} from '../../../src/http/formats/index.js'
import type { PrometheusSeries } from '../../../src/http/formats/index.js'

type Labels = Record<string, string>

/** Builds a real remote-write body: protobuf WriteRequest, snappy block-compressed. */
function body(series: { labels: Labels; samples: [number, number | string][] }[]): Uint8Array {
  const message = WRITE_REQUEST.fromObject({
    timeseries: series.map((s) => ({
      labels: Object.entries(s.labels).map(([name, value]) => ({ name, value })),
      samples: s.samples.map(([value, ts]) => ({ value, timestamp_ms: ts })),
    })),
  })
  return compress(WRITE_REQUEST.encode(message).finish())
}

function series(labels: Labels, samples: [number, number][]): PrometheusSeries {
  return {
    labels: Object.entries(labels).map(([name, value]) => ({ name, value })),
    samples: samples.map(([value, timestampMs]) => ({ value, timestampMs })),
  }
}

function descriptionOf(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(GnocchiError)
    expect((e as GnocchiError).code).toBe('INVALID_INPUT')
    return (e as GnocchiError).description
  }
  throw new Error('expected a GnocchiError')
}

describe('decodeRemoteWrite', () => {
  it('round-trips a body built with protobufjs + snappyjs', () => {
    const decoded = decodeRemoteWrite(
      body([
        { labels: { __name__: 'up', job: 'node', instance: 'h:9100' }, samples: [[1, 1_700_000_000_123], [0, '1700000015123']] },
        { labels: { __name__: 'empty' }, samples: [] },
      ]),
    )
    expect(decoded).toEqual([
      {
        labels: [{ name: '__name__', value: 'up' }, { name: 'job', value: 'node' }, { name: 'instance', value: 'h:9100' }],
        samples: [{ value: 1, timestampMs: 1_700_000_000_123 }, { value: 0, timestampMs: 1_700_000_015_123 }],
      },
      { labels: [{ name: '__name__', value: 'empty' }], samples: [] },
    ])
  })

  it('keeps NaN, infinities and negative timestamps as sent', () => {
    const [s] = decodeRemoteWrite(body([{ labels: { __name__: 'x' }, samples: [[NaN, -5], [Infinity, 0]] }]))
    expect(s?.samples).toEqual([{ value: NaN, timestampMs: -5 }, { value: Infinity, timestampMs: 0 }])
  })

  it('decodes an empty WriteRequest to no series', () => {
    expect(decodeRemoteWrite(compress(new Uint8Array()))).toEqual([])
  })

  it('decodes the body Prometheus sent in Gnocchi\'s own functional test (gabbits/prometheus_fixtures)', () => {
    const dump = readFileSync(new URL('./fixtures/prometheus-gnocchi-031b586e.dump', import.meta.url))
    const out = prometheusToMeasures(decodeRemoteWrite(dump))
    expect(Array.from(out.keys())).toEqual(['prometheus@localhost:9090'])
    const r = out.get('prometheus@localhost:9090')
    expect(r?.attributes).toEqual({ job: 'prometheus', instance: 'localhost:9090' })
    expect(r?.metrics.size).toBe(56) // gabbits/prometheus.yaml: metrics.`len`: 56
    // gabbits/prometheus.yaml: first measure 2017-09-23T06:02:58 = 558.0
    expect(r?.metrics.get('scrape_samples_scraped')).toEqual({ timesUs: [1_506_146_578_352_000], values: [558] })
  })

  it.each([
    ['empty body', new Uint8Array(), 'Unable to decode Prometheus remote write body: empty body'],
    ['not snappy', new Uint8Array([1, 2, 3]), 'Unable to decode Prometheus remote write body: invalid snappy block (Invalid Snappy bitstream)'],
    ['plain protobuf, not compressed', WRITE_REQUEST.encode(WRITE_REQUEST.fromObject({ timeseries: [{ labels: [{ name: 'a', value: 'b' }] }] })).finish(), /^Unable to decode Prometheus remote write body: /],
    ['snappy around garbage', compress(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])), /^Unable to decode Prometheus remote write body: invalid protobuf WriteRequest/],
    ['snappy around a bad wire type', compress(new Uint8Array([0x0f, 0x01])), /^Unable to decode Prometheus remote write body: invalid protobuf WriteRequest/],
  ])('rejects %s with a 400', (_label, bytes, message) => {
    const d = descriptionOf(() => decodeRemoteWrite(bytes))
    if (typeof message === 'string') expect(d).toBe(message)
    else expect(d).toMatch(message)
  })

  it('rejects a body whose declared size exceeds the limit before allocating it', () => {
    const big = body([{ labels: { __name__: 'x'.repeat(10_000) }, samples: [[1, 1]] }])
    expect(descriptionOf(() => decodeRemoteWrite(big, { maxDecodedBytes: 1000 }))).toMatch(/^Unable to decode Prometheus remote write body: invalid snappy block/)
    expect(decodeRemoteWrite(big, { maxDecodedBytes: 20_000 })[0]?.labels[0]?.value).toHaveLength(10_000)
  })
})

describe('prometheusToMeasures (gnocchi-rest.md §3.13 mapping)', () => {
  it('groups by <job>@<instance>, names metrics by __name__, converts ms to µs', () => {
    const out = prometheusToMeasures([
      series({ __name__: 'up', job: 'node', instance: 'h:9100', other: 'x' }, [[1, 1000], [2, 2500]]),
      series({ __name__: 'load', job: 'node', instance: 'h:9100' }, [[0.5, 3]]),
      series({ __name__: 'up' }, [[7, 0]]),
    ])
    expect(Array.from(out)).toEqual([
      ['node@h:9100', { attributes: { job: 'node', instance: 'h:9100' }, metrics: new Map([
        ['up', { timesUs: [1_000_000, 2_500_000], values: [1, 2] }],
        ['load', { timesUs: [3000], values: [0.5] }],
      ]) }],
      ['none@none', { attributes: { job: 'none', instance: 'none' }, metrics: new Map([['up', { timesUs: [0], values: [7] }]]) }],
    ])
  })

  it('lets the last series win when only other labels differ (replace, not append)', () => {
    const out = prometheusToMeasures([
      series({ __name__: 'up', job: 'j', instance: 'i', cpu: '0' }, [[1, 1], [2, 2]]),
      series({ __name__: 'up', job: 'j', instance: 'i', cpu: '1' }, [[9, 3]]),
    ])
    expect(out.get('j@i')?.metrics.get('up')).toEqual({ timesUs: [3000], values: [9] })
  })

  it('keeps the last value of a repeated label', () => {
    const out = prometheusToMeasures([
      { labels: [{ name: '__name__', value: 'a' }, { name: '__name__', value: 'b' }, { name: 'job', value: 'j' }], samples: [{ value: 1, timestampMs: 1 }] },
    ])
    expect(Array.from(out.get('j@none')?.metrics.keys() ?? [])).toEqual(['b'])
  })

  it('merges (job, instance) pairs that format to the same id, later pair winning per metric', () => {
    const out = prometheusToMeasures([
      series({ __name__: 'm', job: 'a@b', instance: 'c' }, [[1, 1]]),
      series({ __name__: 'm', job: 'a', instance: 'b@c' }, [[2, 2]]),
      series({ __name__: 'n', job: 'a@b', instance: 'c' }, [[3, 3]]),
    ])
    expect(Array.from(out.keys())).toEqual(['a@b@c'])
    const r = out.get('a@b@c')
    expect(r?.attributes).toEqual({ job: 'a@b', instance: 'c' })
    expect(Array.from(r?.metrics ?? [])).toEqual([
      ['m', { timesUs: [2000], values: [2] }],
      ['n', { timesUs: [3000], values: [3] }],
    ])
  })

  it('ignores series without samples', () => {
    expect(prometheusToMeasures([series({ __name__: 'up', job: 'j' }, [])]).size).toBe(0)
  })

  it('rejects a series without __name__ (Gnocchi: KeyError → 500) with a 400', () => {
    expect(descriptionOf(() => prometheusToMeasures([series({ __name__: 'ok' }, [[1, 1]]), series({ job: 'j' }, [])]))).toEqual({
      cause: 'Invalid input',
      reason: "required label '__name__' not provided",
      detail: ['timeseries', '1', 'labels'],
    })
  })

  it('rejects samples before the epoch with MeasuresListSchema\'s message', () => {
    expect(descriptionOf(() => prometheusToMeasures([series({ __name__: 'x' }, [[1, 5], [1, -1]])]))).toEqual({
      cause: 'Invalid input',
      reason: "unexpected timestamp 'Timestamp must be after Epoch'",
      detail: [],
    })
  })

  it('exports the auto-created resource type', () => {
    expect(PROMETHEUS_RESOURCE_TYPE).toEqual({
      name: 'prometheus',
      attributes: {
        instance: { type: 'string', minLength: 1, maxLength: 512, required: true },
        job: { type: 'string', minLength: 1, maxLength: 512, required: true },
      },
    })
  })
})
