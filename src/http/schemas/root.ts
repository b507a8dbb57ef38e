/**
 * Route schemas of the routes outside `/v1` and `/api`: the version documents and health
 * checks (routes/root.ts; gnocchi-rest.md §3.1) and the self-monitoring `/metrics`
 * (monitoring/monitoring-plugin.ts).
 */
import type { FastifySchema } from 'fastify'
import { emptyResponse, gnocchiErrors, jsonResponse, textResponse } from './responses.js'

const tags = ['versions']
const link = { type: 'object', properties: { rel: { type: 'string' }, href: { type: 'string' } } }

/** One schema per route. */
export const ROOT_ROUTES = {
  versions: {
    tags,
    summary: 'API versions',
    description: 'Answers any method, as Gnocchi does.',
    response: {
      200: jsonResponse('The Gnocchi build reproduced and the versions.', {
        type: 'object',
        properties: {
          build: { type: 'string', examples: ['4.4.2'] },
          versions: {
            type: 'array',
            items: {
              type: 'object',
              properties: { status: { type: 'string' }, links: { type: 'array', items: link }, id: { type: 'string' }, updated: { type: 'string' } },
            },
          },
        },
      }),
    },
  },
  v1Redirect: {
    tags,
    summary: 'Redirect to the v1 link index',
    response: { 302: { ...textResponse('Redirect to `/v1/`.', 'text/html'), headers: { Location: { type: 'string' } } } },
  },
  v1Index: {
    tags,
    summary: 'The v1 link index',
    description: 'Answers any method, as Gnocchi does.',
    response: {
      200: jsonResponse('A link to each v1 collection.', {
        type: 'object',
        properties: { version: { type: 'string' }, links: { type: 'array', items: link } },
      }),
    },
  },
  healthcheck: {
    tags,
    summary: 'Readiness',
    description:
      'oslo.middleware healthcheck: JSON `{detailed, reasons}` when `Accept` names `application/json`, else the reasons as text; ' +
      '503 when not ready (disable file, start-up or shutdown, storage unreachable). HEAD answers 204 or 503 without a body.',
    response: {
      200: {
        description: 'Ready.',
        content: {
          'application/json': { schema: { type: 'object', properties: { detailed: { type: 'boolean' }, reasons: { type: 'array', items: { type: 'string' } } } } },
          'text/plain': { schema: { type: 'string' } },
        },
      },
      204: emptyResponse('HEAD: ready.'),
      503: {
        description: 'Not ready; the reasons say why (HEAD: no body).',
        content: {
          'application/json': { schema: { type: 'object', properties: { detailed: { type: 'boolean' }, reasons: { type: 'array', items: { type: 'string' } } } } },
          'text/plain': { schema: { type: 'string' } },
        },
      },
    },
  },
  metrics: {
    tags: ['status'],
    summary: "Polenta's own metrics (Prometheus text format)",
    description: 'Public unless configured to need an admin.',
    response: { 200: textResponse('The metrics.', 'text/plain'), ...gnocchiErrors(401, 403) },
  },
  livez: {
    tags,
    summary: 'Liveness',
    description: 'Answered by the event loop alone: `OK`.',
    response: { 200: textResponse('Alive.', 'text/plain') },
  },
} satisfies Record<string, FastifySchema>
