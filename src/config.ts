/**
 * One validated configuration object built from environment variables (architecture.md §7).
 * Only `server.ts` and the CLI call {@link loadConfig}; lower layers receive pieces of the
 * frozen result explicitly.
 */
import { Ajv } from 'ajv'

/** Storage driver names. */
export type StorageKind = 'embedded' | 'redis' | 'memory'
/** Authentication modes (architecture.md §4). */
export type AuthMode = 'basic' | 'keystone-headers' | 'jwt' | 'noauth'

/** The validated, frozen configuration. */
export interface Config {
  readonly port: number
  readonly host: string
  readonly storage: {
    readonly kind: StorageKind
    readonly dataDir: string
    readonly redisUrl: string
    readonly redisCluster: readonly string[] | null
    readonly redisPrefix: string
  }
  readonly auth: {
    readonly mode: AuthMode
    readonly jwtSecret: string | null
    readonly jwtPublicKey: string | null
  }
  readonly basePath: string
  readonly maxLimit: number
  readonly defaultArchivePolicies: boolean
  readonly corsOrigins: readonly string[]
  readonly trustProxy: boolean
  readonly bodyLimitBytes: number
  readonly maxQueryPoints: number
  readonly logLevel: string
  /** Graceful shutdown on SIGTERM/SIGINT (run-server.ts), in milliseconds. */
  readonly shutdown: {
    /** `POLENTA_SHUTDOWN_DELAY`: how long to keep serving, `/healthcheck` failing, before closing the listener. */
    readonly delayMs: number
    /** `POLENTA_SHUTDOWN_TIMEOUT`: how long in-flight requests may take to finish before their connections are cut. */
    readonly timeoutMs: number
  }
  /** Self-monitoring at `/metrics` (`POLENTA_METRICS`, `POLENTA_METRICS_AUTH`). */
  readonly metrics: {
    readonly enabled: boolean
    readonly requireAdmin: boolean
  }
}

const ENV_SCHEMA = {
  type: 'object',
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 8041 },
    HOST: { type: 'string', minLength: 1, default: '127.0.0.1' },
    POLENTA_STORAGE: { enum: ['embedded', 'redis', 'memory'], default: 'embedded' },
    POLENTA_DATA_DIR: { type: 'string', minLength: 1, default: './data' },
    REDIS_URL: { type: 'string', default: 'redis://127.0.0.1:6379' },
    POLENTA_REDIS_CLUSTER: { type: 'string', default: '' },
    POLENTA_REDIS_PREFIX: { type: 'string', minLength: 1, default: 'polenta' },
    POLENTA_AUTH: { enum: ['basic', 'keystone-headers', 'jwt', 'noauth'], default: 'basic' },
    POLENTA_JWT_SECRET: { type: 'string', default: '' },
    POLENTA_JWT_PUBLIC_KEY: { type: 'string', default: '' },
    POLENTA_BASE_PATH: { type: 'string', pattern: '^(/[^/]+)*$', default: '' },
    POLENTA_MAX_LIMIT: { type: 'integer', minimum: 1, default: 1000 },
    POLENTA_DEFAULT_ARCHIVE_POLICIES: { type: 'boolean', default: true },
    POLENTA_CORS_ORIGINS: { type: 'string', default: '' },
    POLENTA_TRUST_PROXY: { type: 'boolean', default: false },
    POLENTA_BODY_LIMIT: { type: 'integer', minimum: 1024, default: 64 * 1024 * 1024 },
    POLENTA_MAX_QUERY_POINTS: { type: 'integer', minimum: 1, default: 50_000_000 },
    POLENTA_LOG_LEVEL: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    POLENTA_SHUTDOWN_DELAY: { type: 'number', minimum: 0, maximum: 3600, default: 0 },
    POLENTA_SHUTDOWN_TIMEOUT: { type: 'number', minimum: 0, maximum: 3600, default: 30 },
    POLENTA_METRICS: { type: 'boolean', default: true },
    POLENTA_METRICS_AUTH: { type: 'boolean', default: false },
  },
} as const

/** Every environment variable {@link loadConfig} reads, in the schema's order. */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(ENV_SCHEMA.properties))

/** A configuration that does not validate; `problems` has one line per invalid variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`)
    this.name = 'ConfigError'
  }
}

interface Env {
  PORT: number
  HOST: string
  POLENTA_STORAGE: StorageKind
  POLENTA_DATA_DIR: string
  REDIS_URL: string
  POLENTA_REDIS_CLUSTER: string
  POLENTA_REDIS_PREFIX: string
  POLENTA_AUTH: AuthMode
  POLENTA_JWT_SECRET: string
  POLENTA_JWT_PUBLIC_KEY: string
  POLENTA_BASE_PATH: string
  POLENTA_MAX_LIMIT: number
  POLENTA_DEFAULT_ARCHIVE_POLICIES: boolean
  POLENTA_CORS_ORIGINS: string
  POLENTA_TRUST_PROXY: boolean
  POLENTA_BODY_LIMIT: number
  POLENTA_MAX_QUERY_POINTS: number
  POLENTA_LOG_LEVEL: string
  POLENTA_SHUTDOWN_DELAY: number
  POLENTA_SHUTDOWN_TIMEOUT: number
  POLENTA_METRICS: boolean
  POLENTA_METRICS_AUTH: boolean
}

const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true })
const validateEnv = ajv.compile<Env>(ENV_SCHEMA)

const splitList = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0)

/**
 * Builds the configuration from an environment (default `process.env`).
 * Throws a {@link ConfigError} naming every invalid variable.
 */
export function loadConfig(source: Readonly<Record<string, string | undefined>> = process.env): Config {
  const env: Record<string, unknown> = {}
  for (const key of Object.keys(ENV_SCHEMA.properties)) {
    const v = source[key]
    if (v !== undefined && v !== '') env[key] = v
  }
  if (!validateEnv(env)) {
    const msgs = (validateEnv.errors ?? []).map((e) => `${e.instancePath.slice(1) || 'env'} ${e.message ?? 'is invalid'}`)
    throw new ConfigError(msgs)
  }
  const e = env as unknown as Env
  const cluster = splitList(e.POLENTA_REDIS_CLUSTER)
  if (e.POLENTA_AUTH === 'jwt' && e.POLENTA_JWT_SECRET === '' && e.POLENTA_JWT_PUBLIC_KEY === '') {
    throw new ConfigError(['POLENTA_AUTH=jwt needs POLENTA_JWT_SECRET or POLENTA_JWT_PUBLIC_KEY'])
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    storage: Object.freeze({
      kind: e.POLENTA_STORAGE,
      dataDir: e.POLENTA_DATA_DIR,
      redisUrl: e.REDIS_URL,
      redisCluster: cluster.length > 0 ? Object.freeze(cluster) : null,
      redisPrefix: e.POLENTA_REDIS_PREFIX,
    }),
    auth: Object.freeze({
      mode: e.POLENTA_AUTH,
      jwtSecret: e.POLENTA_JWT_SECRET === '' ? null : e.POLENTA_JWT_SECRET,
      jwtPublicKey: e.POLENTA_JWT_PUBLIC_KEY === '' ? null : e.POLENTA_JWT_PUBLIC_KEY,
    }),
    basePath: e.POLENTA_BASE_PATH,
    maxLimit: e.POLENTA_MAX_LIMIT,
    defaultArchivePolicies: e.POLENTA_DEFAULT_ARCHIVE_POLICIES,
    corsOrigins: Object.freeze(splitList(e.POLENTA_CORS_ORIGINS)),
    trustProxy: e.POLENTA_TRUST_PROXY,
    bodyLimitBytes: e.POLENTA_BODY_LIMIT,
    maxQueryPoints: e.POLENTA_MAX_QUERY_POINTS,
    logLevel: e.POLENTA_LOG_LEVEL,
    shutdown: Object.freeze({
      delayMs: Math.round(e.POLENTA_SHUTDOWN_DELAY * 1000),
      timeoutMs: Math.round(e.POLENTA_SHUTDOWN_TIMEOUT * 1000),
    }),
    metrics: Object.freeze({ enabled: e.POLENTA_METRICS, requireAdmin: e.POLENTA_METRICS_AUTH }),
  })
}
