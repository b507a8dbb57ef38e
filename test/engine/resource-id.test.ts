import { describe, expect, it } from 'vitest'
import {
  parseLenientUuid,
  parseMetricId,
  RESOURCE_ID_ERRORS,
  transformResourceId,
  tryTransformResourceId,
} from '../../src/engine/resource-id.js'

const U = '75c44741-cc60-4033-804e-2d3098c7d2e9'

describe('transformResourceId: UUID5 vectors (gnocchi-rest.md §1.8)', () => {
  it.each<[string, string | null, string]>([
    ['foobar', 'foobar', '2fbfbb20-8d56-5e1e-afb9-b3007da11fdf'],
    ['1.2.3.4', 'foobar', 'a9c729cc-d1b0-5e6b-b5ba-8b5a7f45f1fc'],
    ['été ü', 'foobar', '5e1d2da6-49c6-5ae6-b079-95d57aa1f5ac'],
    ['foobar', 'admin', 'b4d568e4-7af1-5aec-ac3f-9c09fa3685a9'],
    ['myvalue', 'admin', '6b9e2039-98d0-5d8d-9153-2d7491cf13e5'],
    ['conflict', 'admin', 'da19a545-af76-5081-9a88-f370baab66c6'],
    // CPython: uuid5(NS, 'x\0\0') when there is no creator
    ['x', null, 'c5e2a041-f6b6-5f09-bbb8-c00d4d2afc75'],
    ['x'.repeat(255), 'admin', '2a3c64a4-67da-516a-b91d-aa205d184bd3'],
  ])('%j by %j → %s', (raw, creator, expected) => {
    expect(transformResourceId(raw, creator)).toBe(expected)
  })

  it('depends on the creator', () => {
    expect(transformResourceId('foo', 'a')).not.toBe(transformResourceId('foo', 'b'))
  })
})

describe('lenient UUID parse (CPython uuid.UUID)', () => {
  it.each<[string, string | null]>([
    ['{75C44741-CC60-4033-804E-2D3098C7D2E9}', U],
    ['{{75C44741-CC60-4033-804E-2D3098C7D2E9}}', U],
    ['{75c44741cc604033804e2d3098c7d2e9', U],
    ['urn:uuid:75c44741-cc60-4033-804e-2d3098c7d2e9', U],
    ['urn:urn:75c44741cc604033804e2d3098c7d2e9', U],
    ['75c4-4741cc604033804e2d3098c7d2urn:e9', U],
    ['75c44741cc604033804e2d3098c7d2e9', U],
    [U, U],
    [' +5c44741cc604033804e2d3098c7d2e', '005c4474-1cc6-0403-3804-e2d3098c7d2e'],
    ['0x_c44741cc604033804e2d3098c7d2e', '000c4474-1cc6-0403-3804-e2d3098c7d2e'],
    ['75c44741_cc604033804e2d3098c7d2e', '075c4474-1cc6-0403-3804-e2d3098c7d2e'],
    ['75c44741cc604033804e2d3098c7d2e9g', null],
    ['75c44741cc604033804e2d3098c7d2e', null],
    ['75c44741cc604033804e2d3098c7d2eg', null],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(parseLenientUuid(raw)).toBe(expected)
    expect(parseMetricId(raw)).toBe(expected)
    if (expected !== null) expect(transformResourceId(raw, 'admin')).toBe(expected)
  })

  it('parseMetricId rejects non-strings', () => {
    expect(parseMetricId(12345)).toBeNull()
    expect(parseMetricId(null)).toBeNull()
  })
})

describe('transformResourceId errors', () => {
  it.each<[unknown, string]>([
    ['a/b', RESOURCE_ID_ERRORS.slash],
    ['/', RESOURCE_ID_ERRORS.slash],
    ['x'.repeat(256), RESOURCE_ID_ERRORS.tooLong],
    ['é'.repeat(256), RESOURCE_ID_ERRORS.tooLong],
    [12345, RESOURCE_ID_ERRORS.notString],
    [null, RESOURCE_ID_ERRORS.notString],
  ])('%j → %s', (raw, message) => {
    expect(() => transformResourceId(raw, 'admin')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', description: message }))
    expect(tryTransformResourceId(raw, 'admin')).toBeNull()
  })

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(() => transformResourceId('😀'.repeat(255), 'admin')).not.toThrow()
    expect(RESOURCE_ID_ERRORS.tooLong).toBe('transformable resource id >255 max allowed characters')
    expect(RESOURCE_ID_ERRORS.slash).toBe("'/' is not supported in resource id")
  })
})
