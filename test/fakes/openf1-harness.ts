import {readFileSync} from "node:fs";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {
  createHttp,
  createVirtualClock,
  type Http,
  type HttpOptions,
  type VirtualClock,
} from "../../sources/http/index.js";
import {createOpenF1Client, type OpenF1Client} from "../../sources/openf1/client.js";
import {projectRoot} from "../../sources/settings.js";
import {startFakeOpenF1, type FakeOpenF1, type FakeOpenF1Options} from "./openf1-server.js";

/** The fake OpenF1, an Http over it (virtual clock, temp cache) and a client, for tests. */
export interface OpenF1Harness {
  fake: FakeOpenF1;
  http: Http;
  client: OpenF1Client;
  clock: VirtualClock;
  cacheDir: string;
  logs: string[];
  /** A second Http and client over the same cache and fake, as a second run of a loader would make. */
  rerun(): Promise<OpenF1Client>;
  close(): Promise<void>;
}

/** The shared real-data folder (read-only; never copied into the repository). */
export const sharedDataDir = resolve(projectRoot, "..", "shared", "data");

/** A recorded OpenF1 response of session 9606, e.g. readRecorded("laps"). */
export function readRecorded<T = Record<string, unknown>>(endpoint: string): T[] {
  return JSON.parse(readFileSync(join(sharedDataDir, "openf1", "9606", `${endpoint}.json`), "utf8")) as T[];
}

/** 2024 Singapore GP race start: a whole second, so HTTP-dates round-trip exactly. */
export const SINGAPORE_RACE_START = Date.UTC(2024, 8, 22, 12, 0, 0);

/** Starts the fake and a client wired to it; the fake shares the client's virtual clock. */
export async function startOpenF1Harness(
  options: {fake?: FakeOpenF1Options; http?: Partial<HttpOptions>; startMs?: number} = {},
): Promise<OpenF1Harness> {
  const clock = createVirtualClock(options.startMs ?? SINGAPORE_RACE_START);
  const cacheDir = await mkdtemp(join(tmpdir(), "pitwall-openf1-"));
  const logs: string[] = [];
  const fake = await startFakeOpenF1({now: clock.now, ...options.fake});
  const makeClient = async () => {
    const http = await createHttp({
      mirror: null,
      cacheDir,
      clock,
      timeoutMs: 2_000,
      retry: {random: () => 0.5},
      log: (line) => logs.push(line),
      ...options.http,
    });
    return {http, client: createOpenF1Client(http, {baseUrl: fake.baseUrl, log: (line) => logs.push(line)})};
  };
  const {http, client} = await makeClient();
  return {
    fake,
    http,
    client,
    clock,
    cacheDir,
    logs,
    rerun: async () => (await makeClient()).client,
    close: async () => {
      await fake.close();
      await rm(cacheDir, {recursive: true, force: true});
    },
  };
}
