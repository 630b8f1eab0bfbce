// Checks deploy/k8s without a cluster (run by ./vpnplane test and ./vpnplane k8s-check):
//  1. renders every overlay (the Kustomize features the overlays use; any other key is an error),
//  2. validates every rendered object against its published schema (Kubernetes, Strimzi,
//     CloudNativePG, Gateway API models from npm),
//  3. routes sample paths of every API location of deploy/local/nginx.conf through nginx's and the
//     HTTPRoutes' matching rules: both must pick the same service (or none),
//  4. the KafkaTopics are exactly deploy/local/topics.conf,
//  5. deployment rules: probes, resource requests, the agent's host network/NET_ADMIN/TUN.
// Prints one line per check and "N passed, N failed"; exits 1 when anything failed.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

const k8sDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(k8sDir, '../..');
let passed = 0;
let failed = 0;

function check(name, fn) {
  try {
    fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// ---- 1. rendering -------------------------------------------------------------------------------

const KUSTOMIZATION_KEYS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'replicas', 'images', 'patches']);
const CLUSTER_SCOPED = new Set(['Namespace', 'GatewayClass', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass']);

function readYamlDocs(file) {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      return doc.toJS();
    })
    .filter((obj) => obj !== null);
}

function render(dir) {
  const kustomization = parseYaml(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
  for (const key of Object.keys(kustomization)) {
    if (!KUSTOMIZATION_KEYS.has(key)) throw new Error(`${dir}/kustomization.yaml: '${key}' is not supported by this checker`);
  }
  let objects = [];
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    objects.push(...(statSync(path).isDirectory() ? render(path) : readYamlDocs(path)));
  }
  for (const { pairs, includeSelectors } of kustomization.labels ?? []) {
    assert(!includeSelectors, 'labels.includeSelectors is not supported');
    for (const obj of objects) obj.metadata.labels = { ...obj.metadata.labels, ...pairs };
  }
  for (const { name, count } of kustomization.replicas ?? []) {
    const target = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === name);
    assert(target.length === 1, `replicas: no single workload named ${name}`);
    target[0].spec.replicas = count;
  }
  for (const image of kustomization.images ?? []) {
    let used = false;
    for (const container of objects.flatMap((o) => o.spec?.template?.spec?.containers ?? [])) {
      const [name, tag] = splitImage(container.image);
      if (name !== image.name) continue;
      container.image = `${image.newName ?? name}:${image.newTag ?? tag}`;
      used = true;
    }
    assert(used, `images: no container uses ${image.name}`);
  }
  for (const { target, patch } of kustomization.patches ?? []) {
    const matching = objects.filter((o) => o.kind === target.kind && (!target.name || o.metadata.name === target.name));
    assert(matching.length > 0, `patch target ${JSON.stringify(target)} matches nothing`);
    for (const obj of matching) applyJsonPatch(obj, parseYaml(patch));
  }
  if (kustomization.namespace) {
    objects = objects.map((o) => (CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: kustomization.namespace } }));
  }
  return objects;
}

function splitImage(image) {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? [image.slice(0, colon), image.slice(colon + 1)] : [image, 'latest'];
}

function applyJsonPatch(obj, operations) {
  for (const { op, path, value } of operations) {
    const keys = path.split('/').slice(1).map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = keys.pop();
    let parent = obj;
    for (const key of keys) {
      assert(parent[key] !== undefined, `patch path ${path} does not exist`);
      parent = parent[key];
    }
    if (op === 'replace') {
      assert(parent[last] !== undefined, `patch replace ${path}: nothing to replace`);
      parent[last] = value;
    } else if (op === 'add') {
      parent[last] = value;
    } else if (op === 'remove') {
      assert(parent[last] !== undefined, `patch remove ${path}: nothing to remove`);
      delete parent[last];
    } else {
      throw new Error(`patch op ${op} is not supported`);
    }
  }
}

// ---- 2. schemas ---------------------------------------------------------------------------------

const MODEL_PACKAGES = {
  'kafka.strimzi.io': '@kubernetes-models/strimzi-kafka-operator',
  'postgresql.cnpg.io': '@kubernetes-models/cloudnative-pg',
  'gateway.networking.k8s.io': '@kubernetes-models/gateway-api',
};

async function modelFor({ apiVersion, kind }) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const module = MODEL_PACKAGES[group]
    ? `${MODEL_PACKAGES[group]}/${group}/${version}/${kind}`
    : `kubernetes-models/${group ? `${group}/` : ''}${version}/${kind}`;
  const exports = await import(module).catch(() => {
    throw new Error(`no schema for ${apiVersion} ${kind}`);
  });
  return exports[kind];
}

async function validateSchema(obj) {
  const Model = await modelFor(obj);
  new Model(obj).validate();
}

// ---- 3. routes ----------------------------------------------------------------------------------

function nginxLocations() {
  const text = readFileSync(join(repoRoot, 'deploy/local/nginx.conf'), 'utf8').replace(/#.*$/gm, '');
  const locations = [];
  const re = /location\s+(=|~)?\s*(\S+)\s*\{([^}]*)\}/g;
  for (const m of text.matchAll(re)) {
    const upstream = /proxy_pass\s+http:\/\/(\w+?)_service[;/]/.exec(m[3]);
    const rewritten = /proxy_pass\s+http:\/\/\w+\/\S/.test(m[3]);
    locations.push({
      modifier: m[1] ?? '',
      path: m[2],
      service: upstream && !rewritten ? `${upstream[1]}-service` : null,
    });
  }
  return locations;
}

function nginxRoute(locations, path) {
  const exact = locations.find((l) => l.modifier === '=' && l.path === path);
  if (exact) return exact.service;
  const prefix = locations
    .filter((l) => l.modifier === '' && path.startsWith(l.path))
    .sort((a, b) => b.path.length - a.path.length)[0];
  const regex = locations.find((l) => l.modifier === '~' && new RegExp(l.path).test(path));
  return (regex ?? prefix)?.service ?? null;
}

function gatewayMatches(objects) {
  return objects
    .filter((o) => o.kind === 'HTTPRoute')
    .flatMap((route) =>
      route.spec.rules.flatMap((rule) =>
        rule.matches.map((match) => ({ ...match.path, service: rule.backendRefs[0].name })),
      ),
    );
}

// Gateway API precedence: Exact, then RegularExpression (ranked above prefixes by the
// implementations named in base/gateway.yaml), then the longest PathPrefix, matched by path element.
function gatewayRoute(matches, path) {
  const exact = matches.find((m) => m.type === 'Exact' && m.value === path);
  if (exact) return exact.service;
  const regex = matches.find((m) => m.type === 'RegularExpression' && new RegExp(`^(?:${m.value})$`).test(path));
  if (regex) return regex.service;
  const prefix = matches
    .filter((m) => m.type === 'PathPrefix')
    .filter((m) => {
      const p = m.value.replace(/\/$/, '');
      return path === p || path.startsWith(`${p}/`);
    })
    .sort((a, b) => b.value.length - a.value.length)[0];
  return prefix?.service ?? null;
}

// Paths that exercise one nginx location: inside it, at its edges and just outside it.
function samplePaths(location) {
  if (location.modifier === '~') return expandRegex(location.path);
  const base = location.path.replace(/\/$/, '');
  return [location.path, base, `${base}x`, `${base}/id-1`, `${base}/id-1/sub`, `${base}/`];
}

function expandRegex(regex) {
  let variants = [''];
  const tokens = regex.replace(/^\^/, '').match(/\([^)]*\)|\[\^\/\]\+|\\.|[^()[\\]/g);
  for (const token of tokens) {
    let options;
    if (token.startsWith('(')) options = token.slice(1, -1).split('|').map((o) => (o === '$' ? '' : o));
    else if (token === '[^/]+') options = ['id-1'];
    else if (token.startsWith('\\')) options = [token.slice(1)];
    else options = [token];
    variants = variants.flatMap((v) => options.map((o) => v + o));
  }
  return variants.flatMap((v) => [v, `${v}/sub`, `${v}x`, v.replace('/id-1/', '/id-1/x/')]);
}

// ---- checks -------------------------------------------------------------------------------------

const overlays = readdirSync(join(k8sDir, 'overlays'));
const rendered = {};
check('base renders', () => {
  rendered.base = render(join(k8sDir, 'base'));
});
for (const overlay of overlays) {
  check(`overlay ${overlay} renders`, () => {
    rendered[overlay] = render(join(k8sDir, 'overlays', overlay));
  });
}

for (const [name, objects] of Object.entries(rendered)) {
  for (const obj of objects) {
    const label = `${name}: ${obj.kind} ${obj.metadata.name} matches its schema`;
    try {
      await validateSchema(obj);
      passed++;
      console.log(`ok   ${label}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${label}: ${e.message}`);
    }
  }
}

const base = rendered.base ?? [];
const locations = nginxLocations();
const apiLocations = locations.filter((l) => l.service && /^\^?\/v/.test(l.path));
check('nginx.conf has API locations', () => assert(apiLocations.length >= 10, `only ${apiLocations.length} found`));
const matches = gatewayMatches(base);
for (const location of apiLocations) {
  check(`HTTPRoutes route nginx location ${location.modifier} ${location.path} like nginx`, () => {
    const wrong = samplePaths(location)
      .map((path) => ({ path, nginx: nginxRoute(locations, path), gateway: gatewayRoute(matches, path) }))
      .filter((r) => r.nginx !== r.gateway);
    assert(wrong.length === 0, wrong.map((r) => `${r.path}: nginx → ${r.nginx}, HTTPRoute → ${r.gateway}`).join('; '));
  });
}
check('every HTTPRoute backend is a Service', () => {
  const services = new Set(base.filter((o) => o.kind === 'Service').map((o) => o.metadata.name));
  for (const m of matches) assert(services.has(m.service), `${m.service} has no Service`);
});

check('KafkaTopics are exactly deploy/local/topics.conf', () => {
  const expected = readFileSync(join(repoRoot, 'deploy/local/topics.conf'), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((l) => l.split(/\s+/).join(' '))
    .sort();
  const actual = base
    .filter((o) => o.kind === 'KafkaTopic')
    .map((t) => [t.spec.topicName, t.spec.partitions, t.spec.config['cleanup.policy'], t.spec.config['retention.ms']]
      .filter((field) => field !== undefined).join(' '))
    .sort();
  assert(JSON.stringify(actual) === JSON.stringify(expected), `expected ${expected.join(', ')}; got ${actual.join(', ')}`);
});

for (const [name, objects] of Object.entries(rendered)) {
  for (const deployment of objects.filter((o) => o.kind === 'Deployment' || o.kind === 'DaemonSet')) {
    check(`${name}: ${deployment.kind} ${deployment.metadata.name} has health probes and resource requests`, () => {
      for (const c of deployment.spec.template.spec.containers) {
        assert(c.livenessProbe?.httpGet?.path === '/q/health/live', `${c.name}: liveness probe is not /q/health/live`);
        assert(c.readinessProbe?.httpGet?.path === '/q/health/ready', `${c.name}: readiness probe is not /q/health/ready`);
        assert(c.resources?.requests?.cpu && c.resources?.requests?.memory, `${c.name}: no cpu/memory requests`);
      }
    });
  }
  check(`${name}: the gateway agent runs on gateway nodes with host network, NET_ADMIN and /dev/net/tun`, () => {
    const agent = objects.find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'gateway-agent');
    assert(agent, 'no DaemonSet gateway-agent');
    const pod = agent.spec.template.spec;
    assert(pod.hostNetwork === true, 'hostNetwork is not true');
    assert(pod.nodeSelector?.['vpnplane.io/gateway-node'] === 'true', 'not restricted to gateway nodes');
    const container = pod.containers[0];
    assert(container.securityContext?.capabilities?.add?.includes('NET_ADMIN'), 'no NET_ADMIN');
    const tun = pod.volumes.find((v) => v.hostPath?.path === '/dev/net/tun');
    assert(tun?.hostPath.type === 'CharDevice', '/dev/net/tun is not a CharDevice hostPath');
    assert(container.volumeMounts.some((m) => m.name === tun.name && m.mountPath === '/dev/net/tun'), '/dev/net/tun not mounted');
  });
  check(`${name}: every referenced ConfigMap and Secret exists (vpnplane-db-app comes from CloudNativePG)`, () => {
    const defined = new Set(objects.filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret').map((o) => `${o.kind}/${o.metadata.name}`));
    defined.add('Secret/vpnplane-db-app');
    const json = JSON.stringify(objects);
    const refs = [
      ...[...json.matchAll(/"(?:configMapRef|configMapKeyRef|configMap)":\{[^}]*?"name":"([^"]+)"/g)].map((m) => `ConfigMap/${m[1]}`),
      ...[...json.matchAll(/"(?:secretRef|secretKeyRef)":\{[^}]*?"name":"([^"]+)"/g)].map((m) => `Secret/${m[1]}`),
      ...[...json.matchAll(/"secretName":"([^"]+)"/g)].map((m) => `Secret/${m[1]}`),
    ];
    assert(refs.length > 0, 'no references found');
    const missing = refs.filter((r) => !defined.has(r));
    assert(missing.length === 0, `missing: ${[...new Set(missing)].join(', ')}`);
  });
}

console.log(`k8s-check: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
