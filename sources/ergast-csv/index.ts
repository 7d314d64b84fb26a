// The Ergast CSV dump (1950 to 2025) as canonical history tables. Node only: it reads files.
export {
  ergastCsvFileNames,
  getErgastCsvFolder,
  readErgastCsv,
  type ErgastCsvHistory,
} from "./read-ergast-csv.js";
