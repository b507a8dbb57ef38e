/**
 * Readiness of the process, as `/healthcheck` reports it (liveness, `/livez`, needs no state):
 * `starting` (listening, catching up on measures acknowledged before the last stop) →
 * `ready` → `draining` (a signal arrived; in-flight requests finish, then the process exits).
 * Storage health is part of readiness: a probe of the driver, cached briefly so that frequent
 * probes (load balancers, kubelets) do not each cost a storage round trip.
 */

/** Where the process is in its life. */
export type LifecyclePhase = 'starting' | 'ready' | 'draining'

/** Options of {@link Readiness}. */
export interface ReadinessOptions {
  /** Initial phase; default `ready` (an app built for tests serves at once). */
  readonly phase?: LifecyclePhase
  /** Answers whether the storage is usable (`StorageDriver.isHealthy`); none = always healthy. */
  readonly probeStorage?: () => Promise<boolean>
  /** How long a probe result is reused, in ms; default {@link STORAGE_PROBE_CACHE_MS}. */
  readonly cacheMs?: number
  /** A probe slower than this counts as unhealthy, in ms; default {@link STORAGE_PROBE_TIMEOUT_MS}. */
  readonly probeTimeoutMs?: number
  /** Clock, for tests; default `Date.now`. */
  readonly now?: () => number
}

/** Probe results are reused for one second: fresh enough for any prober, cheap for Redis. */
export const STORAGE_PROBE_CACHE_MS = 1_000
/** A storage that takes longer than this to answer a ping is not fit to serve. */
export const STORAGE_PROBE_TIMEOUT_MS = 1_000

/** Reasons `/healthcheck` lists, in oslo.middleware's upper-case style (`DISABLED BY FILE`). */
export const NOT_READY_REASONS = {
  starting: 'STARTING',
  draining: 'DRAINING',
  storage: 'STORAGE UNAVAILABLE',
} as const

/** The readiness state shared by the server's lifecycle and the health routes. */
export class Readiness {
  #phase: LifecyclePhase
  readonly #probeStorage: (() => Promise<boolean>) | null
  readonly #cacheMs: number
  readonly #probeTimeoutMs: number
  readonly #now: () => number
  /** The last probe's answer and when it was asked. */
  #cached: { readonly at: number; readonly healthy: boolean } | null = null
  /** The probe running now, shared by concurrent callers. */
  #probing: Promise<boolean> | null = null

  constructor(options: ReadinessOptions = {}) {
    this.#phase = options.phase ?? 'ready'
    this.#probeStorage = options.probeStorage ?? null
    this.#cacheMs = options.cacheMs ?? STORAGE_PROBE_CACHE_MS
    this.#probeTimeoutMs = options.probeTimeoutMs ?? STORAGE_PROBE_TIMEOUT_MS
    this.#now = options.now ?? Date.now
  }

  /** The current phase. */
  get phase(): LifecyclePhase {
    return this.#phase
  }

  /** `starting` → `ready`; a process already draining stays draining. */
  markReady(): void {
    if (this.#phase === 'starting') this.#phase = 'ready'
  }

  /** Any phase → `draining`, for good. */
  startDraining(): void {
    this.#phase = 'draining'
  }

  /** Whether the storage answered its last probe (at most {@link STORAGE_PROBE_CACHE_MS} old). */
  async storageHealthy(): Promise<boolean> {
    if (this.#probeStorage === null) return true
    const cached = this.#cached
    if (cached !== null && this.#now() - cached.at < this.#cacheMs) return cached.healthy
    if (this.#probing === null) {
      const probing = this.#probeOnce(this.#probeStorage).then((healthy) => {
        this.#cached = { at: this.#now(), healthy }
        this.#probing = null
        return healthy
      })
      this.#probing = probing
    }
    return this.#probing
  }

  /**
   * Why the process should not receive traffic now; empty when ready. A draining process is
   * not probed: it is going away whatever the storage says.
   */
  async notReadyReasons(): Promise<string[]> {
    if (this.#phase === 'draining') return [NOT_READY_REASONS.draining]
    const reasons: string[] = this.#phase === 'starting' ? [NOT_READY_REASONS.starting] : []
    if (!(await this.storageHealthy())) reasons.push(NOT_READY_REASONS.storage)
    return reasons
  }

  /** One probe: a rejection or an answer slower than the timeout counts as unhealthy. */
  async #probeOnce(probe: () => Promise<boolean>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.#probeTimeoutMs)
      timer.unref()
    })
    try {
      return await Promise.race([probe().catch(() => false), timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}
