// Filter controls for the drawings (provinces, organisation kinds, channels, minimum strength);
// the kind and channel swatches double as the legend.
import { debounce, h, replace } from "./dom";
import { CHANNEL_COLOURS, KIND_COLOURS } from "./graph";
import { CHANNELS, channelName, kindName, ORG_KINDS, provinceName, PROVINCES, t, type Channel, type OrgKind } from "./i18n";
import { DEFAULT_CHANNELS } from "./urlstate";

export interface Filter {
  provinces: string[];
  kinds: OrgKind[];
  channels: Channel[];
  minStrength: number | null;
}

function checkbox(name: string, value: string, checked: boolean, label: (string | Node)[], testId?: string): HTMLElement {
  return h("label", { class: "check" }, h("input", { type: "checkbox", name, value, checked, "data-testid": testId }), ...label);
}

const swatch = (colour: string, cls = "swatch"): HTMLElement => h("span", { class: cls, style: `background:${colour}` });

export class FilterControls {
  private readonly emit: () => void;

  constructor(
    private readonly el: HTMLElement,
    private readonly onChange: (f: Filter) => void,
  ) {
    this.emit = debounce(() => this.onChange(this.read()), 300);
    el.addEventListener("change", () => this.emit());
  }

  render(f: Filter): void {
    const provinceCount = f.provinces.length ? ` (${f.provinces.length})` : "";
    replace(
      this.el,
      h("h3", {}, t("filters")),
      h(
        "details",
        { class: "provinces" },
        h("summary", { "data-testid": "filter-provinces" }, `${t("provinces")}${provinceCount || ` · ${t("allProvinces")}`}`),
        h("div", { class: "grid" }, Object.keys(PROVINCES).map((p) => checkbox("province", p, f.provinces.includes(p), [provinceName(p)]))),
      ),
      h(
        "fieldset",
        { class: "kinds" },
        h("legend", {}, t("kinds")),
        (Object.keys(ORG_KINDS) as OrgKind[]).map((k) => checkbox("kind", k, f.kinds.includes(k), [swatch(KIND_COLOURS[k], "swatch dot"), kindName(k)], `filter-kind-${k}`)),
      ),
      h(
        "fieldset",
        {},
        h("legend", {}, t("channels")),
        (Object.keys(CHANNELS) as Channel[]).map((c) => checkbox("channel", c, f.channels.includes(c), [swatch(CHANNEL_COLOURS[c]), channelName(c)], `filter-channel-${c}`)),
      ),
      h(
        "label",
        { class: "row" },
        t("minStrength"),
        h("input", { type: "number", name: "minStrength", min: "0", step: "0.5", value: f.minStrength ?? "", "data-testid": "filter-min-strength" }),
      ),
      h("button", { type: "button", class: "link", onclick: () => this.reset() }, t("reset")),
      h(
        "p",
        { class: "muted small" },
        t("legendNodes"), h("br"), t("legendEdges"), h("br"), swatch("#cbd5e1", "swatch box"), t("legendOther"), h("br"),
        h("span", { class: "swatch dot sample", "data-testid": "legend-sample" }), t("legendSample"),
      ),
    );
  }

  read(): Filter {
    const values = (name: string) => [...this.el.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
    const min = Number(this.el.querySelector<HTMLInputElement>('input[name="minStrength"]')?.value);
    return {
      provinces: values("province"),
      kinds: values("kind") as OrgKind[],
      channels: values("channel") as Channel[],
      minStrength: Number.isFinite(min) && min > 0 ? min : null,
    };
  }

  private reset(): void {
    this.render({ provinces: [], kinds: [], channels: [...DEFAULT_CHANNELS], minStrength: null });
    this.onChange(this.read());
  }
}
