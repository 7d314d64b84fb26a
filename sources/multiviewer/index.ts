// MultiViewer circuit layouts (corners, map rotation) for the telemetry track map. Node only.
export {pickLayoutYear, readCircuitCorners, type CircuitCorner, type CircuitRead} from "./read-circuit.js";
