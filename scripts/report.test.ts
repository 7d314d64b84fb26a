import {mkdtemp, mkdir, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {findBuiltReport, parseReportArgs} from "./report.js";

describe("npm run report arguments", () => {
  it("reads the session, --pdf and --out", () => {
    expect(parseReportArgs(["2025-miami-grand-prix-sprint", "--pdf"], "/x")).toEqual({
      session: "2025-miami-grand-prix-sprint",
      pdf: true,
      out: "/x/reports/2025-miami-grand-prix-sprint.pdf",
    });
    expect(parseReportArgs(["--out=r.pdf", "a-b", "--pdf"], "/x").out).toBe("/x/r.pdf");
  });

  it("refuses what it does not understand, with the usage", () => {
    expect(() => parseReportArgs([])).toThrow("usage: npm run report");
    expect(() => parseReportArgs(["../etc/passwd"])).toThrow("is not a session id");
    expect(() => parseReportArgs(["a", "--landscape"])).toThrow("unknown option --landscape");
  });

  it("says what to do when the report is not built", async () => {
    const dist = await mkdtemp(join(tmpdir(), "pitwall-dist-"));
    try {
      expect(() => findBuiltReport(dist, "a")).toThrow("run `npm run build` first");
      await writeFile(join(dist, "index.html"), "");
      await mkdir(join(dist, "pages", "race"), {recursive: true});
      expect(() => findBuiltReport(dist, "2025-mexico-city-grand-prix-qualifying")).toThrow(
        "races and sprints only",
      );
      await writeFile(join(dist, "pages", "race", "a.html"), "");
      expect(findBuiltReport(dist, "a")).toBe(join(dist, "pages", "race", "a.html"));
    } finally {
      await rm(dist, {recursive: true, force: true});
    }
  });
});
