// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {sqlEngineStatus} from "./sql-engine-status.js";

describe("sqlEngineStatus", () => {
  it("names the build's engine and follows DuckDB-WASM's state", () => {
    const status = sqlEngineStatus({engine: "DuckDB v1.5.6 (native, at build time)", queries: [{}]});
    expect(status.element.dataset.state).toBe("waiting");
    expect(status.element.textContent).toMatch(
      /^SQL cells show results computed when this site was built \(DuckDB v1\.5\.6/,
    );
    status.update("ready");
    expect(status.element.dataset.state).toBe("ready");
    expect(status.element.textContent).toContain("queries you change run in your browser");
    status.update("failed");
    expect(status.element.textContent).toContain("could not start");
    status.count("build");
    status.count("build");
    status.count("browser");
    expect({...status.element.dataset}).toMatchObject({built: "2", browser: "1"});
  });

  it("says every cell runs in the browser when the build's results are not used", () => {
    const status = sqlEngineStatus({engine: "x", queries: [{}]}, {useBuildResults: false});
    expect(status.element.textContent).toMatch(/^Every SQL cell runs in your browser\./);
    expect(sqlEngineStatus({engine: "x", queries: []}).element.textContent).toMatch(/^Every SQL cell/);
  });
});
