// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {expectSnapshot} from "./render-snapshot.js";
import {WeatherChart} from "./weather-chart.js";

describe("WeatherChart", () => {
  it("draws air and track temperature and marks rain", async () => {
    const t0 = Date.UTC(2025, 6, 6, 14);
    const samples = Array.from({length: 6}, (_, i) => ({
      date: t0 + i * 60_000,
      air_temperature: 21 + i * 0.1,
      track_temperature: 35 - i,
      rainfall: i >= 4,
    }));
    const chart = await expectSnapshot("weather-chart.html", () => WeatherChart(samples, {width: 480}));
    expect(chart.querySelectorAll("g[aria-label='tick'] line")).toHaveLength(2);
    expect(chart.querySelectorAll("g[aria-label='line'] path")).toHaveLength(2);
  });
});
