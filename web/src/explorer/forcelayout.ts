// A Fruchterman–Reingold force layout on typed arrays for big drawings: cytoscape's cose spends
// ~0.2 s per iteration on ~1,200 nodes (it checks shapes and overlaps for every pair); this loop
// does the same physics in a few milliseconds per iteration, so ~1,200 organisations lay out in
// about a second. Small drawings keep cose.

export interface ForceEdge {
  source: number;
  target: number;
  /** 0…1: stronger edges pull harder. */
  weight: number;
}

/** A sunflower spiral of n points k apart: a start that is deterministic and already spread out. */
export function spiral(n: number, k = 40): Float64Array {
  const pos = new Float64Array(2 * n);
  const radius = (Math.sqrt(n) * k) / 2;
  for (let i = 0; i < n; i++) {
    const r = radius * Math.sqrt((i + 0.5) / n);
    const a = i * 2.399963; // the golden angle
    pos[2 * i] = r * Math.cos(a);
    pos[2 * i + 1] = r * Math.sin(a);
  }
  return pos;
}

/** Positions (x0, y0, x1, y1, …) for n nodes; deterministic for the same input. */
export function forceLayout(n: number, edges: ForceEdge[], iterations = 300, k = 40): Float64Array {
  const pos = spiral(n, k);
  const disp = new Float64Array(2 * n);
  const side = Math.sqrt(n) * k;
  const k2 = k * k;
  // Gravity γ·d against the repulsion n·k²/d of a disc of n nodes: γ = 1 holds them (and any
  // small disconnected component) within about twice the disc's radius, √n·k/2.
  const gravity = 1;
  let temperature = side / 8;
  const cooling = temperature / (iterations + 1);
  for (let it = 0; it < iterations; it++) {
    disp.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = pos[2 * i];
      const yi = pos[2 * i + 1];
      let dxi = 0;
      let dyi = 0;
      for (let j = i + 1; j < n; j++) {
        let dx = xi - pos[2 * j];
        let dy = yi - pos[2 * j + 1];
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) {
          dx = 0.1 * (((i * 7 + j * 13) % 11) - 5);
          dy = 0.1 * (((i * 3 + j * 5) % 7) - 3);
          d2 = dx * dx + dy * dy + 0.01;
        }
        const f = k2 / d2; // repulsion k²/d, along the unit vector (dx, dy)/d
        dxi += dx * f;
        dyi += dy * f;
        disp[2 * j] -= dx * f;
        disp[2 * j + 1] -= dy * f;
      }
      disp[2 * i] += dxi - gravity * xi;
      disp[2 * i + 1] += dyi - gravity * yi;
    }
    for (const e of edges) {
      const dx = pos[2 * e.source] - pos[2 * e.target];
      const dy = pos[2 * e.source + 1] - pos[2 * e.target + 1];
      const d = Math.sqrt(dx * dx + dy * dy) + 1e-9;
      const f = (d / k) * (0.3 + 0.7 * e.weight); // attraction d²/k, along the unit vector
      disp[2 * e.source] -= dx * f;
      disp[2 * e.source + 1] -= dy * f;
      disp[2 * e.target] += dx * f;
      disp[2 * e.target + 1] += dy * f;
    }
    for (let i = 0; i < n; i++) {
      const dx = disp[2 * i];
      const dy = disp[2 * i + 1];
      const d = Math.sqrt(dx * dx + dy * dy);
      if (d > 0) {
        const step = Math.min(d, temperature) / d;
        pos[2 * i] += dx * step;
        pos[2 * i + 1] += dy * step;
      }
    }
    temperature -= cooling;
  }
  return pos;
}
