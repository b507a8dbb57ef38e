/**
 * Route schemas of `/v1/resource_type` (routes/v1/resource-types.ts; gnocchi-rest.md §3.7).
 */
import type { FastifySchema } from 'fastify'
import { pathParams } from '../../parameters.js'
import { emptyResponse, gnocchiErrors, jsonResponse, withLocation } from '../../responses.js'
import { RESOURCE_TYPE_JSON, listOf } from '../representations.js'
import { RESOURCE_TYPE_BODY } from '../resource-type.js'
import { RESOURCE_TYPE_PATCH_BODY } from '../resource-type-patch.js'

const tags = ['resource_type']
const params = pathParams({ name: 'The resource type name.' })

/** One schema per route. */
export const RESOURCE_TYPE_ROUTES = {
  list: {
    tags,
    summary: 'List resource types',
    response: { 200: jsonResponse('Every resource type.', listOf(RESOURCE_TYPE_JSON)), ...gnocchiErrors(401, 403) },
  },
  create: {
    tags,
    summary: 'Create a resource type',
    description: 'Admin only.',
    body: RESOURCE_TYPE_BODY,
    response: { 201: withLocation(jsonResponse('The created type.', RESOURCE_TYPE_JSON)), ...gnocchiErrors(400, 401, 403, 409) },
  },
  get: {
    tags,
    summary: 'Show a resource type',
    params,
    response: { 200: jsonResponse('The type.', RESOURCE_TYPE_JSON), ...gnocchiErrors(401, 403, 404) },
  },
  patch: {
    tags,
    summary: 'Add or remove attributes of a resource type',
    description: 'Admin only. A JSON patch (`application/json-patch+json`) of `add` / `remove` operations under `/attributes`.',
    params,
    body: RESOURCE_TYPE_PATCH_BODY,
    response: { 200: jsonResponse('The updated type.', RESOURCE_TYPE_JSON), ...gnocchiErrors(400, 401, 403, 404, 415) },
  },
  delete: {
    tags,
    summary: 'Delete a resource type',
    description: 'Admin only; refused while resources of the type exist.',
    params,
    response: { 204: emptyResponse('Deleted.'), ...gnocchiErrors(400, 401, 403, 404) },
  },
} satisfies Record<string, FastifySchema>
