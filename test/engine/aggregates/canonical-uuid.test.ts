/** `canonicalUuid`: Python `uuid.UUID` leniency, with the canonical spelling answered as it is. */
import { describe, expect, it } from 'vitest'
import { canonicalUuid } from '../../../src/engine/aggregates/index.js'

describe('canonicalUuid', () => {
  it.each<[string, string | null]>([
    ['0123abcd-4567-89ef-0123-456789abcdef', '0123abcd-4567-89ef-0123-456789abcdef'],
    ['0123ABCD-4567-89EF-0123-456789ABCDEF', '0123abcd-4567-89ef-0123-456789abcdef'],
    ['0123abcd-4567-89ef-0123-456789abcdeF', '0123abcd-4567-89ef-0123-456789abcdef'],
    ['{0123abcd-4567-89ef-0123-456789abcdef}', '0123abcd-4567-89ef-0123-456789abcdef'],
    ['urn:uuid:0123abcd-4567-89ef-0123-456789abcdef', '0123abcd-4567-89ef-0123-456789abcdef'],
    ['0123abcd456789ef0123456789abcdef', '0123abcd-4567-89ef-0123-456789abcdef'],
    ['0123abcd-456789ef-0123-456789-abcdef', '0123abcd-4567-89ef-0123-456789abcdef'],
    ['0123abcd-4567-89ef-0123-456789abcdeg', null],
    ['0123abcd-4567-89ef-0123_456789abcdef', null],
    ['0123abcd-4567-89ef-0123-456789abcde', null],
    ['cpu', null],
  ])('%j → %j', (text, expected) => {
    expect(canonicalUuid(text)).toBe(expected)
  })
})
