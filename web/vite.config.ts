// Two pages, built into dist/ and served by the API itself under /ui/ (no CDN: many users are
// in mainland China, where public CDNs are slow or blocked).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig } from "vite";

// The example query of each ecosystem question in docs/questions.md (a test runs them on the
// seed graph), so the IDE opens with the same examples the documentation shows.
function examples(): string[] {
  const page = readFileSync(resolve(import.meta.dirname, "../docs/questions.md"), "utf-8");
  const section = page.split("## Examples on the seed graph")[1].split("\n## ")[0];
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => named(m[1]));
}

// "# Who collaborates…\n{ …" → "query WhoCollaborates… { …": GraphiQL titles a tab by its operation.
function named(query: string): string {
  const title = /^# (.*)$/m.exec(query)?.[1] ?? "Example";
  const words = title.match(/[A-Za-z0-9]+/g) ?? ["Example"];
  const name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  return query.replace(/^\{/m, `query ${name} {`);
}

export default defineConfig({
  root: "src",
  base: "/ui/",
  define: { __EXAMPLES__: JSON.stringify(examples()) },
  // GraphiQL's Monaco editor runs its language services in module workers.
  worker: { format: "es" },
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000, // Monaco (GraphiQL's editor) is one 2.8 MB chunk
    rollupOptions: {
      // React libraries mark modules "use client"; meaningless in a plain bundle.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
      input: {
        explorer: resolve(import.meta.dirname, "src/explorer/index.html"),
        graphiql: resolve(import.meta.dirname, "src/graphiql/index.html"),
      },
    },
  },
});
