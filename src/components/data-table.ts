import {addCell, createTable} from "./html-table.js";

/** A column of a DataTable: the row field, its heading, and how its value reads (defaults to String). */
export interface DataColumn<Row> {
  key: keyof Row & string;
  label: string;
  format?: (value: Row[keyof Row], row: Row) => string;
}

export interface DataTableOptions<Row> {
  columns: readonly DataColumn<Row>[];
  /** Class of the table, for styles and tests; defaults to "data-table". */
  className?: string;
  document?: Document;
}

/** Rows as an HTML table, each cell showing formatted text and carrying its raw value in `data-value`. */
export function DataTable<Row extends object>(
  rows: readonly Row[],
  {columns, className = "data-table", document: doc = globalThis.document}: DataTableOptions<Row>,
): HTMLTableElement {
  const {table, body} = createTable(
    doc,
    className,
    columns.map((column) => column.label),
  );
  for (const row of rows) {
    const tr = body.insertRow();
    for (const {key, format} of columns) {
      const value = row[key];
      addCell(tr, key, value, value == null ? "" : format ? format(value, row) : String(value));
    }
  }
  return table;
}
