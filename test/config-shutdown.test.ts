import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.js'

describe('shutdown configuration', () => {
  it('defaults to no delay and a 30 s drain', () => {
    expect(loadConfig({}).shutdown).toEqual({ delayMs: 0, timeoutMs: 30_000 })
  })

  it('reads seconds, fractions included', () => {
    expect(loadConfig({ POLENTA_SHUTDOWN_DELAY: '1.5', POLENTA_SHUTDOWN_TIMEOUT: '10' }).shutdown).toEqual({ delayMs: 1_500, timeoutMs: 10_000 })
  })

  it.each([
    ['POLENTA_SHUTDOWN_TIMEOUT', '-1'],
    ['POLENTA_SHUTDOWN_TIMEOUT', 'soon'],
    ['POLENTA_SHUTDOWN_DELAY', '3601'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name)
  })
})
