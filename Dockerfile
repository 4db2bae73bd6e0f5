# The DataRoaster API server (what `npm start` runs), for the DataRoasterServer construct.
#   docker build -t registry.example.com/dataroaster/api-server:0.1.0 .
# Stage 1 installs, compiles to lib/ and drops dev dependencies; stage 2 holds only what runs.
# Base: Node 24 LTS (package.json "engines": 22 or 24), pinned by digest so a rebuild gets the same image.
# The digest is node:24-bookworm-slim as published for Node 24.18.0 (taken from public Dockerfiles that pin
# it, e.g. github.com/cyanxxy/open-ocr-cli-mcp; this build machine cannot reach Docker Hub to resolve it).
# To move to a newer image: docker buildx imagetools inspect node:24-bookworm-slim, and replace the digest.
ARG NODE_IMAGE=node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d
FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles its native addon when no prebuilt binary matches the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/check-sqlite-addon.js scripts/
# Without scripts: `prepare` would compile before the sources are copied; the one native addon is built explicitly,
# then checked: an addon compiled against Node 24.19+ headers aborts the server at its first garbage collections
# (nodejs/node#65446) — the check fails the build and says how to compile it instead.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3 && node scripts/check-sqlite-addon.js
COPY tsconfig.json ./
COPY bin bin
COPY imports imports
COPY src src
COPY api-server api-server
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE}
# git: the delivery module runs it; ssh for ssh:// remotes; CA certificates for https:// remotes and forges.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/lib lib
COPY --from=build /app/bin bin
# V8's heap sized for a 512 MiB container (the DataRoasterServer construct sets it from its memory limit);
# glibc's mmap threshold fixed, so big git outputs are returned to the system when freed (src/components/dataroaster-server/env.ts).
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=2" \
    MALLOC_MMAP_THRESHOLD_=131072 \
    HOST=0.0.0.0 \
    PORT=8089 \
    DATAROASTER_DATA_DIR=/var/lib/dataroaster
RUN mkdir -p /var/lib/dataroaster && chown node:node /var/lib/dataroaster
# The image's `node` user (uid 1000), as the construct's pod security context expects.
USER 1000:1000
EXPOSE 8089
VOLUME /var/lib/dataroaster
CMD ["node", "lib/api-server/main.js"]
