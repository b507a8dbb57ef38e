import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'
import { A, B, MIN, T0, seedTwoCpuMetrics } from '../../helpers/two-cpu-metrics.js'


let t: V1TestApp
beforeAll(async () => {
  t = await buildV1TestApp()
  await seedTwoCpuMetrics(t.services, {
    policyName: 'legacy-ex',
    methods: ['mean', 'max', 'sum'],
    points: 1440,
    owners: [{ user: 'u1', project: 'p1' }, { user: 'u2', project: 'p2' }],
    values: [[1, 2, 3], [10, 20]],
  })
})
afterAll(async () => {
  await t.close()
})

const json = { ...ADMIN, 'content-type': 'application/json' }
const ts = (m: number) => new Date((T0 + m * MIN) / 1000).toISOString().replace('.000Z', '+00:00')

describe('legacy /v1/aggregation (gnocchi-rest.md §3.10)', () => {
  it.each([
    ['strict overlap by default', `metric=${A}&metric=${B}`, [[ts(0), 60, 5.5], [ts(1), 60, 11]]],
    ['fill=dropna keeps the union', `metric=${A}&metric=${B}&fill=dropna`, [[ts(0), 60, 5.5], [ts(1), 60, 11], [ts(2), 60, 3]]],
    ['reaggregation and fill value', `metric=${A}&metric=${B}&aggregation=max&reaggregation=sum&fill=0`, [[ts(0), 60, 11], [ts(1), 60, 22], [ts(2), 60, 3]]],
    ['one metric reads its series', `metric=${A}&start=${encodeURIComponent(ts(1))}`, [[ts(1), 60, 2], [ts(2), 60, 3]]],
    ['no metric', '', []],
  ])('GET %s', async (_name, query, expected) => {
    const res = await t.app.inject({ url: `/v1/aggregation/metric?${query}`, headers: ADMIN })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual(expected)
  })

  it('POST takes the metric ids from the body (fill=null pads, mean ignores the padding)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/aggregation/metric?fill=null', headers: json, payload: JSON.stringify([A, B]) })
    expect(res.body).toBe(`[["${ts(0)}", 60.0, 5.5], ["${ts(1)}", 60.0, 11.0], ["${ts(2)}", 60.0, 3.0]]`)
  })

  it.each([
    ['metric=foobar', 400, 'Invalid input: not a valid value @ data[0]'],
    ['metric=00000000-0000-4000-8000-00000000dead', 404, 'Metric 00000000-0000-4000-8000-00000000dead does not exist'],
    [`metric=${A}&metric=${B}&aggregation=min`, 404, `Aggregation method 'min' at granularity '60.0' for metric ${A} does not exist`],
    [`metric=${A}&resample=60`, 400, 'A granularity must be specified to resample'],
  ])('GET ?%s → %i', async (query, status, description) => {
    const res = await t.app.inject({ url: `/v1/aggregation/metric?${query}`, headers: ADMIN })
    expect(res.statusCode).toBe(status)
    expect(res.json().description).toBe(description)
  })

  it('aggregates the named metric of the searched resources, grouped', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/aggregation/resource/generic/metric/cpu?groupby=project_id', headers: json, payload: '{}' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual([
      { group: { project_id: 'p1' }, measures: [[ts(0), 60, 1], [ts(1), 60, 2], [ts(2), 60, 3]] },
      { group: { project_id: 'p2' }, measures: [[ts(0), 60, 10], [ts(1), 60, 20]] },
    ])
    const bad = await t.app.inject({ method: 'POST', url: '/v1/aggregation/resource/generic/metric/cpu?groupby=nope', headers: json, payload: '{}' })
    expect(bad.json().description).toBe('Invalid groupby attribute')
    const none = await t.app.inject({ method: 'POST', url: '/v1/aggregation/resource/generic/metric/absent', headers: json, payload: '{}' })
    expect(none.json()).toEqual([])
  })
})
