/**
 * Column types used by every canonical table. A table's schema is the single source for its TypeScript
 * row type, its Parquet columns and the data catalog shown in notebooks.
 */
export type ColumnType = "INTEGER" | "BIGINT" | "DOUBLE" | "VARCHAR" | "BOOLEAN" | "TIMESTAMP" | "DATE";

export interface ColumnSpec {
  readonly type: ColumnType;
  /** Human description, with the unit when the number has one. */
  readonly doc: string;
  /** Key columns are never null. */
  readonly key?: true;
}

export type TableColumns = Readonly<Record<string, ColumnSpec>>;

export interface TableSpec<C extends TableColumns = TableColumns, N extends string = string> {
  readonly name: N;
  readonly doc: string;
  readonly columns: C;
}

/**
 * JavaScript value of each column type inside a row. TIMESTAMP is epoch milliseconds (UTC) so rows stay
 * plain, comparable numbers; DATE is an ISO `YYYY-MM-DD` string; BIGINT fits a double for every value we hold.
 */
export interface ColumnValue {
  INTEGER: number;
  BIGINT: number;
  DOUBLE: number;
  VARCHAR: string;
  BOOLEAN: boolean;
  TIMESTAMP: number;
  DATE: string;
}

type ValueOf<S extends ColumnSpec> = ColumnValue[S["type"]];

/** The row type of a table: key columns are required values, the others may be null. */
export type RowOf<T extends TableSpec> = {
  [K in keyof T["columns"]]: T["columns"][K] extends {key: true}
    ? ValueOf<T["columns"][K]>
    : ValueOf<T["columns"][K]> | null;
};

/** Defines a table; the literal column map is kept so row types stay exact. */
export function defineTable<const N extends string, const C extends TableColumns>(
  name: N,
  doc: string,
  columns: C,
): TableSpec<C, N> {
  return {name, doc, columns};
}

/** Column names of a table in their declared order. */
export function columnNames(table: TableSpec): string[] {
  return Object.keys(table.columns);
}

/** `CREATE TABLE` statement for a table's columns, e.g. to stand in an empty table for an absent one. */
export function toCreateTableSql(table: TableSpec, name: string = table.name): string {
  const columns = Object.entries(table.columns).map(([column, spec]) => `"${column}" ${spec.type}`);
  return `CREATE TABLE "${name}" (${columns.join(", ")})`;
}
