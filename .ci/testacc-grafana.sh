#!/usr/bin/env bash
# make testacc-grafana: the o11y_silence acceptance suite against a real
# Grafana (docker-compose.yml), for people with Docker. CI here has no Docker
# engine; there the same suite runs against a real Alertmanager behind a
# proxy that serves Grafana's paths and auth.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v docker >/dev/null || { echo "docker is required for make testacc-grafana"; exit 1; }
docker compose up -d --wait
trap 'docker compose down -v' EXIT
make --no-print-directory tools
O11Y_TEST_GRAFANA_URL=${O11Y_TEST_GRAFANA_URL:-http://127.0.0.1:3000} \
O11Y_TEST_GRAFANA_USER=${O11Y_TEST_GRAFANA_USER:-admin} \
O11Y_TEST_GRAFANA_PASSWORD=${O11Y_TEST_GRAFANA_PASSWORD:-admin} \
TF_ACC=1 TF_ACC_TERRAFORM_PATH="$PWD/bin/terraform" TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 \
  go test ./internal/silence/... -count=1 -v
