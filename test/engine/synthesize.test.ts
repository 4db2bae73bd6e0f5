import { k8s } from 'cdk8s-plus-27';

import type { ComponentDefinition } from '../../src/core/component';
import { synthesize } from '../../src/engine/synthesize';
import { SpecError } from '../../src/schema/errors';
import { API_VERSION } from '../../src/schema/fields';
import { loadSpecs } from '../../src/schema/load';
import { parseSpecYaml } from '../../src/schema/yaml';
import { Echo, echo, echoSpec } from '../support/echo';
import { objectsIn, schemaFailures } from '../support/validate';

describe('synthesize', () => {
  test('writes one folder per instance, a kustomization per folder and the namespaces first-tier folder', () => {
    // When
    const { files, instances } = synthesize([echoSpec('b', { text: 'x' }), echoSpec('a', { text: 'y' }, 'other')], { registry: [echo] });
    // Then
    expect(Object.keys(files)).toEqual([
      'echo/a/configmap-a.yaml',
      'echo/a/kustomization.yaml',
      'echo/b/configmap-b.yaml',
      'echo/b/kustomization.yaml',
      'namespaces/demo.yaml',
      'namespaces/kustomization.yaml',
      'namespaces/other.yaml',
    ]);
    expect(files['echo/b/configmap-b.yaml']).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: demo\ndata:\n  text: x\n');
    expect(files['echo/a/kustomization.yaml']).toContain('resources:\n  - configmap-a.yaml\n');
    expect(instances.map((i) => i.directory)).toEqual(['echo/b', 'echo/a']);
    expect(schemaFailures(objectsIn(files))).toEqual([]);
  });

  test('is deterministic: the same specs give byte-identical files', () => {
    const specs = [echoSpec('a', { text: 'same' })];
    expect(synthesize(specs, { registry: [echo] }).files).toEqual(synthesize(specs, { registry: [echo] }).files);
  });

  test('namespaces are never pruned and enforce the restricted Pod Security Standard', () => {
    const { files } = synthesize([echoSpec('a', { text: 'x' })], { registry: [echo] });
    const [ns] = objectsIn({ n: files['namespaces/demo.yaml'] });
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(ns.metadata.annotations).toEqual({
      'argocd.argoproj.io/compare-options': 'IgnoreExtraneous',
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    });
  });

  test('keeps namespaces of known instances it does not synthesize', () => {
    const { files } = synthesize([echoSpec('a', { text: 'x' })], { registry: [echo], known: [echoSpec('k', { text: 'z' }, 'kept')] });
    expect(Object.keys(files)).toContain('namespaces/kept.yaml');
    expect(Object.keys(files).some((p) => p.startsWith('echo/k/'))).toBe(false);
  });

  test('refuses a reference to an instance that does not exist, before building anything', () => {
    expect(() => synthesize([echoSpec('a', { text: 'x', uses: 'ghost' })], { registry: [echo] })).toThrow(
      new SpecError('Echo/a', [{ path: 'spec.uses', message: 'no Echo named "ghost" in the platform' }]),
    );
    expect(() => synthesize([echoSpec('a', { text: 'x', uses: 'k' })], { registry: [echo], known: [echoSpec('k', { text: 'z' })] })).not.toThrow();
  });

  test('refuses plaintext Secrets unless asked for by name', () => {
    const specs = [echoSpec('a', { text: 'x', password: 'hunter2' })];
    expect(() => synthesize(specs, { registry: [echo] })).toThrow(
      'refusing to write Secret demo/a-auth in plaintext: configure sealing (a Sealed Secrets certificate) or allow plaintext secrets explicitly',
    );
    const { files } = synthesize(specs, { registry: [echo], secrets: { mode: 'plaintext' } });
    expect(files['echo/a/secret-a-auth.yaml']).toContain('password: hunter2');
  });

  test('hands each Secret and its previous sealed form to the sealer', () => {
    const seen: unknown[] = [];
    const sealer = {
      seal: (secret: any, previous: any) => {
        seen.push([secret.metadata.name, previous?.spec?.encryptedData?.password]);
        return {
          apiVersion: 'bitnami.com/v1alpha1',
          kind: 'SealedSecret',
          metadata: secret.metadata,
          spec: { encryptedData: { password: 'sealed' } },
        };
      },
    };
    const previous = (path: string) =>
      path === 'echo/a/sealedsecret-a-auth.yaml'
        ? 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nspec:\n  encryptedData:\n    password: old\n'
        : undefined;
    const { files } = synthesize([echoSpec('a', { text: 'x', password: 'p' })], { registry: [echo], secrets: { mode: 'seal', sealer }, previous });
    expect(seen).toEqual([['a-auth', 'old']]);
    expect(Object.keys(files)).toContain('echo/a/sealedsecret-a-auth.yaml');
    expect(Object.values(files).join('')).not.toContain('password: p\n');
  });
});

describe('loadSpecs', () => {
  const load = (text: string) => loadSpecs([echo], parseSpecYaml(text, 'specs.yaml'));

  test.each([
    ['not a mapping', '- a\n', 'specs.yaml: expected a YAML mapping with apiVersion, kind, metadata and spec'],
    ['no kind', `apiVersion: ${API_VERSION}\n`, 'specs.yaml: kind: required (string)'],
    [
      'unknown kind',
      `apiVersion: ${API_VERSION}\nkind: Nope\n`,
      `specs.yaml: kind: unsupported kind "${API_VERSION} Nope" (supported: ${API_VERSION} Echo)`,
    ],
    [
      'bad name',
      `apiVersion: ${API_VERSION}\nkind: Echo\nmetadata: {name: Bad_Name, namespace: demo}\nspec: {text: x}\n`,
      'specs.yaml: metadata.name: must be an RFC 1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)',
    ],
    [
      'unknown field',
      `apiVersion: ${API_VERSION}\nkind: Echo\nmetadata: {name: a, namespace: demo}\nspec: {text: x, colour: red}\n`,
      'specs.yaml: spec.colour: unknown field',
    ],
    [
      'wrong type',
      `apiVersion: ${API_VERSION}\nkind: Echo\nmetadata: {name: a, namespace: demo}\nspec: {text: 3}\n`,
      'specs.yaml: spec.text: expected string, received number',
    ],
    [
      'missing name',
      `apiVersion: ${API_VERSION}\nkind: Echo\nmetadata: {namespace: demo}\nspec: {text: x}\n`,
      'specs.yaml: metadata.name: required (string)',
    ],
    ['bad yaml', 'a: [1\n', 'specs.yaml: not valid YAML: deficient indentation in "specs.yaml" (2:1)'],
  ])('rejects %s', (_, text, message) => {
    expect(() => load(text)).toThrow(message);
  });

  test('rejects two instances of one kind with the same name', () => {
    const doc = `apiVersion: ${API_VERSION}\nkind: Echo\nmetadata: {name: a, namespace: demo}\nspec: {text: x}\n`;
    expect(() => load(`${doc}---\n${doc}`)).toThrow('specs.yaml#2: metadata.name: duplicate Echo name "a" (also in specs.yaml#1)');
  });

  test('rejects YAML alias bombs before expanding them', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    expect(() => load(bomb)).toThrow(/not valid YAML: aliases exceeded maxAliases/);
  });
});

describe('synthesize, between instances', () => {
  test('refuses two instances that would write the same object', () => {
    const shared: ComponentDefinition<Echo> = { ...echo, build: (chart) => void new k8s.KubeConfigMap(chart, 'c', { metadata: { name: 'shared' } }) };
    expect(() => synthesize([echoSpec('a', { text: 'x' }), echoSpec('b', { text: 'y' })], { registry: [shared] })).toThrow(
      'Echo/b: metadata.name: would write ConfigMap demo/shared, which Echo/a writes too',
    );
  });
});
