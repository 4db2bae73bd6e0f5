import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthCommand } from '../../src/cli/synth-command';
import { thrownMessage } from '../support/errors';

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

describe('dataroaster synth --gitops', () => {
  test('writes Helm releases for Flux by default and for Argo CD when asked', () => {
    expect(synthCommand([join(work, 'minio.yaml'), '--out', join(work, 'flux')])).toContain('helm-releases/minio/helmrelease-minio.yaml');
    const argo = synthCommand([join(work, 'minio.yaml'), '--out', join(work, 'argo'), '--gitops', 'argocd']);
    expect(argo).toContain('helm-releases/minio/application-minio.yaml');
    expect(readFileSync(join(work, 'argo/helm-releases/minio/application-minio.yaml'), 'utf8')).toContain('targetRevision: 5.4.0');
  });

  test('refuses another agent', () => {
    expect(thrownMessage(() => synthCommand([join(work, 'minio.yaml'), '--out', join(work, 'x'), '--gitops', 'helm']))).toBe('--gitops must be flux or argocd (got "helm")');
  });
});
