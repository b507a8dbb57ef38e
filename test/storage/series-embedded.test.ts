import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { createEmbeddedDriver } from '../../src/storage/embedded/embedded-driver.js'
import { defineSeriesContract } from './series-contract.js'

const base = mkdtempSync(join(tmpdir(), 'polenta-series-embedded-'))
let n = 0
afterAll(() => rmSync(base, { recursive: true, force: true }))

defineSeriesContract('embedded', () => createEmbeddedDriver(join(base, `db-${n++}`)))
