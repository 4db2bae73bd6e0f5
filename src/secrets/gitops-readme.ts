import { SEALED_SECRETS_CERT_ENV } from './sealing-env';

/** The commands that make the Sealed Secrets controller (in kube-system) use a key pair DataRoaster generated. */
export function loadSealingKeyCommands(certificateFile: string, privateKeyFile: string): string[] {
  return [
    `kubectl -n kube-system create secret tls dataroaster-sealing-key --cert=${certificateFile} --key=${privateKeyFile}`,
    'kubectl -n kube-system label secret dataroaster-sealing-key sealedsecrets.bitnami.com/sealed-secrets-key=active',
    'kubectl -n kube-system rollout restart deployment/sealed-secrets-controller',
  ];
}

/**
 * The GitOps repository README's section on secrets: what the SealedSecrets are and how the cluster's
 * controller gets the key to open them. Generic on purpose — the repository must not name paths of
 * the machine DataRoaster runs on; the server's start-up log gives those (`SealingKeys.instructions`).
 */
export function sealedSecretsReadme(): string {
  return `## Secrets

Every Secret of a component is committed as a Bitnami \`SealedSecret\` (install the Sealed Secrets
controller in the cluster); no value is in this repository in plaintext, and each instance's spec file
holds \`sealed:<secret>/<key>\` where a credential was. A SealedSecret opens only in its own namespace
and under its own name.

DataRoaster seals with the certificate set in \`${SEALED_SECRETS_CERT_ENV}\` (\`kubeseal --fetch-cert\`).
Without one, it generated a key pair in its data directory (\`sealed-secrets/tls.crt\` and \`tls.key\`);
load it into the controller once, from the machine DataRoaster runs on:

\`\`\`sh
${loadSealingKeyCommands('<data-dir>/sealed-secrets/tls.crt', '<data-dir>/sealed-secrets/tls.key').join('\n')}
\`\`\`

(Use the namespace and deployment name you installed the controller with.) Never commit \`tls.key\`.
`;
}
