import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openServices } from '../../src/bootstrap.js'
import { loadConfig } from '../../src/config.js'
import { LEGACY_RESOURCE_TYPES, ensureLegacyResourceTypes } from '../../src/legacy/data-model.js'
import { ADMIN, buildV1TestApp, type V1TestApp } from '../helpers/v1-app.js'

let t: V1TestApp
const json = { ...ADMIN, 'content-type': 'application/json' }

/** 2023-11-14T00:00:00Z, seconds: a minute-aligned start. */
const T0 = 1_699_920_000

async function post(url: string, payload: unknown): Promise<Record<string, unknown>> {
  const r = await t.app.inject({ method: 'POST', url, headers: json, payload: payload as Record<string, unknown> })
  expect(r.statusCode, r.body).toBeLessThan(300)
  return r.body === '' ? {} : (r.json() as Record<string, unknown>)
}

beforeEach(async () => {
  t = await buildV1TestApp()
  await ensureLegacyResourceTypes(t.services.index)
  await post('/v1/archive_policy', { name: 'minute', definition: [{ granularity: '1 minute', points: 600 }], aggregation_methods: ['mean', 'last'] })
})
afterEach(async () => {
  await t.close()
})

describe('legacy routes wired to stored series', () => {
  it('usage reads measures written through /v1 (processed on read)', async () => {
    const customer = randomUUID()
    const project = randomUUID()
    await post('/v1/resource/customer', { id: customer, name: 'Acme' })
    await post('/v1/resource/project', { id: project, name: 'Web', customer_id: customer })
    for (const [name, values] of [
      ['vm-a', [10, 30, 50]],
      ['vm-b', [20, 40, 60]],
    ] as const) {
      const vm = await post('/v1/resource/instance', {
        id: randomUUID(),
        project_id: project,
        // Only instances alive during an interval count.
        started_at: new Date((T0 - 3600) * 1000).toISOString(),
        display_name: name,
        flavor_id: 'm1.small',
        flavor_name: 'm1.small',
        metrics: { cpu_util: { archive_policy_name: 'minute' } },
      })
      const metricId = (vm.metrics as Record<string, string>).cpu_util
      await post(
        `/v1/metric/${metricId}/measures`,
        values.map((value, i) => ({ timestamp: new Date((T0 + i * 60) * 1000).toISOString(), value })),
      )
    }
    const r = await t.app.inject({
      url: `/api/stats/usage/?item=cpu&aggregate=project&uuid=${project}&from=${T0}&to=${T0 + 240}&datapoints=2`,
      headers: ADMIN,
    })
    expect(r.statusCode, r.body).toBe(200)
    // Interval 1: minutes 0–1 → vm-a mean 20, vm-b mean 30 → cpu is averaged over instances: 25.
    // Interval 2: minute 2 → 50 and 60 → 55.
    expect(r.json()).toEqual([
      {
        name: 'Web',
        datapoints: [
          { from: T0, to: T0 + 120, value: 25 },
          { from: T0 + 120, to: T0 + 240, value: 55 },
        ],
      },
    ])
  })

  it('answers the legacy 401 shape without credentials', async () => {
    const r = await t.app.inject({ url: '/api/stats/customer/' })
    expect(r.statusCode).toBe(401)
  })
})

describe('start-up seeding (openServices)', () => {
  it.each([
    ['registers the legacy types with the default policies', 'true', true],
    ['leaves a store seeded by nothing as Gnocchi starts (only `generic`)', 'false', false],
  ])('%s', async (_label, seed, expected) => {
    const opened = await openServices(loadConfig({ POLENTA_STORAGE: 'memory', POLENTA_DEFAULT_ARCHIVE_POLICIES: seed }))
    try {
      const names = (await opened.services.index.listResourceTypes()).map((rt) => rt.name)
      for (const rt of [...LEGACY_RESOURCE_TYPES.map((x) => x.name), 'instance']) expect(names.includes(rt)).toBe(expected)
    } finally {
      await opened.close()
    }
  })
})
