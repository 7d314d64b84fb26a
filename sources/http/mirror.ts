import {readFile} from "node:fs/promises";
import {join, normalize, sep} from "node:path";

/**
 * A local folder that answers HTTP GETs offline. `urls.tsv` (url<TAB>path, with a header) maps each URL to
 * its file; URLs it does not list are not answered, so a missing recording is never mistaken for data.
 */
export class Mirror {
  private constructor(
    readonly root: string,
    private readonly paths: ReadonlyMap<string, string>,
  ) {}

  /** Opens the mirror at `root`; fails with advice when the folder has no urls.tsv. */
  static async open(root: string): Promise<Mirror> {
    const index = join(root, "urls.tsv");
    let text: string;
    try {
      text = await readFile(index, "utf8");
    } catch {
      throw new Error(
        `No mirror index at ${index}. A mirror folder needs urls.tsv (url<TAB>path per line). ` +
          `Point PITWALL_MIRROR at a folder like ../shared/data, or set PITWALL_MIRROR=none to use the internet.`,
      );
    }
    const paths = new Map<string, string>();
    for (const line of text.split(/\r?\n/)) {
      const [url, path] = line.split("\t");
      if (!url || !path || url === "url") continue;
      paths.set(canonicalUrl(url), path);
    }
    return new Mirror(root, paths);
  }

  /** Absolute file path for a URL, or null when the mirror does not hold it. */
  pathFor(url: string): string | null {
    const path = this.paths.get(canonicalUrl(url));
    if (path == null) return null;
    const resolved = normalize(join(this.root, path));
    if (!resolved.startsWith(normalize(this.root) + sep)) return null;
    return resolved;
  }

  /** Mirrored URLs starting with `prefix`, sorted. */
  list(prefix: string): string[] {
    const wanted = canonicalUrl(prefix);
    return [...this.paths.keys()].filter((url) => url.startsWith(wanted)).sort();
  }
}

/** Sorts query parameters so "a=1&b=2" and "b=2&a=1" find the same recording. */
export function canonicalUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.sort();
    return parsed.toString();
  } catch {
    return url;
  }
}
