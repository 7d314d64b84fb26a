// Run before `observable build`/`preview`: clears loader outputs built by other code or other settings.
import {join} from "node:path";
import {projectRoot, readSettings} from "../../sources/settings.js";
import {invalidateLoaderCache, loaderStamp, precomputedStamp, PRECOMPUTED_OUTPUTS} from "./loader-cache.js";

const frameworkCache = join(projectRoot, "src", ".observablehq", "cache");
const cleared = await invalidateLoaderCache(frameworkCache, await loaderStamp(readSettings()));
if (cleared)
  process.stderr.write(
    "loader cache: code or data settings changed since the last build; every loader reruns\n",
  );
if (await invalidateLoaderCache(frameworkCache, await precomputedStamp(), PRECOMPUTED_OUTPUTS))
  process.stderr.write(
    "loader cache: a page's SQL cells changed; their build-time answers are computed again\n",
  );
