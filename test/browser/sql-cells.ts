/**
 * The SQL of the ```sql block with `id=<id>` in a Framework page's Markdown, so a test can run the very
 * query the page runs. Throws when there is no such block, or more than one.
 */
export function readSqlCell(markdown: string, id: string): string {
  const blocks = [...markdown.matchAll(/^```sql\b([^\n]*)\n([\s\S]*?)^```\s*$/gm)].filter(([, attributes]) =>
    (attributes ?? "").split(/\s+/).includes(`id=${id}`),
  );
  if (blocks.length !== 1) throw new Error(`Expected one \`\`\`sql id=${id} block, found ${blocks.length}`);
  return (blocks[0]?.[2] ?? "").trim();
}
