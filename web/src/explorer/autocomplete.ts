// Suggestions under a text input as one types (debounced full-text search), with the keyboard:
// ↑/↓ to move, Enter to choose, Escape to close.
import { h, replace } from "./dom";
import { kindName, provinceName, t, typeName } from "./i18n";
import { nodeName, otherName, search, type NamedNode } from "./queries";
import { showError } from "./status";

export interface AutocompleteOptions {
  input: HTMLInputElement;
  list: HTMLElement;
  /** data-testid of each suggestion. */
  itemTestId: string;
  kinds?: string[];
  first?: number;
  /** Enter with no suggestion shown chooses the best match. */
  pickOnEnter?: boolean;
  choose(node: NamedNode): void;
}

export class Autocomplete {
  private hits: NamedNode[] = [];
  private active = -1;
  private controller: AbortController | null = null;
  private seq = 0;
  private timer: number | undefined;
  /** The node chosen for the input's current text (cleared when the text is edited). */
  chosen: NamedNode | null = null;

  constructor(private readonly o: AutocompleteOptions) {
    o.input.setAttribute("autocomplete", "off");
    o.input.setAttribute("role", "combobox");
    o.input.setAttribute("aria-expanded", "false");
    o.list.setAttribute("role", "listbox");
    o.input.addEventListener("input", () => {
      this.chosen = null;
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.fetch(), 250);
    });
    o.input.addEventListener("keydown", (e) => this.key(e));
    o.input.addEventListener("focus", () => {
      if (this.hits.length && !this.chosen) this.open();
    });
    o.input.addEventListener("blur", () => window.setTimeout(() => this.close(), 150));
    // keep the focus in the input while a suggestion is clicked
    o.list.addEventListener("mousedown", (e) => e.preventDefault());
  }

  /** Put a node in the input as if chosen (from the graph, or restored from the URL). */
  set(node: NamedNode | null): void {
    this.chosen = node;
    this.o.input.value = node ? nodeName(node) : "";
    this.close();
  }

  /** Forget a search still waiting or running, and close. */
  cancel(): void {
    window.clearTimeout(this.timer);
    this.controller?.abort();
    this.seq++;
    this.close();
  }

  /** Names follow the language. */
  relabel(): void {
    if (this.chosen) this.o.input.value = nodeName(this.chosen);
    if (!this.o.list.hidden) this.render();
  }

  private async fetch(pickFirst = false): Promise<void> {
    const text = this.o.input.value.trim();
    this.controller?.abort();
    const seq = ++this.seq;
    if (!text) {
      this.hits = [];
      this.close();
      return;
    }
    this.controller = new AbortController();
    try {
      const hits = await search(text, this.o.first ?? 8, this.o.kinds, this.controller.signal);
      if (seq !== this.seq) return;
      this.hits = hits.map((x) => x.node);
      this.active = this.hits.length ? 0 : -1;
      if (pickFirst && this.hits.length) return this.pick(0);
      this.render();
      // the answer may come after the focus moved on: then it waits for the next focus
      if (document.activeElement === this.o.input) this.open();
    } catch (e) {
      showError(e);
    }
  }

  private render(): void {
    const items = this.hits.map((n, i) =>
      h(
        "li",
        { role: "option", class: i === this.active ? "suggestion active" : "suggestion", "data-testid": this.o.itemTestId, "data-id": n.id, "aria-selected": String(i === this.active), onclick: () => this.pick(i) },
        h("span", { class: "s-name" }, nodeName(n)),
        otherName(n) ? h("span", { class: "s-other" }, otherName(n)) : null,
        h("span", { class: `badge kind-${n.kind ?? n.__typename}` }, n.kind ? kindName(n.kind) : typeName(n.__typename)),
        n.province ? h("span", { class: "s-place" }, provinceName(n.province)) : null,
      ),
    );
    replace(this.o.list, items.length ? items : h("li", { class: "suggestion empty" }, t("noSuggestions")));
  }

  private open(): void {
    this.o.list.hidden = false;
    this.o.input.setAttribute("aria-expanded", "true");
  }

  close(): void {
    this.o.list.hidden = true;
    this.o.input.setAttribute("aria-expanded", "false");
  }

  private pick(i: number): void {
    const node = this.hits[i];
    if (!node) return;
    this.set(node);
    this.o.choose(node);
  }

  private key(e: KeyboardEvent): void {
    if (e.key === "Escape") return this.close();
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!this.hits.length) return;
      e.preventDefault();
      this.active = (this.active + (e.key === "ArrowDown" ? 1 : -1) + this.hits.length) % this.hits.length;
      this.render();
      this.open();
    } else if (e.key === "Enter" && !this.o.list.hidden && this.active >= 0) {
      e.preventDefault();
      this.pick(this.active);
    } else if (e.key === "Enter" && this.o.pickOnEnter && this.o.input.value.trim()) {
      // Enter before the suggestions came: take the best match
      e.preventDefault();
      window.clearTimeout(this.timer);
      void this.fetch(true);
    }
  }
}
