# syntax=docker/dockerfile:1
# Build stage: compile TypeScript with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies and the compiled output only, as a non-root user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8041 POLENTA_DATA_DIR=/var/lib/polenta
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
RUN mkdir -p /var/lib/polenta && chown node:node /var/lib/polenta
USER node
VOLUME ["/var/lib/polenta"]
EXPOSE 8041
# Liveness, not readiness: Docker's health status drives restarts (restart policies, autoheal,
# Swarm), and restarting cures a stuck process but not an unreachable Redis or a drain in
# progress, which /healthcheck (readiness: starting, draining, storage down) also reports.
# Point load balancers and compose/Kubernetes readiness probes at /healthcheck instead.
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8041)+(process.env.POLENTA_BASE_PATH||'')+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/server.js"]
