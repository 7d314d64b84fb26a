import {describeProtocol} from "./testing/protocol-suite.js";
import {startNodeKernel} from "./node.js";

describeProtocol("Node", async ({captureDir, token}) => {
  const running = await startNodeKernel({captureDir, tokens: [token], sql: null, channel: {tickMs: 50}});
  return {url: running.url, close: running.close};
});
