#!/usr/bin/env bash
# npm start: install what is missing, build the data and the notebooks, serve them on http://127.0.0.1:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
export OBSERVABLE_TELEMETRY_DISABLE=true
npx tsx scripts/prepare-data.ts
npm run --silent build
exec npx tsx scripts/serve-product.ts
