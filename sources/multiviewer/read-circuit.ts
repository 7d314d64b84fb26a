import {readdir, readFile} from "node:fs/promises";
import {join} from "node:path";

/** A corner of a circuit layout, in the frame of the live-timing car positions (1/10 m). */
export interface CircuitCorner {
  number: number;
  letter: string | null;
  x: number;
  y: number;
  angle_deg: number;
}

/** A circuit's corners and map rotation, or why there are none. */
export type CircuitRead =
  | {corners: CircuitCorner[]; rotation_deg: number; layout_year: number; reason: null}
  | {corners: []; rotation_deg: null; layout_year: null; reason: string};

/**
 * Reads the corners of circuit `circuitKey` from `<folder>/<circuitKey>/<year>.json`, taking the season asked
 * for or else the nearest earlier one, else the nearest later one (a layout rarely changes). The API answers
 * unknown circuits with the text "Circuit not found" instead of JSON; that, like a missing file, is a reason.
 */
export async function readCircuitCorners(
  folder: string,
  circuitKey: number,
  year: number,
): Promise<CircuitRead> {
  const dir = join(folder, String(circuitKey));
  const years = await readdir(dir).then(
    (names) =>
      names
        .map((name) => /^(\d{4})\.json$/.exec(name)?.[1])
        .filter((y) => y != null)
        .map(Number),
    () => [] as number[],
  );
  const chosen = pickLayoutYear(years, year);
  if (chosen == null)
    return absent(
      `The circuit-layout archive (multiviewer/circuits) has no layout for circuit ${circuitKey}.`,
    );
  const path = join(dir, `${chosen}.json`);
  const text = await readFile(path, "utf8");
  let layout: unknown;
  try {
    layout = JSON.parse(text);
  } catch {
    return absent(`${path} is not a circuit layout (it reads "${text.slice(0, 40).trim()}").`);
  }
  const {corners, rotation} = (layout ?? {}) as {corners?: unknown; rotation?: unknown};
  if (!Array.isArray(corners) || typeof rotation !== "number")
    return absent(`${path} has no corners or rotation: not a circuit layout.`);
  return {corners: corners.flatMap(toCorner), rotation_deg: rotation, layout_year: chosen, reason: null};
}

/** The year wanted when present, else the latest before it, else the earliest after it. */
export function pickLayoutYear(years: readonly number[], wanted: number): number | null {
  const before = years.filter((y) => y <= wanted).sort((a, b) => b - a);
  const after = years.filter((y) => y > wanted).sort((a, b) => a - b);
  return before[0] ?? after[0] ?? null;
}

function toCorner(value: unknown): CircuitCorner[] {
  const corner = value as {
    number?: unknown;
    letter?: unknown;
    angle?: unknown;
    trackPosition?: {x?: unknown; y?: unknown};
  };
  const {x, y} = corner.trackPosition ?? {};
  if (typeof corner.number !== "number" || typeof x !== "number" || typeof y !== "number") return [];
  return [
    {
      number: corner.number,
      letter: typeof corner.letter === "string" && corner.letter !== "" ? corner.letter : null,
      x,
      y,
      angle_deg: typeof corner.angle === "number" ? corner.angle : 0,
    },
  ];
}

function absent(reason: string): CircuitRead {
  return {corners: [], rotation_deg: null, layout_year: null, reason};
}
