import { gitopsReadme } from '../../src/gitops/readme';

describe('the GitOps repository README', () => {
  test('says the Secrets are sealed and how to load a generated key into the controller, naming no local path', () => {
    const readme = gitopsReadme({ repoUrl: 'https://git.example.com/platform.git', branch: 'main' } as Parameters<typeof gitopsReadme>[0]);
    expect(readme).toContain('## Secrets');
    expect(readme).toContain(
      'kubectl -n kube-system create secret tls dataroaster-sealing-key --cert=<data-dir>/sealed-secrets/tls.crt --key=<data-dir>/sealed-secrets/tls.key\n',
    );
    expect(readme).toContain('kubectl -n kube-system label secret dataroaster-sealing-key sealedsecrets.bitnami.com/sealed-secrets-key=active\n');
    expect(readme).toContain('DATAROASTER_SEALED_SECRETS_CERT');
    expect(readme).not.toMatch(/\/home\/|\/tmp\//);
  });
});
