#!/usr/bin/env bash
# The test suite on Node 24 LTS, next to the machine's Node (run from a checkout after `npm ci`).
set -euo pipefail
cd "$(dirname "$0")/.."
# The suite on Node 24 LTS as well (package.json "engines": 22 and 24), next to the machine's Node.
# The npm registry ships Node builds as packages (node-linux-<arch>); its tarball has include/node, so
# better-sqlite3 is compiled for Node 24's ABI against those headers, without downloading anything else.
# It runs in a clone with a copy of node_modules, so this checkout's build for the machine's Node stays.
node24=$(mktemp -d)
trap 'rm -rf "$node24"' EXIT
arch=$(node -p process.arch)
(cd "$node24" && npm pack --silent "node-linux-${arch}@24" >/dev/null && tar xzf node-linux-*.tgz && rm node-linux-*.tgz)
git clone -q . "$node24/repo"
cp -a node_modules "$node24/repo/"
(
  cd "$node24/repo"
  export PATH="$node24/package/bin:$PATH" npm_config_nodedir="$node24/package" npm_config_build_from_source=true
  echo "Node $(node --version): rebuilding better-sqlite3, then the suite"
  npm rebuild better-sqlite3 >/dev/null
  node -e "new (require('better-sqlite3'))(':memory:').close()"
  npx tsc -p tsconfig.json
  npx tsc -p tsconfig.test.json
  npx jest --ci --maxWorkers=2
)
