import {Buffer} from "node:buffer";
import {z} from "zod";
import {
  COMMENTARY_LENGTHS,
  COMMENTARY_STYLES,
  type CommentaryLength,
  type CommentaryStyle,
} from "../../src/sport/commentary.js";
import {CLOSE_CODES, KERNEL_PROTOCOL, LIVE_TOPICS, type LiveTopic} from "../../src/sport/kernel-messages.js";
import {SharedMessage, type LiveConnection} from "../live/connection.js";
import type {LiveHub} from "../live/hub.js";
import type {SessionChannel, Subscriber} from "../live/session-channel.js";

/** What one WebSocket client may send. */
export interface ProtocolLimits {
  /** Largest message accepted, bytes. */
  maxMessageBytes: number;
  /** Sustained messages per second a client may send, and the burst above it. */
  messagesPerSecond: number;
  burst: number;
  /** Longest broadcast delay a client may ask for, ms. */
  maxDelayMs: number;
  heartbeatMs: number;
  now: () => number;
}

export const defaultProtocolLimits: ProtocolLimits = {
  maxMessageBytes: 4096,
  messagesPerSecond: 10,
  burst: 20,
  maxDelayMs: 5 * 60_000,
  heartbeatMs: 5_000,
  now: Date.now,
};

const sessionId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,127}$/, "a session id: lower-case letters, digits, '.', '_' or '-'");

function clientMessageSchema(limits: ProtocolLimits) {
  const delayMs = z.number().int().min(0).max(limits.maxDelayMs);
  return z.discriminatedUnion("op", [
    z.strictObject({
      op: z.literal("subscribe"),
      session: sessionId,
      topics: z
        .array(z.enum(LIVE_TOPICS as [LiveTopic, ...LiveTopic[]]))
        .max(LIVE_TOPICS.length)
        .optional(),
      lastSeq: z.number().int().min(0).optional(),
      delayMs: delayMs.optional(),
      protocol: z.literal(KERNEL_PROTOCOL).optional(),
    }),
    z.strictObject({op: z.literal("delay"), delayMs}),
    z.strictObject({op: z.literal("unsubscribe")}),
    z.strictObject({op: z.literal("ping"), id: z.string().max(64).optional()}),
    z.strictObject({
      op: z.literal("commentary"),
      style: z.enum(COMMENTARY_STYLES),
      length: z.enum(COMMENTARY_LENGTHS),
    }),
  ]);
}

const OPS = ["subscribe", "delay", "unsubscribe", "ping", "commentary"];

/** Where a client's choice of commentary goes (the commentator); absent when the kernel runs none. */
export interface CommentaryDemand {
  setDemand(client: object, sessionId: string, style: CommentaryStyle, length: CommentaryLength): void;
  release(client: object): void;
}

/** What the runtime adapter calls for one connection's events. */
export interface ClientHandler {
  onText(text: string): void;
  onBinary(): void;
  onClose(): void;
}

/**
 * Runs the protocol for one WebSocket client: validates what it sends, subscribes it to a session (snapshot,
 * then deltas; or the missed deltas when it resumes), and closes it with a clear code when it misbehaves.
 * A misbehaving client is only ever closed: nothing it sends reaches other clients.
 */
export function acceptClient(
  hub: LiveHub,
  connection: LiveConnection,
  limits: ProtocolLimits = defaultProtocolLimits,
  commentary: CommentaryDemand | null = null,
): ClientHandler {
  const schema = clientMessageSchema(limits);
  let subscription: {channel: SessionChannel; subscriber: Subscriber} | null = null;
  let tokens = limits.burst;
  let refilledAt = limits.now();
  let closed = false;

  const send = (message: unknown) => connection.send(new SharedMessage(JSON.stringify(message)));
  const refuse = (code: number, reason: string, detail = reason) => {
    if (closed) return;
    send({t: "error", code: String(code), message: detail});
    close(code, reason);
  };
  const close = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    leave();
    // A close reason is at most 123 bytes.
    connection.close(code, truncateBytes(reason, 123));
  };
  const leave = () => {
    subscription?.channel.unsubscribe(subscription.subscriber);
    subscription = null;
    commentary?.release(connection);
  };

  send({
    t: "hello",
    protocol: KERNEL_PROTOCOL,
    heartbeatMs: limits.heartbeatMs,
    maxMessageBytes: limits.maxMessageBytes,
  });

  return {
    onText(text) {
      if (closed) return;
      const now = limits.now();
      tokens = Math.min(limits.burst, tokens + ((now - refilledAt) / 1000) * limits.messagesPerSecond);
      refilledAt = now;
      if (tokens < 1) {
        return refuse(CLOSE_CODES.flood, `too many messages: at most ${limits.messagesPerSecond} per second`);
      }
      tokens -= 1;
      if (Buffer.byteLength(text) > limits.maxMessageBytes) {
        return refuse(CLOSE_CODES.tooBig, `message over ${limits.maxMessageBytes} bytes`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return refuse(CLOSE_CODES.malformed, "malformed JSON: send one JSON object per message");
      }
      const op = (json as {op?: unknown} | null)?.op;
      if (typeof op !== "string" || !OPS.includes(op)) {
        return refuse(
          CLOSE_CODES.invalidMessage,
          `unknown op ${JSON.stringify(op ?? null).slice(0, 40)}: use ${OPS.join(", ")}`,
        );
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const detail = parsed.error.issues
          .map((issue) => `${issue.path.join(".") || "message"}: ${issue.message}`)
          .join("; ");
        return refuse(CLOSE_CODES.invalidMessage, `invalid ${op}: ${detail}`, `invalid ${op}: ${detail}`);
      }
      const message = parsed.data;
      switch (message.op) {
        case "subscribe": {
          const channel = hub.get(message.session);
          if (!channel) {
            return refuse(
              CLOSE_CODES.unknownSession,
              `unknown session "${message.session}": GET /v1/sessions lists the live ones`,
            );
          }
          leave();
          const subscriber = channel.subscribe(connection, message);
          subscription = {channel, subscriber};
          return;
        }
        case "delay":
          if (!subscription) return send({t: "error", code: "not-subscribed", message: "subscribe first"});
          subscription.channel.setDelay(subscription.subscriber, message.delayMs);
          return send({t: "delay", delayMs: message.delayMs});
        case "unsubscribe":
          return leave();
        case "ping":
          return send({t: "pong", id: message.id, at: limits.now()});
        case "commentary":
          if (!subscription) return send({t: "error", code: "not-subscribed", message: "subscribe first"});
          if (!commentary) {
            return send({
              t: "error",
              code: "commentary-off",
              message: "this kernel writes no commentary: start it with PITWALL_COMMENTARY=on",
            });
          }
          commentary.setDemand(connection, subscription.channel.sessionId, message.style, message.length);
          return send({t: "commentary", style: message.style, length: message.length});
      }
    },
    onBinary() {
      refuse(CLOSE_CODES.unsupportedData, "binary frames are not supported: send JSON text");
    },
    onClose() {
      closed = true;
      leave();
    },
  };
}

function truncateBytes(text: string, maxBytes: number): string {
  let result = text;
  while (Buffer.byteLength(result) > maxBytes) result = result.slice(0, -1);
  return result;
}
