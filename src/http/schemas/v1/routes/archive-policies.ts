/**
 * Route schemas of `/v1/archive_policy` (routes/v1/archive-policies.ts; gnocchi-rest.md §3.2).
 */
import type { FastifySchema } from 'fastify'
import { pathParams } from '../../parameters.js'
import { emptyResponse, gnocchiErrors, jsonResponse, withLocation } from '../../responses.js'
import { ARCHIVE_POLICY_BODY, ARCHIVE_POLICY_PATCH_BODY } from '../archive-policy.js'
import { ARCHIVE_POLICY_JSON, listOf } from '../representations.js'

const tags = ['archive_policy']
const params = pathParams({ name: 'The archive policy name.' })

/** One schema per route. */
export const ARCHIVE_POLICY_ROUTES = {
  list: {
    tags,
    summary: 'List archive policies',
    response: { 200: jsonResponse('Every archive policy.', listOf(ARCHIVE_POLICY_JSON)), ...gnocchiErrors(401, 403) },
  },
  create: {
    tags,
    summary: 'Create an archive policy',
    description: 'Admin only. Authorization is checked before the body.',
    body: ARCHIVE_POLICY_BODY,
    response: {
      201: withLocation(jsonResponse('The created policy.', ARCHIVE_POLICY_JSON)),
      ...gnocchiErrors(400, 401, 403, 409),
    },
  },
  get: {
    tags,
    summary: 'Show an archive policy',
    params,
    response: { 200: jsonResponse('The policy.', ARCHIVE_POLICY_JSON), ...gnocchiErrors(401, 403, 404) },
  },
  update: {
    tags,
    summary: 'Change the points or timespans of an archive policy',
    description: 'Admin only. The granularities must stay the same.',
    params,
    body: ARCHIVE_POLICY_PATCH_BODY,
    response: { 200: jsonResponse('The updated policy.', ARCHIVE_POLICY_JSON), ...gnocchiErrors(400, 401, 403, 404) },
  },
  delete: {
    tags,
    summary: 'Delete an archive policy',
    description: 'Admin only; refused while a metric or a rule uses it.',
    params,
    response: { 204: emptyResponse('Deleted.'), ...gnocchiErrors(400, 401, 403, 404) },
  },
} satisfies Record<string, FastifySchema>
