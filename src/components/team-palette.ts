import {teamColour} from "../sport/team-colours.js";

export interface TeamPaletteOptions {
  document?: Document;
}

/** Swatches of the given teams in a season's colours, as every PitWall chart draws them. */
export function TeamPalette(
  teams: readonly string[],
  season: number,
  {document: doc = globalThis.document}: TeamPaletteOptions = {},
): HTMLElement {
  const list = doc.createElement("div");
  list.className = "team-palette";
  for (const team of teams) {
    const swatch = list.appendChild(doc.createElement("span"));
    swatch.dataset.team = team;
    const colour = teamColour(team, season);
    swatch.style.cssText = `display:inline-block;margin:0 0.8em 0.3em 0;border-left:1.2em solid ${colour};padding-left:0.3em`;
    swatch.textContent = `${team} ${colour}`;
  }
  return list;
}
