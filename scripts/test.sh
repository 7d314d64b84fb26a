#!/usr/bin/env bash
# npm test: every check. Typecheck, lint, format, unit tests, hostile requests, injected faults, then the built
# site in a real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
export OBSERVABLE_TELEMETRY_DISABLE=true
step() { printf '\n== %s\n' "$*" >&2; }
step "typecheck"; npx tsc --noEmit -p .
step "lint"; npx eslint .
step "format"; npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }
step "unit tests"; npx vitest run
step "security tests"; npx vitest run -c test/security/vitest.config.ts test/security
step "fault tests (kernel nodes killed, sources stalled; a few minutes)"; npx vitest run -c test/faults/vitest.config.ts
step "build"; npm run --silent build
step "browser tests"; npx vitest run --config vitest.browser.config.ts
