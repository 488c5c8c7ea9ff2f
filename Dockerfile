# One image for both services; docker-compose.yml picks the entry point
# (node dist/apps/allocator/src/main.js or node dist/apps/planner-api/src/main.js).

# Build stage: all dependencies (TypeScript among them), compiles into dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
RUN npm run --silent build

# Runtime stage: production dependencies and the compiled JavaScript only; no TypeScript, no
# ts-node, no sources. Runs as the image's unprivileged `node` user.
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
# The planner-api serves the AsyncAPI document from docs/ (found by walking up from dist/).
COPY docs/asyncapi.yaml ./docs/asyncapi.yaml
USER node
CMD ["node", "dist/apps/allocator/src/main.js"]
