import type {TableSpec} from "../sport/schema.js";

export interface TableCatalogOptions {
  /** Rows in each table, by name; tables without a count show none. */
  rowCounts?: ReadonlyMap<string, number>;
  /** Why a table is absent, by name. */
  absent?: ReadonlyMap<string, string>;
  /** Prefix of the table names as SQL sees them, e.g. "history_"; defaults to none. */
  prefix?: string;
  document?: Document;
}

/** A catalog of tables: each a collapsible entry with its description, row count and columns (name, type, doc). */
export function TableCatalog(
  specs: readonly TableSpec[],
  {rowCounts, absent, prefix = "", document: doc = globalThis.document}: TableCatalogOptions = {},
): HTMLElement {
  const list = doc.createElement("div");
  list.className = "table-catalog";
  for (const spec of specs) {
    const name = `${prefix}${spec.name}`;
    const details = list.appendChild(doc.createElement("details"));
    details.dataset.table = name;
    const summary = details.appendChild(doc.createElement("summary"));
    const code = summary.appendChild(doc.createElement("code"));
    code.textContent = name;
    const count = rowCounts?.get(name);
    const why = absent?.get(name);
    const counted = summary.appendChild(doc.createElement("span"));
    counted.className = "row-count";
    if (count != null) counted.dataset.value = String(count);
    counted.textContent = ` ${count == null ? "" : `${count.toLocaleString("en")} rows`}${why ? ` (absent: ${why})` : ""} — ${spec.doc}`;
    const table = details.appendChild(doc.createElement("table"));
    const head = table.createTHead().insertRow();
    for (const heading of ["Column", "Type", "Meaning"])
      head.appendChild(doc.createElement("th")).textContent = heading;
    const body = table.createTBody();
    for (const [column, columnSpec] of Object.entries(spec.columns)) {
      const row = body.insertRow();
      row.insertCell().textContent = column;
      row.insertCell().textContent = columnSpec.type;
      row.insertCell().textContent = columnSpec.doc;
    }
  }
  return list;
}
