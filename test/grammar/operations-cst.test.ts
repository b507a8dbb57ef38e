import { readFileSync } from 'node:fs'
import { generateCstDts } from 'chevrotain'
import { describe, expect, it } from 'vitest'
import { CST_DTS_HEADER, operationsProductions } from '../../src/grammar/operations/parser.js'

describe('cst.generated.d.ts', () => {
  it('matches the grammar (regenerate with generateCstDts when the grammar changes)', () => {
    const onDisk = readFileSync(new URL('../../src/grammar/operations/cst.generated.d.ts', import.meta.url), 'utf8')
    expect(onDisk).toBe(CST_DTS_HEADER + generateCstDts(operationsProductions()))
  })
})
