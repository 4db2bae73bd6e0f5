import { Chart } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { z } from 'zod';

import type { BuildContext, ComponentDefinition, PodSecurityLevel } from '../../src/core/component';
import type { InstanceSpec } from '../../src/core/instance';
import { synthesize } from '../../src/engine/synthesize';
import { ownKind } from '../../src/schema/fields';
import { API_VERSION } from '../../src/schema/fields';
import { objectsIn } from '../support/validate';

// A component whose Pod Security level depends on its spec and which records the GitOps flavour it saw.
type Probe = InstanceSpec & { spec: { level: PodSecurityLevel } };
const seen: BuildContext['gitops'][] = [];
const probe: ComponentDefinition<Probe> = {
  kind: {
    apiVersion: API_VERSION,
    kind: 'Probe',
    schema: ownKind('Probe', z.strictObject({ level: z.enum(['restricted', 'baseline', 'privileged']) })),
  },
  folder: 'probe',
  podSecurity: (spec) => spec.spec.level,
  build(chart: Chart, spec: Probe, ctx: BuildContext) {
    seen.push(ctx.gitops);
    new k8s.KubeConfigMap(chart, 'c', { metadata: { name: spec.metadata.name } });
  },
};
const probeSpec = (name: string, namespace: string, level: PodSecurityLevel): Probe => ({
  apiVersion: API_VERSION,
  kind: 'Probe',
  metadata: { name, namespace },
  spec: { level },
});
const enforced = (files: Record<string, string>, ns: string) =>
  objectsIn({ ns: files[`namespaces/${ns}.yaml`] })[0].metadata.labels['pod-security.kubernetes.io/enforce'];

describe('platform settings the engine hands to components', () => {
  test('a namespace enforces the least strict Pod Security level its instances ask for, privileged included', () => {
    // Given three namespaces with mixed levels
    const specs = [
      probeSpec('a', 'mixed', 'restricted'),
      probeSpec('b', 'mixed', 'privileged'),
      probeSpec('c', 'mixed', 'baseline'),
      probeSpec('d', 'base', 'restricted'),
      probeSpec('e', 'base', 'baseline'),
      probeSpec('f', 'strict', 'restricted'),
    ];
    // When
    const { files } = synthesize(specs, { registry: [probe] });
    // Then
    expect(enforced(files, 'mixed')).toBe('privileged');
    expect(enforced(files, 'base')).toBe('baseline');
    expect(enforced(files, 'strict')).toBe('restricted');
  });

  test('the GitOps flavour defaults to flux and is passed to every build', () => {
    seen.length = 0;
    synthesize([probeSpec('a', 'x', 'restricted')], { registry: [probe] });
    synthesize([probeSpec('a', 'x', 'restricted')], { registry: [probe], gitops: 'argocd' });
    expect(seen).toEqual(['flux', 'argocd']);
  });
});
