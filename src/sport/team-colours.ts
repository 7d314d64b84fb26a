// Team colours by season, as hex without "#", the form F1 timing's DriverList uses. Timing's own TeamColour
// wins when a session has it; this table covers history and sessions whose DriverList is missing.

type Palette = Readonly<Record<string, string>>;

const base: Palette = {
  mercedes: "27F4D2",
  "red bull": "3671C6",
  ferrari: "E8002D",
  mclaren: "FF8000",
  "aston martin": "229971",
  alpine: "FF87BC",
  williams: "64C4FF",
  rb: "6692FF",
  "racing bulls": "6692FF",
  alphatauri: "5E8FAA",
  "toro rosso": "469BFF",
  sauber: "52E252",
  "kick sauber": "52E252",
  "alfa romeo": "C92D4B",
  haas: "B6BABD",
  "haas f1 team": "B6BABD",
  renault: "FFF500",
  "racing point": "F596C8",
  "force india": "F596C8",
  audi: "F50537",
  cadillac: "909090",
};

const bySeason: Readonly<Record<number, Palette>> = {
  2018: {
    mercedes: "00D2BE",
    "red bull": "1E41FF",
    ferrari: "DC0000",
    williams: "FFFFFF",
    mclaren: "FF8700",
    sauber: "9B0000",
  },
  2019: {mercedes: "00D2BE", "red bull": "1E41FF", ferrari: "DC0000", williams: "FFFFFF", mclaren: "FF8700"},
  2020: {
    mercedes: "00D2BE",
    "red bull": "1E41FF",
    ferrari: "DC0000",
    williams: "0082FA",
    mclaren: "FF8700",
    alphatauri: "FFFFFF",
  },
  2021: {
    mercedes: "00D2BE",
    "red bull": "0600EF",
    ferrari: "DC0000",
    williams: "005AFF",
    mclaren: "FF9800",
    alpine: "0090FF",
    "aston martin": "006F62",
    alphatauri: "2B4562",
    "alfa romeo": "900000",
  },
  2022: {
    mercedes: "6CD3BF",
    "red bull": "1E5BC6",
    ferrari: "ED1C24",
    williams: "37BEDD",
    mclaren: "F58020",
    alpine: "2293D1",
    "aston martin": "2D826D",
    alphatauri: "4E7C9B",
    "alfa romeo": "B12039",
  },
  2023: {
    mercedes: "6CD3BF",
    "red bull": "3671C6",
    ferrari: "F91536",
    williams: "37BEDD",
    mclaren: "F58020",
    alpine: "2293D1",
    "aston martin": "358C75",
    alphatauri: "5E8FAA",
    "alfa romeo": "C92D4B",
  },
  2024: {
    mercedes: "27F4D2",
    "red bull": "3671C6",
    ferrari: "E8002D",
    williams: "64C4FF",
    mclaren: "FF8000",
    alpine: "FF87BC",
    "aston martin": "229971",
    rb: "6692FF",
    "kick sauber": "52E252",
  },
};

/** Normalises a team name for lookup: "Red Bull Racing" → "red bull", "Haas F1 Team" → "haas". */
export function teamKey(teamName: string): string {
  const name = teamName.toLowerCase().replace(/\s+/g, " ").trim();
  if (name.includes("red bull")) return "red bull";
  if (name.includes("racing bulls") || name === "visa cash app rb" || name === "rb f1 team") return "rb";
  if (name.includes("haas")) return "haas";
  if (name.includes("sauber") || name.includes("stake")) return "sauber";
  if (name.includes("alfa romeo")) return "alfa romeo";
  if (name.includes("aston martin")) return "aston martin";
  if (name.includes("racing point")) return "racing point";
  if (name.includes("force india")) return "force india";
  if (name.includes("toro rosso")) return "toro rosso";
  if (name.includes("alphatauri")) return "alphatauri";
  if (name.includes("alpine")) return "alpine";
  if (name.includes("renault")) return "renault";
  if (name.includes("mclaren")) return "mclaren";
  if (name.includes("mercedes")) return "mercedes";
  if (name.includes("ferrari")) return "ferrari";
  if (name.includes("williams")) return "williams";
  return name;
}

/** Team colour for a season as "#RRGGBB"; defaults to a neutral grey for teams we do not know. */
export function teamColour(teamName: string | null | undefined, season?: number): string {
  if (!teamName) return "#888888";
  const key = teamKey(teamName);
  const hex = (season != null ? bySeason[season]?.[key] : undefined) ?? base[key] ?? "888888";
  return `#${hex}`;
}

/** Colour from a timing TeamColour field ("3671C6") when valid, else the season table's colour. */
export function colourFromTiming(
  timingColour: string | null | undefined,
  teamName?: string | null,
  season?: number,
): string {
  if (timingColour && /^[0-9a-f]{6}$/i.test(timingColour)) return `#${timingColour.toUpperCase()}`;
  return teamColour(teamName, season);
}
