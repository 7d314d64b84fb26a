// The qualifying notebook's fixed SQL cells answered at build time for one session (store/precompute-sql.ts). The
// folder names the page: copy this file into src/data/precomputed/<folder>/ for another notebook.
import {runPrecomputeLoader} from "../../../../store/precompute-sql.js";

await runPrecomputeLoader(import.meta.url);
