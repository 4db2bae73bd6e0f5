import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';

import { generatedSecretValue } from '../../src/core/generated-secret';
import type { KubeObject } from '../../src/core/render';
import { synthesize } from '../../src/engine/synthesize';
import { createSealedSecretsSealer } from '../../src/secrets/sealed-secrets/sealer';
import { plaintextSecretValues } from '../../src/secrets/secret-values';
import { historyHits, inlineSecretValues, unsealedValues } from '../support/secrets';
import { counterRandom, HASH_KEY, testKeys, vault, vaultSpec } from './support';

const newChart = () => new Chart(new App(), 'c', { namespace: 'data', disableResourceNameHashes: true });

// The helpers other tests use to prove no secret reaches Git: they must find what is there.
describe('secret test helpers', () => {
  test('unsealedValues opens every SealedSecret of a synthesis, generated values included', () => {
    const sealer = createSealedSecretsSealer({ certificatePem: testKeys().certificatePem, hashKey: HASH_KEY });
    const { files } = synthesize([vaultSpec({ user: 'u', accessKey: 'AKIA-1' })], {
      registry: [vault],
      secrets: { mode: 'seal', sealer },
      random: counterRandom(),
    });
    expect(unsealedValues(files, testKeys().privateKey).sort()).toEqual(['01'.repeat(16), 'AKIA-1']);
  });

  test('plaintextSecretValues lists what a component put into Secrets, not generated values nor references', () => {
    const chart = newChart();
    new k8s.KubeSecret(chart, 's', {
      metadata: { name: 's' },
      stringData: { key: 'AKIA-1', password: generatedSecretValue(), kept: 'sealed:s/kept', empty: '' },
    });
    expect(plaintextSecretValues(chart.toJson() as KubeObject[])).toEqual([{ secret: 's', key: 'key', value: 'AKIA-1' }]);
  });

  test('historyHits finds a value in an old commit, in a commit message and base64-encoded, on any ref', () => {
    const dir = mkdtempSync(join(tmpdir(), 'history-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
    try {
      git('init', '-q', '-b', 'main');
      writeFileSync(join(dir, 'a.yaml'), 'password: in-a-file\n');
      git('add', '.');
      git('commit', '-q', '-m', 'add');
      git('rm', '-q', 'a.yaml');
      git('commit', '-q', '-m', 'remove (was in-a-message)');
      git('checkout', '-q', '-b', 'side');
      writeFileSync(join(dir, 'b.yaml'), `data: ${Buffer.from('in-base64').toString('base64')}\n`);
      git('add', '.');
      git('commit', '-q', '-m', 'side');
      git('checkout', '-q', 'main');
      expect(historyHits(dir, ['in-a-file', 'in-a-message', 'in-base64', 'nowhere'])).toEqual([
        { value: 'in-a-file', encoding: 'plain' },
        { value: 'in-a-message', encoding: 'plain' },
        { value: 'in-base64', encoding: 'base64' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('inlineSecretValues finds a credential a component also wrote into a ConfigMap', () => {
    const chart = newChart();
    new k8s.KubeSecret(chart, 's', { metadata: { name: 's' }, stringData: { password: 'p"w' } });
    new k8s.KubeConfigMap(chart, 'leaky', { metadata: { name: 'leaky' }, data: { 'app.properties': 'password=p"w' } });
    new k8s.KubeConfigMap(chart, 'clean', { metadata: { name: 'clean' }, data: { 'app.properties': 'password=${ENV:PASSWORD}' } });
    expect(inlineSecretValues(chart.toJson() as KubeObject[])).toEqual([{ secret: 's', key: 'password', foundIn: 'ConfigMap leaky' }]);
  });
});
