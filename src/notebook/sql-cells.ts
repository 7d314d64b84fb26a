// The ```sql cells of a Framework page, read from its Markdown: the build answers the fixed ones ahead of
// time (store/precompute-sql.ts), and tests run the very queries a page runs.

/** One ```sql block: its `id=` binding (null without one), its text, and whether it interpolates `${...}`. */
export interface SqlCell {
  id: string | null;
  sql: string;
  parameterized: boolean;
}

const FENCE = /^```sql\b([^\n]*)\n([\s\S]*?)^```\s*$/gm;

/** Every ```sql block of a page, in order. Line endings are read as Framework reads them (LF). */
export function readSqlCells(markdown: string): SqlCell[] {
  return [...markdown.replaceAll("\r\n", "\n").matchAll(FENCE)].map(([, attributes, body]) => {
    const id = (attributes ?? "").match(/\bid=(\S+)/)?.[1] ?? null;
    const sql = (body ?? "").trim();
    return {id, sql, parameterized: sql.includes("${")};
  });
}

/** The SQL of the block with `id=<id>`; throws when there is no such block, or more than one. */
export function readSqlCell(markdown: string, id: string): string {
  const cells = readSqlCells(markdown).filter((cell) => cell.id === id);
  if (cells.length !== 1) throw new Error(`Expected one \`\`\`sql id=${id} block, found ${cells.length}`);
  return cells[0]!.sql;
}
