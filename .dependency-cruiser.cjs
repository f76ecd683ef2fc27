// The layers of src/ (docs/architecture.md): each folder imports only from folders before it.
//   core → internal → secrets → sources → chain → clients | tenants | cli | testing, index.ts on top.
// `npm run lint:layers` fails on any import that runs back up the order or sideways between the
// top-layer peers; test/architecture/layers.test.ts shows an injected back-import is caught.
/** @typedef {import("dependency-cruiser").IConfiguration} Config */

const ORDER = ["core", "internal", "secrets", "sources", "chain"];
const PEERS = ["clients", "tenants", "cli", "testing"];

const folder = (name) => `^src/${name}/`;
const rules = [];
ORDER.forEach((layer, i) => {
  const later = [...ORDER.slice(i + 1), ...PEERS];
  rules.push({
    name: `${layer}-imports-only-earlier-layers`,
    comment: `src/${layer} may import only ${ORDER.slice(0, i).join(", ") || "itself"} (docs/architecture.md).`,
    severity: "error",
    from: { path: folder(layer) },
    to: { path: [`^src/(${later.join("|")})/`, "^src/index\\.ts$"] },
  });
});
for (const peer of PEERS) {
  rules.push({
    name: `${peer}-does-not-import-its-peers`,
    comment: `src/${peer} is a top layer beside ${PEERS.filter((p) => p !== peer).join(", ")}; it imports none of them.`,
    severity: "error",
    from: { path: folder(peer) },
    to: { path: [`^src/(${PEERS.filter((p) => p !== peer).join("|")})/`, "^src/index\\.ts$"] },
  });
}
rules.push(
  {
    name: "no-circular",
    comment: "A cycle makes two files one concept; split or merge them.",
    severity: "error",
    from: { path: "^src/" },
    to: { circular: true, dependencyTypesNot: ["type-only"] },
  },
  {
    name: "core-loads-no-aws-sdk",
    comment: "credchain/core is pure: no @aws-sdk or @smithy runtime import.",
    severity: "error",
    from: { path: "^src/core/" },
    to: { path: "^(node_modules/)?@(aws-sdk|smithy)/", dependencyTypesNot: ["type-only"] },
  },
  {
    name: "not-to-unresolvable",
    severity: "error",
    from: { path: "^src/" },
    to: { couldNotResolve: true },
  },
);

/** @type {Config} */
module.exports = {
  forbidden: rules,
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "\\.d\\.ts$" },
  },
};
