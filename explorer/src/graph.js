// The cytoscape graph: merging slices, sizes, layout, hover labels, filters.
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { style } from "./style.js";

cytoscape.use(fcose);

const MAX_NODES = 600;
const MAX_FIT_ZOOM = 1.25;

export function createGraph(container) {
  const cy = cytoscape({
    container,
    style,
    minZoom: 0.15,
    maxZoom: 4,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
  });
  cy.on("mouseover", "node", (evt) => hover(cy, evt.target, true));
  cy.on("mouseout", "node", (evt) => hover(cy, evt.target, false));
  container.addEventListener("mouseleave", () => hover(cy, null, false));
  return cy;
}

function hover(cy, node, on) {
  cy.batch(() => {
    if (!on) {
      cy.elements().removeClass("faded hover hover-neighbour hover-edge");
      return;
    }
    const hood = node.closedNeighborhood();
    cy.elements().not(hood).addClass("faded");
    node.addClass("hover");
    hood.nodes().not(node).addClass("hover-neighbour");
    hood.edges().addClass("hover-edge");
  });
}

function shortLabel(node) {
  const label = node.label || node.id;
  if (node.type !== "Paper") return label;
  return label.length > 42 ? `${label.slice(0, 40).trimEnd()}…` : label;
}

/** Add a slice's nodes and edges (new ones placed near `anchor`); return how many nodes were new. */
export function mergeSlice(cy, slice, anchor) {
  const origin = anchor && cy.getElementById(anchor).nonempty()
    ? cy.getElementById(anchor).position()
    : { x: 0, y: 0 };
  let added = 0;
  cy.batch(() => {
    for (const n of slice.nodes) {
      const existing = cy.getElementById(n.id);
      if (existing.nonempty()) continue;
      if (cy.nodes().length >= MAX_NODES) break;
      const angle = Math.random() * 2 * Math.PI;
      const r = 40 + Math.random() * 60;
      cy.add({
        group: "nodes",
        data: { ...n, short: shortLabel(n), size: 18, font: 10 },
        position: { x: origin.x + r * Math.cos(angle), y: origin.y + r * Math.sin(angle) },
      });
      added += 1;
    }
    for (const e of slice.edges) {
      const id = `${e.source}|${e.type}|${e.target}`;
      if (cy.getElementById(id).nonempty()) continue;
      if (cy.getElementById(e.source).empty() || cy.getElementById(e.target).empty()) continue;
      cy.add({ group: "edges", data: { id, ...e, width: edgeWidth(e) } });
    }
  });
  resize(cy);
  return added;
}

/** Node size by degree in the drawn graph; bigger nodes get bigger labels, always shown. */
export function resize(cy) {
  cy.batch(() => {
    const nodes = cy.nodes();
    // The best-connected non-paper nodes keep large labels; the rest appear as you zoom in.
    const ranked = nodes.filter((n) => n.data("type") !== "Paper")
      .sort((a, b) => b.degree(false) - a.degree(false));
    const labelled = new Set(ranked.slice(0, 12).map((n) => n.id()));
    nodes.forEach((n) => {
      const deg = n.degree(false);
      const centre = n.hasClass("center");
      n.data("size", Math.min(64, 16 + 5 * Math.sqrt(deg)) + (centre ? 10 : 0));
      n.data("font", centre ? 15 : labelled.has(n.id()) ? 13 : 9);
    });
  });
}

export function setCenter(cy, id) {
  cy.nodes(".center").removeClass("center");
  cy.getElementById(id).addClass("center");
  resize(cy);
}

export function runLayout(cy, { animate = false, fit = true } = {}) {
  const layout = cy.layout({
    name: "fcose",
    quality: "default",
    randomize: false,
    animate,
    animationDuration: 450,
    fit,
    padding: 40,
    nodeDimensionsIncludeLabels: true,
    idealEdgeLength: (e) => (e.data("type") === "CO_AUTHOR" ? 90 : 70),
    edgeElasticity: (e) => (e.data("type") === "CO_AUTHOR" ? 0.45 : 0.3),
    nodeRepulsion: () => 6500,
    gravity: 0.3,
    numIter: 2500,
  });
  const done = layout.promiseOn("layoutstop").then(() => {
    // A small graph would be blown up to fill the canvas: keep it at a readable scale.
    if (fit && cy.zoom() > MAX_FIT_ZOOM) {
      cy.zoom({ level: MAX_FIT_ZOOM, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
      cy.center();
    }
  });
  layout.run();
  return done;
}

/** Hide nodes whose type is unchecked or whose year is before `since` (the centre stays). */
export function applyFilters(cy, { types, since }) {
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      const year = Number(n.data("year")) || null;
      const hidden =
        !n.hasClass("center") &&
        (!types.has(n.data("type")) || (since && year && year < since));
      n.toggleClass("hidden", Boolean(hidden));
    });
  });
}

// Joint papers widen an edge (log scale, 1-10 px); a similarity score (0-1) gives 1-3 px.
export function edgeWidth(e) {
  const w = Number(e.weight) || 1;
  if (e.type === "SIMILAR_TO") return 1 + 2 * Math.min(1, Math.max(0, w));
  return Math.min(10, 1 + 1.8 * Math.log2(Math.max(1, w)));
}
