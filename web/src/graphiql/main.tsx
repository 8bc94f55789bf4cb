// GraphiQL from our own bundle: the API's IDE with every example of docs/questions.md as a tab,
// and the API key (kept in this tab's session storage) sent as a Bearer token.
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createRoot } from "react-dom/client";
import "graphiql/setup-workers/vite";
import "graphiql/style.css";

declare const __EXAMPLES__: string[];

const KEY = "ecosystem.apiKey";
const key = sessionStorage.getItem(KEY);
const fetcher = createGraphiQLFetcher({
  url: `${location.origin}/graphql`,
  headers: key ? { authorization: `Bearer ${key}` } : {},
});

const tabs = __EXAMPLES__.map((query) => ({ query }));
const root = createRoot(document.getElementById("graphiql")!);
root.render(<GraphiQL fetcher={fetcher} defaultTabs={tabs} defaultEditorToolsVisibility />);
