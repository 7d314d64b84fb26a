// The kernel as the benchmark runs it: one Node kernel on loopback, a fresh capture folder, no SQL.
// Prints {"url": ...} once listening. Args: --batch <ms> (the longest a delta waits to be batched).
import {mkdtemp} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {parseArgs} from "node:util";
import {startNodeKernel} from "../kernel/node.js";

const {values} = parseArgs({options: {batch: {type: "string", default: "200"}}});
const captureDir = await mkdtemp(join(tmpdir(), "pitwall-bench-capture-"));
const running = await startNodeKernel({
  captureDir,
  tokens: ["bench"],
  sql: null,
  resumeFeeds: false,
  channel: {maxBatchMs: Number(values.batch)},
  rateLimits: {requestsPerMinute: 100_000},
});
console.log(JSON.stringify({url: running.url, captureDir}));
