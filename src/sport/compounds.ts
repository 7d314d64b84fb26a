// Tyre compounds as timing names them, with the colours broadcasts use, so every chart agrees. Before 2019
// Pirelli named seven dry compounds (HYPERSOFT to SUPERHARD); timing sends those names for 2018 sessions.

export const COMPOUNDS = [
  "SOFT",
  "MEDIUM",
  "HARD",
  "INTERMEDIATE",
  "WET",
  "HYPERSOFT",
  "ULTRASOFT",
  "SUPERSOFT",
  "SUPERHARD",
  "UNKNOWN",
] as const;

export type Compound = (typeof COMPOUNDS)[number];

const colours: Record<Compound, string> = {
  SOFT: "#DA291C",
  MEDIUM: "#FFD12E",
  HARD: "#C8C8C8",
  INTERMEDIATE: "#43B02A",
  WET: "#0067AD",
  HYPERSOFT: "#FFB3C3",
  ULTRASOFT: "#A54CA5",
  SUPERSOFT: "#E0301E",
  SUPERHARD: "#F28C28",
  UNKNOWN: "#7F7F7F",
};

/** Canonical compound name from timing text ("soft" → SOFT); defaults to UNKNOWN. */
export function toCompound(text: string | null | undefined): Compound {
  const name = (text ?? "").trim().toUpperCase();
  return (COMPOUNDS as readonly string[]).includes(name) ? (name as Compound) : "UNKNOWN";
}

/** Colour of a compound, for charts. */
export function compoundColour(compound: string | null | undefined): string {
  return colours[toCompound(compound)];
}

/** Plot colour-scale options covering the given compounds (defaults to all), each in its colour. */
export function compoundScale(present?: Iterable<string | null>): {domain: string[]; range: string[]} {
  const wanted = present ? new Set([...present].map(toCompound)) : new Set(COMPOUNDS);
  const domain = COMPOUNDS.filter((compound) => wanted.has(compound));
  return {domain: [...domain], range: domain.map((compound) => colours[compound])};
}
