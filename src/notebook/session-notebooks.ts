// Which notebooks a session gets. One rule for both sides: the build (scripts/dynamic-paths.ts) makes these
// pages, and the session overview links to exactly these.

/** What the rule needs to know about a session. */
export interface SessionFacts {
  session_name: string;
  /** Timing laps exist (TimingData in the archive, or an OpenF1 session). */
  has_laps: boolean;
  /** Car telemetry exists (CarData.z in the archive). */
  has_car_data: boolean;
}

/** A notebook of a session: its page folder and its title. */
export interface SessionNotebook {
  folder: string;
  title: string;
}

const notebooks: readonly (SessionNotebook & {wanted: (session: SessionFacts) => boolean})[] = [
  {folder: "session", title: "Overview", wanted: () => true},
  {folder: "race", title: "Race report", wanted: (session) => isRaceName(session.session_name)},
  {folder: "models", title: "Predictions", wanted: (session) => isRaceName(session.session_name)},
  {folder: "pace", title: "Pace", wanted: (session) => session.has_laps},
  {
    folder: "qualifying",
    title: "Qualifying",
    wanted: (session) => /qualifying|shootout/i.test(session.session_name),
  },
  // Sessions with laps get it too: it compares two laps' sectors and says the car data is missing.
  {folder: "telemetry", title: "Telemetry", wanted: (session) => session.has_car_data || session.has_laps},
  {folder: "sql", title: "SQL workbench", wanted: () => true},
];

/** A race or a sprint race, by session name. */
export function isRaceName(sessionName: string): boolean {
  return /^(race|sprint)$/i.test(sessionName.trim());
}

/** The notebooks built for a session, in the order the overview lists them. */
export function pickSessionNotebooks(session: SessionFacts): SessionNotebook[] {
  return notebooks.filter((notebook) => notebook.wanted(session)).map(({folder, title}) => ({folder, title}));
}

/** Every notebook folder the rule knows, whatever the session. */
export function knownNotebookFolders(): string[] {
  return notebooks.map((notebook) => notebook.folder);
}
