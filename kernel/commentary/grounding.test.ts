import {describe, expect, it} from "vitest";
import type {CommentaryDriver, CommentaryEvent} from "../../src/sport/commentary.js";
import {findUngrounded, numberTokens, StreamingGroundingCheck, toGroundingFacts} from "./grounding.js";

const roster: CommentaryDriver[] = [
  {driverNumber: 81, tla: "PIA", name: "Piastri", team: "McLaren", position: 1},
  {driverNumber: 12, tla: "ANT", name: "Antonelli", team: "Mercedes", position: 2},
  {driverNumber: 4, tla: "NOR", name: "Norris", team: "McLaren", position: 3},
  {driverNumber: 1, tla: "VER", name: "Verstappen", team: "Red Bull Racing", position: 4},
  {driverNumber: 14, tla: "ALO", name: "Alonso", team: "Aston Martin", position: 5},
];

const overtake: CommentaryEvent = {
  id: "overtake:L3:81>12",
  kind: "overtake",
  priority: 65,
  lap: 3,
  utc: null,
  offsetMs: 4_646_700,
  headline: "PIA passes ANT for the lead",
  drivers: [roster[0]!, roster[1]!],
  facts: {position: 1, lap: 3, passed: "ANT"},
  context: {
    meeting: "Miami Grand Prix",
    session: "Sprint",
    lap: 3,
    totalLaps: 18,
    leader: "PIA",
    trackStatus: "AllClear",
  },
};

const pitStop: CommentaryEvent = {
  ...overtake,
  id: "pit-stop:14:1",
  kind: "pit-stop",
  headline: "ALO pits for MEDIUM tyres",
  drivers: [roster[4]!],
  facts: {
    pitLaneTimeS: "23.4",
    stopNumber: 1,
    lap: 13,
    newTyres: "MEDIUM",
    positionBefore: 4,
    positionAfter: 8,
  },
};

const check = (text: string, event = overtake) => findUngrounded(text, toGroundingFacts(event, roster));

describe("the grounding check", () => {
  it("passes a text that says only what the facts say", () => {
    expect(check("Piastri gets past Antonelli and takes the lead of the Sprint on lap 3!")).toEqual([]);
    expect(check("Lap 3 of 18: PIA P1, passing ANT. McLaren lead in Miami.")).toEqual([]);
    expect(
      check("Alonso boxes for mediums: 23.4 seconds in the pit lane, from P4 down to P8.", pitStop),
    ).toEqual([]);
  });

  it("rejects an invented lap time, gap or count", () => {
    expect(check("Piastri takes the lead with a 1:31.2 lap!")).toEqual([{text: "1:31.2", kind: "number"}]);
    expect(check("Piastri leads by 0.8 seconds.")).toEqual([{text: "0.8", kind: "number"}]);
    expect(check("Piastri has passed four cars.")).toEqual([{text: "four", kind: "number"}]);
    expect(check("Piastri is P5.")).toEqual([{text: "5", kind: "number"}]);
  });

  it("accepts a number rounded to fewer decimals, but not more precision than the facts have", () => {
    expect(check("Alonso loses 23 seconds in the lane.", pitStop)).toEqual([]);
    expect(check("Alonso loses 23.42 seconds in the lane.", pitStop)).toEqual([
      {text: "23.42", kind: "number"},
    ]);
    expect(check("Alonso loses 24 seconds in the lane.", pitStop)).toEqual([{text: "24", kind: "number"}]);
  });

  it("rejects a driver or team of the session that the event does not involve", () => {
    expect(check("Piastri passes Antonelli as Norris watches on.")).toContainEqual({
      text: "Norris",
      kind: "driver or team",
    });
    expect(check("Piastri passes ANT; VER is next.")).toEqual([{text: "VER", kind: "driver or team"}]);
    expect(check("Red Bull will not like this: Piastri leads.")).toContainEqual({
      text: "Red Bull",
      kind: "driver or team",
    });
  });

  it("rejects a name the facts do not contain inside a sentence", () => {
    expect(check("Piastri channels Senna on lap 3!")).toEqual([{text: "Senna", kind: "name"}]);
    expect(check("What a move! Piastri through on the DRS into Turn 17.")).toEqual([
      {text: "17", kind: "number"},
    ]);
  });

  it("reads numbers the way commentators write them", () => {
    expect(
      numberTokens("P3 on lap 12, +0.742 behind, 1:36.368, 61%, F1, Q3").map((token) => token.value),
    ).toEqual([3, 12, 0.742, 96.368, 61]);
  });
});

describe("the grounding check on a stream", () => {
  it("releases only checked words, and stops at the first invented fact before it is shown", () => {
    const stream = new StreamingGroundingCheck(toGroundingFacts(overtake, roster));
    const shown: string[] = [];
    for (const chunk of ["Piastri", " storms", " past", " Antonelli", " with", " a", " 1:31", ".2", " lap"]) {
      const result = stream.push(chunk);
      shown.push(result.release);
      if (result.problem) {
        expect(result.problem).toEqual({text: "1:31.2", kind: "number"});
        break;
      }
    }
    expect(shown.join("")).toBe("Piastri storms past Antonelli with a");
  });

  it("holds back a capitalised word until the name it may begin is complete", () => {
    const stream = new StreamingGroundingCheck(toGroundingFacts(pitStop, roster));
    expect(stream.push("Alonso").release).toBe("");
    expect(stream.push(" of").release).toBe("Alonso");
    expect(stream.push(" Aston").release).toBe(" of");
    expect(stream.push(" Martin").release).toBe("");
    expect(stream.push(" stops.").release).toBe(" Aston Martin");
    expect(stream.finish()).toEqual({release: " stops.", problem: null});
  });
});
