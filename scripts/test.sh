#!/usr/bin/env bash
# npm test: every check. Typecheck, lint, format, unit tests, then the built site in a real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
export OBSERVABLE_TELEMETRY_DISABLE=true
step() { printf '\n== %s\n' "$*" >&2; }
step "typecheck"; npx tsc --noEmit -p .
step "lint"; npx eslint .
step "format"; npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }
step "unit tests"; npx vitest run
step "build"; npm run --silent build
step "browser tests"; npx vitest run --config vitest.browser.config.ts
