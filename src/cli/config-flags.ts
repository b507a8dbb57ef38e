/**
 * Command-line flags that override the configuration's environment variables (architecture.md
 * §7), shared by `serve`, `check` and `import`: a flag for each common setting and
 * `--set NAME=value` for any other variable. Flags win over the environment; the result goes
 * through `loadConfig` like the environment alone would.
 */
import { CONFIG_VARIABLES } from '../config.js'
import { UsageError } from './command.js'

/** Flag name → the environment variable it sets. */
export const CONFIG_FLAGS = Object.freeze({
  port: 'PORT',
  host: 'HOST',
  storage: 'POLENTA_STORAGE',
  'data-dir': 'POLENTA_DATA_DIR',
  'redis-url': 'REDIS_URL',
  'redis-cluster': 'POLENTA_REDIS_CLUSTER',
  'redis-prefix': 'POLENTA_REDIS_PREFIX',
  auth: 'POLENTA_AUTH',
  'base-path': 'POLENTA_BASE_PATH',
  'log-level': 'POLENTA_LOG_LEVEL',
} as const)

/** A configuration flag name. */
export type ConfigFlag = keyof typeof CONFIG_FLAGS

/** The parseArgs option definitions of the configuration flags. */
export const CONFIG_FLAG_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  storage: { type: 'string' },
  'data-dir': { type: 'string' },
  'redis-url': { type: 'string' },
  'redis-cluster': { type: 'string' },
  'redis-prefix': { type: 'string' },
  auth: { type: 'string' },
  'base-path': { type: 'string' },
  'log-level': { type: 'string' },
  set: { type: 'string', multiple: true },
} as const

/** Help lines of the configuration flags. */
export const CONFIG_FLAGS_HELP = [
  'Configuration (each flag overrides its environment variable):',
  ...Object.entries(CONFIG_FLAGS).map(([flag, variable]) => `  --${flag.padEnd(14)} <value>   ${variable}`),
  '  --set NAME=value            any other variable, e.g. --set POLENTA_MAX_LIMIT=500 (repeatable)',
].join('\n')

/** Parsed values of the configuration flags (as parseArgs returns them). */
export type ConfigFlagValues = { readonly [K in ConfigFlag]?: string } & { readonly set?: readonly string[] }

/**
 * The environment `loadConfig` should see: `base` with every given flag applied.
 * @throws UsageError for a `--set` that is not `NAME=value` or names an unknown variable.
 */
export function envWithFlags(values: ConfigFlagValues, base: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...base }
  // `--set` first, so the dedicated flags win when both name the same variable.
  for (const item of values.set ?? []) {
    const eq = item.indexOf('=')
    if (eq <= 0) throw new UsageError(`--set expects NAME=value, not ${JSON.stringify(item)}`)
    const name = item.slice(0, eq)
    if (!CONFIG_VARIABLES.includes(name)) {
      throw new UsageError(`--set ${name}: unknown configuration variable (known: ${CONFIG_VARIABLES.join(', ')})`)
    }
    env[name] = item.slice(eq + 1)
  }
  for (const [flag, variable] of Object.entries(CONFIG_FLAGS) as [ConfigFlag, string][]) {
    const v = values[flag]
    if (v !== undefined) env[variable] = v
  }
  return env
}
