#!/usr/bin/env bash
# The test suite on Node 24 LTS, next to the machine's Node (run from a checkout after `npm ci`; .ci/run calls it).
set -euo pipefail
cd "$(dirname "$0")/.."
# The npm registry ships Node builds as packages (node-linux-<arch>); their tarballs hold bin/node and
# include/node, so no other download is needed. The suite runs on the newest Node 24.
#
# better-sqlite3 has no prebuilt binary here (its binaries live on GitHub), so it is compiled — against the
# headers of Node 24.18.1, not of the runtime: from 24.19.0 on, node_object_wrap.h makes an addon abort the
# process when V8 collects one of its objects (nodejs/node#65446), which kills the API server at its first
# garbage collections ("fetch failed: other side closed" in its tests, crashed Jest workers). All of 24.x
# share one ABI (NODE_MODULE_VERSION 137); this is what the prebuilt binary users download is, too.
# scripts/check-sqlite-addon.js proves the build survives collection before the suite runs.
HEADERS_VERSION=24.18.1
node24=$(mktemp -d)
trap 'rm -rf "$node24"' EXIT
arch=$(node -p process.arch)
(cd "$node24" && npm pack --silent "node-linux-${arch}@24" >/dev/null && tar xzf node-linux-*.tgz && rm node-linux-*.tgz)
mkdir "$node24/headers"
(cd "$node24/headers" && npm pack --silent "node-linux-${arch}@${HEADERS_VERSION}" >/dev/null && tar xzf node-linux-*.tgz && rm node-linux-*.tgz)
# It runs in a copy with its own node_modules, so this checkout's build for the machine's Node stays.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git clone -q . "$node24/repo"
else
  mkdir "$node24/repo" && tar --exclude=./node_modules --exclude=./lib -cf - . | tar -xf - -C "$node24/repo"
fi
cp -a node_modules "$node24/repo/"
(
  cd "$node24/repo"
  export PATH="$node24/package/bin:$PATH"
  echo "Node $(node --version): rebuilding better-sqlite3 against the Node ${HEADERS_VERSION} headers, then the suite"
  npm_config_nodedir="$node24/headers/package" npm_config_build_from_source=true npm rebuild better-sqlite3 >/dev/null
  node scripts/check-sqlite-addon.js
  npm run build   # tsc and the CLI bundle (bin/dataroaster.js runs the bundle)
  npx tsc -p tsconfig.test.json
  npx jest --ci --maxWorkers=2
)
