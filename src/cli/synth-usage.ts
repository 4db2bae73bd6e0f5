import { SECRET_FLAGS_USAGE } from './secret-flags-usage';

export const SYNTH_USAGE = `usage: dataroaster synth FILE_OR_DIR... --out DIR [--seal-cert CERT.pem | --allow-plaintext-secrets] [--gitops flux|argocd]

Synthesizes the spec files (folders are read recursively) into Kubernetes YAML under DIR,
one folder per component instance, plus namespaces/. Secrets are written as SealedSecrets;
without a certificate, a spec that needs a Secret is refused.

  --out DIR                  where to write (folders of the given instances are replaced);
                             SealedSecrets already there keep their ciphertext when unchanged
  --gitops flux|argocd       the GitOps agent Helm releases are written for, unless a spec names one
                             (default: $DATAROASTER_GITOPS_AGENT, the server's setting, else flux)
${SECRET_FLAGS_USAGE}`;
