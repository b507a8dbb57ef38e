import { describe, expect, it } from 'vitest'
import { MemoryIndexBackend, openIndexStore } from '../../src/storage/index/index.js'

const raise = (scopeId: string, alertType: string, uuid: string, severity = 20) =>
  ({ uuid, alertType, message: `m-${uuid}`, severity, scopeType: 'instance', scopeId, context: {} }) as const

describe('alert store over the index documents', () => {
  it('one open alert per (scope, type) across two processes; closing frees the slot', async () => {
    const backend = new MemoryIndexBackend()
    const a = await openIndexStore(backend.connect())
    const b = await openIndexStore(backend.connect())
    const first = await a.alerts.raise(raise('s1', 't', 'u1'))
    expect(first.created).toBe(true)
    const second = await b.alerts.raise(raise('s1', 't', 'u2', 40))
    expect(second).toMatchObject({ created: false, alert: { uuid: 'u1', severity: 40, message: 'm-u2' } })
    expect((await a.alerts.raise(raise('s1', 'other', 'u3'))).created).toBe(true)
    await b.alerts.update('u1', (x, now) => ({ ...x, closedUs: now }))
    const third = await a.alerts.raise(raise('s1', 't', 'u4'))
    expect(third).toMatchObject({ created: true, alert: { uuid: 'u4' } })
    expect((await b.alerts.list()).map((x) => [x.uuid, x.closedUs === null])).toEqual([
      ['u1', false],
      ['u3', true],
      ['u4', true],
    ])
    // A new process sees everything from the persisted documents.
    const c = await openIndexStore(backend.connect())
    expect((await c.alerts.get('u1'))?.closedUs).not.toBeNull()
    expect(await c.alerts.get('nope')).toBeNull()
    expect(await c.alerts.update('nope', (x) => x)).toBeNull()
  })

  it('a refused update changes nothing', async () => {
    const backend = new MemoryIndexBackend()
    const a = await openIndexStore(backend.connect())
    await a.alerts.raise(raise('s', 't', 'u'))
    await expect(a.alerts.update('u', () => { throw new Error('refused') })).rejects.toThrow('refused')
    expect((await a.alerts.get('u'))?.acknowledged).toBe(false)
  })
})
