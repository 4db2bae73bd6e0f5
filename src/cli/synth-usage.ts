export const SYNTH_USAGE = `usage: dataroaster synth FILE_OR_DIR... --out DIR [--allow-plaintext-secrets] [--gitops flux|argocd]

Synthesizes the spec files (folders are read recursively) into Kubernetes YAML under DIR,
one folder per component instance, plus namespaces/.

  --out DIR                  where to write (folders of the given instances are replaced)
  --allow-plaintext-secrets  write Secrets unsealed (local experiments only; never commit them)
  --gitops flux|argocd       the GitOps agent Helm releases are written for, unless a spec names one (default flux)`;
