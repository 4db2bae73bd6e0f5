import { load } from 'js-yaml';

import { REGISTRY } from '../../src/components/registry';
import type { Registry } from '../../src/core/component';
import { synthesize } from '../../src/engine/synthesize';
import { loadSpecs } from '../../src/schema/load';
import { parseSpecYaml } from '../../src/schema/yaml';
import { GitApp, startGitApp } from '../api-server/support/git-app';
import { curlForm } from '../api-server/support/seed';
import { b64 } from '../api-server/support/test-app';
import { greeting } from '../fixtures/components/greeting';

// "Adding a component = one folder + one line": the Greeting component (test/fixtures/components/greeting/)
// is registered by the one line below and gets spec loading, synthesis, Git delivery and a v1 endpoint from it.
const registry: Registry = [...REGISTRY, greeting];

const GREETING = `apiVersion: dataroaster.io/v1alpha1
kind: Greeting
metadata: {name: hello, namespace: lobby}
spec: {to: world}
`;

describe('a component registered by one line', () => {
  test('its specs load (defaults applied) and synthesize into its folder', () => {
    const specs = loadSpecs(registry, parseSpecYaml(GREETING, 'greeting.yaml'));
    expect(specs[0].spec).toEqual({ text: 'hello', to: 'world' });
    const { files } = synthesize(specs, { registry });
    expect(Object.keys(files)).toEqual([
      'greetings/hello/configmap-hello.yaml',
      'greetings/hello/kustomization.yaml',
      'namespaces/kustomization.yaml',
      'namespaces/lobby.yaml',
    ]);
    expect(load(files['greetings/hello/configmap-hello.yaml'])).toMatchObject({
      kind: 'ConfigMap',
      metadata: { name: 'hello', namespace: 'lobby' },
      data: { greeting: 'hello, world' },
    });
  });

  test('without the line it is an unknown kind', () => {
    expect(() => loadSpecs(REGISTRY, parseSpecYaml(GREETING, 'greeting.yaml'))).toThrow(
      'greeting.yaml: kind: unsupported kind "dataroaster.io/v1alpha1 Greeting"',
    );
  });

  describe('through the API and Git', () => {
    let g: GitApp;
    beforeEach(async () => {
      g = await startGitApp({ registry });
    });
    afterEach(() => g.close());

    test('/v1/greeting/create commits it to a real bare repository; list and delete find it there', async () => {
      // When
      const created = await g.t
        .http()
        .post('/v1/greeting/create')
        .set(g.alice)
        .type('form')
        .send(curlForm({ yaml: b64(GREETING) }));
      // Then
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        result: 'SUCCESS',
        status: 'committed',
        instance: { kind: 'Greeting', name: 'hello', namespace: 'lobby' },
      });
      expect(g.git(['rev-parse', 'main']).trim()).toBe(created.body.commit);
      expect(g.git(['log', '-1', '--format=%an | %s', 'main']).trim()).toBe('alice | greetings: create hello');
      expect(g.git(['show', 'main:components/greetings/hello/configmap-hello.yaml'])).toContain('greeting: hello, world');
      expect(load(g.git(['show', 'main:components/greetings/hello/dataroaster-spec.yaml']))).toMatchObject({
        kind: 'Greeting',
        spec: { text: 'hello', to: 'world' },
      });

      const listed = await g.t.http().get('/v1/greeting/list').set(g.alice);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual([
        expect.objectContaining({ kind: 'Greeting', name: 'hello', component: 'greetings', folder: 'components/greetings/hello' }),
      ]);

      const deleted = await g.t.http().delete('/v1/greeting/delete').set(g.alice).query({ name: 'hello' });
      expect(deleted.status).toBe(200);
      expect(g.git(['ls-tree', '-r', '--name-only', 'main']).split('\n')).not.toContain('components/greetings/hello/configmap-hello.yaml');
    }, 120_000);
  });
});
