// The GraphQL client: same-origin POST /graphql, the API key from sessionStorage as a bearer token.

const KEY_STORAGE = "ecosystem.apiKey";

export function apiKey(): string {
  try {
    return sessionStorage.getItem(KEY_STORAGE) ?? "";
  } catch {
    return "";
  }
}

export function setApiKey(key: string): void {
  try {
    if (key.trim()) sessionStorage.setItem(KEY_STORAGE, key.trim());
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    /* storage disabled: requests stay anonymous */
  }
}

export interface GraphQLErrorItem {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [k: string]: unknown };
}

/** A failed request: the GraphQL errors (each with extensions.code), or a transport failure. */
export class ApiError extends Error {
  readonly codes: string[];
  constructor(
    readonly errors: GraphQLErrorItem[],
    readonly status: number,
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("; "));
    this.codes = errors.map((e) => e.extensions?.code ?? "ERROR");
  }
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: "application/graphql-response+json, application/json",
  };
  const key = apiKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  let response: Response;
  try {
    response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }), signal });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError([{ message: String((e as Error).message ?? e), extensions: { code: "NETWORK_ERROR" } }], 0);
  }
  type Body = { data?: T | null; errors?: GraphQLErrorItem[] };
  let body: Body | null = null;
  try {
    body = (await response.json()) as Body;
  } catch {
    /* not JSON: reported below with the HTTP status */
  }
  if (body?.errors?.length) throw new ApiError(body.errors, response.status);
  if (!response.ok || !body || body.data == null) {
    throw new ApiError([{ message: `HTTP ${response.status} ${response.statusText}`, extensions: { code: `HTTP_${response.status}` } }], response.status);
  }
  return body.data;
}
