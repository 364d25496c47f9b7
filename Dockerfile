# syntax=docker/dockerfile:1
# The Pullwise GitHub App (`pullwise serve`). Build: docker build -t pullwise .
# Run: see "Run it in Docker" in the README.

# --- build: compile the TypeScript and better-sqlite3, then drop the dev dependencies ---
FROM node:22-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# No lifecycle scripts yet: `prepare` builds the sources, which are copied next.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime: production dependencies, the built code, bubblewrap for the agent's sandbox ---
FROM node:22-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends bubblewrap git ripgrep ca-certificates tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/lib ./lib
COPY package.json app.yml ./
COPY bin ./bin
COPY schema ./schema
# An unprivileged user owns only the data volume (the job store, the repository cache, the jobs' checkouts).
RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home pullwise \
  && mkdir -p /data && chown pullwise:pullwise /data
ENV NODE_ENV=production \
  PORT=3000 \
  PULLWISE_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 3000
USER pullwise
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tini forwards SIGTERM to node, so `docker stop` lets running jobs finish or requeue them.
ENTRYPOINT ["tini", "--"]
CMD ["node", "bin/pullwise.js", "serve"]
