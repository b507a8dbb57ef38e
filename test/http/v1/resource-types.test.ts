import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, USER, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'

let t: V1TestApp
beforeAll(async () => {
  t = await buildV1TestApp()
})
afterAll(async () => {
  await t.close()
})

const json = { ...ADMIN, 'content-type': 'application/json' }
const patchHeaders = { ...ADMIN, 'content-type': 'application/json-patch+json' }
const post = (body: unknown, headers: Record<string, string> = json) =>
  t.app.inject({ method: 'POST', url: '/v1/resource_type', headers, payload: JSON.stringify(body) })
const patch = (name: string, ops: unknown, headers: Record<string, string> = patchHeaders) =>
  t.app.inject({ method: 'PATCH', url: `/v1/resource_type/${name}`, headers, payload: JSON.stringify(ops) })

describe('/v1/resource_type (gnocchi-rest.md §3.7, resource-type.yaml)', () => {
  it('lists only generic at first', async () => {
    const res = await t.app.inject({ url: '/v1/resource_type', headers: USER })
    expect(res.json()).toEqual([{ name: 'generic', state: 'active', attributes: {} }])
  })

  it('creates a type with defaults filled in, Location and 201', async () => {
    const res = await post({
      name: 'host',
      attributes: {
        name: { type: 'string', required: true, max_length: 5, min_length: 2 },
        foobar: { type: 'string', required: false },
        uuid: { type: 'uuid' },
        int: { type: 'number', required: false, min: -2, max: 3 },
        float: { type: 'number', required: false, min: -2.3 },
        bool: { type: 'bool', required: false },
      },
    })
    expect(res.statusCode).toBe(201)
    expect(res.headers.location).toBe('http://localhost:80/v1/resource_type/host')
    expect(res.json()).toEqual({
      name: 'host',
      state: 'active',
      attributes: {
        name: { type: 'string', required: true, min_length: 2, max_length: 5 },
        foobar: { type: 'string', required: false, min_length: 0, max_length: 255 },
        uuid: { type: 'uuid', required: true },
        int: { type: 'number', required: false, min: -2, max: 3 },
        float: { type: 'number', required: false, min: -2.3, max: null },
        bool: { type: 'bool', required: false },
      },
    })
    const again = await post({ name: 'host' })
    expect(again.json()).toEqual({ code: 409, title: 'Conflict', description: 'Resource type host already exists' })
  })

  it.each([
    ['reserved attribute', { name: 'x', attributes: { project_id: { type: 'string' } } }, 'Invalid input: Resource attribute name project_id is invalid'],
    ['bad first character', { name: 'x', attributes: { _a: { type: 'string' } } }, 'Invalid input: Resource attribute name _a is invalid'],
    ['min_length > max_length', { name: 'x', attributes: { a: { type: 'string', min_length: 5, max_length: 2 } } },
      'Invalid input: Resource attribute value min (or min_length) 5 must be less  than or equal to max (or max_length) 2!'],
    ['extra attribute key', { name: 'x', attributes: { a: { type: 'string', noexist: 1 } } },
      { cause: 'Invalid input', reason: "not a valid value for dictionary value @ data['attributes']['a']['type']", detail: ['attributes', 'a', 'type'] }],
    ['unknown type', { name: 'x', attributes: { a: { type: 'strin' } } },
      { cause: 'Invalid input', reason: "not a valid value for dictionary value @ data['attributes']['a']['type']", detail: ['attributes', 'a', 'type'] }],
    ['non-bool required', { name: 'x', attributes: { a: { type: 'bool', required: 'yes' } } },
      { cause: 'Invalid input', reason: "expected bool for dictionary value @ data['attributes']['a']['required']", detail: ['attributes', 'a', 'required'] }],
    ['missing type', { name: 'x', attributes: { a: { required: true } } },
      { cause: 'Invalid input', reason: "required key not provided @ data['attributes']['a']['type']", detail: ['attributes', 'a', 'type'] }],
    ['missing name (4.4.2: 500)', {}, { cause: 'Invalid input', reason: "required key not provided @ data['name']", detail: ['name'] }],
    ['state given', { name: 'x', state: 'active' }, { cause: 'Invalid input', reason: "extra keys not allowed @ data['state']", detail: ['state'] }],
  ])('400 for %s', async (_n, body, description) => {
    const res = await post(body)
    expect(res.statusCode).toBe(400)
    expect(res.json().description).toEqual(description)
  })

  it('403 for a non-admin', async () => {
    expect((await post({ name: 'nope' }, { ...USER, 'content-type': 'application/json' })).statusCode).toBe(403)
  })

  it('PATCH adds attributes, writing fill values into existing revisions, and removes others', async () => {
    const index = t.services.index
    await index.createResource({
      id: 'd11edfca-4393-4fda-b94d-b05a3a1b3747', type: 'host', originalResourceId: 'd11edfca-4393-4fda-b94d-b05a3a1b3747',
      creator: 'admin', userId: null, projectId: null, attributes: { name: 'bar', foobar: 'what', uuid: 'e495ebad-be64-46c0-81d6-b079beb48df9', int: null, float: null, bool: null },
    })
    const res = await patch('host', [
      { op: 'add', path: '/attributes/newint', value: { type: 'number', required: true, min: 0, max: 255, options: { fill: 15 } } },
      { op: 'add', path: '/attributes/newdate', value: { type: 'datetime', required: true, options: { fill: '2017-10-10T10:10:10Z' } } },
      { op: 'add', path: '/attributes/new-optional', value: { type: 'uuid', required: false } },
      { op: 'remove', path: '/attributes/foobar' },
    ])
    expect(res.statusCode).toBe(200)
    expect(res.json().attributes.newint).toEqual({ type: 'number', required: true, min: 0, max: 255 })
    expect(res.json().attributes.foobar).toBeUndefined()
    const view = await index.getResource('host', 'd11edfca-4393-4fda-b94d-b05a3a1b3747')
    expect(view?.resource.attributes).toMatchObject({ newint: 15, newdate: Date.UTC(2017, 9, 10, 10, 10, 10) * 1000, 'new-optional': null })
    expect(view?.resource.attributes).not.toHaveProperty('foobar')
  })

  it.each([
    ['missing fill', [{ op: 'add', path: '/attributes/missing', value: { type: 'bool', required: true, options: {} } }],
      "Invalid input: Option 'fill' of resource attribute missing is invalid: must not be empty if required=True"],
    ['fill of the wrong type', [{ op: 'add', path: '/attributes/incorrect', value: { type: 'number', required: true, options: { fill: 'a-string' } } }],
      "Invalid input: Option 'fill' of resource attribute incorrect is invalid: expected Real"],
    ['fill out of range', [{ op: 'add', path: '/attributes/num', value: { type: 'number', max: 3, options: { fill: 5 } } }],
      "Invalid input: Option 'fill' of resource attribute num is invalid: value must be at most 3"],
    ['remove of a missing attribute', [{ op: 'remove', path: '/attributes/what' }, { op: 'add', path: '/attributes/what', value: { type: 'bool', required: false } }],
      "can't remove a non-existent object 'what'"],
    ['replace', [{ op: 'replace', path: '/attributes/newint', value: { type: 'string' } }],
      { cause: 'Invalid input', reason: "not a valid value for dictionary value @ data[0]['op']", detail: ['0', 'op'] }],
    ['path outside attributes', [{ op: 'add', path: '/nope', value: {} }],
      { cause: 'Invalid input', reason: "not a valid value for dictionary value @ data[0]['path']", detail: ['0', 'path'] }],
    ['redefinition with an unknown type', [{ op: 'add', path: '/attributes/newint', value: { type: 'notexist' } }],
      "Invalid input: not a valid value for dictionary value @ data['attributes']['newint']['type']"],
  ])('PATCH 400 for %s', async (_n, ops, description) => {
    const res = await patch('host', ops)
    expect(res.statusCode).toBe(400)
    expect(res.json().description).toEqual(description)
  })

  it('PATCH add-then-remove of one name is a no-op; plain JSON is 415', async () => {
    const before = (await t.app.inject({ url: '/v1/resource_type/host', headers: USER })).json()
    const res = await patch('host', [
      { op: 'add', path: '/attributes/what', value: { type: 'string', required: false } },
      { op: 'remove', path: '/attributes/what' },
    ])
    expect(res.json()).toEqual(before)
    expect((await patch('host', [], json)).statusCode).toBe(415)
  })

  it('DELETE refuses a type in use and generic, then deletes', async () => {
    const inUse = await t.app.inject({ method: 'DELETE', url: '/v1/resource_type/host', headers: ADMIN })
    expect(inUse.json()).toEqual({ code: 400, title: 'Bad Request', description: 'Resource type host is still in use' })
    const generic = await t.app.inject({ method: 'DELETE', url: '/v1/resource_type/generic', headers: ADMIN })
    expect(generic.statusCode).toBe(400)
    await t.services.index.deleteResource('host', 'd11edfca-4393-4fda-b94d-b05a3a1b3747')
    expect((await t.app.inject({ method: 'DELETE', url: '/v1/resource_type/host', headers: USER })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'DELETE', url: '/v1/resource_type/host', headers: ADMIN })).statusCode).toBe(204)
    const gone = await t.app.inject({ method: 'DELETE', url: '/v1/resource_type/host', headers: ADMIN })
    expect(gone.json().description).toBe('Resource type host does not exist')
  })
})
