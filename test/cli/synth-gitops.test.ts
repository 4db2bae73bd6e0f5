import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { main } from '../../src/cli/main';

const RELEASE = `apiVersion: dataroaster.io/v1alpha1
kind: HelmRelease
metadata: {name: minio, namespace: minio}
spec: {repo: "https://charts.min.io/", chart: minio, version: 5.4.0}
`;

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'dataroaster-gitops-'));
  writeFileSync(join(work, 'minio.yaml'), RELEASE);
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const status = main(argv, { out: { write: (t: string) => (stdout += t) }, err: { write: (t: string) => (stderr += t) } });
  return { status, stdout, stderr };
}

describe('dataroaster synth --gitops', () => {
  test('writes Helm releases for Flux by default and for Argo CD when asked', () => {
    expect(cli('synth', join(work, 'minio.yaml'), '--out', join(work, 'flux')).status).toBe(0);
    expect(readFileSync(join(work, 'flux/components/helm-releases/minio/helmrelease-minio.yaml'), 'utf8')).toContain('kind: HelmRelease');
    expect(cli('synth', join(work, 'minio.yaml'), '--out', join(work, 'argo'), '--gitops', 'argocd').status).toBe(0);
    expect(readFileSync(join(work, 'argo/components/helm-releases/minio/application-minio.yaml'), 'utf8')).toContain('targetRevision: 5.4.0');
  });

  test('refuses another agent: a usage error naming the choices', () => {
    expect(cli('synth', join(work, 'minio.yaml'), '--out', join(work, 'x'), '--gitops', 'helm')).toEqual({
      status: 2,
      stdout: '',
      stderr: `dataroaster: option '--gitops <agent>' argument 'helm' is invalid. Allowed choices are flux, argocd. (run "dataroaster help" for usage)\n`,
    });
  });
});
