// Validates Kubernetes objects (a YAML stream on stdin, as `kubectl kustomize` prints it) against the Kubernetes
// OpenAPI schemas that the kubernetes-models package carries (types, required fields, enums, formats; through
// @kubernetes-models/validate), then against the rules this deployment promises (deploy/README.md). Prints one line
// per object and exits 1 at the first batch with a problem. Usage: kubectl kustomize DIR | node validate.mjs NAME
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const source = process.argv[2] ?? "stdin";
const documents = parseAllDocuments(readFileSync(0, "utf8"));
const problems = [];
const kinds = new Map();

for (const document of documents) {
  if (document.errors.length > 0) {
    problems.push(`YAML: ${document.errors.map((e) => e.message).join("; ")}`);
    continue;
  }
  const object = document.toJS();
  if (object === null) continue;
  const name = `${object.kind}/${object.metadata?.name}`;
  let model;
  try {
    // "apps/v1" → kubernetes-models/apps/v1/Deployment; "v1" → kubernetes-models/v1/Service
    model = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`))[object.kind];
  } catch {
    problems.push(`${name}: no schema for apiVersion ${object.apiVersion}, kind ${object.kind}`);
    continue;
  }
  try {
    new model(object).validate();
  } catch (error) {
    problems.push(`${name}: ${error.message}`);
    continue;
  }
  for (const problem of rules(object)) problems.push(`${name}: ${problem}`);
  kinds.set(object.kind, (kinds.get(object.kind) ?? 0) + 1);
}

for (const required of ["Deployment", "Job", "Service", "Ingress", "PodDisruptionBudget", "HorizontalPodAutoscaler", "Secret", "ConfigMap"]) {
  if (!kinds.has(required)) problems.push(`no ${required} rendered`);
}

if (problems.length > 0) {
  for (const problem of problems) console.log(`${source}: ${problem}`);
  process.exit(1);
}
console.log(`${source}: ${[...kinds].map(([kind, count]) => `${count} ${kind}`).join(", ")} valid`);

// What the schema cannot say: probes, the read-only non-root pod, placeholders only, the upload limit.
function* rules(object) {
  const pod = object.kind === "Deployment" || object.kind === "Job" ? object.spec.template.spec : null;
  if (pod) {
    if (pod.securityContext?.runAsNonRoot !== true) yield "the pod may run as root";
    for (const container of pod.containers) {
      const security = container.securityContext ?? {};
      if (security.readOnlyRootFilesystem !== true) yield `${container.name}: root file system not read-only`;
      if (security.allowPrivilegeEscalation !== false) yield `${container.name}: privilege escalation allowed`;
      if (!(container.volumeMounts ?? []).some((m) => m.mountPath === "/tmp")) yield `${container.name}: no writable /tmp`;
      if (object.kind === "Deployment") {
        if (container.readinessProbe?.httpGet?.path !== "/health/ready") yield `${container.name}: readiness probe is not /health/ready`;
        if (container.livenessProbe?.httpGet?.path !== "/health/live") yield `${container.name}: liveness probe is not /health/live`;
      }
    }
  }
  if (object.kind === "Secret") {
    const values = [...Object.values(object.stringData ?? {}), ...Object.values(object.data ?? {})];
    if (values.some((value) => value !== "" && !String(value).includes("CHANGE-ME"))) {
      yield "holds a value that is not a placeholder (CHANGE-ME or empty): real secrets never go into these files";
    }
  }
  if (object.kind === "Ingress" && object.metadata.annotations?.["nginx.ingress.kubernetes.io/proxy-body-size"] !== "64m") {
    yield "proxy-body-size is not 64m (the register upload)";
  }
}
