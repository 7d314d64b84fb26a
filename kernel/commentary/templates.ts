import type {
  CommentaryDriver,
  CommentaryEvent,
  CommentaryLength,
  CommentaryStyle,
  FactValue,
} from "../../src/sport/commentary.js";

/**
 * The template line for an event: deterministic (the same event always reads the same), written only from
 * the event's facts, so it passes the grounding check by construction (a test holds every template of two
 * whole races to that). It stands in when there is no API key, the API is unreachable or over budget, or a
 * generated line failed the grounding check twice. Short is one sentence; medium adds where the race stands;
 * long adds one more fact of the event.
 */
export function toTemplateLine(
  event: CommentaryEvent,
  style: CommentaryStyle,
  length: CommentaryLength,
): string {
  const sentences = [mainSentence(event, style)];
  if (length !== "short") {
    const standing = standingSentence(event, style);
    if (standing) sentences.push(standing);
  }
  if (length === "long") {
    const detail = detailSentence(event, style);
    if (detail) sentences.push(detail);
  }
  return sentences.join(" ");
}

function mainSentence(event: CommentaryEvent, style: CommentaryStyle): string {
  const f = event.facts;
  const [subject, ...others] = event.drivers;
  const who = subject ? nameOf(subject, style) : "";
  const whom = others.map((driver) => nameOf(driver, style)).join(" and ");
  const lap = f.lap != null ? ` on lap ${f.lap}` : "";
  const pick = (options: string[]) => options[variant(event.id, options.length)]!;
  switch (event.kind) {
    case "overtake": {
      const place = f.position === 1 ? "the lead" : `P${f.position}`;
      if (style === "data") return `Lap ${f.lap}: ${who} P${f.position}, passing ${whom}.`;
      if (style === "technical") return `${who} completes the pass on ${whom} for ${place}${lap}.`;
      return pick([
        `${who} gets past ${whom} for ${place}!`,
        `Through goes ${who}, ${whom} demoted, ${place} now!`,
      ]);
    }
    case "pit-position-change":
      if (style === "data") return `Lap ${f.lap}: ${who} ahead of ${whom} after the stops, P${f.position}.`;
      if (style === "technical")
        return `${who} is ahead of ${whom} once the stops shake out, running P${f.position}.`;
      return `The pit stops work out for ${who}, now ahead of ${whom} in P${f.position}!`;
    case "pit-stop": {
      const tyres = f.newTyres ? ` for ${String(f.newTyres).toLowerCase()} tyres` : "";
      if (style === "data")
        return `Lap ${f.lap}: ${who} pit stop${f.stopNumber ? ` ${f.stopNumber}` : ""}, ${f.pitLaneTimeS} s in the pit lane${f.newTyres ? `, ${f.newTyres}` : ""}.`;
      if (style === "technical") return `${who} boxes${tyres}: ${f.pitLaneTimeS} seconds in the pit lane.`;
      return `${who} dives into the pits${tyres}, ${f.pitLaneTimeS} seconds in the lane.`;
    }
    case "fastest-lap":
      if (style === "data")
        return `Fastest lap: ${who}, ${f.lapTime}${f.onLap != null ? ` (lap ${f.onLap})` : ""}.`;
      if (style === "technical") return `${who} goes quickest with a ${f.lapTime}.`;
      return `Purple for ${who}! A ${f.lapTime}, the fastest lap so far.`;
    case "personal-best":
      if (style === "data") return `${who}: personal best ${f.lapTime}, P${f.position}.`;
      if (style === "technical") return `${who} improves to a ${f.lapTime}, P${f.position} for now.`;
      return `${who} finds time: ${f.lapTime}, good for P${f.position}.`;
    case "flag": {
      const where = f.sector != null ? ` in sector ${f.sector}` : "";
      const flag = String(f.flag).toLowerCase();
      if (style === "data") return `${capitalise(flag)} flag${where}${lap}.`;
      if (style === "technical") return `${capitalise(flag)} flag${where}: drivers must slow down there.`;
      return `${capitalise(flag)} flag${where}, something has happened out there.`;
    }
    case "safety-car":
      if (f.phase === "ending") {
        if (style === "data") return `Safety car in this lap${lap}.`;
        return style === "technical"
          ? `The safety car comes in at the end of this lap: restart coming.`
          : `The safety car is coming in, get ready for the restart!`;
      }
      if (style === "data") return `Safety car deployed${lap}.`;
      return style === "technical"
        ? `Safety car deployed${lap}: the field closes up, and the pit window opens.`
        : `Safety car! The race is neutralised${lap}.`;
    case "virtual-safety-car":
      if (f.phase === "ending") {
        if (style === "data") return `Virtual safety car ending${lap}.`;
        return `The virtual safety car is ending: racing again any moment.`;
      }
      if (style === "data") return `Virtual safety car deployed${lap}.`;
      return style === "technical"
        ? `Virtual safety car${lap}: everyone to the delta time.`
        : `Virtual safety car! Everyone slows down${lap}.`;
    case "red-flag":
      if (style === "data") return `Red flag${lap}.`;
      return style === "technical"
        ? `Red flag${lap}: the session is stopped, cars to the pit lane.`
        : `Red flag! The session is stopped${lap}.`;
    case "track-clear":
      if (style === "data") return `Track clear${lap}, after the ${f.after}.`;
      return style === "technical"
        ? `Track clear after the ${f.after}: green flag racing.`
        : `Green flag! We are racing again after the ${f.after}.`;
    case "penalty":
      if (style === "data") return `Penalty: ${f.penalty} for ${who}${f.reason ? ` (${f.reason})` : ""}.`;
      return style === "technical"
        ? `The stewards give ${who} a ${f.penalty}${f.reason ? ` for ${f.reason}` : ""}.`
        : `Bad news for ${who}: a ${f.penalty}${f.reason ? ` for ${f.reason}` : ""}.`;
    case "investigation": {
      const cars = [who, whom].filter(Boolean).join(" and ") || "a car";
      if (style === "data") return `Stewards: ${cars}, ${f.outcome}${f.reason ? ` (${f.reason})` : ""}.`;
      return style === "technical"
        ? `Race control on ${cars}: ${f.outcome}${f.reason ? `, ${f.reason}` : ""}.`
        : `The stewards are looking at ${cars}: ${f.outcome}${f.reason ? `, ${f.reason}` : ""}.`;
    }
    case "retirement": {
      const how = f.status === "retired" ? "retires" : "has stopped on track";
      if (style === "data")
        return `${who} ${how}${lap}${f.lastPosition != null ? `, last P${f.lastPosition}` : ""}.`;
      return style === "technical" ? `${who} ${how}${lap}.` : `Heartbreak for ${who}, who ${how}${lap}.`;
    }
    case "rain-start":
      if (style === "data")
        return `Rain${lap}${f.trackTemperatureC != null ? `, track ${f.trackTemperatureC} °C` : ""}.`;
      return style === "technical" ? `Rain is falling${lap}: grip will drop.` : `Here comes the rain${lap}!`;
    case "rain-stop":
      if (style === "data") return `Rain stopped${lap}.`;
      return style === "technical"
        ? `The rain has stopped${lap}: the track will dry.`
        : `The rain has stopped${lap}.`;
    case "closing":
      if (style === "data") return `Lap ${f.lap}: ${who} ${f.interval} behind ${whom}, P${f.position}.`;
      return style === "technical"
        ? `${who} is within a second of ${whom}, ${f.interval}: in DRS range where it is enabled.`
        : `${who} is reeling in ${whom}, the gap is ${f.interval}!`;
    case "win-probability-swing":
      if (style === "data")
        return `${who} win probability: ${f.winChanceBefore} to ${f.winChanceNow} after lap ${f.afterLap}.`;
      return style === "technical"
        ? `The model moves ${who} from ${f.winChanceBefore} to ${f.winChanceNow} to win after lap ${f.afterLap}.`
        : `Big swing: ${who} now ${f.winChanceNow} to win, from ${f.winChanceBefore}!`;
    case "start":
      if (style === "data")
        return `${f.session} started${f.totalLaps != null ? `: ${f.totalLaps} laps` : ""}${f.firstOnTheGrid ? `, ${who} first on the grid` : ""}.`;
      return style === "technical"
        ? `The ${f.session} is under way${f.totalLaps != null ? `: ${f.totalLaps} laps` : ""}.`
        : `And we are under way in the ${f.session}!`;
    case "finish": {
      if (!subject)
        return style === "data" ? `${f.session} finished.` : `That is the end of the ${f.session}.`;
      const podium = event.drivers.slice(1).map((driver) => nameOf(driver, style));
      const rest = podium.length > 0 ? `, ahead of ${podium.join(" and ")}` : "";
      if (style === "data")
        return `${f.session} finished: P1 ${who}${podium.map((name, i) => `, P${i + 2} ${name}`).join("")}.`;
      return style === "technical"
        ? `Chequered flag: ${who} takes the ${f.session}${rest}.`
        : `${who} wins the ${f.session}${rest}!`;
    }
  }
}

/** Where the race stands: "Lap 12 of 51, VER leads." */
function standingSentence(event: CommentaryEvent, style: CommentaryStyle): string | null {
  const c = event.context;
  if (event.kind === "start" || event.kind === "finish") return null;
  const lap =
    c.lap != null && c.totalLaps != null
      ? `Lap ${c.lap} of ${c.totalLaps}`
      : c.lap != null
        ? `Lap ${c.lap}`
        : null;
  const leader = c.leader != null ? String(c.leader) : null;
  if (!lap && !leader) return null;
  if (style === "data") return [lap, leader ? `leader ${leader}` : null].filter(Boolean).join(", ") + ".";
  if (lap && leader) return `${lap}, ${leader} leads.`;
  return lap ? `${lap}.` : `${leader} leads.`;
}

/** One more fact of the event, for long lines. */
function detailSentence(event: CommentaryEvent, style: CommentaryStyle): string | null {
  const [subject] = event.drivers;
  const f = event.facts;
  if (event.kind === "pit-stop" && f.positionBefore != null && f.positionAfter != null)
    return `In P${f.positionBefore} before the stop, P${f.positionAfter} after it.`;
  if ((event.kind === "penalty" || event.kind === "investigation") && f.message)
    return `Race control: "${String(f.message)}".`;
  if (subject?.team && subject.tla)
    return style === "data"
      ? `${subject.tla}: ${subject.team}, car ${subject.driverNumber}.`
      : `${subject.tla} drives for ${subject.team}.`;
  if (event.context.trackStatus) return `Track status: ${event.context.trackStatus}.`;
  return null;
}

function nameOf(driver: CommentaryDriver, style: CommentaryStyle): string {
  if (style === "casual") return driver.name ?? driver.tla ?? `car ${driver.driverNumber}`;
  return driver.tla ?? driver.name ?? `car ${driver.driverNumber}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A deterministic choice among `count` wordings, from the event id. */
function variant(id: string, count: number): number {
  let hash = 0;
  for (let index = 0; index < id.length; index++) hash = (hash * 31 + id.charCodeAt(index)) >>> 0;
  return hash % count;
}

/** Facts as "label: value" lines, for prompts and for people reading the summary. */
export function toFactLines(facts: Record<string, FactValue>): string[] {
  return Object.entries(facts).map(([label, value]) => `${label}: ${value}`);
}
