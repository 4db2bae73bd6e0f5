import { REGISTRY } from '../../../src/components/registry';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpec } from '../../../src/schema/load';
import { thrownMessage } from '../../support/errors';

const withSpec = (spec: Record<string, unknown>) => ({
  apiVersion: API_VERSION,
  kind: 'HelmRelease',
  metadata: { name: 'redash', namespace: 'redash' },
  spec: { repo: 'https://getredash.github.io/contrib-helm-chart/', chart: 'redash', version: '3.0.1', ...spec },
});
const load = (data: unknown) => loadSpec(REGISTRY, { source: 'redash.yaml', data });
const ARGO_CREDENTIAL =
  'looks like a credential, and Argo CD cannot read Helm values from a Secret: use flavour flux, or put it in a Secret of your own and point the chart at it (e.g. its existingSecret value)';

describe('HelmRelease spec', () => {
  test('fills defaults and leaves the flavour to the platform', () => {
    const { spec } = load(withSpec({})) as any;
    expect(spec).toEqual({
      repo: 'https://getredash.github.io/contrib-helm-chart/',
      chart: 'redash',
      version: '3.0.1',
      values: {},
      valuesFrom: [],
      podSecurity: 'restricted',
      interval: '10m',
      argocd: { namespace: 'argocd', project: 'default' },
    });
  });

  test('accepts OCI repositories, v-prefixed and pre-release versions, and Argo CD releases without credentials', () => {
    expect(() => load(withSpec({ repo: 'oci://registry-1.docker.io/bitnamicharts', version: 'v2.0.0-rc.1+build.5' }))).not.toThrow();
    expect(() => load(withSpec({ flavour: 'argocd', values: { auth: { existingSecret: 'redash-auth', password: '' } } }))).not.toThrow();
  });

  test.each([
    [
      'a version range',
      { version: '^3.0.0' },
      'redash.yaml: spec.version: must be an exact chart version like "1.2.3" (no ranges: the same spec must always install the same chart)',
    ],
    [
      'a wildcard version',
      { version: '3.x' },
      'redash.yaml: spec.version: must be an exact chart version like "1.2.3" (no ranges: the same spec must always install the same chart)',
    ],
    ['no version', { version: undefined }, 'redash.yaml: spec.version: required (string)'],
    [
      'a non-Helm repository',
      { repo: 'git@github.com:org/charts.git' },
      'redash.yaml: spec.repo: must be a Helm repository URL like "https://charts.example.com" or "oci://registry.example.com/charts"',
    ],
    ['no chart', { chart: undefined }, 'redash.yaml: spec.chart: required (string)'],
    ['a chart path', { chart: '../redash' }, 'redash.yaml: spec.chart: must be a chart name'],
    ['a long release name', { releaseName: 'r'.repeat(54) }, 'redash.yaml: spec.releaseName: must be at most 53 characters (a Helm limit)'],
    ['an unknown field', { valueFiles: ['a.yaml'] }, 'redash.yaml: spec.valueFiles: unknown field'],
    ['values that are a list', { values: ['a'] }, 'redash.yaml: spec.values: expected record, received array'],
    ['an unknown flavour', { flavour: 'helm' }, 'redash.yaml: spec.flavour: Invalid option: expected one of "flux"|"argocd"'],
    [
      'an unknown Pod Security level',
      { podSecurity: 'none' },
      'redash.yaml: spec.podSecurity: Invalid option: expected one of "restricted"|"baseline"|"privileged"',
    ],
    ['a bad interval', { interval: 'hourly' }, 'redash.yaml: spec.interval: must be a duration like "10m" or "1h"'],
    [
      'a bad values Secret name',
      { valuesFrom: [{ secretName: 'Redash_Values' }] },
      'redash.yaml: spec.valuesFrom[0].secretName: must be a Secret name',
    ],
    [
      'credentials in values for Argo CD',
      { flavour: 'argocd', values: { postgresql: { auth: { password: 'pw' } }, users: [{ apiKey: 'k' }] } },
      `redash.yaml: spec.values.postgresql.auth.password: ${ARGO_CREDENTIAL}; spec.values.users[0].apiKey: ${ARGO_CREDENTIAL}`,
    ],
    [
      'values from Secrets for Argo CD',
      { flavour: 'argocd', valuesFrom: [{ secretName: 'redash-values' }] },
      'redash.yaml: spec.valuesFrom: Argo CD cannot read Helm values from Secrets: use flavour flux',
    ],
  ])('rejects %s', (_, spec, message) => {
    expect(thrownMessage(() => load(withSpec(spec)))).toBe(message);
  });
});
