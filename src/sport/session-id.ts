/**
 * PitWall's URL id for a session, derived from its archive path so it is stable and readable:
 * "2025/2025-10-26_Mexico_City_Grand_Prix/2025-10-25_Qualifying/" → "2025-mexico-city-grand-prix-qualifying".
 */
export function sessionIdFromPath(archivePath: string): string {
  const parts = archivePath.split("/").filter(Boolean);
  if (parts.length < 3)
    throw new Error(`Not a live-timing session path: "${archivePath}" (want <year>/<meeting>/<session>/)`);
  const [year, meeting, session] = parts.slice(-3) as [string, string, string];
  return [year, stripDate(meeting), stripDate(session)].map(slug).join("-");
}

function stripDate(folder: string): string {
  return folder.replace(/^\d{4}-\d{2}-\d{2}_/, "");
}

function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Session id from names, for sources without an archive path (OpenF1): (2024, "Singapore Grand Prix", "Race"). */
export function sessionIdFromNames(year: number, meetingName: string, sessionName: string): string {
  return [String(year), meetingName, sessionName].map(slug).join("-");
}
