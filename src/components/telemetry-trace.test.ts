// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {colours} from "./fixtures.js";
import {expectSnapshot} from "./render-snapshot.js";
import {TelemetryTrace} from "./telemetry-trace.js";

describe("TelemetryTrace", () => {
  it("stacks one chart per channel on a shared distance axis, with every sample drawn", async () => {
    const samples = ["AAA", "BBB"].flatMap((driver, d) =>
      Array.from({length: 6}, (_, i) => ({
        driver,
        distance_m: i * 60 + d * 10,
        speed_kph: 200 + i * 10 - d * 5,
        throttle_pct: i < 3 ? 100 : 0,
        brake: i < 3 ? 0 : 100,
        n_gear: 6 + Math.min(i, 2),
        rpm: i === 2 ? null : 10_500 + i * 100,
      })),
    );
    const trace = await expectSnapshot("telemetry-trace.html", () =>
      TelemetryTrace(samples, {colours, corners: [{distance_m: 150, label: "T1"}], width: 480}),
    );
    expect(trace.children).toHaveLength(5);
    // A dot on every sample of the top chart, drawn as markers of one path a driver, not a circle each.
    const samplePaths = [...trace.children[0]!.querySelectorAll("g.samples path")];
    const vertices = samplePaths.map((path) => path.getAttribute("d")!.match(/[ML]/g)?.length);
    expect(vertices).toEqual([6, 6]);
    expect(samplePaths.every((path) => path.getAttribute("marker-mid")?.startsWith("url(#"))).toBe(true);
    expect(trace.querySelectorAll("circle")).toHaveLength(trace.querySelectorAll("marker circle").length);
    // The RPM chart skips the sample without a value.
    const rpmLines = [...trace.children[4]!.querySelectorAll("g[aria-label='line'] path")];
    expect(rpmLines.map((path) => path.getAttribute("d")!.match(/[ML]/g)?.length)).toEqual([5, 5]);
  });
});
