import { Chart, Testing } from 'cdk8s';

import type { TrinoClusterSpec } from '../../../src/components/trino/schema';
import { TrinoCluster } from '../../../src/components/trino/trino-cluster';
import type { InstanceSpec } from '../../../src/core/instance';
import { synthesize } from '../../../src/engine/synthesize';
import { API_VERSION } from '../../../src/schema/fields';
import { objectsIn, schemaFailures } from '../../support/validate';
import { load, objects, ownDoc, PLAINTEXT, trinoContainer } from './fixtures';

const hash = (all: Record<string, any>, role: string) =>
  all[`Deployment/analytics-${role}`].spec.template.metadata.annotations['dataroaster.io/config-hash'];
const metastore: InstanceSpec = { apiVersion: API_VERSION, kind: 'HiveMetastore', metadata: { name: 'hms', namespace: 'metastore' }, spec: {} };

describe('TrinoCluster own kind', () => {
  test('a minimal spec synthesizes to valid objects with two fixed workers and 80 % heaps', () => {
    const { files } = synthesize(load(ownDoc()), PLAINTEXT);
    expect(schemaFailures(objectsIn(files))).toEqual([]);
    const all = objects(load(ownDoc()));
    expect(all['Deployment/analytics-worker'].spec.replicas).toBe(2);
    expect(all['HorizontalPodAutoscaler/analytics-worker']).toBeUndefined();
    expect(all['ConfigMap/analytics-worker'].data['jvm.config']).toMatch(/^-Xmx3276M\n/);
    expect(trinoContainer(all['Deployment/analytics-worker']).resources).toEqual({
      requests: { cpu: '1', memory: '4Gi' },
      limits: { cpu: '2', memory: '4Gi' },
    });
    expect(all['Secret/analytics-credentials']).toBeUndefined();
  });

  test('a single fixed worker gets no spreading and a budget of one', () => {
    const all = objects(load(ownDoc({ worker: { replicas: 1 } })));
    expect(all['Deployment/analytics-worker'].spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(all['PodDisruptionBudget/analytics-worker'].spec.maxUnavailable).toBe(1);
  });

  test('worker budgets allow a tenth of the fewest workers; HPA memory target and scale-down behaviour', () => {
    const all = objects(load(ownDoc({ worker: { autoscaler: { minReplicas: 30, maxReplicas: 60, targetMemoryUtilizationPercentage: 80 } } })));
    expect(all['PodDisruptionBudget/analytics-worker'].spec.maxUnavailable).toBe(3);
    const hpa = all['HorizontalPodAutoscaler/analytics-worker'].spec;
    expect(hpa.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([
      ['cpu', 50],
      ['memory', 80],
    ]);
    expect(hpa.behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] });
  });

  test('the config hash changes when a role config, a catalog or a credential reference changes, and only where it matters', () => {
    const base = objects(load(ownDoc({ catalogs: [{ name: 'tpch', connector: 'tpch' }] })));
    const workerChange = objects(
      load(ownDoc({ worker: { config: { 'query.max-memory-per-node': '2GB' } }, catalogs: [{ name: 'tpch', connector: 'tpch' }] })),
    );
    expect(hash(workerChange, 'worker')).not.toBe(hash(base, 'worker'));
    expect(hash(workerChange, 'coordinator')).toBe(hash(base, 'coordinator'));
    const catalogChange = objects(load(ownDoc({ catalogs: [{ name: 'tpch', connector: 'tpch', properties: { 'tpch.splits-per-node': 8 } }] })));
    expect(hash(catalogChange, 'worker')).not.toBe(hash(base, 'worker'));
    expect(hash(catalogChange, 'coordinator')).not.toBe(hash(base, 'coordinator'));
    const same = objects(load(ownDoc({ catalogs: [{ name: 'tpch', connector: 'tpch' }] })));
    expect(hash(same, 'worker')).toBe(hash(base, 'worker'));
  });

  test('metastoreRef resolves to the HiveMetastore thrift Service', () => {
    const specs = load(ownDoc({ catalogs: [{ name: 'hive', connector: 'hive', metastoreRef: { name: 'hms' } }] }));
    const all = objects(specs, { ...PLAINTEXT, known: [metastore] });
    expect(all['ConfigMap/analytics-catalogs'].data['hive.properties']).toBe(
      'connector.name=hive\nhive.metastore.uri=thrift://hms.metastore.svc:9083\n',
    );
    expect(() => synthesize(specs, { ...PLAINTEXT })).toThrow(
      'TrinoCluster/analytics: spec.catalogs[0].metastoreRef.name: no HiveMetastore named "hms" in the platform',
    );
  });

  test('secretKeyRef values and an existing shared secret are referenced, not copied', () => {
    const doc = ownDoc({
      sharedSecret: { secretKeyRef: { name: 'trino-internal', key: 'secret' } },
      catalogs: [
        {
          name: 'pg',
          connector: 'postgresql',
          properties: { 'connection-url': 'jdbc:postgresql://db:5432/x', 'connection-password': { secretKeyRef: { name: 'pg', key: 'password' } } },
        },
      ],
    });
    const all = objects(load(doc), {});
    expect(Object.keys(all).filter((k) => k.startsWith('Secret/'))).toEqual([]);
    expect(all['ConfigMap/analytics-catalogs'].data['pg.properties']).toContain('connection-password=${ENV:CATALOG_PG_CONNECTION_PASSWORD}\n');
    expect(trinoContainer(all['Deployment/analytics-coordinator']).env).toEqual([
      { name: 'CATALOG_PG_CONNECTION_PASSWORD', valueFrom: { secretKeyRef: { name: 'pg', key: 'password' } } },
      { name: 'TRINO_INTERNAL_SHARED_SECRET', valueFrom: { secretKeyRef: { name: 'trino-internal', key: 'secret' } } },
    ]);
  });

  test('credentials in role config overrides are hoisted too, only into that role', () => {
    const all = objects(load(ownDoc({ coordinator: { config: { 'http-server.authentication.oauth2.client-secret': 's3cr3t' } } })));
    expect(JSON.stringify(all['ConfigMap/analytics-coordinator'])).not.toContain('s3cr3t');
    expect(all['Secret/analytics-credentials'].stringData).toEqual({ 'coordinator.http-server.authentication.oauth2.client-secret': 's3cr3t' });
    expect(trinoContainer(all['Deployment/analytics-coordinator']).env.map((e: any) => e.name)).toContain(
      'COORDINATOR_HTTP_SERVER_AUTHENTICATION_OAUTH2_CLIENT_SECRET',
    );
    expect(trinoContainer(all['Deployment/analytics-worker']).env.map((e: any) => e.name)).not.toContain(
      'COORDINATOR_HTTP_SERVER_AUTHENTICATION_OAUTH2_CLIENT_SECRET',
    );
  });

  test('extra files are mounted at their path; init container mounts become shared emptyDirs', () => {
    const doc = ownDoc({
      coordinator: {
        files: [{ path: '/etc/trino/rules.json', content: '{}' }],
        initContainers: [
          { name: 'fetch-agent', image: 'busybox:1.36', command: ['true'], volumeMounts: [{ name: 'agent', mountPath: '/opt/agent' }] },
        ],
      },
    });
    const { files } = synthesize(load(doc), PLAINTEXT);
    expect(schemaFailures(objectsIn(files))).toEqual([]);
    const all = objects(load(doc));
    const pod = all['Deployment/analytics-coordinator'].spec.template.spec;
    expect(all['ConfigMap/analytics-coordinator'].data['file-0-rules.json']).toBe('{}');
    expect(trinoContainer(all['Deployment/analytics-coordinator']).volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'config', mountPath: '/etc/trino/rules.json', subPath: 'file-0-rules.json', readOnly: true },
        { name: 'agent', mountPath: '/opt/agent' },
      ]),
    );
    expect(pod.volumes).toContainEqual({ name: 'agent', emptyDir: {} });
    expect(pod.initContainers[0]).toMatchObject({
      name: 'fetch-agent',
      imagePullPolicy: 'IfNotPresent',
      securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true },
    });
  });

  test('two clusters share a namespace without sharing an object', () => {
    const specs = load(ownDoc({}, 'etl', 'shared'), ownDoc({}, 'adhoc', 'shared'));
    const { files } = synthesize(specs, PLAINTEXT);
    expect(
      Object.keys(files)
        .filter((p) => p.startsWith('trino/adhoc/'))
        .every((p) => /adhoc/.test(p.split('/')[2]) || p.endsWith('kustomization.yaml')),
    ).toBe(true);
    expect(objects(specs)['ConfigMap/adhoc-worker'].data['config.properties']).toContain('discovery.uri=http://adhoc.shared.svc:8080\n');
  });

  // Behind the Trino gateway (or any ingress) requests carry X-Forwarded-*: airlift's HttpServerConfig defaults
  // http-server.process-forwarded to REJECT, and RejectForwardedRequestCustomizer answers 406 (trinodb/trino-gateway
  // docs/installation.md, "Configure Trino backends"; reference/trino-gateway.md pitfall 4). Workers see no client.
  test('the coordinator accepts forwarded headers (the gateway adds them); a spec may say otherwise', () => {
    const coordinator = (specs: ReturnType<typeof load>) => objects(specs)['ConfigMap/etl-coordinator'].data['config.properties'];
    expect(coordinator(load(ownDoc({}, 'etl')))).toContain('http-server.process-forwarded=true\n');
    expect(objects(load(ownDoc({}, 'etl')))['ConfigMap/etl-worker'].data['config.properties']).not.toContain('process-forwarded');
    expect(coordinator(load(ownDoc({ coordinator: { config: { 'http-server.process-forwarded': 'false' } } }, 'etl')))).toContain(
      'http-server.process-forwarded=false\n',
    );
  });

  test('the construct re-checks hand-made props: grace and heap', () => {
    const [spec] = load(ownDoc()) as TrinoClusterSpec[];
    const bad: TrinoClusterSpec = {
      ...spec,
      spec: {
        ...spec.spec,
        worker: { ...spec.spec.worker, jvm: { maxHeap: '5G' }, gracefulShutdown: { gracePeriodSeconds: 120, terminationGracePeriodSeconds: 200 } },
      },
    };
    const chart = new Chart(Testing.app(), 'c', { namespace: 'analytics' });
    expect(() => new TrinoCluster(chart, 'trino', { spec: bad })).toThrow(
      'TrinoCluster/analytics: spec.worker.jvm.maxHeap: heap 5G is above the memory limit 4Gi: the container would be OOM-killed; ' +
        'spec.worker.gracefulShutdown.terminationGracePeriodSeconds: must be at least twice gracePeriodSeconds (240, default 300): a draining worker waits the grace period twice',
    );
  });
});
