/**
 * Route schemas of `/v1/archive_policy_rule` (routes/v1/archive-policy-rules.ts;
 * gnocchi-rest.md §3.3).
 */
import type { FastifySchema } from 'fastify'
import { pathParams } from '../../parameters.js'
import { emptyResponse, gnocchiErrors, jsonResponse, withLocation } from '../../responses.js'
import { ARCHIVE_POLICY_RULE_BODY, ARCHIVE_POLICY_RULE_RENAME_BODY } from '../archive-policy-rule.js'
import { ARCHIVE_POLICY_RULE_JSON, listOf } from '../representations.js'

const tags = ['archive_policy_rule']
const params = pathParams({ name: 'The rule name.' })

/** One schema per route. */
export const ARCHIVE_POLICY_RULE_ROUTES = {
  list: {
    tags,
    summary: 'List archive policy rules',
    response: { 200: jsonResponse('Every rule.', listOf(ARCHIVE_POLICY_RULE_JSON)), ...gnocchiErrors(401, 403) },
  },
  create: {
    tags,
    summary: 'Create an archive policy rule',
    description: 'Admin only.',
    body: ARCHIVE_POLICY_RULE_BODY,
    response: {
      201: withLocation(jsonResponse('The created rule.', ARCHIVE_POLICY_RULE_JSON)),
      ...gnocchiErrors(400, 401, 403, 409),
    },
  },
  get: {
    tags,
    summary: 'Show an archive policy rule',
    params,
    response: { 200: jsonResponse('The rule.', ARCHIVE_POLICY_RULE_JSON), ...gnocchiErrors(401, 403, 404) },
  },
  rename: {
    tags,
    summary: 'Rename an archive policy rule',
    description: 'Admin only.',
    params,
    body: ARCHIVE_POLICY_RULE_RENAME_BODY,
    response: { 200: jsonResponse('The renamed rule.', ARCHIVE_POLICY_RULE_JSON), ...gnocchiErrors(400, 401, 403, 404, 409) },
  },
  delete: {
    tags,
    summary: 'Delete an archive policy rule',
    description: 'Admin only.',
    params,
    response: { 204: emptyResponse('Deleted.'), ...gnocchiErrors(401, 403, 404) },
  },
} satisfies Record<string, FastifySchema>
