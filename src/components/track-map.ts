import * as Plot from "npm:@observablehq/plot";
import {toColourScale, unique} from "./driver-colours.js";

/** A point of the lap's path, the mini-sector it lies in and who was faster there. */
export interface TrackPoint {
  x: number;
  y: number;
  minisector: number;
  faster: string;
}

/** A corner from circuit data, in the same frame as the car positions. */
export interface TrackCorner {
  x: number;
  y: number;
  number: number;
  letter?: string | null;
}

export interface TrackMapOptions extends Plot.PlotOptions {
  colours?: ReadonlyMap<string, string>;
  corners?: readonly TrackCorner[];
  /** Degrees to turn the map so it looks as on broadcasts (circuit data's `rotation`); defaults to 0. */
  rotation?: number;
}

/**
 * The circuit drawn from a lap's car positions, each mini-sector coloured by the driver who was faster
 * through it, with corner numbers where circuit data has them.
 */
export function TrackMap(
  points: readonly TrackPoint[],
  {colours, corners = [], rotation = 0, ...options}: TrackMapOptions = {},
) {
  const turn = rotate(rotation);
  const path = points.map((point) => ({...point, ...turn(point)}));
  const marks = corners.map((corner) => ({
    ...corner,
    ...turn(corner),
    label: `${corner.number}${corner.letter ?? ""}`,
  }));
  const winners = unique(path.map((point) => point.faster)).sort();
  return Plot.plot({
    aspectRatio: 1,
    margin: 20,
    x: {axis: null},
    y: {axis: null},
    color: {...toColourScale(winners, colours), legend: true},
    marks: [
      Plot.line(path, {
        x: "x",
        y: "y",
        z: "minisector",
        stroke: "faster",
        strokeWidth: 5,
        strokeLinecap: "round",
      }),
      Plot.dot(marks, {x: "x", y: "y", r: 7, fill: "var(--theme-background, white)", stroke: "currentColor"}),
      Plot.text(marks, {x: "x", y: "y", text: "label", fontSize: 8}),
    ],
    ...options,
  });
}

function rotate(degrees: number): (point: {x: number; y: number}) => {x: number; y: number} {
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  return ({x, y}) => ({x: x * cos - y * sin, y: x * sin + y * cos});
}
