# One image for both services; docker-compose.yml picks the entry point.
FROM node:20-bookworm-slim
WORKDIR /app
ENV TS_NODE_PROJECT=tsconfig.json NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY scenarios ./scenarios
COPY docs ./docs
USER node
