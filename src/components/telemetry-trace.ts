import * as Plot from "npm:@observablehq/plot";
import {toColourScale, unique} from "./driver-colours.js";

/** One telemetry sample placed along the lap. */
export interface TelemetrySample {
  driver: string;
  distance_m: number;
  speed_kph: number | null;
  throttle_pct: number | null;
  brake: number | null;
  n_gear: number | null;
  rpm: number | null;
}

/** A corner to mark on the distance axis. */
export interface CornerMark {
  distance_m: number;
  label: string;
}

type Channel = "speed_kph" | "throttle_pct" | "brake" | "n_gear" | "rpm";

const channelLabels: Record<Channel, string> = {
  speed_kph: "Speed (km/h)",
  throttle_pct: "Throttle (%)",
  brake: "Brake (on/off)",
  n_gear: "Gear",
  rpm: "RPM",
};

export interface TelemetryTraceOptions extends Plot.PlotOptions {
  /** Channels, one chart each, top to bottom; defaults to speed, throttle, brake, gear, RPM. */
  channels?: readonly Channel[];
  colours?: ReadonlyMap<string, string>;
  corners?: readonly CornerMark[];
  document?: Document;
}

const SVG = "http://www.w3.org/2000/svg";

/** Line options that put a dot on every sample. */
const withSampleDots = {marker: sampleDot, className: "samples"};

/**
 * A small dot at every vertex of a line, drawn by the line's own path: one element per driver instead of one
 * circle per sample (some 2,800 on two laps over five channels, which made redrawing slow).
 */
function sampleDot(color: string, context: {document: Document}): SVGMarkerElement {
  const marker = context.document.createElementNS(SVG, "marker");
  // 6.67 units a side at stroke width 1.2 is an 8 px box for a 10-unit view box; r 1.6 units ≈ 1.3 px.
  for (const [name, value] of <[string, string][]>[
    ["viewBox", "-5 -5 10 10"],
    ["markerWidth", "6.67"],
    ["markerHeight", "6.67"],
    ["fill", color],
    ["stroke", "none"],
  ])
    marker.setAttribute(name, value);
  const dot = context.document.createElementNS(SVG, "circle");
  dot.setAttribute("r", "1.6");
  marker.append(dot);
  return marker;
}

/**
 * Telemetry against distance: one chart per channel, sharing the distance axis. Each sample is drawn as a
 * dot on the top chart's line, because the feed sends about 3.7 samples a second (one every ~20 m at
 * 270 km/h) and a smooth line alone would hide how little is known between them.
 */
export function TelemetryTrace(
  samples: readonly TelemetrySample[],
  {
    channels = ["speed_kph", "throttle_pct", "brake", "n_gear", "rpm"],
    colours,
    corners = [],
    document: doc = globalThis.document,
    ...options
  }: TelemetryTraceOptions = {},
): HTMLElement {
  const drivers = unique(samples.map((sample) => sample.driver));
  const maxDistance = Math.max(0, ...samples.map((sample) => sample.distance_m));
  const figure = doc.createElement("div");
  figure.className = "telemetry-trace";
  channels.forEach((channel, index) => {
    const last = index === channels.length - 1;
    const defined = samples.filter((sample) => sample[channel] != null);
    const stepped = channel === "n_gear" || channel === "brake";
    // Every channel comes from the same samples, so dots on the top chart show the sampling for all.
    const dotted = index === 0;
    const line = {x: "distance_m", y: channel, z: "driver", stroke: "driver", strokeWidth: 1.2} as const;
    figure.append(
      Plot.plot({
        document: doc,
        height: channel === "speed_kph" ? 200 : 110,
        marginLeft: 56,
        marginBottom: last ? 32 : 8,
        x: {domain: [0, maxDistance], label: last ? "Distance (m)" : null, axis: last ? "bottom" : null},
        y: {label: channelLabels[channel], grid: true},
        color: {...toColourScale(drivers, colours), legend: index === 0},
        marks: [
          Plot.ruleX(corners, {x: "distance_m", strokeOpacity: 0.15}),
          ...(index === 0
            ? [Plot.text(corners, {x: "distance_m", frameAnchor: "top", text: "label", dy: 2, fontSize: 9})]
            : []),
          Plot.line(defined, {
            ...line,
            curve: stepped ? "step" : "linear",
            ...(dotted && !stepped ? withSampleDots : {}),
          }),
          // A step curve has two vertices a sample and would dot both: its dots get a path of their own.
          ...(dotted && stepped ? [Plot.line(defined, {...line, strokeOpacity: 0, ...withSampleDots})] : []),
        ],
        ...options,
      }),
    );
  });
  return figure;
}
