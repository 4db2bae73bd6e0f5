/**
 * Where a pod spec breaks the Pod Security Standard "restricted" (the checks of the restricted and
 * baseline profiles that a synthesized pod can get wrong); an empty list means it meets it.
 */
export function restrictedProblems(pod: Record<string, any>): string[] {
  const problems: string[] = [];
  const podSc = pod.securityContext ?? {};
  for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) if (pod[host]) problems.push(`${host} is set`);
  for (const v of pod.volumes ?? []) if (v.hostPath) problems.push(`volume ${v.name} is a hostPath`);
  if (!['RuntimeDefault', 'Localhost'].includes(podSc.seccompProfile?.type)) problems.push('pod seccompProfile is not RuntimeDefault');
  if (podSc.runAsUser === 0) problems.push('pod runs as root');
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${c.name}: allowPrivilegeEscalation is not false`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${c.name}: capabilities do not drop ALL`);
    if ((sc.capabilities?.add ?? []).some((cap: string) => cap !== 'NET_BIND_SERVICE')) problems.push(`${c.name}: adds capabilities`);
    if (sc.privileged) problems.push(`${c.name}: privileged`);
    if (sc.runAsNonRoot !== true && podSc.runAsNonRoot !== true) problems.push(`${c.name}: runAsNonRoot is not true`);
    if (sc.runAsUser === 0) problems.push(`${c.name}: runs as root`);
    for (const p of c.ports ?? []) if (p.hostPort) problems.push(`${c.name}: hostPort ${p.hostPort}`);
  }
  return problems;
}

/** The pod specs of every workload among `objects` (Deployments, StatefulSets, Jobs, Pods). */
export function podSpecsOf(objects: readonly Record<string, any>[]): Record<string, any>[] {
  return objects.flatMap((o) => (o.kind === 'Pod' ? [o.spec] : o.spec?.template?.spec ? [o.spec.template.spec] : []));
}
