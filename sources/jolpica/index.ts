// Jolpica (the Ergast successor, api.jolpi.ca) as canonical history rows. Node only: it fetches over sources/http.
export {
  createJolpicaClient,
  openJolpica,
  JolpicaClient,
  JOLPICA_BASE_URL,
  JOLPICA_RATE_LIMIT,
  type JolpicaOptions,
  type SeasonHistoryOptions,
} from "./client.js";
export {MAX_PAGE_SIZE} from "./pages.js";
