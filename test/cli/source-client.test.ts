/** The import's REST client: retries, errors, pagination, Python JSON, auth headers; and the source object readers. */
import { describe, expect, it } from 'vitest'
import { forEachLimited } from '../../src/cli/import/concurrency.js'
import { SourceClient, SourceError, basicAuthHeader, parseHeaderFlag } from '../../src/cli/import/source-client.js'
import { parseSourceJson } from '../../src/cli/import/source-json.js'
import { readArchivePolicy, readMeasureRows, readMetric, readResource, readResourceType, timedeltaToClock } from '../../src/cli/import/source-objects.js'

type Answer = { status: number; body: string } | Error

/** A fetch that answers from a script, recording the URLs and headers it saw. */
function scriptedFetch(answers: Answer[]): { fetch: typeof fetch; urls: string[]; headers: Record<string, string>[] } {
  const urls: string[] = []
  const headers: Record<string, string>[] = []
  const fn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    urls.push(String(input))
    headers.push({ ...(init?.headers as Record<string, string>) })
    const next = answers.shift()
    if (next === undefined) throw new Error('no more answers')
    if (next instanceof Error) throw next
    return new Response(next.body, { status: next.status })
  }
  return { fetch: fn as typeof fetch, urls, headers }
}

describe('SourceClient.get', () => {
  it('retries network errors and 5xx, then answers', async () => {
    const f = scriptedFetch([new TypeError('fetch failed'), { status: 503, body: 'busy' }, { status: 200, body: '[1]' }])
    const client = new SourceClient({ baseUrl: 'http://src/gnocchi/', headers: { 'x-auth-token': 't' }, backoffMs: 1, fetch: f.fetch })
    expect(await client.get('/v1/archive_policy')).toEqual([1])
    expect(f.urls).toEqual(Array(3).fill('http://src/gnocchi/v1/archive_policy'))
    expect(f.headers[0]).toEqual({ accept: 'application/json', 'x-auth-token': 't' })
    expect(client.requests).toBe(3)
    expect(client.retries).toBe(2)
  })

  it('does not retry a 4xx and reports Gnocchi\'s description', async () => {
    const f = scriptedFetch([{ status: 403, body: '{"code": 403, "title": "Forbidden", "description": "Access was denied to this resource."}' }])
    const client = new SourceClient({ baseUrl: 'http://src', headers: {}, backoffMs: 1, fetch: f.fetch })
    const error = await client.get('/v1/resource_type').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SourceError)
    expect((error as SourceError).status).toBe(403)
    expect((error as SourceError).message).toContain('403')
    expect((error as SourceError).message).toContain('Access was denied to this resource.')
    expect(f.urls).toHaveLength(1)
  })

  it('gives up after the configured attempts', async () => {
    const f = scriptedFetch([{ status: 500, body: '<html><body>boom</body></html>' }, { status: 502, body: 'bad gateway' }])
    const client = new SourceClient({ baseUrl: 'http://src', headers: {}, attempts: 2, backoffMs: 1, fetch: f.fetch })
    await expect(client.get('/v1/metric')).rejects.toThrow('failed 2 times, last: 502')
  })
})

describe('SourceClient.listAll', () => {
  it('pages by id marker until an empty page, whatever limit the source applies', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e']
    const urls: string[] = []
    const fn = (async (input: string | URL | Request) => {
      const url = new URL(String(input))
      urls.push(url.search)
      const marker = url.searchParams.get('marker')
      const from = marker === null ? 0 : ids.indexOf(marker) + 1
      // The source clamps the page to 2 items, like Gnocchi's max_limit.
      return new Response(JSON.stringify(ids.slice(from, from + 2).map((id) => ({ id }))), { status: 200 })
    }) as typeof fetch
    const client = new SourceClient({ baseUrl: 'http://src', headers: {}, fetch: fn })
    const items = await client.listAll('/v1/resource/generic', { details: 'true' }, 1000)
    expect(items.map((i) => i.id)).toEqual(ids)
    expect(urls[0]).toBe('?details=true&sort=id%3Aasc&limit=1000')
    expect(urls[1]).toBe('?details=true&sort=id%3Aasc&limit=1000&marker=b')
    expect(urls).toHaveLength(4)
  })

  it('refuses a listing that does not advance', async () => {
    const fn = (async () => new Response('[{"id": "x"}]', { status: 200 })) as unknown as typeof fetch
    const client = new SourceClient({ baseUrl: 'http://src', headers: {}, fetch: fn })
    await expect(client.listAll('/v1/metric', {}, 10)).rejects.toThrow('pagination does not advance past x')
  })
})

describe('parseSourceJson', () => {
  it('reads Python\'s NaN and Infinity tokens, and leaves strings alone', () => {
    const parsed = parseSourceJson('[["2015-01-01T00:00:00+00:00", 60.0, NaN], ["NaN", 1, Infinity], [-Infinity, "a\\"NaN"]]') as unknown[][]
    expect(Number.isNaN(parsed[0]![2])).toBe(true)
    expect(parsed[1]).toEqual(['NaN', 1, Infinity])
    expect(parsed[2]).toEqual([-Infinity, 'a"NaN'])
    expect(parseSourceJson('{"a": 1.5}')).toEqual({ a: 1.5 })
  })
})

describe('authentication flags', () => {
  it('builds basic auth with an empty password by default', () => {
    expect(basicAuthHeader('admin')).toEqual({ authorization: 'Basic YWRtaW46' })
    expect(basicAuthHeader('u:p')).toEqual({ authorization: `Basic ${Buffer.from('u:p').toString('base64')}` })
  })

  it('parses --header', () => {
    expect(parseHeaderFlag('X-Roles: admin, member')).toEqual(['x-roles', 'admin, member'])
    expect(parseHeaderFlag('no colon')).toBeNull()
    expect(parseHeaderFlag(': v')).toBeNull()
    expect(parseHeaderFlag('bad name: v')).toBeNull()
  })
})

describe('source objects', () => {
  it('reads timedelta durations', () => {
    expect(timedeltaToClock('0:05:00')).toBe('0:05:00')
    expect(timedeltaToClock('1 day, 0:00:00')).toBe('1:00:00:00')
    expect(timedeltaToClock('365 days, 1:02:03.500000')).toBe('365:01:02:03.500000')
    expect(() => timedeltaToClock('5 minutes')).toThrow('unreadable duration')
  })

  it('reads a rendered archive policy back to the same policy', () => {
    const policy = readArchivePolicy({
      name: 'p',
      back_window: 2,
      definition: [
        { timespan: '1 day, 0:00:00', granularity: '0:05:00', points: 288 },
        { timespan: null, granularity: '1:00:00', points: null },
      ],
      aggregation_methods: ['max', 'rate:mean'],
    })
    expect(policy).toEqual({
      name: 'p',
      backWindow: 2,
      aggregationMethods: expect.arrayContaining(['max', 'rate:mean']) as unknown,
      definition: [
        { granularityUs: 300e6, points: 288, timespanUs: 86_400e6 },
        { granularityUs: 3600e6, points: null, timespanUs: null },
      ],
    })
  })

  it('reads a resource of a custom type, leaving null attributes unset', () => {
    const type = readResourceType({
      name: 'host',
      state: 'active',
      attributes: { flavor: { type: 'string', required: false, min_length: 0, max_length: 255 }, born: { type: 'datetime', required: false }, cores: { type: 'number', required: true, min: 0, max: null } },
    })
    const r = readResource(
      {
        id: '5A1B2C3D-0000-4000-8000-000000000001',
        type: 'host',
        original_resource_id: 'h1',
        creator: 'admin',
        user_id: null,
        project_id: 'p',
        started_at: '2020-01-01T00:00:00.500000+00:00',
        ended_at: null,
        revision_start: '2024-01-01T00:00:00+00:00',
        revision_end: null,
        flavor: null,
        born: '2019-12-31T23:00:00+00:00',
        cores: 8.0,
        metrics: {},
      },
      type,
    )
    expect(r).toEqual({
      id: '5a1b2c3d-0000-4000-8000-000000000001',
      type: 'host',
      originalResourceId: 'h1',
      creator: 'admin',
      userId: null,
      projectId: 'p',
      startedAtUs: 1_577_836_800_500_000,
      endedAtUs: null,
      attributes: { born: 1_577_833_200_000_000, cores: 8 },
    })
    expect(() => readResource({ id: 'x', original_resource_id: 'x', started_at: '2020-01-01' }, type)).toThrow('resource x: id is not a UUID')
  })

  it('reads a listed metric', () => {
    expect(
      readMetric({ id: 'AEB2BEAF-0ED1-4084-80D2-F4704218B621', creator: 'admin', name: 'cpu', unit: '%', resource_id: null, archive_policy: { name: 'low' } }),
    ).toEqual({ id: 'aeb2beaf-0ed1-4084-80d2-f4704218b621', archivePolicyName: 'low', creator: 'admin', name: 'cpu', unit: '%', resourceId: null })
  })

  it('splits measure rows by granularity', () => {
    const series = readMeasureRows(
      [
        ['2020-01-01T00:00:00+00:00', 3600.0, 2.5],
        ['2020-01-01T00:00:00+00:00', 60.0, 1],
        ['2020-01-01T00:01:00+00:00', 60.0, NaN],
      ],
      'mean',
      [60e6, 3600e6, 86_400e6],
    )
    expect(series.map((s) => [s.granularityUs, Array.from(s.series.timestampsUs), Array.from(s.series.values)])).toEqual([
      [60e6, [1_577_836_800e6, 1_577_836_860e6], [1, NaN]],
      [3600e6, [1_577_836_800e6], [2.5]],
      [86_400e6, [], []],
    ])
    expect(() => readMeasureRows([['2020-01-01T00:00:00+00:00', 5.0, 1]], 'mean', [60e6])).toThrow('granularity 5 s is not in the archive policy')
    // Gnocchi 4.4.2 renders sub-second buckets' timestamps as "+00:00": ignored rows are not parsed.
    expect(readMeasureRows([['+00:00', 0.5, 1]], 'mean', [60e6], [0.5e6])).toEqual([expect.objectContaining({ granularityUs: 60e6 })])
  })
})

describe('forEachLimited', () => {
  it('never runs more than the limit at once and visits every item', async () => {
    let running = 0
    let peak = 0
    const seen: number[] = []
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++
      peak = Math.max(peak, running)
      await new Promise((r) => setTimeout(r, 5))
      seen.push(n)
      running--
    })
    expect(peak).toBe(3)
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7])
  })
})
