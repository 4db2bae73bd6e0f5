/**
 * The backend reconciler, run by `node` in the reconciler Job and CronJob (the script is a key of a
 * ConfigMap). It makes the gateway's backend table equal to the declared list, through the gateway's
 * own API as documented in trinodb/trino-gateway tag 20 (docs/gateway-api.md,
 * resource/GatewayResource.java, resource/HaGatewayResource.java, role API):
 *   GET  /gateway/backend/all          → the stored backends
 *   POST /gateway/backend/modify/update  JSON ProxyBackendConfiguration — an upsert (HaGatewayManager.updateBackend)
 *   POST /gateway/backend/modify/delete  body = the backend name
 * It writes only what differs, so a run against a gateway in sync changes nothing, and deletes the
 * backends nobody declared (made by hand in the UI, or removed from the spec).
 *
 * Environment: GATEWAY_URL, BACKENDS_FILE (JSON array of {name, proxyTo, externalUrl, routingGroup, active}),
 * GATEWAY_USER / GATEWAY_PASSWORD (Basic auth; unset when the gateway's authentication is off),
 * WAIT_SECONDS (how long to wait for the gateway to answer, default 600).
 * Exit code 0 when in sync, 1 otherwise (the Job retries).
 */
export const RECONCILER_SCRIPT = String.raw`'use strict';
const fs = require('node:fs');

const base = process.env.GATEWAY_URL.replace(/\/+$/, '');
const desired = JSON.parse(fs.readFileSync(process.env.BACKENDS_FILE, 'utf8'));
const waitSeconds = Number(process.env.WAIT_SECONDS || '600');
const headers = {};
if (process.env.GATEWAY_USER) {
  headers.Authorization = 'Basic ' + Buffer.from(process.env.GATEWAY_USER + ':' + process.env.GATEWAY_PASSWORD).toString('base64');
}

function log(message) {
  process.stdout.write(new Date().toISOString() + ' ' + message + '\n');
}

async function call(method, path, body, contentType) {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? headers : { ...headers, 'Content-Type': contentType },
    body,
    signal: AbortSignal.timeout(15000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(method + ' ' + path + ' answered ' + response.status + ': ' + text.slice(0, 300));
  return text;
}

// The gateway strips trailing slashes and stores proxyTo as externalUrl when none is given.
function normalize(b) {
  const strip = (url) => (url || '').replace(/\/+$/, '');
  return { name: b.name, proxyTo: strip(b.proxyTo), externalUrl: strip(b.externalUrl || b.proxyTo), routingGroup: b.routingGroup || 'adhoc', active: b.active !== false };
}

function same(a, b) {
  return a.proxyTo === b.proxyTo && a.externalUrl === b.externalUrl && a.routingGroup === b.routingGroup && a.active === b.active;
}

async function storedBackends() {
  const deadline = Date.now() + waitSeconds * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return JSON.parse(await call('GET', '/gateway/backend/all')).map(normalize);
    } catch (error) {
      // 401/403 will not heal by waiting: a wrong password is a configuration error.
      if (/answered 40[13]/.test(error.message) || Date.now() >= deadline) throw error;
      log('gateway not ready (' + error.message + '), retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(30000, 1000 * 2 ** Math.min(attempt, 5))));
    }
  }
}

async function main() {
  const stored = new Map((await storedBackends()).map((b) => [b.name, b]));
  const declared = desired.map(normalize);
  let changes = 0;
  for (const backend of declared) {
    const current = stored.get(backend.name);
    if (current && same(current, backend)) continue;
    await call('POST', '/gateway/backend/modify/update', JSON.stringify(backend), 'application/json');
    log((current ? 'updated ' : 'added ') + backend.name + ' (group ' + backend.routingGroup + ', ' + (backend.active ? 'active' : 'inactive') + ')');
    changes++;
  }
  const names = new Set(declared.map((b) => b.name));
  for (const name of stored.keys()) {
    if (names.has(name)) continue;
    await call('POST', '/gateway/backend/modify/delete', name, 'text/plain');
    log('deleted ' + name + ' (not declared)');
    changes++;
  }
  log('in sync: ' + declared.length + ' backend(s), ' + changes + ' change(s)');
}

main().catch((error) => {
  log('reconcile failed: ' + error.message);
  process.exit(1);
});
`;
