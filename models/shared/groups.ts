/**
 * Rows grouped into contests: one group is the field of one race (or of one race at one lap), and exactly
 * one row of a group wins. Groups are padded to the same number of slots so a whole season fits one tensor.
 */
export interface GroupRow {
  group: string;
  features: readonly number[];
  /** 1 for the group's winner. */
  win: number;
  /** 1 for a podium finish, where the model has a podium head. */
  podium?: number;
}

/** Groups packed as [groups, slots, features] float32, with a presence mask and labels. */
export interface GroupBatch {
  groups: number;
  slots: number;
  features: number;
  /** groups × slots × features, zero in empty slots. */
  x: Float32Array;
  /** groups × slots: 1 for a real row, 0 for padding. */
  present: Float32Array;
  /** groups × slots: 1 for the winner. */
  win: Float32Array;
  /** groups × slots: podium labels (zero when rows gave none). */
  podium: Float32Array;
  /** Group ids in packing order. */
  ids: string[];
  /** For each input row, its flat index (group × slots + slot). */
  rowIndex: Int32Array;
}

/** Packs rows (in their order) into padded groups; `slots` defaults to the largest group. */
export function packGroups(rows: readonly GroupRow[], featureCount: number, slots?: number): GroupBatch {
  const groupIndex = new Map<string, number>();
  const sizes: number[] = [];
  const position = new Int32Array(rows.length);
  rows.forEach((row, index) => {
    let group = groupIndex.get(row.group);
    if (group === undefined) {
      group = sizes.length;
      groupIndex.set(row.group, group);
      sizes.push(0);
    }
    position[index] = sizes[group]!;
    sizes[group]! += 1;
  });
  const width = slots ?? Math.max(1, ...sizes);
  if (sizes.some((size) => size > width)) throw new Error(`a group has more than ${width} rows`);
  const groups = sizes.length;
  const batch: GroupBatch = {
    groups,
    slots: width,
    features: featureCount,
    x: new Float32Array(groups * width * featureCount),
    present: new Float32Array(groups * width),
    win: new Float32Array(groups * width),
    podium: new Float32Array(groups * width),
    ids: [...groupIndex.keys()],
    rowIndex: new Int32Array(rows.length),
  };
  rows.forEach((row, index) => {
    if (row.features.length !== featureCount) {
      throw new Error(`row of ${row.group} has ${row.features.length} features, expected ${featureCount}`);
    }
    const flat = groupIndex.get(row.group)! * width + position[index]!;
    batch.rowIndex[index] = flat;
    batch.x.set(row.features, flat * featureCount);
    batch.present[flat] = 1;
    batch.win[flat] = row.win;
    batch.podium[flat] = row.podium ?? 0;
  });
  return batch;
}

/** Values of a groups × slots array for each input row, in row order. */
export function unpackRows(batch: GroupBatch, values: ArrayLike<number>): number[] {
  return Array.from(batch.rowIndex, (flat) => values[flat]!);
}
