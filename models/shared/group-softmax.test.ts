import {describe, expect, it} from "vitest";
import {packGroups, type GroupRow} from "./groups.js";
import {predictGroupSoftmax, toGroupSoftmaxOnnx, trainGroupSoftmax} from "./group-softmax.js";
import {describeOnnx} from "./onnx-graph.js";
import {openOnnxSession, runOnnx} from "./onnx-runtime.js";
import {createRandom} from "./random.js";

/** Synthetic contests: the row with the highest hidden strength (feature 0, noisy) tends to win. */
function syntheticRows(groups: number, seed: number): GroupRow[] {
  const random = createRandom(seed);
  const rows: GroupRow[] = [];
  for (let group = 0; group < groups; group++) {
    const size = 3 + (group % 4);
    const strengths = Array.from({length: size}, () => random() * 4);
    const noisy = strengths.map((strength) => strength + random() * 2);
    const winner = noisy.indexOf(Math.max(...noisy));
    strengths.forEach((strength, index) =>
      rows.push({
        group: `g${group}`,
        features: [strength, random(), index === 0 ? 1 : 0],
        win: index === winner ? 1 : 0,
        podium: noisy.filter((value) => value > noisy[index]!).length < 2 ? 1 : 0,
      }),
    );
  }
  return rows;
}

const options = {podium: true, iterations: 120, learningRate: 0.05, l2: 1e-3, seed: 7};

describe("group softmax", () => {
  it("pads groups, sums win probabilities to 1 per group, and learns the strength feature", async () => {
    const batch = packGroups(syntheticRows(80, 1), 3);
    expect(batch.slots).toBe(6);
    const params = await trainGroupSoftmax(batch, {...options, hidden: 0});
    expect(params.w2[0]).toBeGreaterThan(0.5);
    const {win, podium} = await predictGroupSoftmax(params, batch.x, batch.present, batch.slots);
    for (let group = 0; group < batch.groups; group++) {
      const slice = win.subarray(group * batch.slots, (group + 1) * batch.slots);
      expect(slice.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
      slice.forEach((p, slot) => {
        if (!batch.present[group * batch.slots + slot]) expect(p).toBe(0);
      });
    }
    expect(podium).not.toBeNull();
  });

  it.each([0, 4])("ONNX Runtime equals TensorFlow.js within 1e-5 (hidden %i)", async (hidden) => {
    const train = packGroups(syntheticRows(60, 2), 3);
    const test = packGroups(syntheticRows(40, 3), 3, 6);
    const params = await trainGroupSoftmax(train, {...options, hidden});
    const bytes = toGroupSoftmaxOnnx(params, {name: "synthetic", doc: "test", metadata: {a: "1"}});
    expect(describeOnnx(bytes)).toMatchObject({
      inputs: [
        {name: "features", dims: ["groups", "slots", 3]},
        {name: "present", dims: ["groups", "slots"]},
      ],
      outputs: [{name: "win"}, {name: "podium"}],
      metadata: {a: "1"},
      opset: 13,
    });
    const expected = await predictGroupSoftmax(params, test.x, test.present, test.slots);
    const session = await openOnnxSession(bytes);
    const actual = await runOnnx(session, {
      features: [test.x, [test.groups, test.slots, 3]],
      present: [test.present, [test.groups, test.slots]],
    });
    let worst = 0;
    actual.win!.forEach((value, index) => (worst = Math.max(worst, Math.abs(value - expected.win[index]!))));
    actual.podium!.forEach(
      (value, index) => (worst = Math.max(worst, Math.abs(value - expected.podium![index]!))),
    );
    expect(worst).toBeLessThan(1e-5);
    await session.release();
  });

  it("training twice on the same data gives byte-identical ONNX", async () => {
    const batch = packGroups(syntheticRows(50, 4), 3);
    const once = toGroupSoftmaxOnnx(await trainGroupSoftmax(batch, {...options, hidden: 4}), {
      name: "x",
      doc: "",
      metadata: {},
    });
    const twice = toGroupSoftmaxOnnx(await trainGroupSoftmax(batch, {...options, hidden: 4}), {
      name: "x",
      doc: "",
      metadata: {},
    });
    expect(Buffer.from(twice).equals(Buffer.from(once))).toBe(true);
    const other = toGroupSoftmaxOnnx(await trainGroupSoftmax(batch, {...options, hidden: 4, seed: 8}), {
      name: "x",
      doc: "",
      metadata: {},
    });
    expect(Buffer.from(other).equals(Buffer.from(once))).toBe(false);
  });

  it("refuses a row with the wrong number of features", () => {
    expect(() => packGroups([{group: "a", features: [1, 2], win: 1}], 3)).toThrow(/2 features, expected 3/);
  });
});
