import {existsSync, readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {parseAllDocuments, parse as parseYaml} from "yaml";
import {projectRoot} from "../../sources/settings.js";

// The descriptors cannot be run here (no Docker, no cluster): this checks that they hang together and that
// what they ask of the kernel is what the kernel reads.
const deploy = join(projectRoot, "deploy");
const read = (path: string) => readFileSync(join(deploy, path), "utf8");

/** Every PITWALL_* name the kernel's code reads. */
function kernelSettings(): Set<string> {
  const names = new Set<string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, {withFileTypes: true})) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
        for (const match of readFileSync(path, "utf8").matchAll(/\bPITWALL_[A-Z_]+/g)) names.add(match[0]);
    }
  };
  for (const folder of ["kernel", "sources"]) walk(join(projectRoot, folder));
  return names;
}

/** The long options kernel/node.ts accepts. */
function nodeFlags(): Set<string> {
  const source = readFileSync(join(projectRoot, "kernel", "node.ts"), "utf8");
  const options = /parseArgs\(\{\s*options: \{([\s\S]*?)\n {4}\},\n {2}\}\);/.exec(source)?.[1] ?? "";
  return new Set([...options.matchAll(/^\s*"?([a-z-]+)"?: \{type/gm)].map((match) => `--${match[1]}`));
}

/** Checks a kernel command line: node runs kernel/node.ts with flags it knows, on the given port. */
function checkKernelCommand(command: string[], port: number): void {
  expect(command.slice(0, 4)).toEqual(["node", "--import", "tsx", "kernel/node.ts"]);
  const flags = nodeFlags();
  for (const argument of command.slice(4).filter((item) => item.startsWith("--")))
    expect(flags, `kernel/node.ts has no option ${argument}`).toContain(argument);
  expect(command[command.indexOf("--port") + 1]).toBe(String(port));
  expect(command[command.indexOf("--host") + 1]).toBe("0.0.0.0");
  expect(command[command.indexOf("--redis") + 1]).toMatch(/^redis:\/\/redis:6379$/);
}

function checkRedisDurable(args: string[]): void {
  expect(args.join(" ")).toMatch(/--appendonly yes --appendfsync always/);
  expect(args.join(" ")).toMatch(/--maxmemory-policy noeviction/);
}

describe("deployment descriptors", () => {
  it("compose: Redis durable, three kernel nodes the kernel would accept, the site in front of them", () => {
    const compose = parseYaml(read("compose.yaml"), {merge: true}) as {
      services: Record<string, Record<string, unknown>>;
    };
    const services = compose.services;
    checkRedisDurable(services.redis!.command as string[]);
    const kernels = Object.keys(services).filter((name) => name.startsWith("kernel-"));
    expect(kernels).toHaveLength(3);
    const settings = kernelSettings();
    const nodeIds = new Set<string>();
    for (const name of kernels) {
      const service = services[name]!;
      const command = service.command as string[];
      checkKernelCommand(command, 3000);
      nodeIds.add(command[command.indexOf("--node-id") + 1]!);
      const environment = service.environment as Record<string, string>;
      for (const key of Object.keys(environment))
        expect(settings, `${name}: the kernel does not read ${key}`).toContain(key);
      expect(environment.PITWALL_MIRROR).toBe("/data");
      expect(service.volumes).toEqual([expect.stringMatching(/:\/data:ro$/)]);
      expect(service.depends_on).toMatchObject({redis: {condition: "service_healthy"}});
      expect((service.networks as {default: {aliases: string[]}}).default.aliases).toContain("kernel");
      expect((service.build as {target: string}).target).toBe("kernel");
    }
    expect(nodeIds.size).toBe(3);
    const site = services.site!;
    expect((site.environment as Record<string, string>).KERNEL_UPSTREAM).toBe("kernel:3000");
    expect(site.depends_on).toEqual(kernels);
    for (const service of Object.values(services))
      for (const dependency of Object.keys((service.depends_on as object) ?? {}).concat(
        Array.isArray(service.depends_on) ? (service.depends_on as string[]) : [],
      ))
        if (!/^\d+$/.test(dependency)) expect(Object.keys(services)).toContain(dependency);
  });

  it("Kubernetes: every selector finds its pods, every port and reference resolves, settings are the kernel's", () => {
    const kustomization = parseYaml(read("k8s/kustomization.yaml")) as {resources: string[]};
    const documents = kustomization.resources.flatMap((file) => {
      expect(existsSync(join(deploy, "k8s", file)), file).toBe(true);
      return parseAllDocuments(read(join("k8s", file))).map((document) => {
        expect(document.errors).toEqual([]);
        return document.toJS() as K8sObject;
      });
    });
    for (const object of documents) {
      expect(object.apiVersion).toBeTruthy();
      expect(object.kind).toBeTruthy();
      expect(object.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
    const byKind = (kind: string) => documents.filter((object) => object.kind === kind);
    const workloads = [...byKind("Deployment"), ...byKind("StatefulSet")];
    for (const workload of workloads) {
      const labels = workload.spec!.template!.metadata!.labels!;
      expect(labels).toMatchObject(workload.spec!.selector!.matchLabels!);
    }
    for (const service of byKind("Service")) {
      const targets = workloads.filter((workload) =>
        Object.entries(service.spec!.selector!).every(
          ([key, value]) => workload.spec!.template!.metadata!.labels![key] === value,
        ),
      );
      expect(targets, `service ${service.metadata!.name} selects no pods`).toHaveLength(1);
      const containerPorts = targets[0]!.spec!.template!.spec!.containers!.flatMap(
        (container) => container.ports ?? [],
      );
      for (const port of service.spec!.ports!)
        expect(containerPorts.map((entry) => entry.name)).toContain(port.targetPort);
    }
    for (const budget of byKind("PodDisruptionBudget"))
      expect(
        workloads.some(
          (workload) =>
            workload.metadata!.name === budget.spec!.selector!.matchLabels!["app.kubernetes.io/name"],
        ),
      ).toBe(true);
    const claims = new Set(byKind("PersistentVolumeClaim").map((claim) => claim.metadata!.name));
    for (const workload of workloads)
      for (const volume of workload.spec!.template!.spec!.volumes ?? [])
        if (volume.persistentVolumeClaim) expect(claims).toContain(volume.persistentVolumeClaim.claimName);
    const services = new Set(byKind("Service").map((service) => service.metadata!.name));
    for (const ingress of byKind("Ingress"))
      for (const rule of ingress.spec!.rules!)
        for (const path of rule.http.paths) expect(services).toContain(path.backend.service.name);

    const redis = byKind("StatefulSet").find((set) => set.metadata!.name === "redis")!;
    checkRedisDurable(redis.spec!.template!.spec!.containers![0]!.args!);
    const kernel = byKind("Deployment").find((deployment) => deployment.metadata!.name === "kernel")!;
    expect(kernel.spec!.replicas).toBeGreaterThanOrEqual(2);
    const container = kernel.spec!.template!.spec!.containers![0]!;
    checkKernelCommand(container.args!, 3000);
    expect(container.readinessProbe?.httpGet?.path).toBe("/v1/health");
    const settings = kernelSettings();
    for (const variable of container.env!)
      if (variable.name !== "POD_IP")
        expect(settings, `the kernel does not read ${variable.name}`).toContain(variable.name);
    // A pod that stops must have time to give its leases up before it is killed.
    const ttlMs = Number(container.env!.find((variable) => variable.name === "PITWALL_LEASE_TTL_MS")?.value);
    expect(kernel.spec!.template!.spec!.terminationGracePeriodSeconds! * 1000).toBeGreaterThan(ttlMs);
    const site = byKind("Deployment").find((deployment) => deployment.metadata!.name === "site")!;
    expect(site.spec!.template!.spec!.containers![0]!.env).toContainEqual({
      name: "KERNEL_UPSTREAM",
      value: "kernel:3000",
    });
    expect(services).toContain("kernel");
  });

  it("the image recipe copies only what exists, and nginx passes /v1 and WebSocket upgrades to the kernel", () => {
    const dockerfile = read("Dockerfile");
    for (const [, source] of dockerfile.matchAll(/^COPY (?!--from)(\S+)/gm))
      if (source !== ".") expect(existsSync(join(projectRoot, source!)), source).toBe(true);
    expect(dockerfile).toMatch(/^FROM \S+ AS kernel$/m);
    expect(dockerfile).toMatch(/^FROM \S+ AS site$/m);
    const nginx = read("nginx.conf");
    expect(nginx).toMatch(/server \$\{KERNEL_UPSTREAM\};/);
    expect(nginx).toMatch(
      /location \/v1\/ \{[^}]*proxy_pass http:\/\/pitwall_kernel;[^}]*Upgrade \$http_upgrade/,
    );
  });
});

interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {name?: string; labels?: Record<string, string>};
  spec?: {
    replicas?: number;
    selector?: {matchLabels?: Record<string, string>} & Record<string, string>;
    ports?: {name: string; port: number; targetPort: string}[];
    rules?: {http: {paths: {backend: {service: {name: string}}}[]}}[];
    template?: {
      metadata?: {labels?: Record<string, string>};
      spec?: {
        terminationGracePeriodSeconds?: number;
        volumes?: {persistentVolumeClaim?: {claimName: string}}[];
        containers?: {
          args?: string[];
          ports?: {name: string; containerPort: number}[];
          env?: {name: string; value?: string}[];
          readinessProbe?: {httpGet?: {path: string}};
        }[];
      };
    };
  };
}
