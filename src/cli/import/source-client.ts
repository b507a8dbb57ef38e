/**
 * The REST client `polenta import` reads its source with: a Gnocchi (or Polenta) base URL, the
 * caller's authentication headers, retries with backoff on network errors and 5xx/429 answers,
 * a request timeout, and keyset pagination of listings.
 */
import { parseSourceJson } from './source-json.js'

/** How to reach the source. */
export interface SourceOptions {
  /** Base URL without `/v1`, e.g. `http://gnocchi:8041` or `https://host/gnocchi`. */
  readonly baseUrl: string
  /** Headers sent with every request (authentication). */
  readonly headers: Readonly<Record<string, string>>
  /** Attempts per request on retryable failures (default 5). */
  readonly attempts?: number
  /** First backoff delay, ms, doubled on each retry (default 250). */
  readonly backoffMs?: number
  /** Per-request timeout, ms (default 60 000). */
  readonly timeoutMs?: number
  /** The fetch implementation (tests). */
  readonly fetch?: typeof fetch
}

/** A request the source answered with an error, or that kept failing. */
export class SourceError extends Error {
  constructor(
    message: string,
    /** HTTP status, or null for a network error or timeout. */
    readonly status: number | null,
  ) {
    super(message)
    this.name = 'SourceError'
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** The `description` of a Gnocchi error body, or the body's start. */
function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { description?: unknown }
    if (parsed !== null && typeof parsed === 'object' && parsed.description !== undefined) {
      return typeof parsed.description === 'string' ? parsed.description : JSON.stringify(parsed.description)
    }
  } catch {
    // not JSON: an HTML error page
  }
  const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}

/** The status codes worth retrying: the source is busy or broken for a moment. */
const retryable = (status: number): boolean => status >= 500 || status === 429

/** A client for one source. */
export class SourceClient {
  private readonly base: string
  private readonly attempts: number
  private readonly backoffMs: number
  private readonly timeoutMs: number
  private readonly fetchFn: typeof fetch
  /** Requests made, retries included. */
  requests = 0
  /** Retries made. */
  retries = 0

  constructor(private readonly options: SourceOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '')
    this.attempts = options.attempts ?? 5
    this.backoffMs = options.backoffMs ?? 250
    this.timeoutMs = options.timeoutMs ?? 60_000
    this.fetchFn = options.fetch ?? fetch
  }

  /** The absolute URL of an API path (`/v1/…`). */
  url(path: string): string {
    return `${this.base}${path}`
  }

  /**
   * GETs an API path and parses the JSON answer.
   * @throws SourceError for a 4xx, or once every attempt failed.
   */
  async get(path: string): Promise<unknown> {
    const url = this.url(path)
    let lastError = ''
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) {
        this.retries++
        await sleep(this.backoffMs * 2 ** (attempt - 2))
      }
      this.requests++
      let res: Response
      let body: string
      try {
        res = await this.fetchFn(url, {
          headers: { accept: 'application/json', ...this.options.headers },
          signal: AbortSignal.timeout(this.timeoutMs),
        })
        body = await res.text()
      } catch (e) {
        lastError = e instanceof Error ? (e.cause instanceof Error ? `${e.message} (${e.cause.message})` : e.message) : String(e)
        continue
      }
      if (res.ok) {
        try {
          return parseSourceJson(body)
        } catch {
          throw new SourceError(`GET ${url}: the answer is not JSON: ${errorText(body)}`, res.status)
        }
      }
      lastError = `${res.status} ${res.statusText}: ${errorText(body)}`
      if (!retryable(res.status)) throw new SourceError(`GET ${url}: ${lastError}`, res.status)
    }
    throw new SourceError(`GET ${url}: failed ${this.attempts} times, last: ${lastError}`, null)
  }

  /** GETs a path that answers a JSON array. */
  async getArray(path: string): Promise<unknown[]> {
    const body = await this.get(path)
    if (!Array.isArray(body)) throw new SourceError(`GET ${this.url(path)}: expected a JSON array`, null)
    return body
  }

  /**
   * Every item of a paginated listing (`/v1/resource/generic`, `/v1/metric`), sorted by id and
   * paged with `marker` = the last id until a page comes back empty. The Link header is not
   * relied on: Gnocchi 4.4 sends none for metrics, and a page may be shorter than asked
   * because the server clamps `limit` to its `max_limit`.
   * @param onPage called after each page with the number of items so far.
   */
  async listAll(path: string, params: Readonly<Record<string, string>>, pageSize: number, onPage?: (count: number) => void): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = []
    let marker: string | null = null
    for (;;) {
      const query = new URLSearchParams({ ...params, sort: 'id:asc', limit: String(pageSize) })
      if (marker !== null) query.set('marker', marker)
      const page = await this.getArray(`${path}?${query.toString()}`)
      if (page.length === 0) return out
      for (const item of page) {
        if (item === null || typeof item !== 'object' || typeof (item as { id?: unknown }).id !== 'string') {
          throw new SourceError(`GET ${this.url(path)}: a listed item has no id`, null)
        }
        out.push(item as Record<string, unknown>)
      }
      const last = out[out.length - 1]!.id as string
      if (last === marker) throw new SourceError(`GET ${this.url(path)}: pagination does not advance past ${last}`, null)
      marker = last
      onPage?.(out.length)
    }
  }
}

/** Headers for `--user name[:password]` (Gnocchi's basic auth; the password is usually empty). */
export function basicAuthHeader(user: string): Record<string, string> {
  const credentials = user.includes(':') ? user : `${user}:`
  return { authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` }
}

/**
 * Parses `--header 'Name: value'`.
 * @returns null when there is no `:` or the name is empty.
 */
export function parseHeaderFlag(text: string): [string, string] | null {
  const colon = text.indexOf(':')
  if (colon <= 0) return null
  const name = text.slice(0, colon).trim()
  if (name === '' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return null
  return [name.toLowerCase(), text.slice(colon + 1).trim()]
}
