import { dump } from 'js-yaml';

import { REGISTRY } from '../../../src/components/registry';
import type { InstanceSpec } from '../../../src/core/instance';
import { SynthesisOptions, synthesize } from '../../../src/engine/synthesize';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpecs } from '../../../src/schema/load';
import { parseSpecYaml } from '../../../src/schema/yaml';
import { objectsIn } from '../../support/validate';

/** Plaintext Secrets with pinned randomness, so tests can read them and two runs compare equal. */
export const PLAINTEXT: SynthesisOptions = { secrets: { mode: 'plaintext' }, random: (bytes) => Buffer.alloc(bytes, 7) };

/** An own-kind TrinoCluster the gateway can route to. */
export function trinoDoc(name = 'etl', namespace = 'analytics', spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: API_VERSION, kind: 'TrinoCluster', metadata: { name, namespace }, spec: { image: { tag: '476' }, ...spec } };
}

/** A gateway with one backend by reference, one by URL and two rules, `spec` merged over it. */
export function gatewayDoc(spec: Record<string, unknown> = {}, name = 'gateway', namespace = 'trino-gateway'): Record<string, unknown> {
  return {
    apiVersion: API_VERSION,
    kind: 'TrinoGateway',
    metadata: { name, namespace },
    spec: {
      routingGroups: ['adhoc', 'etl'],
      backends: [
        { name: 'etl', routingGroup: 'etl', trinoClusterRef: 'etl' },
        { name: 'shared', routingGroup: 'adhoc', proxyTo: 'http://trino.shared.svc:8080/', externalUrl: 'https://trino.example.com' },
      ],
      routing: {
        rules: [
          { name: 'airflow', routingGroup: 'etl', match: { source: 'airflow' } },
          { name: 'bi', routingGroup: 'adhoc', match: { clientTags: ['bi'], user: ['alice', 'bob'] } },
        ],
      },
      ...spec,
    },
  };
}

/** Loads documents as the CLI would (validation included). */
export function load(...docs: Record<string, unknown>[]): InstanceSpec[] {
  return loadSpecs(
    REGISTRY,
    docs.flatMap((doc, i) => parseSpecYaml(dump(doc), `spec-${i}.yaml`)),
  );
}

/** Synthesizes; returns the files and every object by `<Kind>/<name>`. */
export function synth(specs: readonly InstanceSpec[], options: SynthesisOptions = PLAINTEXT) {
  const { files, instances } = synthesize(specs, options);
  const list = objectsIn(files);
  return { files, instances, list, byName: Object.fromEntries(list.map((o) => [`${o.kind}/${o.metadata.name}`, o])) as Record<string, any> };
}
