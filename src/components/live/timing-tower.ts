import type {LiveDriver, LiveState, SegmentColour} from "../../sport/kernel-messages.js";

export interface TimingTowerOptions {
  document?: Document;
}

const SEGMENT_FILL: Record<Exclude<SegmentColour, null>, string> = {
  yellow: "#f5c518",
  green: "#18a558",
  purple: "#9b30ff",
  pit: "#4aa3df",
  other: "#999",
};

const TYRE_LETTER: Record<string, string> = {SOFT: "S", MEDIUM: "M", HARD: "H", INTERMEDIATE: "I", WET: "W"};

/** Cars in running order (cars without a position last, by number). */
export function toRunningOrder(drivers: LiveState["drivers"] | undefined): LiveDriver[] {
  return Object.values(drivers ?? {}).sort(
    (a, b) => (a.position ?? 99) - (b.position ?? 99) || a.driverNumber - b.driverNumber,
  );
}

/**
 * The timing tower as an HTML table: position, car, gap, interval, last and best lap, sectors (purple =
 * overall best, green = personal best) with mini-sectors, tyre and age, stops and status. Rows carry
 * `data-driver` and `data-position` so tests and scripts read exact values.
 */
export function TimingTower(
  drivers: LiveState["drivers"] | undefined,
  {document: doc = globalThis.document}: TimingTowerOptions = {},
): HTMLTableElement {
  const table = doc.createElement("table");
  table.className = "timing-tower";
  const head = table.createTHead().insertRow();
  for (const title of ["Pos", "Car", "Gap", "Int", "Last", "Best", "S1", "S2", "S3", "Tyre", "Stops", ""]) {
    const th = doc.createElement("th");
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const driver of toRunningOrder(drivers)) {
    const row = body.insertRow();
    row.dataset.driver = String(driver.driverNumber);
    row.dataset.position = String(driver.position ?? "");
    const cell = (text: string, className = "") => {
      const td = row.insertCell();
      td.textContent = text;
      if (className) td.className = className;
      return td;
    };
    cell(String(driver.position ?? ""), "pos");
    const car = cell(`${driver.driverNumber} ${driver.tla ?? ""}`.trim(), "car");
    car.style.borderLeft = `4px solid #${driver.teamColour ?? "888888"}`;
    cell(driver.gapToLeader ?? "", "num");
    cell(driver.interval ?? "", "num");
    cell(driver.lastLap.time ?? "", `num ${flagClass(driver.lastLap)}`);
    cell(driver.bestLap.time ?? "", `num ${driver.bestLap.overallBest ? "overall" : ""}`);
    for (const sector of driver.sectors) {
      const td = cell(sector.time ?? "", `num sector ${flagClass(sector)}`);
      const bar = doc.createElement("div");
      bar.className = "segments";
      for (const colour of sector.segments) {
        const segment = doc.createElement("span");
        segment.style.background = colour ? SEGMENT_FILL[colour] : "#ddd";
        bar.append(segment);
      }
      td.append(bar);
    }
    const tyre = driver.tyre;
    cell(tyre ? `${TYRE_LETTER[tyre.compound ?? ""] ?? "?"} ${tyre.ageLaps ?? ""}` : "", "tyre").title = tyre
      ? `${tyre.compound ?? "unknown"}${tyre.isNew ? " (new)" : ""}, ${tyre.ageLaps ?? "?"} laps`
      : "";
    cell(String(driver.pitStops ?? 0), "num");
    cell(statusOf(driver), "status");
  }
  return table;
}

function flagClass(lap: {personalBest: boolean; overallBest: boolean}): string {
  return lap.overallBest ? "overall" : lap.personalBest ? "personal" : "";
}

function statusOf(driver: LiveDriver): string {
  if (driver.retired) return "OUT";
  if (driver.stopped) return "STOP";
  if (driver.knockedOut) return "KO";
  if (driver.inPit) return "PIT";
  if (driver.pitOut) return "OUT LAP";
  return "";
}
