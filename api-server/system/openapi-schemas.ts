/** Response schemas of the OpenAPI document, by name (routes refer to them in `response.schema`). */
const commit = {
  type: 'object',
  required: ['sha', 'author', 'date', 'message'],
  properties: { sha: { type: 'string' }, author: { type: 'string' }, date: { type: 'string', format: 'date-time' }, message: { type: 'string' } },
};

const instanceId = {
  kind: { type: 'string', examples: ['TrinoCluster'] },
  name: { type: 'string', examples: ['trino-cluster-etl'] },
  namespace: { type: 'string', examples: ['trino-cluster-etl'] },
};

export const SCHEMAS: Readonly<Record<string, object>> = {
  Failure: {
    type: 'object',
    required: ['result', 'error'],
    properties: {
      result: { const: 'FAILURE' },
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string', examples: ['invalid_input'] }, message: { type: 'string', examples: ["missing parameter 'yaml'"] } },
      },
    },
  },
  Success: { type: 'object', required: ['result'], properties: { result: { const: 'SUCCESS' } } },
  Session: {
    type: 'object',
    required: ['token', 'expiration'],
    properties: { token: { type: 'string' }, expiration: { type: 'string', format: 'date-time' } },
  },
  Users: {
    type: 'array',
    items: { type: 'object', required: ['user', 'role'], properties: { user: { type: 'string' }, role: { enum: ['user', 'admin'] } } },
  },
  Change: {
    type: 'object',
    required: ['result', 'status', 'instance'],
    properties: {
      result: { const: 'SUCCESS' },
      status: { enum: ['committed', 'proposed', 'unchanged', 'dry-run'] },
      instance: { type: 'object', required: ['kind', 'name', 'namespace'], properties: instanceId },
      branch: { type: 'string' },
      commit: { type: 'string', description: 'SHA of the pushed commit' },
      files: { type: 'array', items: { type: 'string' } },
      pullRequest: { type: 'string', format: 'uri', description: 'In review mode' },
      diff: { type: 'string', description: 'Unified diff, on a dry run' },
    },
  },
  Instances: {
    type: 'array',
    items: {
      type: 'object',
      required: ['kind', 'name', 'namespace', 'component'],
      properties: {
        ...instanceId,
        component: { type: 'string', examples: ['trino'] },
        lastCommit: commit,
        pendingPullRequest: { type: 'object', required: ['url', 'branch'], properties: { url: { type: 'string' }, branch: { type: 'string' } } },
      },
    },
  },
  Health: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } },
  Readiness: {
    type: 'object',
    required: ['status', 'checks'],
    properties: { status: { enum: ['ready', 'unavailable'] }, checks: { type: 'object', additionalProperties: { type: 'string' } } },
  },
  Metrics: { type: 'string', description: 'Prometheus text exposition format' },
  OpenApi: { type: 'object', description: 'This document' },
};
