// The benchmark peer: the ecosystem graph served by @neo4j/graphql 7 (the reference library for
// GraphQL over Neo4j), so both APIs can be asked the same questions over the same database.
//
// Server: Apollo Server 5 with its standalone HTTP server. @neo4j/graphql's own documentation and
// examples are written for Apollo Server, so this is how its users typically deploy it; it has
// no framework underneath (plain node:http) and no per-request plugins beyond what is listed
// here, so what is measured is the library. The landing page is disabled (it loads from a CDN)
// and nothing is reported anywhere (no APOLLO_KEY).
//
//   NEO4J_URI       bolt://127.0.0.1:7687
//   NEO4J_DATABASE  neo4j
//   NEO4J_USER      neo4j (used only with a password)
//   NEO4J_PASSWORD  empty: no authentication (the project's local Neo4j runs without it)
//   PORT            4000, on 127.0.0.1 only; POST /graphql

import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const uri = process.env.NEO4J_URI || "bolt://127.0.0.1:7687";
const database = process.env.NEO4J_DATABASE || "neo4j";
const password = process.env.NEO4J_PASSWORD || "";
const auth = password ? neo4j.auth.basic(process.env.NEO4J_USER || "neo4j", password) : undefined;
const port = Number(process.env.PORT || 4000);

const typeDefs = readFileSync(new URL("./typeDefs.graphql", import.meta.url), "utf8");

// ecosystemStats.network: the statement returns the collaborating pairs; density, the
// collaborating organisations and the largest connected component are computed here, as ours
// computes them in Python (Community Neo4j has no graph-algorithm library).
function components(pairs) {
  const parent = new Map();
  const find = (x) => {
    while (parent.get(x) !== x) {
      parent.set(x, parent.get(parent.get(x)));
      x = parent.get(x);
    }
    return x;
  };
  for (const [a, b] of pairs) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  }
  const sizes = new Map();
  for (const x of parent.keys()) sizes.set(find(x), (sizes.get(find(x)) || 0) + 1);
  return { nodes: parent.size, largest: Math.max(0, ...sizes.values()) };
}

const toNumber = (value) => (neo4j.isInt(value) ? value.toNumber() : value);

const resolvers = {
  NetworkStats: {
    organisations: (net) => toNumber(net.organisations),
    edges: (net) => net.pairs.length,
    collaboratingOrganisations: (net) => components(net.pairs).nodes,
    density: (net) => {
      const n = toNumber(net.organisations);
      return n < 2 ? 0 : (2 * net.pairs.length) / (n * (n - 1));
    },
    largestComponent: (net) => {
      const { nodes, largest } = components(net.pairs);
      if (nodes === 0) return toNumber(net.organisations) ? 1 : 0;
      return largest;
    },
  },
};

const driver = neo4j.driver(uri, auth);

const neoSchema = new Neo4jGraphQL({
  typeDefs,
  driver,
  resolvers,
  features: {
    // String comparisons (off by default): a skilled user's index-ordered deep page (op. 4b).
    filters: { String: { LT: true, LTE: true, GT: true, GTE: true } },
    // A v7 schema without the deprecated v5/v6 forms (name_EQ, …): what a new project writes.
    excludeDeprecatedFields: {
      mutationOperations: true,
      aggregationFilters: true,
      aggregationFiltersOutsideConnection: true,
      relationshipFilters: true,
      attributeFilters: true,
    },
  },
});

const schema = await neoSchema.getSchema();
await driver.verifyConnectivity({ database });

const server = new ApolloServer({
  schema,
  introspection: true,
  includeStacktraceInErrorResponses: false,
  stopOnTerminationSignals: false,
  // As in production: no landing page, no cache-control computation per field (run with
  // NODE_ENV=production, bench/compare/contenders.py).
  plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled()],
});

const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port },
  context: async () => ({ sessionConfig: { database } }),
});
console.log(`peer ready: ${url}graphql (@neo4j/graphql over ${uri}, database ${database})`);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  try {
    await server.stop();
    await driver.close();
  } finally {
    console.log(`peer stopped (${signal})`);
    process.exit(0);
  }
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
