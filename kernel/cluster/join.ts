import {hostname} from "node:os";
import {ClusterNode, type ClusterOptions} from "./cluster-node.js";

/**
 * Joins the cluster sharing `redisUrl`, with settings from the environment: PITWALL_NODE_ID (defaults to the
 * host name and pid), PITWALL_ADVERTISE_URL (where operators reach this node), PITWALL_LEASE_TTL_MS,
 * PITWALL_CLUSTER_POLL_MS, PITWALL_STALL_MS, PITWALL_REDIS_RETAIN_HOURS.
 */
export async function joinCluster(
  redisUrl: string,
  nodeId: string | undefined,
  env: Record<string, string | undefined>,
): Promise<ClusterNode> {
  const number = (name: string) => (env[name] ? Number(env[name]) : undefined);
  const retainHours = number("PITWALL_REDIS_RETAIN_HOURS");
  const options: ClusterOptions = {
    redisUrl,
    nodeId: nodeId || env.PITWALL_NODE_ID || `${hostname()}-${process.pid}`,
    advertiseUrl: env.PITWALL_ADVERTISE_URL || null,
    leaseTtlMs: number("PITWALL_LEASE_TTL_MS"),
    pollMs: number("PITWALL_CLUSTER_POLL_MS"),
    stallMs: number("PITWALL_STALL_MS"),
    retainMs: retainHours == null ? undefined : retainHours * 3_600_000,
  };
  for (const [name, value] of Object.entries(options)) {
    if (typeof value === "number" && !(value > 0))
      throw new Error(`cluster setting ${name} must be a positive number; check the environment`);
    if (value === undefined) delete (options as unknown as Record<string, unknown>)[name];
  }
  process.stderr.write(`kernel: node ${options.nodeId} joining the cluster at ${redisUrl}\n`);
  return ClusterNode.connect(options);
}
