import { synthesize } from '../../../src/engine/synthesize';
import { objectsIn, schemaFailures } from '../../support/validate';
import { objects, PLAINTEXT, seedSpecs, trinoContainer } from './fixtures';

// The seed's original TrinoCluster (platform/trino-cluster-etl.yaml), synthesized once for all tests here.
const { files } = synthesize(seedSpecs(), PLAINTEXT);
const all = objects(seedSpecs());
const coordinator = all['Deployment/trino-cluster-etl-coordinator'];
const worker = all['Deployment/trino-cluster-etl-worker'];

describe('the seed trino-cluster-etl', () => {
  test('every object validates against the official Kubernetes schemas', () => {
    expect(schemaFailures(objectsIn(files))).toEqual([]);
  });

  test('emits the objects of a complete cluster, with stable names prefixed by the instance', () => {
    expect(Object.keys(files).filter((p) => p.startsWith('trino/'))).toEqual([
      'trino/trino-cluster-etl/configmap-trino-cluster-etl-catalogs.yaml',
      'trino/trino-cluster-etl/configmap-trino-cluster-etl-coordinator.yaml',
      'trino/trino-cluster-etl/configmap-trino-cluster-etl-worker.yaml',
      'trino/trino-cluster-etl/deployment-trino-cluster-etl-coordinator.yaml',
      'trino/trino-cluster-etl/deployment-trino-cluster-etl-worker.yaml',
      'trino/trino-cluster-etl/horizontalpodautoscaler-trino-cluster-etl-worker.yaml',
      'trino/trino-cluster-etl/kustomization.yaml',
      'trino/trino-cluster-etl/networkpolicy-trino-cluster-etl-coordinator.yaml',
      'trino/trino-cluster-etl/networkpolicy-trino-cluster-etl-worker.yaml',
      'trino/trino-cluster-etl/poddisruptionbudget-trino-cluster-etl-coordinator.yaml',
      'trino/trino-cluster-etl/poddisruptionbudget-trino-cluster-etl-worker.yaml',
      'trino/trino-cluster-etl/secret-trino-cluster-etl-credentials.yaml',
      'trino/trino-cluster-etl/secret-trino-cluster-etl-shared-secret.yaml',
      'trino/trino-cluster-etl/service-trino-cluster-etl-worker.yaml',
      'trino/trino-cluster-etl/service-trino-cluster-etl.yaml',
      'trino/trino-cluster-etl/serviceaccount-trino.yaml',
    ]);
    expect(
      objectsIn(files)
        .filter((o) => o.kind !== 'Namespace')
        .every((o) => o.metadata.namespace === 'trino-cluster-etl'),
    ).toBe(true);
  });

  test('the ServiceAccount (the original name "trino") mounts no token', () => {
    expect(all['ServiceAccount/trino'].automountServiceAccountToken).toBe(false);
    for (const d of [coordinator, worker]) {
      expect(d.spec.template.spec.serviceAccountName).toBe('trino');
      expect(d.spec.template.spec.automountServiceAccountToken).toBe(false);
    }
  });

  test('one coordinator, replaced with Recreate; workers left to the HPA (no replicas)', () => {
    expect(coordinator.spec.replicas).toBe(1);
    expect(coordinator.spec.strategy).toEqual({ type: 'Recreate' });
    expect(worker.spec).not.toHaveProperty('replicas');
    const hpa = all['HorizontalPodAutoscaler/trino-cluster-etl-worker'];
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'trino-cluster-etl-worker' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    });
  });

  test('config files are mounted where the spec says: /etc/trino and /etc/trino/catalog', () => {
    const mounts = trinoContainer(worker).volumeMounts;
    expect(mounts).toEqual(
      expect.arrayContaining([
        { name: 'config', mountPath: '/etc/trino', readOnly: true },
        { name: 'catalogs', mountPath: '/etc/trino/catalog', readOnly: true },
      ]),
    );
    const volumes = worker.spec.template.spec.volumes;
    expect(volumes.find((v: any) => v.name === 'config').configMap.items.map((i: any) => i.path)).toEqual([
      'node.properties',
      'config.properties',
      'jvm.config',
      'log.properties',
      'access-control.properties',
    ]);
    expect(Object.keys(all['ConfigMap/trino-cluster-etl-catalogs'].data)).toEqual(['hive.properties', 'tpcds.properties', 'tpch.properties']);
  });

  test('workers find the coordinator through its Service; the coordinator Service is ClusterIP, the worker one headless', () => {
    expect(all['ConfigMap/trino-cluster-etl-worker'].data['config.properties']).toContain(
      'discovery.uri=http://trino-cluster-etl.trino-cluster-etl.svc:8080\n',
    );
    expect(all['Service/trino-cluster-etl'].spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'http', port: 8080, targetPort: 'http' }] });
    expect(all['Service/trino-cluster-etl'].spec.selector['app.kubernetes.io/component']).toBe('coordinator');
    expect(all['Service/trino-cluster-etl-worker'].spec.clusterIP).toBe('None');
  });

  test('startup, readiness and liveness probes on every node', () => {
    for (const d of [coordinator, worker]) {
      const c = trinoContainer(d);
      expect(c.startupProbe.exec.command[2]).toBe(`curl --fail --silent --show-error http://localhost:8080/v1/info | grep -q '"starting":false'`);
      expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBe(300);
      expect(c.readinessProbe.exec).toEqual(c.startupProbe.exec);
      expect(c.livenessProbe.httpGet).toEqual({ path: '/v1/info', port: 'http' });
      expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    }
  });

  test('workers drain before they stop, with a termination grace of at least twice the shutdown grace', () => {
    expect(all['ConfigMap/trino-cluster-etl-worker'].data['config.properties']).toContain('shutdown.grace-period=120s\n');
    const pod = worker.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(300);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(2 * 120);
    const preStop = trinoContainer(worker).lifecycle.preStop.exec.command;
    expect(preStop.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(preStop[2]).toMatch(/^curl .*-X PUT -d '"SHUTTING_DOWN"' .*http:\/\/localhost:8080\/v1\/info\/state && sleep 300$/);
    // Trino's default access control refuses the shutdown request; workers allow it.
    expect(all['ConfigMap/trino-cluster-etl-worker'].data['access-control.properties']).toBe('access-control.name=allow-all\n');
    expect(trinoContainer(coordinator).lifecycle).toBeUndefined();
  });

  test('disruption budgets never block a drain', () => {
    for (const name of ['trino-cluster-etl-coordinator', 'trino-cluster-etl-worker']) {
      expect(all[`PodDisruptionBudget/${name}`].spec).toMatchObject({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    }
  });

  test('resources are set, memory request = limit, and the original -Xmx8G fits the derived 10Gi limit', () => {
    for (const d of [coordinator, worker]) {
      expect(trinoContainer(d).resources).toEqual({ requests: { cpu: '1', memory: '10Gi' }, limits: { cpu: '2', memory: '10Gi' } });
    }
    expect(all['ConfigMap/trino-cluster-etl-worker'].data['jvm.config']).toMatch(/^-Xmx8G\n-server\n/);
  });

  test('pods meet the restricted Pod Security Standard with a read-only root and emptyDirs where Trino writes', () => {
    for (const d of [coordinator, worker]) {
      const pod = d.spec.template.spec;
      expect(pod.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        fsGroup: 1000,
        fsGroupChangePolicy: 'OnRootMismatch',
        seccompProfile: { type: 'RuntimeDefault' },
      });
      const c = trinoContainer(d);
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
      expect(c.volumeMounts).toEqual(
        expect.arrayContaining([
          { name: 'data', mountPath: '/data/trino' },
          { name: 'tmp', mountPath: '/tmp' },
        ]),
      );
      expect(pod.volumes.filter((v: any) => v.emptyDir).map((v: any) => v.name)).toEqual(['data', 'tmp']);
      expect(pod.volumes.some((v: any) => v.hostPath)).toBe(false);
    }
    expect(all['Namespace/trino-cluster-etl'].metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('standard labels everywhere; selectors match name, instance and component only', () => {
    for (const o of objectsIn(files).filter((x) => x.kind !== 'Namespace')) {
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'trino',
        'app.kubernetes.io/instance': 'trino-cluster-etl',
        'app.kubernetes.io/version': '384',
        'app.kubernetes.io/part-of': 'dataroaster',
        'app.kubernetes.io/managed-by': 'dataroaster',
      });
    }
    expect(worker.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'trino',
      'app.kubernetes.io/instance': 'trino-cluster-etl',
      'app.kubernetes.io/component': 'worker',
    });
  });

  test('images are pinned and pulled IfNotPresent', () => {
    for (const d of [coordinator, worker]) expect(trinoContainer(d)).toMatchObject({ image: 'trinodb/trino:384', imagePullPolicy: 'IfNotPresent' });
  });

  test('workers spread over nodes and zones without blocking scheduling', () => {
    const spread = worker.spec.template.spec.topologySpreadConstraints;
    expect(spread.map((s: any) => [s.topologyKey, s.whenUnsatisfiable])).toEqual([
      ['kubernetes.io/hostname', 'ScheduleAnyway'],
      ['topology.kubernetes.io/zone', 'ScheduleAnyway'],
    ]);
  });

  test('only the cluster reaches workers; clients reach the coordinator on its HTTP port', () => {
    const workerPolicy = all['NetworkPolicy/trino-cluster-etl-worker'].spec;
    expect(workerPolicy.ingress[0].from).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/instance': 'trino-cluster-etl' } } },
    ]);
    expect(all['NetworkPolicy/trino-cluster-etl-coordinator'].spec.ingress).toEqual([{ ports: [{ port: 'http', protocol: 'TCP' }] }]);
  });
});

describe('credentials of the seed', () => {
  test('no secret value appears in any ConfigMap; they live in the credentials Secret', () => {
    const configMaps = objectsIn(files).filter((o) => o.kind === 'ConfigMap');
    const text = JSON.stringify(configMaps);
    expect(text).not.toContain('any-access-key');
    expect(text).not.toContain('any-secret-key');
    expect(all['Secret/trino-cluster-etl-credentials'].stringData).toEqual({
      'hive.hive.s3.aws-access-key': 'any-access-key',
      'hive.hive.s3.aws-secret-key': 'any-secret-key',
    });
  });

  test('catalog files read them with ${ENV:…} from env vars set by secretKeyRef', () => {
    const hive = all['ConfigMap/trino-cluster-etl-catalogs'].data['hive.properties'];
    expect(hive).toContain('hive.s3.aws-secret-key=${ENV:CATALOG_HIVE_HIVE_S3_AWS_SECRET_KEY}\n');
    expect(hive).toContain('hive.s3.endpoint=https://any-endpoint\n');
    for (const d of [coordinator, worker]) {
      expect(trinoContainer(d).env).toContainEqual({
        name: 'CATALOG_HIVE_HIVE_S3_AWS_SECRET_KEY',
        valueFrom: { secretKeyRef: { name: 'trino-cluster-etl-credentials', key: 'hive.hive.s3.aws-secret-key' } },
      });
    }
  });

  test('nodes share a generated internal-communication secret', () => {
    const secret = all['Secret/trino-cluster-etl-shared-secret'];
    expect(secret.stringData['shared-secret']).toBe('07'.repeat(32));
    expect(all['ConfigMap/trino-cluster-etl-worker'].data['config.properties']).toContain(
      'internal-communication.shared-secret=${ENV:TRINO_INTERNAL_SHARED_SECRET}\n',
    );
    expect(trinoContainer(worker).env).toContainEqual({
      name: 'TRINO_INTERNAL_SHARED_SECRET',
      valueFrom: { secretKeyRef: { name: 'trino-cluster-etl-shared-secret', key: 'shared-secret' } },
    });
  });

  test('by default the engine refuses to write those Secrets in plaintext', () => {
    expect(() => synthesize(seedSpecs())).toThrow(
      'refusing to write Secret trino-cluster-etl/trino-cluster-etl-shared-secret, trino-cluster-etl/trino-cluster-etl-credentials in plaintext',
    );
  });
});

test('synthesis is deterministic: two runs give byte-identical files', () => {
  expect(synthesize(seedSpecs(), PLAINTEXT).files).toEqual(files);
});
