/**
 * An in-process mutex per key with a fence counter, the processing lock of the drivers whose
 * store is owned by one process (memory, embedded).
 */
import { GnocchiError } from '../../model/errors.js'

/** Error thrown when a lock could not be taken in time. */
export function lockTimeout(metricId: string, timeoutMs: number): GnocchiError {
  return new GnocchiError('UNAVAILABLE', `Timed out after ${timeoutMs} ms waiting for the processing lock of metric ${metricId}`)
}

/** Error thrown when a commit comes from a lock that is no longer the current holder. */
export function staleFence(metricId: string, fence: number): GnocchiError {
  return new GnocchiError('CONFLICT', `Processing lock of metric ${metricId} was lost (fence ${fence} is stale); commit refused`)
}

/**
 * Mutual exclusion per key, FIFO, with a per-key fence that increases on every acquisition so a
 * holder that outlived its turn can be recognised.
 */
export class KeyedMutex {
  /** Present while the key is held; the queue of waiters to hand the lock to. */
  private readonly held = new Map<string, (() => void)[]>()
  private readonly fences = new Map<string, number>()

  /** Takes the lock of `key`, waiting up to `timeoutMs`; resolves to the new fence. */
  async acquire(key: string, timeoutMs: number): Promise<number> {
    const queue = this.held.get(key)
    if (queue === undefined) {
      this.held.set(key, [])
    } else {
      await new Promise<void>((resolve, reject) => {
        const waiter = (): void => {
          clearTimeout(timer)
          resolve()
        }
        const timer = setTimeout(() => {
          const i = queue.indexOf(waiter)
          if (i >= 0) queue.splice(i, 1)
          reject(lockTimeout(key, timeoutMs))
        }, timeoutMs)
        queue.push(waiter)
      })
    }
    const fence = (this.fences.get(key) ?? 0) + 1
    this.fences.set(key, fence)
    return fence
  }

  /** Releases `key`, handing it directly to the oldest waiter if any. */
  release(key: string): void {
    const queue = this.held.get(key)
    if (queue === undefined) return
    const next = queue.shift()
    if (next === undefined) this.held.delete(key)
    else next()
  }

  /** The fence of the latest acquisition of `key` (0 if never taken). */
  currentFence(key: string): number {
    return this.fences.get(key) ?? 0
  }

  /** Runs `fn` holding the lock of `key`. */
  async run<T>(key: string, timeoutMs: number, fn: (fence: number) => Promise<T>): Promise<T> {
    const fence = await this.acquire(key, timeoutMs)
    try {
      return await fn(fence)
    } finally {
      this.release(key)
    }
  }
}
