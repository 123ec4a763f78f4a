# One image for the API and the worker; docker-compose.yml picks the entry point.

# The web app, built with the dev dependencies (Vite, TypeScript, openapi-typescript); only web/dist is kept.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY . .
RUN npm install --no-audit --no-fund && npm run build:web

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Manifests first, so the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY services/api/package.json services/api/
COPY services/worker/package.json services/worker/
COPY search-config/package.json search-config/
COPY seed/package.json seed/
COPY tests/package.json tests/
COPY bench/package.json bench/
COPY web/package.json web/
# npm install rather than npm ci: the lockfile was written where msgpackr-extract's builds for other
# platforms are not served, and npm ci refuses a lockfile that lacks them.
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY . .
# The API serves it at / (services/api/src/http/web-app.ts).
COPY --from=web /app/web/dist web/dist
# DATA_DIR (.data) is the only place the app writes to.
RUN mkdir -p .data && chown node:node .data
USER node
EXPOSE 3000
# The flags of scripts/supervise.ts (SERVICE_NODE_FLAGS), as in package.json's start:api.
CMD ["node", "--max-semi-space-size=64", "--import", "tsx", "services/api/src/main.ts"]
