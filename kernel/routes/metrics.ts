import {Hono} from "hono";
import type {KernelDeps} from "../deps.js";

/** GET /v1/metrics: Prometheus text format. */
export function metricsRoutes(deps: KernelDeps) {
  return new Hono().get("/", (c) => {
    const lines: string[] = [];
    const metric = (
      name: string,
      type: string,
      help: string,
      samples: [Record<string, string>, number][],
    ) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${formatLabels(labels)} ${value}`);
    };
    const channels = deps.hub.list().map((channel) => channel.getStats());
    const per = (pick: (stats: (typeof channels)[number]) => number) =>
      channels.map((stats): [Record<string, string>, number] => [{session: stats.sessionId}, pick(stats)]);
    metric(
      "pitwall_kernel_events_total",
      "counter",
      "Feed events appended to the session log",
      per((s) => s.seq),
    );
    metric(
      "pitwall_kernel_subscribers",
      "gauge",
      "WebSocket clients subscribed",
      per((s) => s.subscribers),
    );
    metric(
      "pitwall_kernel_retained_deltas",
      "gauge",
      "Deltas kept for resuming and delayed clients",
      per((s) => s.retained),
    );
    metric(
      "pitwall_kernel_messages_sent_total",
      "counter",
      "WebSocket messages sent",
      per((s) => s.messagesSent),
    );
    metric(
      "pitwall_kernel_deltas_sent_total",
      "counter",
      "Deltas delivered to clients",
      per((s) => s.deltasSent),
    );
    metric(
      "pitwall_kernel_snapshots_sent_total",
      "counter",
      "Snapshots sent",
      per((s) => s.snapshotsSent),
    );
    metric(
      "pitwall_kernel_slow_skips_total",
      "counter",
      "Ticks a slow client was skipped",
      per((s) => s.skippedSlow),
    );
    metric(
      "pitwall_kernel_http_requests_total",
      "counter",
      "HTTP requests by status",
      [...deps.metrics.requests].map(([status, count]): [Record<string, string>, number] => [
        {status: String(status)},
        count,
      ]),
    );
    metric("pitwall_kernel_ws_connections", "gauge", "Open WebSocket connections", [
      [{}, deps.metrics.connections],
    ]);
    metric(
      "pitwall_kernel_ws_refused_total",
      "counter",
      "WebSocket connections or messages refused, by close code",
      [...deps.metrics.refused].map(([code, count]): [Record<string, string>, number] => [
        {code: String(code)},
        count,
      ]),
    );
    for (const family of deps.cluster?.metrics() ?? []) metric(...family);
    for (const family of deps.commentary?.stats.metrics() ?? []) metric(...family);
    const memory = process.memoryUsage();
    metric("process_resident_memory_bytes", "gauge", "Resident memory", [[{}, memory.rss]]);
    metric("nodejs_heap_used_bytes", "gauge", "V8 heap used", [[{}, memory.heapUsed]]);
    const cpu = process.cpuUsage();
    metric("process_cpu_seconds_total", "counter", "CPU time", [[{}, (cpu.user + cpu.system) / 1e6]]);
    return c.text(`${lines.join("\n")}\n`, 200, {"content-type": "text/plain; version=0.0.4; charset=utf-8"});
  });
}

function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  return `{${entries.map(([key, value]) => `${key}="${value.replace(/["\\\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`))}"`).join(",")}}`;
}
