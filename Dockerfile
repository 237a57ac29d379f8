# syntax=docker/dockerfile:1
#
# Tingjian (听见) service image: `tingjian serve` by default; docker-compose.yml also runs it as
# `tingjian worker`. Untested here: no Docker engine runs in this repository's CI, which only
# validates docker-compose.yml (scripts/validate-compose.sh).

ARG NODE_IMAGE=node:20-bookworm-slim

# ── build: dependencies (with native addons) and the TypeScript build ─────────────────────────────
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# nodejieba is a native addon: node-pre-gyp falls back to compiling it when no prebuilt binary fits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
# --ignore-scripts: the root `prepare` script is the build, which needs the sources copied below;
# `npm rebuild` then runs the dependencies' own install scripts (nodejieba, sharp, …).
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild
COPY . .
# `npm run build` compiles the API to dist/ and the web UI (web/, Vite) to dist/web, which the API serves.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# ── audio ─────────────────────────────────────────────────────────────────────────────────────
# whisper.cpp comes prebuilt inside the npm package @fugood/whisper.node, installed by the explicit
# `npm run setup:audio` step (it is not in package.json: its macOS/Windows builds are not on every
# registry mirror, and transcript-only deployments do without its ~260 MB). It runs in a child
# process per channel. Build with --build-arg AUDIO=0 to leave it out.
ARG AUDIO=1
RUN if [ "$AUDIO" = "1" ]; then npm run setup:audio; fi
# ── end audio ─────────────────────────────────────────────────────────────────────────────────────

# ── runtime ───────────────────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS runtime

# ── audio: ffmpeg decodes uploaded recordings (wav, mp3, m4a/aac, amr, ogg/opus, flac; SILK is
# decoded by silk-wasm first). Set WHISPER_MODEL to a model file in the volume to transcribe
# (`tingjian models pull small` stores ggml-small.bin under $MODELS_DIR/whisper/).
RUN apt-get update \
  && apt-get install -y --no-install-recommends ffmpeg \
  && rm -rf /var/lib/apt/lists/*
# ── end audio ─────────────────────────────────────────────────────────────────────────────────────

# MALLOC_ARENA_MAX: fewer glibc malloc arenas for the server's threads, ~40 MB less resident
# (docs/decisions.md, "Memory of the embedded server"); glibc reads it only at process start.
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/tingjian/data \
    MODELS_DIR=/var/lib/tingjian/models
RUN groupadd --system tingjian \
  && useradd --system --gid tingjian --home-dir /var/lib/tingjian --shell /usr/sbin/nologin tingjian \
  && mkdir -p /var/lib/tingjian/data /var/lib/tingjian/models \
  && chown -R tingjian:tingjian /var/lib/tingjian
WORKDIR /app
# The build does not copy data files: lexicons (and scorecards), SQL migrations and the example calls
# are read from beside dist/ at run time.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/lexicons ./lexicons
COPY --from=build /app/models/migrations ./models/migrations
COPY --from=build /app/examples ./examples
# `tingjian <command>` on the PATH (docker-compose.yml runs `tingjian serve` and `tingjian worker`).
RUN chmod 0755 /app/dist/bin/tingjian.js && ln -s /app/dist/bin/tingjian.js /usr/local/bin/tingjian
USER tingjian
VOLUME ["/var/lib/tingjian"]
EXPOSE 3000
CMD ["node","dist/bin/tingjian.js","serve"]
