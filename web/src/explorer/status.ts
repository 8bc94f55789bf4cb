// What the page is doing: body[data-ready] for tests ("false" while anything loads or lays out),
// and the message area (errors with their extensions.code, and short notices).
import { ApiError } from "./api";
import { byId, h, replace } from "./dom";
import { t } from "./i18n";

let pending = 0;

export function setReady(ready: boolean): void {
  document.body.dataset.ready = ready ? "true" : "false";
}

/** Mark the page busy until the work settles (the counter lets several overlap). */
export async function busy<T>(work: () => Promise<T>): Promise<T> {
  pending++;
  setReady(false);
  try {
    return await work();
  } finally {
    pending--;
    if (pending === 0) setReady(true);
  }
}

/** Mark busy at once, before any await: a test that clicks then waits for ready never sees a stale "true". */
export function markBusy(): void {
  setReady(false);
}

/** Settle a markBusy() that did not lead to any work. */
export function settle(): void {
  if (pending === 0) setReady(true);
}

export type Level = "error" | "info";

export function showMessage(text: string, level: Level = "info"): void {
  const box = byId("message");
  box.dataset.level = level;
  box.hidden = false;
  replace(box, h("span", { class: "message-text" }, text), h("button", { class: "message-close", type: "button", "aria-label": "×", onclick: clearMessage }, "×"));
}

export function clearMessage(): void {
  const box = byId("message");
  box.replaceChildren();
  box.hidden = true;
  delete box.dataset.level;
}

/** Report a failure: each GraphQL error as "CODE: message", with a hint for the common ones. */
export function showError(e: unknown): void {
  if ((e as Error)?.name === "AbortError") return;
  if (e instanceof ApiError) {
    const hint = e.codes.includes("UNAUTHENTICATED") ? ` — ${t("errorUnauthenticated")}` : e.codes.includes("NETWORK_ERROR") ? ` — ${t("errorNetwork")}` : "";
    showMessage(e.message + hint, "error");
  } else {
    showMessage(String((e as Error)?.message ?? e), "error");
  }
  console.error(e);
}
