import {mkdtemp, readdir, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {extractPdfText} from "../../scripts/pdf-text.js";
import {printReport} from "../../scripts/report.js";
import {formatGap} from "../../src/sport/lap-time.js";
import {readPageSource} from "./notebook-pages.js";
import {queryParquetNatively} from "./query-natively.js";
import {distDir} from "./site.js";
import {readSqlCell} from "../../src/notebook/sql-cells.js";

const session = "2025-miami-grand-prix-sprint";

/** The built site's Parquet file of a session table (its name carries a content hash). */
async function builtTable(table: string): Promise<string> {
  const dir = join(distDir, "_file", "data", "session", session);
  const name = (await readdir(dir)).find((file) => file.startsWith(`${table}.`) && file.endsWith(".parquet"));
  if (!name) throw new Error(`no ${table} Parquet for ${session} in dist/: run npm run build`);
  return join(dir, name);
}

// `npm run report -- <session> --pdf` end to end: Chromium prints the built report, and the PDF's own text
// (read with scripts/pdf-text.ts, no PDF tool needed) holds the title and the classification in order.
describe("race report to PDF", () => {
  it("prints the title and the classification", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pitwall-report-"));
    try {
      const out = join(dir, "report.pdf");
      const bytes = await printReport(session, out);
      const pdf = await readFile(out);
      expect(pdf.length).toBe(bytes);
      const text = extractPdfText(pdf).join("\n");
      expect(text).toContain("Miami Grand Prix 2025: Sprint");

      const classification = await queryParquetNatively(
        {classification: await builtTable("classification"), drivers: await builtTable("drivers")},
        readSqlCell(await readPageSource("race/[session].md"), "classification"),
      );
      expect(classification.length).toBe(20);
      // The printed table's cells, whitespace aside (the PDF splits runs where glyphs are kerned):
      // each row is driver, team, laps, gap, status, in finishing order.
      const squeeze = (value: string) => value.replace(/\s+/g, "");
      const section = squeeze(text.slice(text.indexOf("Classification"), text.indexOf("Lap chart")));
      let from = 0;
      for (const row of classification) {
        const gap =
          row.position === 1
            ? "Winner"
            : formatGap(row.gap_to_leader_s as number | null, row.laps_behind_leader as number | null);
        const cells = squeeze(`${row.driver}${row.team}${row.number_of_laps ?? ""}${gap}${row.status ?? ""}`);
        const at = section.indexOf(cells, from);
        expect({driver: row.driver, printed: at >= 0}).toEqual({driver: row.driver, printed: true});
        from = at + cells.length;
      }
    } finally {
      await rm(dir, {recursive: true, force: true});
    }
  });
});
