# One image for every Passerelle service; docker-compose.yml picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY subgraphs/common/package.json subgraphs/common/
COPY subgraphs/cases/package.json subgraphs/cases/
COPY subgraphs/placements/package.json subgraphs/placements/
COPY subgraphs/partners/package.json subgraphs/partners/
COPY gateway/package.json gateway/
COPY tools/package.json tools/
COPY examples/school-app/package.json examples/school-app/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# APOLLO_TELEMETRY_DISABLED: vendor telemetry off (issue 17; the code forces it too).
ENV NODE_ENV=production HOST=0.0.0.0 APOLLO_TELEMETRY_DISABLED=true
WORKDIR /app
COPY --from=build /app /app
# The audit checkpoints (AUDIT_CHECKPOINT_DIR): outside the database, writable by the services' user.
RUN mkdir -p /var/lib/passerelle/audit-checkpoints && chown -R node:node /var/lib/passerelle
USER node
CMD ["node", "gateway/dist/main.js"]
