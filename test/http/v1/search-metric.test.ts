/**
 * `POST /v1/search/metric` (gnocchi-rest.md §3.9). The data mirrors a probe of the reference
 * Gnocchi 4.4.2 and every expected body below is what it answered, except the cases marked
 * "Recommended" (4.4.2 answers 500) and "deviation".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, USER, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'

/** foobar's metric on `high`: 12, -3, 0, 7.5, NaN at 14:34:12…16. */
const M1 = 'e0000000-0000-4000-8000-000000000001'
/** admin's metric on `high`: 4, 5 at 14:34:12, 13; its id sorts before M1. */
const M2 = 'c0000000-0000-4000-8000-000000000002'
/** foobar's metric on `high`, never given measures. */
const M3 = 'f0000000-0000-4000-8000-000000000003'
/** foobar's metric on `five` (5 s only): 12 at 14:34:12. */
const M4 = '10000000-0000-4000-8000-000000000004'
const UNKNOWN = 'a0000000-0000-4000-8000-00000000000f'
const T0 = Date.UTC(2014, 9, 6, 14, 34, 12) * 1000
const S = 1_000_000
const at = (s: number): string => `"2014-10-06T14:34:${s}+00:00"`

let t: V1TestApp
beforeAll(async () => {
  t = await buildV1TestApp()
  const { index, measures } = t.services
  const high = await index.createArchivePolicy({
    name: 'high',
    backWindow: 0,
    aggregationMethods: ['mean', 'max'],
    definition: [
      { granularityUs: 1 * S, points: 3600, timespanUs: 3600 * S },
      { granularityUs: 2 * S, points: 1800, timespanUs: 3600 * S },
    ],
  })
  const five = await index.createArchivePolicy({
    name: 'five',
    backWindow: 0,
    aggregationMethods: ['mean'],
    definition: [{ granularityUs: 5 * S, points: 720, timespanUs: 3600 * S }],
  })
  const metric = (id: string, creator: string, archivePolicyName: string) =>
    index.createMetric({ id, archivePolicyName, creator, name: null, unit: null, resourceId: null })
  await metric(M1, 'foobar', 'high')
  await metric(M2, 'admin', 'high')
  await metric(M3, 'foobar', 'high')
  await metric(M4, 'foobar', 'five')
  const batch = (values: number[]) => ({ timesUs: Float64Array.from(values, (_, i) => T0 + i * S), values: Float64Array.from(values) })
  await measures.ingest([
    { metricId: M1, policy: high, batch: batch([12, -3, 0, 7.5, NaN]) },
    { metricId: M2, policy: high, batch: batch([4, 5]) },
    { metricId: M4, policy: five, batch: batch([12]) },
  ])
})
afterAll(async () => {
  await t.close()
})

type Headers = Record<string, string>
const search = (query: string, body: unknown, headers: Headers = USER) =>
  t.app.inject({
    method: 'POST',
    url: `/v1/search/metric?${query}`,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  })

describe('POST /v1/search/metric, matches (bodies as Gnocchi 4.4.2 renders them)', () => {
  const cases: readonly [string, string, unknown, Headers, string][] = [
    ['value = 12 at one granularity', `metric_id=${M1}&granularity=1`, { '=': 12 }, USER, `{"${M1}": [[${at(12)}, 1.0, 12.0]]}`],
    ['≥ 0 leaves out NaN', `metric_id=${M1}&granularity=1`, { '>=': 0 }, USER, `{"${M1}": [[${at(12)}, 1.0, 12.0], [${at(14)}, 1.0, 0.0], [${at(15)}, 1.0, 7.5]]}`],
    [
      'a bare arithmetic operator keeps every non-zero result, NaN included',
      `metric_id=${M1}&granularity=1`,
      { '+': 3 },
      USER,
      `{"${M1}": [[${at(12)}, 1.0, 12.0], [${at(14)}, 1.0, 0.0], [${at(15)}, 1.0, 7.5], [${at(16)}, 1.0, NaN]]}`,
    ],
    ['NumPy floored modulo on the value', `metric_id=${M1}&granularity=1`, { '=': [{ '%': 5 }, 2] }, USER, `{"${M1}": [[${at(12)}, 1.0, 12.0], [${at(13)}, 1.0, -3.0]]}`],
    ['an empty or never holds', `metric_id=${M1}&granularity=1`, { or: [] }, USER, `{"${M1}": []}`],
    [
      'all granularities, descending, metrics ordered by id',
      `metric_id=${M1}&metric_id=${M2}`,
      { '>': 4 },
      ADMIN,
      `{"${M2}": [[${at(12)}, 2.0, 4.5], [${at(13)}, 1.0, 5.0]], "${M1}": [[${at(12)}, 2.0, 4.5], [${at(12)}, 1.0, 12.0], [${at(15)}, 1.0, 7.5]]}`,
    ],
    [
      'start rounded down per granularity, stop exclusive',
      `metric_id=${M1}&start=2014-10-06T14:34:13.5&stop=2014-10-06T14:34:15`,
      { and: [] },
      USER,
      `{"${M1}": [[${at(12)}, 2.0, 4.5], [${at(14)}, 2.0, 3.75], [${at(13)}, 1.0, -3.0], [${at(14)}, 1.0, 0.0]]}`,
    ],
    ['another aggregation method', `metric_id=${M1}&aggregation=max`, { '=': 12 }, USER, `{"${M1}": [[${at(12)}, 2.0, 12.0], [${at(12)}, 1.0, 12.0]]}`],
    ['repeated granularities are searched once', `metric_id=${M1}&granularity=1&granularity=2&granularity=1`, { '=': 12 }, USER, `{"${M1}": [[${at(12)}, 1.0, 12.0]]}`],
    ['a non-canonical metric id', `metric_id=${M1.replace(/-/g, '').toUpperCase()}&granularity=1`, { '=': 12 }, USER, `{"${M1}": [[${at(12)}, 1.0, 12.0]]}`],
    ['unknown metrics are skipped', `metric_id=${UNKNOWN}`, { '=': 12 }, USER, '{}'],
    [
      'deviation: each metric searches its own granularities (4.4.2 applies the first metric\'s to all and answers 400)',
      `metric_id=${M1}&metric_id=${M4}`,
      { '=': 12 },
      USER,
      `{"${M4}": [["2014-10-06T14:34:10+00:00", 5.0, 12.0]], "${M1}": [[${at(12)}, 1.0, 12.0]]}`,
    ],
  ]
  it.each(cases)('%s', async (_name, query, body, headers, expected) => {
    const res = await search(query, body, headers)
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe(expected)
  })
})

describe('POST /v1/search/metric, errors', () => {
  const metricDoesNotExist = (id: string) => (d: unknown) => {
    const description = d as { cause: string; detail: { metric: { id: string; archive_policy: { name: string }; resource_id: null } } }
    expect(description.cause).toBe('Metric does not exist')
    expect(description.detail.metric.id).toBe(id)
    expect(description.detail.metric.archive_policy.name).toBe('high')
    expect(description.detail.metric.resource_id).toBeNull()
  }
  const argument = (detail: string, reason: string) => ({ cause: 'Argument value error', detail, reason })
  const cases: readonly [string, string, unknown, Headers, number, unknown][] = [
    ['no body', `metric_id=${UNKNOWN}`, undefined, USER, 400, 'No query specified in body'],
    ['another user\'s metric', `metric_id=${M2}`, { '=': 12 }, USER, 403, ''],
    ['another user\'s metric, before the body', `metric_id=${M2}`, undefined, USER, 403, ''],
    ['a metric never processed', `metric_id=${M3}`, { '=': 12 }, USER, 400, metricDoesNotExist(M3)],
    ['a method the policy lacks reports the metric (as 4.4.2)', `metric_id=${M1}&aggregation=min`, { '=': 12 }, USER, 400, metricDoesNotExist(M1)],
    [
      'a granularity the policy lacks',
      `metric_id=${M1}&granularity=300`,
      { '=': 12 },
      USER,
      400,
      { cause: 'Aggregation does not exist', detail: { granularity: 300, aggregation_method: 'mean' } },
    ],
    [
      'one granularity of several missing',
      `metric_id=${M1}&granularity=1s&granularity=300`,
      { '=': 12 },
      USER,
      400,
      { cause: 'Aggregation does not exist', detail: { granularity: 300, aggregation_method: 'mean' } },
    ],
    ['bad start', `metric_id=${M1}&start=foobar`, { '∧': [{ '≥': 1000 }] }, USER, 400, 'Invalid value for start'],
    ['bad stop', `metric_id=${M1}&stop=foobar`, { '∧': [{ '≥': 1000 }] }, USER, 400, 'Invalid value for stop'],
    [
      'the schema is checked before start',
      `metric_id=${M1}&start=foobar`,
      { '=': 'x' },
      USER,
      400,
      { cause: 'Invalid input', reason: "expected float for dictionary value @ data['=']", detail: ['='] },
    ],
    ['start is checked before operators', `metric_id=${M1}&start=foobar`, { not: [] }, USER, 400, 'Invalid value for start'],
    ['operators are checked before granularities', `metric_id=${M1}&granularity=300`, { not: [] }, USER, 400, 'Unknown operator not'],
    // Recommended: 4.4.2 answers 500 for these.
    ['Recommended: no metric_id', '', { '=': 12 }, USER, 400, argument('metric_id', 'Missing argument')],
    ['Recommended: a metric_id that is not a UUID', `metric_id=${M1}&metric_id=foo`, { '=': 12 }, USER, 400, argument('metric_id', 'Must be a UUID')],
    ['Recommended: an unparsable granularity', `metric_id=${M1}&granularity=foo`, { '=': 12 }, USER, 400, argument('granularity', 'Unable to parse timespan')],
    ['Recommended: a zero granularity', `metric_id=${M1}&granularity=0`, { '=': 12 }, USER, 400, argument('granularity', 'Timespan must be positive')],
    ['Recommended: a division by zero between constants', `metric_id=${M1}`, { '/': [1, 0] }, USER, 400, 'Invalid query: division by zero in {"/": [1, 0]}'],
  ]
  it.each(cases)('%s', async (_name, query, body, headers, status, expected) => {
    const res = await search(query, body, headers)
    expect(res.statusCode).toBe(status)
    const description = res.json().description
    if (typeof expected === 'function') expected(description)
    else expect(description).toEqual(expected)
  })

  it('renders granularities in errors as Python floats', async () => {
    const res = await search(`metric_id=${M1}&granularity=300`, { '=': 12 })
    expect(res.body).toContain('"granularity": 300.0')
  })

  it('answers 405 with Allow: POST to GET', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/search/metric?metric_id=${M1}`, headers: USER })
    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('POST')
  })

  it('asks who calls only when a metric is found (basic mode)', async () => {
    const anonymous = { accept: 'application/json' }
    expect((await search(`metric_id=${UNKNOWN}`, { '=': 12 }, anonymous)).statusCode).toBe(200)
    expect((await search(`metric_id=${M1}`, { '=': 12 }, anonymous)).statusCode).toBe(401)
  })
})
