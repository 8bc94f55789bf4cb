// Asks both APIs every operation of operations.md and says whether they return equivalent data.
//
//   node check.mjs [--ours http://127.0.0.1:8000/graphql] [--peer http://127.0.0.1:4000/graphql] [--only NAME]
//
// Each `## ` section of operations.md holds four fenced blocks: ```graphql ours, ```json ours
// (variables), ```graphql peer, ```json peer, and a line `Compare: ours `PATH` with peer `PATH``
// naming the part of `data` compared. Equivalent means equal after the normalisation written at
// the top of operations.md (ids without our `Type:` prefix, relationship `properties` flattened
// into their edge, cursors dropped, floats to 1e-9). Exit status 1 when any operation differs.

import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const urls = {
  ours: option("--ours", "http://127.0.0.1:8000/graphql"),
  peer: option("--peer", "http://127.0.0.1:4000/graphql"),
};
const only = option("--only");

export function parseOperations(text) {
  const operations = [];
  for (const section of text.split(/^## /m).slice(1)) {
    const name = section.split("\n", 1)[0].trim();
    const blocks = {};
    for (const m of section.matchAll(/^```(graphql|json) (ours|peer)\n([\s\S]*?)^```/gm)) {
      blocks[`${m[1]} ${m[2]}`] = m[3];
    }
    const compare = section.match(/^Compare: ours `([^`]+)` with peer `([^`]+)`/m);
    if (!blocks["graphql ours"] || !blocks["graphql peer"] || !compare) continue;
    operations.push({
      name,
      ours: { query: blocks["graphql ours"], variables: JSON.parse(blocks["json ours"] || "{}"), path: compare[1] },
      peer: { query: blocks["graphql peer"], variables: JSON.parse(blocks["json peer"] || "{}"), path: compare[2] },
    });
  }
  return operations;
}

async function post(url, query, variables) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(`${url}: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data;
}

// A variable {"$cursorAt": N} stands for our keyset cursor after N rows: walk the same document
// page by page (its `first`) and take pageInfo.endCursor of the path's first field.
async function resolveVariables(url, spec) {
  const variables = { ...spec.variables };
  for (const [key, value] of Object.entries(variables)) {
    if (value && typeof value === "object" && "$cursorAt" in value) {
      let cursor = null;
      const root = spec.path.split(".")[0];
      for (let seen = 0; seen < value.$cursorAt; seen += variables.first) {
        const data = await post(url, spec.query, { ...variables, [key]: cursor });
        cursor = data[root].pageInfo.endCursor;
      }
      variables[key] = cursor;
    }
  }
  return variables;
}

// `a.b[0].c`, and `[*]` to map the rest of the path over a list (`trainers.edges[*].node`).
function at(value, path) {
  const star = path.indexOf("[*]");
  if (star >= 0) {
    const rest = path.slice(star + 3).replace(/^\./, "");
    const list = at(value, path.slice(0, star));
    return Array.isArray(list) ? list.map((item) => (rest ? at(item, rest) : item)) : list;
  }
  for (const part of path.split(/\.|\[(\d+)\]/).filter(Boolean)) value = value?.[part];
  return value;
}

const GLOBAL_ID = /^[A-Za-z_]+:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const DROPPED = new Set(["cursor", "startCursor", "endCursor"]);

export function normalise(value) {
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "string") return value.replace(GLOBAL_ID, "$1");
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    if (DROPPED.has(key)) continue;
    if (key === "properties" && item && typeof item === "object" && !Array.isArray(item)) {
      Object.assign(out, normalise(item));
    } else {
      out[key] = normalise(item);
    }
  }
  return out;
}

function difference(a, b, path = "") {
  if (typeof a === "number" && typeof b === "number") {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) ? null : `${path}: ${a} ≠ ${b}`;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: list ≠ non-list`;
    if (a.length !== b.length) return `${path}: ${a.length} items ≠ ${b.length} items`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      if (!(key in a) || !(key in b)) return `${path}.${key}: only in ${key in a ? "ours" : "peer"}`;
      const d = difference(a[key], b[key], `${path}.${key}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
}

async function main() {
  const text = readFileSync(new URL("./operations.md", import.meta.url), "utf8");
  let failed = 0;
  for (const op of parseOperations(text)) {
    if (only && !op.name.includes(only)) continue;
    try {
      const [ours, peer] = await Promise.all(
        ["ours", "peer"].map(async (who) => {
          const spec = op[who];
          const data = await post(urls[who], spec.query, await resolveVariables(urls[who], spec));
          return normalise(at(data, spec.path));
        }),
      );
      const d = difference(ours, peer);
      const size = JSON.stringify(ours).length;
      if (d) failed++;
      console.log(`${d ? "DIFFERENT" : "equivalent"}  ${op.name}  (${size} bytes compared)${d ? `\n    ${d}` : ""}`);
    } catch (error) {
      failed++;
      console.log(`ERROR      ${op.name}\n    ${error.message}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
