// Building blocks of the components that are HTML tables. Every cell carries its raw value in `data-value`
// and its column in `data-column`, so tests and scripts read exact numbers while people read formatted text.

/** A table with the given class and headings, and its empty body. */
export function createTable(
  doc: Document,
  className: string,
  headings: readonly string[],
): {table: HTMLTableElement; body: HTMLTableSectionElement} {
  const table = doc.createElement("table");
  table.className = className;
  const head = table.createTHead().insertRow();
  for (const heading of headings) head.appendChild(doc.createElement("th")).textContent = heading;
  return {table, body: table.createTBody()};
}

/** Appends a cell showing `text`, with `value` (when not null) and `column` as data attributes. */
export function addCell(
  row: HTMLTableRowElement,
  column: string,
  value: unknown,
  text: string,
): HTMLTableCellElement {
  const td = row.insertCell();
  td.dataset.column = column;
  if (value != null) td.dataset.value = String(value);
  td.textContent = text;
  return td;
}

/** Marks a cell with a team colour bar on its left, as timing screens do. */
export function addColourBar(cell: HTMLTableCellElement, colour: string | null | undefined): void {
  if (colour) cell.style.borderLeft = `4px solid #${colour.replace(/^#/, "")}`;
}
