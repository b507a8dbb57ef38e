/** Flag → environment mapping of `serve`/`check`/`import`, and command-line argument errors. */
import { describe, expect, it } from 'vitest'
import { UsageError, parseBooleanFlag, parseCommandArgs, parseIntegerFlag } from '../../src/cli/command.js'
import { CONFIG_FLAGS, CONFIG_FLAG_OPTIONS, envWithFlags } from '../../src/cli/config-flags.js'
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config.js'

describe('envWithFlags', () => {
  it('maps every dedicated flag to its variable, overriding the environment', () => {
    const args = [
      '--port', '9001', '--host', '0.0.0.0', '--storage', 'redis', '--data-dir', '/srv/p', '--redis-url', 'redis://r:6380',
      '--redis-cluster', 'a:1,b:2', '--redis-prefix', 'pp', '--auth', 'noauth', '--base-path', '/gnocchi', '--log-level', 'warn',
    ]
    const { values } = parseCommandArgs(args, CONFIG_FLAG_OPTIONS)
    const base = { PORT: '1', HOST: 'h', POLENTA_STORAGE: 'memory', UNRELATED: 'kept' }
    const env = envWithFlags(values, base)
    expect(env).toEqual({
      PORT: '9001',
      HOST: '0.0.0.0',
      POLENTA_STORAGE: 'redis',
      POLENTA_DATA_DIR: '/srv/p',
      REDIS_URL: 'redis://r:6380',
      POLENTA_REDIS_CLUSTER: 'a:1,b:2',
      POLENTA_REDIS_PREFIX: 'pp',
      POLENTA_AUTH: 'noauth',
      POLENTA_BASE_PATH: '/gnocchi',
      POLENTA_LOG_LEVEL: 'warn',
      UNRELATED: 'kept',
    })
    expect(base.PORT).toBe('1')
    const config = loadConfig(env)
    expect(config.port).toBe(9001)
    expect(config.storage.redisCluster).toEqual(['a:1', 'b:2'])
    expect(config.basePath).toBe('/gnocchi')
  })

  it('names only variables loadConfig reads', () => {
    for (const variable of Object.values(CONFIG_FLAGS)) expect(CONFIG_VARIABLES).toContain(variable)
  })

  it('applies --set for any known variable, and the dedicated flag wins over --set', () => {
    const { values } = parseCommandArgs(['--set', 'POLENTA_MAX_LIMIT=500', '--set', 'PORT=1', '--port', '2', '--set', 'POLENTA_CORS_ORIGINS=a=b'], CONFIG_FLAG_OPTIONS)
    const env = envWithFlags(values, { POLENTA_MAX_LIMIT: '7' })
    expect(env.POLENTA_MAX_LIMIT).toBe('500')
    expect(env.PORT).toBe('2')
    expect(env.POLENTA_CORS_ORIGINS).toBe('a=b')
  })

  it('keeps the environment when no flag is given', () => {
    const { values } = parseCommandArgs([], CONFIG_FLAG_OPTIONS)
    expect(envWithFlags(values, { PORT: '8042' })).toEqual({ PORT: '8042' })
  })

  it('refuses a --set without NAME=value or with an unknown name', () => {
    expect(() => envWithFlags({ set: ['PORT'] }, {})).toThrow(UsageError)
    expect(() => envWithFlags({ set: ['=1'] }, {})).toThrow('--set expects NAME=value')
    expect(() => envWithFlags({ set: ['POLENTA_NOPE=1'] }, {})).toThrow('--set POLENTA_NOPE: unknown configuration variable')
  })

  it('lets loadConfig report every invalid value a flag gave', () => {
    const { values } = parseCommandArgs(['--port', '70000', '--storage', 'disk'], CONFIG_FLAG_OPTIONS)
    let error: unknown
    try {
      loadConfig(envWithFlags(values, {}))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems).toEqual(['PORT must be <= 65535', 'POLENTA_STORAGE must be equal to one of the allowed values'])
  })
})

describe('argument errors', () => {
  it('turns unknown options, missing values and positionals into UsageErrors', () => {
    expect(() => parseCommandArgs(['--nope'], CONFIG_FLAG_OPTIONS)).toThrow(UsageError)
    expect(() => parseCommandArgs(['--port'], CONFIG_FLAG_OPTIONS)).toThrow(UsageError)
    expect(() => parseCommandArgs(['stray'], CONFIG_FLAG_OPTIONS)).toThrow(UsageError)
  })

  it('parses whole numbers within bounds', () => {
    expect(parseIntegerFlag('concurrency', '8', 1, 256)).toBe(8)
    expect(() => parseIntegerFlag('concurrency', '0', 1, 256)).toThrow('--concurrency must be a whole number between 1 and 256, not "0"')
    expect(() => parseIntegerFlag('ttl', '1.5', 0)).toThrow('--ttl must be a whole number of at least 0, not "1.5"')
    expect(() => parseIntegerFlag('ttl', '', 0)).toThrow(UsageError)
  })

  it('parses booleans', () => {
    expect(parseBooleanFlag('include-measures', 'true')).toBe(true)
    expect(parseBooleanFlag('include-measures', 'No')).toBe(false)
    expect(() => parseBooleanFlag('include-measures', 'maybe')).toThrow('--include-measures must be true or false, not "maybe"')
  })
})
