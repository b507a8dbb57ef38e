import { describe, expect, it } from 'vitest'
import { prefersJsonErrors } from '../../src/http/plugins/errors.js'

describe('error content negotiation (gnocchi-rest.md §1.3, recommended rule)', () => {
  it.each([
    ['application/json', true],
    ['application/*', true],
    ['application/json;q=0.9, */*;q=0.1', true],
    ['application/json, text/plain, */*', true],
    ['text/plain, application/json; q=0.8', false],
    [undefined, false],
    ['*/*', false],
    ['text/html', false],
    ['application/json;q=0', false],
  ])('Accept %s → JSON %s', (accept, json) => {
    expect(prefersJsonErrors(accept)).toBe(json)
  })
})
