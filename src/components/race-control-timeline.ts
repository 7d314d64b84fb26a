import * as Plot from "npm:@observablehq/plot";

/** A race-control message at a time (epoch ms or Date). */
export interface ControlMessage {
  date: number | Date;
  category: string | null;
  flag?: string | null;
  message: string | null;
}

/** A stretch of time under one track status (see toStatusSpans). */
export interface StatusSpan {
  start: number | Date;
  end: number | Date;
  message: string;
}

export interface RaceControlTimelineOptions extends Plot.PlotOptions {
  /** Track-status spans drawn as bands behind the messages; defaults to none. */
  spans?: readonly StatusSpan[];
}

// Flag colours as marshals show them; messages without a flag are grey.
const flagColours: Record<string, string> = {
  GREEN: "#2ca02c",
  YELLOW: "#f2c80f",
  "DOUBLE YELLOW": "#f29f05",
  RED: "#d62728",
  BLUE: "#1f77b4",
  CHEQUERED: "#333333",
  "BLACK AND WHITE": "#555555",
  CLEAR: "#9acd32",
  OTHER: "#999999",
};

const statusColours: Record<string, string> = {
  Yellow: "#f2c80f",
  SCDeployed: "#ff7f0e",
  VSCDeployed: "#ffbb78",
  VSCEnding: "#ffdcb8",
  Red: "#d62728",
};

/**
 * Race control over time: one row of dots per message category (flags, safety car, DRS, car events,
 * other), coloured by flag, over bands for the track status (yellow, SC, VSC, red).
 */
export function RaceControlTimeline(
  messages: readonly ControlMessage[],
  {spans = [], ...options}: RaceControlTimelineOptions = {},
) {
  const shownSpans = spans.filter((span) => span.message in statusColours);
  const statuses = Object.keys(statusColours).filter((status) =>
    shownSpans.some((span) => span.message === status),
  );
  const flags = Object.keys(flagColours).filter((flag) =>
    messages.some((message) => flagOf(message) === flag),
  );
  return Plot.plot({
    marginLeft: 80,
    height: 220,
    x: {type: "utc", label: "Time (UTC)"},
    y: {label: null, domain: categories},
    color: {
      legend: true,
      domain: [...statuses, ...flags],
      range: [...statuses.map((s) => statusColours[s]!), ...flags.map((f) => flagColours[f]!)],
    },
    marks: [
      Plot.rectX(shownSpans, {x1: "start", x2: "end", fill: "message", fillOpacity: 0.35}),
      Plot.dot(messages, {
        x: "date",
        y: categoryOf,
        fill: flagOf,
        stroke: "currentColor",
        strokeWidth: 0.5,
        r: 4,
        tip: true,
        title: (message: ControlMessage) => message.message ?? "",
      }),
    ],
    ...options,
  });
}

const categories = ["Flag", "SafetyCar", "Drs", "CarEvent", "Other"];

function categoryOf(message: ControlMessage): string {
  return message.category && categories.includes(message.category) ? message.category : "Other";
}

function flagOf(message: ControlMessage): string {
  return message.flag && message.flag in flagColours ? message.flag : "OTHER";
}
