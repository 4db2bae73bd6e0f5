import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

/**
 * Ready once `/v1/info` says `"starting":false` (what the image's health-check script tests), written
 * inline so it works on every image version, with or without that script.
 */
function startedCommand(port: number): string[] {
  return ['/bin/sh', '-c', `curl --fail --silent --show-error http://localhost:${port}/v1/info | grep -q '"starting":false'`];
}

/** Startup (up to 5 minutes), readiness and liveness probes of a Trino node (official chart timings). */
export function trinoProbes(port: number): Pick<k8s.Container, 'startupProbe' | 'readinessProbe' | 'livenessProbe'> {
  const started = { exec: { command: startedCommand(port) }, timeoutSeconds: 5 };
  return {
    startupProbe: { ...started, periodSeconds: 5, failureThreshold: 60 },
    readinessProbe: { ...started, periodSeconds: 10, failureThreshold: 3 },
    livenessProbe: {
      httpGet: { path: '/v1/info', port: k8s.IntOrString.fromString('http') },
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 6,
    },
  };
}

/**
 * Worker preStop: ask Trino to drain (SHUTTING_DOWN), then wait; the worker exits by itself after its
 * last task and two grace periods, which ends the hook. SIGTERM only comes when the hook returns, so
 * the hook must outlast the drain: it sleeps for the whole termination grace period.
 */
export function drainOnStop(port: number, terminationGracePeriodSeconds: number): k8s.Lifecycle {
  const request = `curl --fail --silent --show-error -X PUT -d '"SHUTTING_DOWN"' -H 'Content-Type: application/json' -H 'X-Trino-User: dataroaster' http://localhost:${port}/v1/info/state`;
  return { preStop: { exec: { command: ['/bin/sh', '-c', `${request} && sleep ${terminationGracePeriodSeconds}`] } } };
}
