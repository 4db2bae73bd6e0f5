import { load as parseYaml } from 'js-yaml';

import { REGISTRY } from '../../../src/components/registry';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpec } from '../../../src/schema/load';
import { thrownMessage } from '../../support/errors';

// Through the loader and the registered dispatcher of the original kind, own-kind validation included.
const load = (data: unknown) => loadSpec(REGISTRY, { source: 'redash.yaml', data });

// The shape of the original `POST /v1/redash/create` input.
const LEGACY = `
apiVersion: "helm-operator.cloudchef-labs.com/v1beta1"
kind: HelmChart
metadata:
  name: redash
  namespace: dataroaster-operator
spec:
  repo: https://getredash.github.io/contrib-helm-chart/
  chartName: redash
  name: redash-release
  version: 3.0.1
  namespace: redash
  values: |
    redash:
      cookieSecret: abc
      secretKey: def
    postgresql:
      enabled: true
      auth: {password: pg}
    since: 2024-01-01
`;
const legacy = () => parseYaml(LEGACY) as any;
const edit = (change: (doc: any) => void) => {
  const doc = legacy();
  change(doc);
  return doc;
};

describe('original HelmChart → own HelmRelease', () => {
  test('maps chart, release, version and target namespace, and parses the values text', () => {
    expect(load(legacy())).toEqual({
      apiVersion: API_VERSION,
      kind: 'HelmRelease',
      metadata: { name: 'redash', namespace: 'redash' },
      spec: {
        repo: 'https://getredash.github.io/contrib-helm-chart/',
        chart: 'redash',
        version: '3.0.1',
        releaseName: 'redash-release',
        values: { redash: { cookieSecret: 'abc', secretKey: 'def' }, postgresql: { enabled: true, auth: { password: 'pg' } }, since: '2024-01-01' },
        valuesFrom: [],
        podSecurity: 'restricted',
        interval: '10m',
        argocd: { namespace: 'argocd', project: 'default' },
      },
    });
  });

  test('empty or absent values give an empty values object; labels are kept', () => {
    expect((load(edit((d) => (d.spec.values = ''))) as any).spec.values).toEqual({});
    expect((load(edit((d) => (d.spec.values = '# nothing to set\n'))) as any).spec.values).toEqual({});
    expect((load(edit((d) => delete d.spec.values)) as any).spec.values).toEqual({});
    expect(load(edit((d) => (d.metadata.labels = { team: 'bi' }))).metadata).toEqual({ name: 'redash', namespace: 'redash', labels: { team: 'bi' } });
  });

  test.each<[string, (d: any) => void, string]>([
    ['values that are not YAML', (d) => (d.spec.values = 'a: [1\n'), 'redash.yaml: spec.values: not valid YAML: deficient indentation (2:1)'],
    ['two values documents', (d) => (d.spec.values = 'a: 1\n---\nb: 2\n'), 'redash.yaml: spec.values: must be one YAML document'],
    ['values that are a list', (d) => (d.spec.values = '- a\n'), 'redash.yaml: spec.values: must be a YAML mapping'],
    ['values as an object', (d) => (d.spec.values = { a: 1 }), 'redash.yaml: spec.values: expected string, received object'],
    [
      'a version range',
      (d) => (d.spec.version = '>=3.0.0'),
      'redash.yaml: spec.version: must be an exact chart version like "1.2.3" (no ranges: the same spec must always install the same chart)',
    ],
    ['no target namespace', (d) => delete d.spec.namespace, 'redash.yaml: spec.namespace: required (string)'],
    ['a bad chart name', (d) => (d.spec.chartName = 'redash chart'), 'redash.yaml: spec.chartName: must be a chart name'],
    ['a bad release name', (d) => (d.spec.name = 'Redash'), 'redash.yaml: spec.name: must be lower-case letters, digits and "-"'],
    ['an unknown spec field', (d) => (d.spec.valuesFile = 'x.yaml'), 'redash.yaml: spec.valuesFile: unknown field'],
    [
      'a repository that is not a URL',
      (d) => (d.spec.repo = 'redash-repo'),
      'redash.yaml: spec.repo: must be an http(s):// or oci:// chart repository URL',
    ],
    [
      'a bad instance name',
      (d) => (d.metadata.name = 'Redash'),
      'redash.yaml: metadata.name: must be an RFC 1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)',
    ],
    ['an unknown metadata field', (d) => (d.metadata.resourceVersion = '1'), 'redash.yaml: metadata.resourceVersion: unknown field'],
    [
      'an alias bomb in the values',
      (d) =>
        (d.spec.values = [
          'a: &a [x, x, x, x, x, x, x, x]',
          ...Array.from(
            { length: 8 },
            (_, i) =>
              `b${i}: &b${i} [${Array(8)
                .fill(i ? `*b${i - 1}` : '*a')
                .join(', ')}]`,
          ),
        ].join('\n')),
      'redash.yaml: spec.values: not valid YAML: aliases exceeded maxAliases (50) (8:21)',
    ],
  ])('rejects %s', (_, change, message) => {
    expect(thrownMessage(() => load(edit(change)))).toBe(message);
  });
});
