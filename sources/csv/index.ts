// A small, fast RFC 4180 CSV parser shared by the file-based sources (ergast-csv, lapcharts).
export {openCsv, parseCsv, type CsvCursor, type CsvRecord, type CsvText} from "./parse-csv.js";
