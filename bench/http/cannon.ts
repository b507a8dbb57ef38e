/**
 * autocannon, run in this process against the server under test, and the one-line summary the
 * HTTP bench prints for each run.
 */
import autocannon from 'autocannon'

/** What one timed run measured. */
export interface CannonFigures {
  /** Responses with a 2xx status. */
  readonly ok: number
  readonly durationSec: number
  readonly reqPerSec: number
  readonly p50Ms: number
  readonly p99Ms: number
}

/** One timed run: every request is `request` (possibly rebuilt per send by its `setupRequest`). */
export interface CannonRun {
  readonly url: string
  readonly connections: number
  readonly durationSec: number
  readonly headers: Readonly<Record<string, string>>
  readonly request: autocannon.Request
}

/**
 * Runs autocannon and returns its figures.
 * @throws when any request failed: a bench of errors measures nothing worth printing.
 */
export async function fire(run: CannonRun): Promise<CannonFigures> {
  const result = await autocannon({
    url: run.url,
    connections: run.connections,
    pipelining: 1,
    duration: run.durationSec,
    headers: { ...run.headers },
    requests: [run.request],
    // Large bodies on a loaded 2-core machine: a slow answer is a figure, not an error.
    timeout: 60,
  })
  const failed = result.non2xx + result.errors + result.timeouts
  if (failed > 0) {
    const codes = JSON.stringify(result.statusCodeStats ?? {})
    throw new Error(`${run.request.method ?? 'GET'} ${run.request.path ?? '/'}: ${result.non2xx} non-2xx (${codes}), ${result.errors} errors, ${result.timeouts} timeouts`)
  }
  const durationSec = result.duration
  return {
    ok: result['2xx'],
    durationSec,
    reqPerSec: result['2xx'] / durationSec,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  }
}

/** `req/s, p50, p99` in the benches' style. */
export function describeLatency(f: CannonFigures): string {
  if (f.ok === 0) return `no answer within the ${f.durationSec.toFixed(1)} s run`
  return `${f.reqPerSec.toFixed(1)} req/s, latency p50 ${f.p50Ms.toFixed(0)} ms, p99 ${f.p99Ms.toFixed(0)} ms (${f.ok} requests in ${f.durationSec.toFixed(1)} s)`
}
