// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {expectSnapshot} from "./render-snapshot.js";
import {TeamPalette} from "./team-palette.js";

describe("TeamPalette", () => {
  it("shows each team in the season's colour", async () => {
    const palette = await expectSnapshot("team-palette.html", () =>
      TeamPalette(["Red Bull Racing", "Ferrari", "Unknown Racing"], 2018),
    );
    expect([...palette.querySelectorAll("span")].map((span) => span.textContent)).toEqual([
      "Red Bull Racing #1E41FF",
      "Ferrari #DC0000",
      "Unknown Racing #888888",
    ]);
  });
});
