import type { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { z } from 'zod';

import type { ComponentDefinition } from '../../src/core/component';
import type { InstanceSpec } from '../../src/core/instance';
import { API_VERSION, ownKind } from '../../src/schema/fields';

// A tiny component, so engine, layout and delivery rules are tested apart from any real component.
export const echoSchema = ownKind('Echo', z.strictObject({ text: z.string(), password: z.string().optional(), uses: z.string().optional() }));
export type Echo = z.infer<typeof echoSchema>;

export const echo: ComponentDefinition<Echo> = {
  kind: { apiVersion: API_VERSION, kind: 'Echo', schema: echoSchema },
  folder: 'echo',
  references: (spec) => (spec.spec.uses ? [{ kind: 'Echo', name: spec.spec.uses, path: 'spec.uses' }] : []),
  build(chart: Chart, spec: Echo) {
    new k8s.KubeConfigMap(chart, 'config', { metadata: { name: spec.metadata.name }, data: { text: spec.spec.text } });
    if (spec.spec.password) {
      new k8s.KubeSecret(chart, 'secret', { metadata: { name: `${spec.metadata.name}-auth` }, stringData: { password: spec.spec.password } });
    }
  },
};

export function echoSpec(name: string, spec: Record<string, unknown>, namespace = 'demo'): InstanceSpec {
  return { apiVersion: API_VERSION, kind: 'Echo', metadata: { name, namespace }, spec } as InstanceSpec;
}
