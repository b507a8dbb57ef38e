import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { open } from 'lmdb'
import { afterAll, describe, expect, it } from 'vitest'
import { createEmbeddedDriver } from '../../src/storage/embedded/embedded-driver.js'
import { DATA_FILE, FORMAT_NAME, FORMAT_VERSION } from '../../src/storage/embedded/embedded-store.js'

const base = mkdtempSync(join(tmpdir(), 'polenta-embedded-'))
let n = 0
const freshDir = (): string => join(base, `d${n++}`)
afterAll(() => rmSync(base, { recursive: true, force: true }))

describe('embedded driver on disk', () => {
  it('keeps index documents, incoming entries, raw buffers and splits across close and reopen', async () => {
    const dir = freshDir()
    const a = await createEmbeddedDriver(dir)
    await a.index.commit([
      { op: 'put', kind: 'metric', key: 'm1', value: { id: 'm1', tags: [], n: 1.5 } },
      { op: 'put', kind: 'archive_policy', key: 'low', value: { name: 'low' } },
    ])
    await a.series.appendIncoming([{ metricId: 'm1', batch: { timesUs: Float64Array.of(1, 2), values: Float64Array.of(3, 4) } }])
    await a.series.withMetricLock('m1', (lock) =>
      a.series.commitProcessing(lock, {
        processedIncomingIds: [],
        rawBuffer: Uint8Array.of(9, 9),
        putSplits: [{ key: { aggregation: 'mean', granularityUs: 60, startUs: 0 }, bytes: Uint8Array.of(1, 2, 3) }],
        deleteSplits: [],
      }),
    )
    const idsBefore = (await a.series.readIncoming('m1')).map((e) => e.id)
    await a.close()

    const b = await createEmbeddedDriver(dir)
    expect((await b.index.loadAll()).sort((x, y) => x.key.localeCompare(y.key))).toEqual([
      { kind: 'archive_policy', key: 'low', value: { name: 'low' } },
      { kind: 'metric', key: 'm1', value: { id: 'm1', tags: [], n: 1.5 } },
    ])
    const incoming = await b.series.readIncoming('m1')
    expect(incoming.map((e) => [Array.from(e.batch.timesUs), Array.from(e.batch.values)])).toEqual([[[1, 2], [3, 4]]])
    expect(incoming.map((e) => e.id)).toEqual(idsBefore)
    expect(Array.from((await b.series.readRawBuffer('m1')) ?? [])).toEqual([9, 9])
    expect(await b.series.listSplits('m1', 'mean', 60)).toEqual([0])
    // Ids handed out after a restart still sort after the ones stored before it.
    await b.series.appendIncoming([{ metricId: 'm1', batch: { timesUs: Float64Array.of(5), values: Float64Array.of(5) } }])
    const ids = (await b.series.readIncoming('m1')).map((e) => Number(e.id))
    expect(ids[1]).toBeGreaterThan(ids[0])
    await b.close()
  })

  it('commits index changes atomically and refuses an ifAbsent put on an existing document', async () => {
    const d = await createEmbeddedDriver(freshDir())
    await d.index.commit([{ op: 'put', kind: 'metric', key: 'a', value: 1 }])
    await expect(
      d.index.commit([
        { op: 'put', kind: 'metric', key: 'b', value: 2 },
        { op: 'put', kind: 'metric', key: 'a', value: 3, ifAbsent: true },
      ]),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await d.index.loadAll()).toEqual([{ kind: 'metric', key: 'a', value: 1 }])
    await d.index.commit([{ op: 'delete', kind: 'metric', key: 'a' }, { op: 'put', kind: 'metric', key: 'c', value: 'x', ifAbsent: true }])
    expect(await d.index.loadAll()).toEqual([{ kind: 'metric', key: 'c', value: 'x' }])
    expect(await d.index.pollChanges()).toEqual([])
    await d.close()
  })

  it('refuses a store with an incompatible format version and leaves it untouched', async () => {
    const dir = freshDir()
    await (await createEmbeddedDriver(dir)).close()
    const root = open({ path: join(dir, DATA_FILE), maxDbs: 8 })
    const meta = root.openDB<unknown, string>('meta', { encoding: 'json' })
    await meta.put('format', { name: FORMAT_NAME, version: FORMAT_VERSION + 1, createdAt: 'later' })
    await root.close()
    const before = readFileSync(join(dir, DATA_FILE))
    await expect(createEmbeddedDriver(dir)).rejects.toThrow(/version 2; this Polenta reads polenta-embedded version 1/)
    expect(readFileSync(join(dir, DATA_FILE)).equals(before)).toBe(true)
  })

  it('refuses a store that holds data but no format record', async () => {
    const dir = freshDir()
    mkdirSync(dir)
    const root = open({ path: join(dir, DATA_FILE), maxDbs: 8 })
    await root.openDB<unknown, string>('raw', { encoding: 'json' }).put('x', 1)
    await root.close()
    await expect(createEmbeddedDriver(dir)).rejects.toThrow(/holds data but no format record/)
  })

  it.each([
    ['a file that is not an LMDB store', (dir: string) => {
      mkdirSync(dir)
      writeFileSync(join(dir, DATA_FILE), Buffer.alloc(64 * 1024, 0x5a))
    }, /Cannot read the embedded store/],
    ['a data directory that is a file', (dir: string) => writeFileSync(dir, 'x'), /is not a directory/],
  ])('refuses %s without overwriting it', async (_name, prepare, message) => {
    const dir = freshDir()
    prepare(dir)
    await expect(createEmbeddedDriver(dir)).rejects.toThrow(message)
  })

  it('leaves a foreign data file byte for byte as it was', async () => {
    const dir = freshDir()
    mkdirSync(dir)
    const junk = Buffer.alloc(64 * 1024, 0x5a)
    writeFileSync(join(dir, DATA_FILE), junk)
    await expect(createEmbeddedDriver(dir)).rejects.toThrow()
    expect(readFileSync(join(dir, DATA_FILE)).equals(junk)).toBe(true)
  })
})
