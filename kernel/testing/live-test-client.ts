import WebSocket from "ws";
import type {LiveState, LiveTopic, ServerMessage} from "../../src/sport/kernel-messages.js";
import {applyPatch} from "../../src/sport/live-patch.js";

/** A real WebSocket client of the kernel for tests: keeps the state it was sent and checks the sequence. */
export class LiveTestClient {
  state: Partial<LiveState> | null = null;
  /** Newest seq applied. */
  seq = -1;
  /** Every seq a delta carried, in arrival order (to check exactly-once). */
  readonly deltaSeqs: number[] = [];
  /** Ranges covered by delta messages, in order. */
  readonly ranges: [number, number][] = [];
  readonly messages: ServerMessage[] = [];
  /** Problems in the stream: gaps, repeats, deltas before a snapshot. */
  readonly violations: string[] = [];
  closeCode: number | null = null;
  closeReason = "";
  private waiters: {test: () => boolean; resolve: () => void}[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => this.receive(JSON.parse(data.toString()) as ServerMessage));
    socket.on("close", (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
      this.check();
    });
  }

  /** Connects to `<baseUrl>/v1/live` (optionally with an Origin header). */
  static async connect(baseUrl: string, options: {origin?: string} = {}): Promise<LiveTestClient> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/v1/live`, {
      headers: options.origin ? {origin: options.origin} : {},
    });
    const client = new LiveTestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
      socket.once("unexpected-response", (_request, response) =>
        reject(new Error(`upgrade refused: ${response.statusCode}`)),
      );
    });
    return client;
  }

  subscribe(session: string, options: {topics?: LiveTopic[]; lastSeq?: number; delayMs?: number} = {}): void {
    this.sendJson({op: "subscribe", session, ...options});
  }

  sendJson(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  private receive(message: ServerMessage): void {
    this.messages.push(message);
    if (message.t === "snapshot") {
      this.state = structuredClone(message.state);
      this.seq = message.seq;
    } else if (message.t === "delta") {
      if (this.state == null && this.seq < 0)
        this.violations.push(`delta ${message.from} before any snapshot`);
      if (message.from !== this.seq + 1)
        this.violations.push(`delta from ${message.from} after seq ${this.seq}`);
      this.ranges.push([message.from, message.to]);
      for (const [seq, patch] of message.d) {
        this.deltaSeqs.push(seq);
        this.state = applyPatch(this.state ?? {}, patch);
      }
      this.seq = message.to;
    }
    this.check();
  }

  /** Resolves when `test` holds (checked on every message and on close). */
  waitFor(test: () => boolean, timeoutMs = 20_000, what = "condition"): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what} (seq ${this.seq})`)),
        timeoutMs,
      );
      this.waiters.push({
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Resolves with the close code once the kernel closes the connection. */
  async closed(timeoutMs = 5_000): Promise<number> {
    await this.waitFor(() => this.closeCode != null, timeoutMs, "close");
    return this.closeCode!;
  }

  close(): void {
    this.socket.close();
  }

  private check(): void {
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.test()) return true;
      waiter.resolve();
      return false;
    });
  }
}
