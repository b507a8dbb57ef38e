/**
 * Every worked example of gnocchi-storage-semantics.md (§4.3, §5, §6, §7), replayed through
 * processMetric (with the Map store) and the read path.
 */
import { describe, expect, it } from 'vitest'
import { processMetric } from '../../src/engine/ingest/process-metric.js'
import type { ResampleTarget } from '../../src/engine/read/resample.js'
import { readMetricMeasures } from '../../src/engine/read/read-series.js'
import type { ArchivePolicy } from '../../src/model/archive-policy.js'
import { MapSeriesStore } from './carbonara-map-store.js'

const S = 1_000_000
const iso = (text: string): number => Date.parse(text + 'Z') * 1000
type Row = [string, number | string, number]

function policy(items: [number, number | null][], methods: string[], backWindow = 0): ArchivePolicy {
  return {
    name: 'p',
    backWindow,
    aggregationMethods: methods,
    definition: items.map(([g, points]) => ({
      granularityUs: g * S,
      points,
      timespanUs: points === null ? null : points * g * S,
    })),
  }
}

async function post(store: MapSeriesStore, p: ArchivePolicy, measures: [string, number][]): Promise<void> {
  await store.appendIncoming([
    {
      metricId: 'm',
      batch: {
        timesUs: Float64Array.from(measures, ([t]) => iso(t)),
        values: Float64Array.from(measures, ([, v]) => v),
      },
    },
  ])
  await processMetric(store, 'm', p)
}

async function get(
  store: MapSeriesStore,
  p: ArchivePolicy,
  aggregation: string,
  opts: { granularity?: number; resample?: ResampleTarget; start?: string; stop?: string } = {},
): Promise<Row[]> {
  const series = await readMetricMeasures(store, 'm', p, {
    aggregation,
    granularityUs: opts.granularity === undefined ? null : opts.granularity * S,
    startUs: opts.start === undefined ? null : iso(opts.start),
    stopUs: opts.stop === undefined ? null : iso(opts.stop),
    resample: opts.resample ?? null,
  })
  const rows: Row[] = []
  for (const s of series) {
    for (let i = 0; i < s.timestampsUs.length; i++) {
      rows.push([new Date(s.timestampsUs[i]! / 1000).toISOString().slice(0, 19), s.calendar ?? s.granularityUs / S, s.values[i]!])
    }
  }
  return rows
}

describe('§4.3 back_window', () => {
  it('bw2: 00:54:59 is dropped, 00:55:00 and 01:00:00 kept', async () => {
    const store = new MapSeriesStore()
    const p = policy([[60, null], [300, null]], ['count'], 2)
    await post(store, p, [['2024-01-01T01:07:00', 1]])
    await post(store, p, [['2024-01-01T00:54:59', 1], ['2024-01-01T00:55:00', 1], ['2024-01-01T01:00:00', 1]])
    expect(await get(store, p, 'count')).toEqual([
      ['2024-01-01T00:55:00', 300, 1], ['2024-01-01T01:00:00', 300, 1], ['2024-01-01T01:05:00', 300, 1],
      ['2024-01-01T00:55:00', 60, 1], ['2024-01-01T01:00:00', 60, 1], ['2024-01-01T01:07:00', 60, 1],
    ])
  })

  it('bw0, 60 s: 00:10:05 accepted, 00:09:59 dropped; later 00:11:59 and 00:10:59 dropped', async () => {
    const store = new MapSeriesStore()
    const p = policy([[60, null]], ['count'])
    await post(store, p, [['2024-01-01T00:10:30', 1]])
    await post(store, p, [['2024-01-01T00:10:05', 1], ['2024-01-01T00:09:59', 1]])
    expect(await get(store, p, 'count')).toEqual([['2024-01-01T00:10:00', 60, 2]])
    await post(store, p, [['2024-01-01T00:12:00', 1]])
    await post(store, p, [['2024-01-01T00:11:59', 1], ['2024-01-01T00:10:59', 1]])
    expect(await get(store, p, 'count')).toEqual([['2024-01-01T00:10:00', 60, 2], ['2024-01-01T00:12:00', 60, 1]])
  })
})

describe('§5 per-bucket methods (policy t1)', () => {
  const raw: [string, number][] = [
    ['2015-03-06T14:33:57', 43.1], ['2015-03-06T14:34:12', 12], ['2015-03-06T14:34:12.500', 3],
    ['2015-03-06T14:34:15', -16], ['2015-03-06T14:35:12', 9], ['2015-03-06T14:35:15', 11],
  ]
  const methods = ['mean', 'max', 'min', 'sum', 'count', 'last', 'first', 'std', 'median', '50pct', 'rate:mean']
  const p = policy([[1, 3600], [60, 60]], methods)
  const m60 = ['2015-03-06T14:33:00', '2015-03-06T14:34:00', '2015-03-06T14:35:00']
  const s1 = ['2015-03-06T14:33:57', '2015-03-06T14:34:12', '2015-03-06T14:34:15', '2015-03-06T14:35:12', '2015-03-06T14:35:15']
  const rows = (ts60: string[], v60: number[], ts1: string[], v1: number[]): Row[] => [
    ...ts60.map((t, i): Row => [t, 60, v60[i]!]),
    ...ts1.map((t, i): Row => [t, 1, v1[i]!]),
  ]
  it.each<[string, Row[]]>([
    ['mean', rows(m60, [43.1, -0.3333333333333333, 10.0], s1, [43.1, 7.5, -16, 9, 11])],
    ['max', rows(m60, [43.1, 12, 11], s1, [43.1, 12, -16, 9, 11])],
    ['min', rows(m60, [43.1, -16, 9], s1, [43.1, 3, -16, 9, 11])],
    ['sum', rows(m60, [43.1, -1, 20], s1, [43.1, 15, -16, 9, 11])],
    ['count', rows(m60, [1, 3, 2], s1, [1, 2, 1, 1, 1])],
    ['first', rows(m60, [43.1, 12, 9], s1, [43.1, 12, -16, 9, 11])],
    ['last', rows(m60, [43.1, -16, 11], s1, [43.1, 3, -16, 9, 11])],
    ['std', rows(m60.slice(1), [14.29452109492771, 1.4142135623730951], [s1[1]!], [6.363961030678928])],
    ['median', rows(m60, [43.1, 3, 10], s1, [43.1, 7.5, -16, 9, 11])],
    ['50pct', rows(m60, [43.1, 3, 10], s1, [43.1, 7.5, -16, 9, 11])],
    ['rate:mean', rows(m60.slice(1), [-19.7, 13.5], s1.slice(1), [-20.05, -19, 25, 2])],
  ])('%s', async (method, want) => {
    const store = new MapSeriesStore()
    await post(store, p, raw)
    expect(await get(store, p, method)).toEqual(want)
  })

  it.each<[string, number, number, Row[]]>([
    ['count', 1, 60, [['2015-03-06T14:33:00', 60, 1], ['2015-03-06T14:34:00', 60, 2], ['2015-03-06T14:35:00', 60, 2]]],
    ['rate:mean', 1, 60, [['2015-03-06T14:34:00', 60, 1.0500000000000007], ['2015-03-06T14:35:00', 60, 10.5]]],
    ['std', 60, 120, [['2015-03-06T14:34:00', 120, 9.107752800037536]]],
    ['50pct', 1, 60, [['2015-03-06T14:33:00', 60, 43.1], ['2015-03-06T14:34:00', 60, -4.25], ['2015-03-06T14:35:00', 60, 10]]],
  ])('§7 resample quirk: %s granularity=%d resample=%d', async (method, g, r, want) => {
    const store = new MapSeriesStore()
    await post(store, p, raw)
    expect(await get(store, p, method, { granularity: g, resample: { kind: 'span', granularityUs: r * S } })).toEqual(want)
  })
})

describe('§5 upstream functional example (rate:)', () => {
  const secs = [0, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 210, 220, 230]
  const vals = [10, 13, 13, 15, 18, 20, 22, 26, 30, 31, 37, 55, 62, 100, 102, 103, 104, 110]
  const measures = secs.map((s, i): [string, number] => [new Date(Date.UTC(2015, 2, 6, 14, 33, s)).toISOString().slice(0, 23), vals[i]!])
  const p = policy([[60, null]], ['rate:mean', 'rate:max', 'rate:95pct', 'max'])
  const expected: Record<string, Row[]> = {
    'rate:mean': [['2015-03-06T14:34:00', 60, 2], ['2015-03-06T14:35:00', 60, 5.833333333333333], ['2015-03-06T14:36:00', 60, 9.166666666666666]],
    'rate:max': [['2015-03-06T14:34:00', 60, 3], ['2015-03-06T14:35:00', 60, 18], ['2015-03-06T14:36:00', 60, 38]],
    'rate:95pct': [['2015-03-06T14:34:00', 60, 3], ['2015-03-06T14:35:00', 60, 15], ['2015-03-06T14:36:00', 60, 30.25]],
    max: [['2015-03-06T14:33:00', 60, 10], ['2015-03-06T14:34:00', 60, 20], ['2015-03-06T14:35:00', 60, 55], ['2015-03-06T14:36:00', 60, 110]],
  }
  it.each(Object.keys(expected).flatMap((m) => [[m, 1], [m, 2]] as [string, number][]))('%s in %d batch(es)', async (m, batches) => {
    const store = new MapSeriesStore()
    if (batches === 1) await post(store, p, measures)
    else {
      await post(store, p, measures.slice(0, 9))
      await post(store, p, measures.slice(9))
    }
    expect(await get(store, p, m)).toEqual(expected[m])
  })

  it.each<[string, string, Row[]]>([
    ['one batch', 'together', [['2024-01-01T00:05:00', 60, 10]]],
    ['two batches', 'apart', []],
  ])('rate:last across a gap, %s', async (_label, mode, want) => {
    const store = new MapSeriesStore()
    const q = policy([[60, null]], ['rate:last'])
    const a: [string, number] = ['2024-01-01T00:00:00', 10]
    const b: [string, number] = ['2024-01-01T00:05:30', 20]
    if (mode === 'together') await post(store, q, [a, b])
    else {
      await post(store, q, [a])
      await post(store, q, [b])
    }
    expect(await get(store, q, 'rate:last')).toEqual(want)
  })
})

describe('§5 non-finite values', () => {
  const p = policy([[60, null]], ['mean', 'sum', 'std', 'max', 'min', 'median', 'first', 'last', 'count'])
  it.each<[string, [string, number][], number]>([
    ['mean', [['2024-01-01T00:00:01', 1], ['2024-01-01T00:00:02', NaN]], NaN],
    ['sum', [['2024-01-01T00:00:01', 1], ['2024-01-01T00:00:02', NaN]], NaN],
    ['std', [['2024-01-01T00:00:01', 1], ['2024-01-01T00:00:02', NaN]], NaN],
    ['max', [['2024-01-01T00:00:01', 1], ['2024-01-01T00:00:02', NaN]], NaN],
    ['min', [['2024-01-01T00:00:01', 1], ['2024-01-01T00:00:02', NaN]], 1],
    ['min', [['2024-01-01T00:00:01', NaN], ['2024-01-01T00:00:02', NaN]], NaN],
    ['median', [['2024-01-01T00:00:01', 4], ['2024-01-01T00:00:02', Infinity], ['2024-01-01T00:00:03', NaN]], Infinity],
    ['first', [['2024-01-01T00:00:01', NaN], ['2024-01-01T00:00:02', 2]], NaN],
    ['last', [['2024-01-01T00:00:01', 1], ['2024-01-01T00:00:02', NaN]], NaN],
    ['count', [['2024-01-01T00:00:01', NaN], ['2024-01-01T00:00:02', NaN]], 2],
    ['sum', [['2024-01-01T00:00:01', Infinity], ['2024-01-01T00:00:02', -Infinity]], NaN],
  ])('%s of %j', async (method, measures, want) => {
    const store = new MapSeriesStore()
    await post(store, p, measures)
    const rows = await get(store, p, method)
    expect(rows).toHaveLength(1)
    expect(Object.is(rows[0]![2], want)).toBe(true)
  })
})

describe('§4.2 duplicates', () => {
  it('keeps the smallest value within one set and the later set across sets', async () => {
    const store = new MapSeriesStore()
    const p = policy([[1, null]], ['last'])
    await post(store, p, [['2024-01-01T00:00:00', 5], ['2024-01-01T00:00:00', 3]])
    expect(await get(store, p, 'last')).toEqual([['2024-01-01T00:00:00', 1, 3]])
    await post(store, p, [['2024-01-01T00:00:00', 100]])
    expect(await get(store, p, 'last')).toEqual([['2024-01-01T00:00:00', 1, 100]])
  })
})

describe('§6 retention', () => {
  it('60 s × 3 points, method last', async () => {
    const store = new MapSeriesStore()
    const p = policy([[60, 3]], ['last'])
    await post(store, p, [0, 1, 2, 3, 4].map((i): [string, number] => [`2024-01-01T00:0${i}:10`, i]))
    expect(await get(store, p, 'last')).toEqual([
      ['2024-01-01T00:02:00', 60, 2], ['2024-01-01T00:03:00', 60, 3], ['2024-01-01T00:04:00', 60, 4],
    ])
    await post(store, p, [['2024-01-01T00:09:10', 9]])
    expect(await get(store, p, 'last')).toEqual([['2024-01-01T00:09:00', 60, 9]])
    await post(store, p, [['2024-01-01T00:09:20', 10], ['2024-01-01T00:08:20', 8]])
    expect(await get(store, p, 'last')).toEqual([['2024-01-01T00:09:00', 60, 10]])
  })
})

describe('§7 reads (metric A: 60 s means 2, 5, 7, 10)', () => {
  const p = policy([[60, null]], ['mean', 'max'])
  const load = async (): Promise<MapSeriesStore> => {
    const store = new MapSeriesStore()
    await post(store, p, [['2024-01-01T00:00:00', 2], ['2024-01-01T00:01:00', 5], ['2024-01-01T00:02:00', 7], ['2024-01-01T00:03:00', 10]])
    return store
  }
  const span = (s: number): ResampleTarget => ({ kind: 'span', granularityUs: s * S })
  it.each<[string, string, Parameters<typeof get>[3], Row[]]>([
    ['start/stop', 'mean', { start: '2024-01-01T00:01:00', stop: '2024-01-01T00:03:00' }, [['2024-01-01T00:01:00', 60, 5], ['2024-01-01T00:02:00', 60, 7]]],
    ['start rounded down, stop exclusive', 'mean', { start: '2024-01-01T00:01:30', stop: '2024-01-01T00:02:00' }, [['2024-01-01T00:01:00', 60, 5]]],
    ['resample 120', 'mean', { granularity: 60, resample: span(120) }, [['2024-01-01T00:00:00', 120, 3.5], ['2024-01-01T00:02:00', 120, 8.5]]],
    ['resample 120 + start', 'mean', { granularity: 60, resample: span(120), start: '2024-01-01T00:01:00' }, [['2024-01-01T00:00:00', 120, 3.5], ['2024-01-01T00:02:00', 120, 8.5]]],
    ['resample 120 max', 'max', { granularity: 60, resample: span(120) }, [['2024-01-01T00:00:00', 120, 5], ['2024-01-01T00:02:00', 120, 10]]],
    ['resample M', 'mean', { granularity: 60, resample: { kind: 'calendar', unit: 'M' } }, [['2024-01-01T00:00:00', 'M', 6]]],
  ])('%s', async (_label, method, opts, want) => {
    expect(await get(await load(), p, method, opts)).toEqual(want)
  })

  it.each<[string, Record<string, unknown>]>([
    ['resample without granularity', { code: 'INVALID_INPUT', description: 'A granularity must be specified to resample' }],
    ['unknown method', { code: 'NOT_FOUND' }],
    ['unknown granularity', { code: 'NOT_FOUND', description: "Aggregation method 'mean' at granularity '42.0' for metric m does not exist" }],
  ])('error: %s', async (label, want) => {
    const store = await load()
    const q =
      label === 'resample without granularity'
        ? get(store, p, 'mean', { resample: span(120) })
        : label === 'unknown method'
          ? get(store, p, 'median')
          : get(store, p, 'mean', { granularity: 42 })
    await expect(q).rejects.toMatchObject(want)
  })
})

describe('§7 calendar groupings (daily means)', () => {
  const p = policy([[86400, null]], ['mean'])
  const days: [string, number][] = [
    ['2015-03-01T00:00:00', 10], ['2015-03-06T00:00:00', 12], ['2015-04-01T00:00:00', 2], ['2015-04-06T00:00:00', 4],
    ['2015-10-06T00:00:00', 7], ['2016-01-06T00:00:00', 12], ['2016-02-06T00:00:00', 4],
  ]
  it.each<['Y' | 'H' | 'Q' | 'M' | 'W', [string, number][]]>([
    ['Y', [['2015-01-01', 7], ['2016-01-01', 8]]],
    ['H', [['2015-01-01', 7], ['2015-07-01', 7], ['2016-01-01', 8]]],
    ['Q', [['2015-01-01', 11], ['2015-04-01', 3], ['2015-10-01', 7], ['2016-01-01', 8]]],
    ['M', [['2015-03-01', 11], ['2015-04-01', 3], ['2015-10-01', 7], ['2016-01-01', 12], ['2016-02-01', 4]]],
    ['W', [['2015-03-01', 11], ['2015-03-29', 2], ['2015-04-05', 4], ['2015-10-04', 7], ['2016-01-03', 12], ['2016-01-31', 4]]],
  ])('%s', async (unit, want) => {
    const store = new MapSeriesStore()
    await post(store, p, days)
    const rows = await get(store, p, 'mean', { granularity: 86400, resample: { kind: 'calendar', unit } })
    expect(rows).toEqual(want.map(([d, v]): Row => [`${d}T00:00:00`, unit, v]))
  })
})
