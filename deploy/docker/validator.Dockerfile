# The Rodeo validator as a container image. Build from the repository root:
#   docker build -f deploy/docker/validator.Dockerfile -t rodeo-validator .
# Run (docs/operations.md): the ledger and state in a volume, the wallets mounted read-only,
#   docker run -d --name rodeo-validator --restart unless-stopped \
#     --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
#     -v rodeo-data:/data -v ~/.bittensor/wallets:/wallets:ro \
#     -e RODEO_CHAIN_NETUID=N -p 127.0.0.1:8090:8090 rodeo-validator
# The code sandbox (datasets/sandbox/README.md) makes user, mount, net and pid namespaces for miners' code:
# Docker's default seccomp and AppArmor profiles refuse those, and `validator run` then stops at start with a
# coded error. The two --security-opt above allow them (or use a seccomp profile that allows unshare, mount,
# chroot and setns).
# Pin the base image by digest for a reproducible build (docker buildx imagetools inspect node:20-bookworm-slim).
FROM node:20-bookworm-slim

# python3 runs the code tasks' programs in the sandbox; unshare and setpriv come with util-linux (in the base).
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 \
  && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV NODE_ENV=production \
    RODEO_VALIDATOR_API_HOST=0.0.0.0 \
    RODEO_VALIDATOR_API_PORT=8090 \
    RODEO_VALIDATOR_DATA_DIR=/data \
    RODEO_CHAIN_WALLET_PATH=/wallets

# Dependencies first (cached while only the source changes); no install scripts run.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY . .

# /data must be writable by the node user: the ledger is LevelDB (its LOCK file included).
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8090
# GET /health of the validator's HTTP API: {"status":"ok"|"paused",...}; 200 while the API is up.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.RODEO_VALIDATOR_API_PORT||8090)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# SIGTERM (docker stop) closes the ledger and the API; give it time: docker stop -t 90.
STOPSIGNAL SIGTERM
CMD ["node", "bin/rodeo.mjs", "validator", "run", "--chain", "finney", "--wallet.name", "validator", "--wallet.hotkey", "default"]
