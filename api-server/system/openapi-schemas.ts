/** Response schemas of the OpenAPI document, by name (routes refer to them in `response.schema`). */
const commit = {
  type: 'object',
  required: ['sha', 'author', 'date', 'subject'],
  properties: {
    sha: { type: 'string' },
    author: { type: 'string', examples: ['alice <alice@dataroaster.local>'] },
    date: { type: 'string', format: 'date-time' },
    subject: { type: 'string', examples: ['trino: create trino-cluster-etl'] },
  },
};

const file = {
  type: 'object',
  required: ['path', 'status'],
  properties: {
    path: { type: 'string', examples: ['components/trino/trino-cluster-etl/deployment-trino-cluster-etl-coordinator.yaml'] },
    status: { enum: ['added', 'modified', 'deleted'] },
  },
};

const instanceId = {
  kind: { type: 'string', examples: ['TrinoCluster'] },
  name: { type: 'string', examples: ['trino-cluster-etl'] },
  namespace: { type: 'string', examples: ['trino-cluster-etl'] },
};

const instance = {
  type: 'object',
  required: ['kind', 'name', 'namespace', 'component', 'folder', 'specHash'],
  properties: {
    ...instanceId,
    component: { type: 'string', examples: ['trino'] },
    folder: { type: 'string', examples: ['components/trino/trino-cluster-etl'] },
    specHash: { type: 'string' },
    lastCommit: commit,
    pendingReview: {
      type: 'object',
      required: ['branch', 'commit'],
      properties: {
        branch: { type: 'string' },
        commit: { type: 'string' },
        pullRequest: { type: 'string', format: 'uri' },
        action: { enum: ['create', 'update', 'delete'], description: 'create: the instance exists only in the review so far' },
      },
    },
  },
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
    required: ['result', 'requestId', 'status', 'instance', 'files'],
    properties: {
      result: { const: 'SUCCESS' },
      requestId: { type: 'string', description: 'Also in the X-Request-Id header and the commit trailer DataRoaster-Request-Id' },
      status: { enum: ['committed', 'proposed', 'unchanged', 'dry-run'] },
      instance: { type: 'object', required: ['kind', 'name', 'namespace'], properties: instanceId },
      branch: { type: 'string', description: 'The target branch, or the review branch when proposed' },
      commit: {
        type: 'string',
        description: 'SHA of the pushed commit; unchanged: the commit already holding it; dry-run: the tip the diff is against',
      },
      files: { type: 'array', items: file },
      specHash: { type: 'string' },
      pullRequest: { type: 'string', format: 'uri', description: 'In review mode, with a provider configured' },
      diff: { type: 'string', description: 'Unified diff, on a dry run' },
      warnings: {
        type: 'array',
        items: { type: 'string' },
        description: 'What to know about what was written, e.g. bootstrap/ left out until DATAROASTER_GITOPS_REPO_URL is set',
      },
    },
  },
  Instances: {
    oneOf: [
      { type: 'array', items: instance, description: 'Without limit: every instance' },
      {
        type: 'object',
        required: ['items'],
        description: 'With limit: one page; pass continue to get the next',
        properties: { items: { type: 'array', items: instance }, continue: { type: 'string' } },
      },
    ],
  },
  Clusters: {
    type: 'array',
    description: "A Trino gateway's backends as its spec declares them (the original gateway's cluster list)",
    items: {
      type: 'object',
      required: ['clusterName', 'url', 'activated', 'groupName'],
      properties: {
        clusterName: { type: 'string' },
        url: { type: 'string' },
        activated: { type: 'boolean' },
        groupName: { type: 'string' },
        trinoClusterRef: { type: 'string' },
      },
    },
  },
  ClusterGroups: {
    type: 'array',
    description: "A Trino gateway's routing groups with their backends (the original gateway's cluster-group list)",
    items: {
      type: 'object',
      required: ['groupName', 'clusters'],
      properties: {
        groupName: { type: 'string' },
        clusters: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              clusterName: { type: 'string' },
              url: { type: 'string' },
              activated: { type: 'boolean' },
              trinoClusterRef: { type: 'string' },
            },
          },
        },
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
