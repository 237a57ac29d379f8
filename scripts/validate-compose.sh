#!/usr/bin/env bash
# Validates docker-compose.yml with Debian's docker-compose (`config` parses, interpolates and
# checks the file; no Docker engine needed). Installs docker-compose when missing. Used by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v docker-compose >/dev/null 2>&1; then
  echo "installing docker-compose (apt-get)"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends docker-compose
fi

docker-compose version
docker-compose -f docker-compose.yml config >/dev/null
docker-compose -f docker-compose.yml config --services
echo "docker-compose.yml is valid"
