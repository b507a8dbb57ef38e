/**
 * The few JSON calls the HTTP bench makes outside autocannon: setup (policies, metrics,
 * resources, pushes), the backlog wait, and the correctness checks before timing.
 */
import type { ServerProcess } from '../../test/helpers/server-process.js'

/** Headers of Gnocchi's default `basic` auth as the admin user, for JSON in and out. */
export const ADMIN_JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  authorization: `Basic ${Buffer.from('admin:').toString('base64')}`,
  'content-type': 'application/json',
  accept: 'application/json',
})

/** Calls the API and returns the parsed JSON answer; any status but `expected` throws with the body. */
export async function callJson(server: ServerProcess, method: string, path: string, body: unknown, expected: number): Promise<unknown> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: ADMIN_JSON_HEADERS,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  if (res.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${res.status}: ${text.slice(0, 500)}`)
  return text === '' ? null : (JSON.parse(text) as unknown)
}

/** Runs `task` over every item with at most `concurrency` calls in flight; results in item order. */
export async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await task(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return out
}

/** Pending measures as `GET /v1/status?details=false` reports them. */
async function backlogMeasures(server: ServerProcess): Promise<number> {
  const status = (await callJson(server, 'GET', '/v1/status?details=false', undefined, 200)) as { storage: { summary: { measures: number } } }
  return status.storage.summary.measures
}

/**
 * Polls `/v1/status` until no measure is pending; resolves with the milliseconds waited.
 * @throws when the backlog is still there after `timeoutMs`.
 */
export async function waitForEmptyBacklog(server: ServerProcess, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now()
  for (;;) {
    const pending = await backlogMeasures(server)
    const waited = performance.now() - t0
    if (pending === 0) return waited
    if (waited > timeoutMs) throw new Error(`backlog still holds ${pending} measures after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
