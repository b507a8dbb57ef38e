import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, USER, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'
import { PROCESSOR_ID } from '../../../src/http/routes/v1/status.js'

let t: V1TestApp
beforeAll(async () => {
  t = await buildV1TestApp()
})
afterAll(async () => {
  await t.close()
})

describe('GET /v1/status (gnocchi-rest.md §3.11, base.yaml)', () => {
  it('is admin only', async () => {
    expect((await t.app.inject({ url: '/v1/status', headers: USER })).statusCode).toBe(403)
  })

  it.each([
    ['', ['summary', 'measures_to_process']],
    ['?details=False', ['summary']],
    ['?details=yes', ['summary', 'measures_to_process']],
  ])('details%s → storage keys %j, metricd with this process', async (query, keys) => {
    const res = await t.app.inject({ url: `/v1/status${query}`, headers: ADMIN })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(Object.keys(body.storage)).toEqual(keys)
    expect(body.storage.summary).toEqual({ metrics: 0, measures: 0 })
    expect(body.metricd.processors).toEqual([PROCESSOR_ID])
    expect(Object.keys(body.metricd.statistics)).toEqual([PROCESSOR_ID])
  })

  it('rejects a bad details value', async () => {
    const res = await t.app.inject({ url: '/v1/status?details=maybe', headers: ADMIN })
    expect(res.statusCode).toBe(400)
  })

  it('reports the backlog from storage and 503 when storage fails', async () => {
    const series = t.services.driver.series
    const original = series.incomingBacklog.bind(series)
    series.incomingBacklog = async () => ({ metrics: 2, measures: 3 })
    try {
      const res = await t.app.inject({ url: '/v1/status?details=false', headers: ADMIN })
      expect(res.json().storage.summary).toEqual({ metrics: 2, measures: 3 })
      series.incomingBacklog = async () => {
        throw new Error('backend down')
      }
      const down = await t.app.inject({ url: '/v1/status', headers: ADMIN })
      expect(down.json()).toEqual({ code: 503, title: 'Service Unavailable', description: 'Unable to generate status. Please retry.' })
    } finally {
      series.incomingBacklog = original
    }
  })
})
