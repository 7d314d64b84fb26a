import * as Plot from "npm:@observablehq/plot";

/** A weather sample (epoch ms or Date). */
export interface WeatherSample {
  date: number | Date;
  air_temperature: number | null;
  track_temperature: number | null;
  rainfall?: boolean | null;
}

export type WeatherChartOptions = Plot.PlotOptions;

/** Air and track temperature over the session, with a blue band along the bottom wherever rain fell. */
export function WeatherChart(samples: readonly WeatherSample[], options: WeatherChartOptions = {}) {
  const long = samples.flatMap((sample) => [
    {date: sample.date, series: "Track", value: sample.track_temperature},
    {date: sample.date, series: "Air", value: sample.air_temperature},
  ]);
  const rain = samples.filter((sample) => sample.rainfall);
  return Plot.plot({
    marginLeft: 44,
    height: 220,
    x: {type: "utc", label: "Time (UTC)"},
    y: {label: "Temperature (°C)", grid: true},
    color: {legend: true, domain: ["Track", "Air", "Rain"], range: ["#d62728", "#1f77b4", "#4a90d9"]},
    marks: [
      Plot.tickX(rain, {
        x: "date",
        stroke: () => "Rain",
        strokeWidth: 3,
        insetTop: 180,
      }),
      Plot.line(long, {x: "date", y: "value", z: "series", stroke: "series", tip: true}),
    ],
    ...options,
  });
}
