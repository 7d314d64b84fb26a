import {tableFromIPC, type Table} from "apache-arrow";
import {toQueryKey, type PrecomputedResults} from "../../src/notebook/precomputed-sql.js";
import {readSqlCell} from "../../src/notebook/sql-cells.js";

// A page's SQL cells as the build answered them, looked up the way the page's `sql` tag looks them up: by the
// cell's exact text (read from the page's Markdown).

export interface CellAnswers {
  /** The Arrow table the page's cell `id=<id>` gets. */
  table(id: string): Table;
  /** Its rows as the page's cells spread them (`[...result]`). */
  rows<Row>(id: string): Row[];
}

export function readCellAnswers(markdown: string, precomputed: PrecomputedResults): CellAnswers {
  const answers = new Map(precomputed.queries.map((query) => [query.key, query.arrow]));
  const table = (id: string): Table => {
    const arrow = answers.get(toQueryKey([readSqlCell(markdown, id)]));
    if (arrow === undefined)
      throw new Error(
        `the build did not answer the page's "${id}" cell (see its precomputed SQL loader's output)`,
      );
    return tableFromIPC(Buffer.from(arrow, "base64"));
  };
  return {table, rows: <Row>(id: string) => [...table(id)] as unknown as Row[]};
}
