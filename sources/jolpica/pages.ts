import type {Http, RateWindow} from "../http/index.js";
import {envelopeSchema, type Envelope} from "./wire.js";

/** Jolpica answers at most 100 items a page, whatever `limit` asks for. */
export const MAX_PAGE_SIZE = 100;

/**
 * Where the paged items sit in an answer: the table (e.g. "RaceTable") and the chain of arrays leading to
 * them (e.g. ["Races", "Laps", "Timings"]). Jolpica counts `limit`, `offset` and `total` in items of the
 * last array, so one race, or one lap, can be split across two pages.
 */
export interface ItemPath {
  table: string;
  arrays: readonly string[];
}

/** One item Jolpica counts when paging, with the objects it sits in (e.g. its race and lap). */
export interface PagedItem {
  value: unknown;
  parents: readonly unknown[];
  /** The URL of the page it came from, for problems. */
  source: string;
}

export interface PagingOptions {
  /** Items per page; unset, the first page uses the server's default (30) and later pages the maximum. */
  pageSize?: number;
  rateLimit: readonly RateWindow[];
}

/**
 * GETs every page of `url` (no query) and returns the items of all pages in order, each exactly once.
 * Fails when a page does not hold the items its offset and total promise (the data changed while paging).
 */
export async function getAllItems(
  http: Http,
  url: string,
  path: ItemPath,
  options: PagingOptions,
): Promise<PagedItem[]> {
  const items: PagedItem[] = [];
  let offset = 0;
  let total: number | null = null;
  for (;;) {
    // Without a page size the first URL carries no query, so it is the URL mirrors and caches know.
    const pageUrl =
      offset === 0 && options.pageSize === undefined
        ? url
        : `${url}?limit=${options.pageSize ?? MAX_PAGE_SIZE}&offset=${offset}`;
    const page = readEnvelope(pageUrl, await http.getJson(pageUrl, {rateLimit: options.rateLimit}));
    const pageLimit = Number(page.limit);
    const pageOffset = Number(page.offset);
    const pageTotal = Number(page.total);
    const found = unpackItems(page, path, pageUrl);
    const expected = Math.max(0, Math.min(pageLimit, pageTotal - offset));
    const changed = total !== null && pageTotal !== total;
    if (pageOffset !== offset || found.length !== expected || changed || pageLimit < 1) {
      throw new Error(
        `${pageUrl} answered offset ${page.offset}, limit ${page.limit}, total ${page.total} with ` +
          `${found.length} items, where ${expected} items from offset ${offset}` +
          `${total === null ? "" : ` of ${total}`} were due. The data may have changed while paging: run again.`,
      );
    }
    total = pageTotal;
    items.push(...found);
    offset += pageLimit;
    if (offset >= total) return items;
  }
}

function readEnvelope(url: string, body: unknown): Envelope {
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) {
    throw new Error(
      `${url} is not a Jolpica answer (no MRData with limit, offset and total: ${parsed.error.issues
        .map((issue) => `${issue.path.join(".")} ${issue.message}`)
        .join("; ")}). Check the base URL.`,
    );
  }
  return parsed.data.MRData;
}

/** The items of one page, flattened out of their arrays in order. */
export function unpackItems(page: Envelope, path: ItemPath, source: string): PagedItem[] {
  const items: PagedItem[] = [];
  const visit = (container: unknown, depth: number, parents: readonly unknown[]): void => {
    const array = (container as Record<string, unknown> | null)?.[path.arrays[depth]!];
    if (!Array.isArray(array)) return;
    for (const value of array) {
      if (depth === path.arrays.length - 1) items.push({value, parents, source});
      else visit(value, depth + 1, [...parents, value]);
    }
  };
  visit(page[path.table], 0, []);
  return items;
}
