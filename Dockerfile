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
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# ── audio (filled by the audio issue) ─────────────────────────────────────────────────────────────
# whisper.cpp is built in its own stage and only its binary (and model) is copied into the runtime
# stage below. Uncomment and pin a release when the audio issue lands, e.g.:
#
# FROM ${NODE_IMAGE} AS whisper
# ARG WHISPER_CPP_VERSION=v1.7.6
# RUN apt-get update \
#   && apt-get install -y --no-install-recommends git cmake make g++ ca-certificates \
#   && rm -rf /var/lib/apt/lists/*
# RUN git clone --depth 1 --branch ${WHISPER_CPP_VERSION} https://github.com/ggml-org/whisper.cpp /whisper.cpp \
#   && cmake -S /whisper.cpp -B /whisper.cpp/build -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
#   && cmake --build /whisper.cpp/build -j --config Release --target whisper-cli
# ── end audio ─────────────────────────────────────────────────────────────────────────────────────

# ── runtime ───────────────────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS runtime

# ── audio (filled by the audio issue) ─────────────────────────────────────────────────────────────
# RUN apt-get update \
#   && apt-get install -y --no-install-recommends ffmpeg \
#   && rm -rf /var/lib/apt/lists/*
# COPY --from=whisper /whisper.cpp/build/bin/whisper-cli /usr/local/bin/whisper-cli
# ENV WHISPER_BIN=/usr/local/bin/whisper-cli
# ── end audio ─────────────────────────────────────────────────────────────────────────────────────

ENV NODE_ENV=production \
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
