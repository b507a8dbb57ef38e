/**
 * The configuration as `polenta check` shows it: every setting, with secrets masked (the JWT
 * secret, a password in the Redis URL) so the report can be pasted into a ticket.
 */
import type { Config } from '../../config.js'

/** Shown instead of a secret's value. */
export const MASK = '***'

/** A Redis URL with its password (and user) masked; unparseable text is masked whole. */
export function maskRedisUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return MASK
  }
  if (parsed.password !== '') parsed.password = MASK
  return parsed.toString()
}

/** The configuration as flat `name → value` pairs, secrets masked. */
export function configSummary(config: Config): Record<string, string | number | boolean | null> {
  return {
    port: config.port,
    host: config.host,
    storage: config.storage.kind,
    data_dir: config.storage.kind === 'embedded' ? config.storage.dataDir : null,
    redis_url: config.storage.kind === 'redis' && config.storage.redisCluster === null ? maskRedisUrl(config.storage.redisUrl) : null,
    redis_cluster: config.storage.kind === 'redis' && config.storage.redisCluster !== null ? config.storage.redisCluster.join(',') : null,
    redis_prefix: config.storage.kind === 'redis' ? config.storage.redisPrefix : null,
    auth: config.auth.mode,
    jwt_secret: config.auth.jwtSecret === null ? null : MASK,
    jwt_public_key: config.auth.jwtPublicKey === null ? null : `(set, ${config.auth.jwtPublicKey.length} characters)`,
    base_path: config.basePath === '' ? null : config.basePath,
    max_limit: config.maxLimit,
    default_archive_policies: config.defaultArchivePolicies,
    cors_origins: config.corsOrigins.length === 0 ? null : config.corsOrigins.join(','),
    trust_proxy: config.trustProxy,
    body_limit_bytes: config.bodyLimitBytes,
    max_query_points: config.maxQueryPoints,
    log_level: config.logLevel,
    shutdown_delay_seconds: config.shutdown.delayMs / 1000,
    shutdown_timeout_seconds: config.shutdown.timeoutMs / 1000,
    metrics: config.metrics.enabled,
    metrics_auth: config.metrics.requireAdmin,
  }
}
