# One image for the api, the worker and the one-shot migration; only the command differs:
#   api      (default)  node dist/apps/api/apps/api/src/main.js
#   worker              node dist/apps/worker/apps/worker/src/main.js
#   migrate             node scripts/db-migrate.mjs deploy
#   cli                 node dist/apps/api/apps/api/src/cli.js api-keys:create --user <id>
# See docker-compose.yml for how they are wired together.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---------------------------------------------------------------- deps: every dependency
# `npm ci` runs the postinstall `npm run prisma:generate`, which needs the schema, prisma.config.ts
# and the schema-engine stub before install. It writes the Prisma client (TypeScript) to
# libs/database/src/generated, which the build compiles into dist.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV CI=true NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma/schema.prisma prisma/schema.prisma
COPY scripts/no-schema-engine.sh scripts/no-schema-engine.sh
RUN npm ci

# ---------------------------------------------------------------- build: dist/apps/{api,worker}
# .dockerignore keeps node_modules, dist and libs/database/src/generated out of the context, so
# this COPY cannot clobber what the deps stage installed and generated.
FROM deps AS build
COPY . .
RUN npm run build

# ---------------------------------------------------------------- prod-deps: runtime node_modules
# --ignore-scripts skips the postinstall: it needs the `prisma` CLI (a dev dependency), and the
# generated client is already compiled into dist. The runtime needs neither Prisma CLI nor engines.
# --omit=optional as well: @prisma/client and @nestjs/swagger name `prisma` and `typescript` as
# optional peers, so --omit=dev alone keeps them and their trees (~250 MB: 450 MB -> 200 MB). The
# only true optional runtime packages it drops are msgpackr-extract (a native speed-up that msgpackr
# replaces with pure JS) and pg-cloudflare (Cloudflare Workers only).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
ENV CI=true NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts && npm cache clean --force

# ---------------------------------------------------------------- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# Owned by root and only readable by the `node` user: the app never writes to its own files.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY scripts/db-migrate.mjs scripts/db-migrate.mjs
COPY prisma/migrations prisma/migrations
USER node
EXPOSE 3000
# Liveness of the api (the worker overrides this in docker-compose.yml: its /health is on
# WORKER_HTTP_PORT). Node's own fetch, so the slim image needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is PID 1 (not npm), so SIGTERM reaches the app and its shutdown hooks.
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
