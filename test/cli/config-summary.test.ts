import { describe, expect, it } from 'vitest'
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js'
import { MASK, configSummary, maskRedisUrl } from '../../src/cli/check/config-summary.js'

describe('polenta check: configuration summary', () => {
  it('shows one entry per configuration variable (paired ones share an entry per storage mode)', () => {
    const summary = configSummary(loadConfig({}))
    // REDIS_URL / POLENTA_REDIS_CLUSTER / POLENTA_JWT_* / PORT / HOST each have their own key; the
    // summary must grow with the variable list, so a new variable cannot be forgotten here.
    expect(Object.keys(summary).length).toBe(CONFIG_VARIABLES.length)
    expect(summary).toMatchObject({ shutdown_delay_seconds: 0, shutdown_timeout_seconds: 30, metrics: true, metrics_auth: false })
  })

  it('masks secrets', () => {
    const summary = configSummary(
      loadConfig({ POLENTA_STORAGE: 'redis', REDIS_URL: 'redis://u:hunter2@db:6379/0', POLENTA_AUTH: 'jwt', POLENTA_JWT_SECRET: 's3cret' }),
    )
    expect(JSON.stringify(summary)).not.toMatch(/hunter2|s3cret/)
    expect(summary.jwt_secret).toBe(MASK)
    expect(maskRedisUrl('not a url')).toBe(MASK)
  })
})
