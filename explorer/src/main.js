// The explorer page: search, graph slice, side card, expand in place, filters, collaborators.
import { api } from "./api.js";
import { renderCard } from "./card.js";
import { renderCollaborators } from "./collaborators.js";
import { clear, h } from "./dom.js";
import { applyFilters, createGraph, mergeSlice, runLayout, setCenter } from "./graph.js";
import { setupSearch } from "./search.js";
import { TYPES } from "./style.js";

const $ = (id) => document.getElementById(id);
const state = { center: null, selected: null, types: new Set(Object.keys(TYPES)), since: null,
  depth: 1, limit: 60, busy: 0, truncated: 0 };

const cy = createGraph($("graph"));

function busy(delta) {
  state.busy += delta;
  document.body.dataset.busy = String(state.busy);
  $("spinner").hidden = state.busy === 0;
}

function message(text, kind = "") {
  const el = $("message");
  el.textContent = text || "";
  el.className = kind;
  el.hidden = !text;
}

function updateStatus() {
  const shown = cy.nodes(":visible").length;
  const total = cy.nodes().length;
  const parts = [`${shown} of ${total} nodes`, `${cy.edges(":visible").length} edges`];
  if (state.truncated) parts.push(`${state.truncated} more not drawn (raise the node limit or expand)`);
  $("status").textContent = parts.join(" · ");
}

async function withBusy(fn) {
  busy(1);
  try {
    return await fn();
  } catch (err) {
    message(err.status === 404 ? `Not found: ${err.message}` : `Error: ${err.message}`, "error");
    return null;
  } finally {
    busy(-1);
  }
}

/** Replace the graph with the slice around `id`. */
export function loadCenter(id) {
  return withBusy(async () => {
    const slice = await api.slice(id, { depth: state.depth, limit: state.limit, since: state.since });
    message("");
    cy.elements().remove();
    mergeSlice(cy, slice, null);
    state.center = slice.center;
    state.truncated = slice.omitted ? slice.omitted.nodes : 0;
    setCenter(cy, slice.center);
    applyFilters(cy, state);
    $("empty").hidden = true;
    openSide(true); // before the layout, so that it fits the canvas left beside the card
    const url = new URL(window.location.href);
    url.searchParams.set("center", slice.center);
    window.history.replaceState(null, "", url);
    await runLayout(cy, { animate: false });
    select(slice.center);
    updateStatus();
  });
}

/** Fetch the slice around `id` and merge it in place; resolves to the number of new nodes. */
export function expand(id) {
  return withBusy(async () => {
    const slice = await api.slice(id, { depth: 1, limit: 40, since: state.since });
    const added = mergeSlice(cy, slice, id);
    cy.getElementById(id).data("expanded", true);
    applyFilters(cy, state);
    if (added) await runLayout(cy, { animate: true });
    message(added ? "" : "Nothing new around this node.", "info");
    updateStatus();
    return added;
  }).then((n) => n ?? 0);
}

function openNode(id) {
  if (cy.getElementById(id).nonempty()) {
    select(id);
    cy.animate({ center: { eles: cy.getElementById(id) }, duration: 300 });
  } else {
    loadCenter(id);
  }
}

/** Show or hide the side panel; the graph canvas is resized to the space left. */
function openSide(open) {
  const side = $("side");
  if (side.classList.contains("open") === open) return;
  side.classList.toggle("open", open);
  cy.resize();
}

function select(id) {
  const node = cy.getElementById(id);
  if (node.empty()) return;
  cy.nodes(":selected").unselect();
  node.select();
  state.selected = id;
  openSide(true);
  const actions = [
    h("button", { class: "primary", id: "expand-btn", onclick: () => expand(id) }, "Expand neighbourhood"),
    id !== state.center ? h("button", { onclick: () => loadCenter(id) }, "Centre here") : null,
    h("a", { class: "button", href: `?center=${encodeURIComponent(id)}` }, "Link"),
  ];
  renderCard($("card"), node, { actions, onOpen: openNode });
  const collab = $("collaborators");
  if (node.data("type") === "Author") {
    collab.hidden = false;
    renderCollaborators(collab, { id, label: node.data("label") }, openNode);
  } else {
    collab.hidden = true;
    clear(collab);
  }
}

cy.on("tap", "node", (evt) => select(evt.target.id()));
cy.on("dbltap", "node", (evt) => expand(evt.target.id()));

// Filters: node types (client side) and year (sent to the server, applied to dated nodes).
const typeBox = $("types");
for (const [type, info] of Object.entries(TYPES)) {
  typeBox.append(h("label", { class: "type-toggle" },
    h("input", { type: "checkbox", checked: true, value: type, onchange: (ev) => {
      if (ev.target.checked) state.types.add(type);
      else state.types.delete(type);
      applyFilters(cy, state);
      updateStatus();
    } }),
    h("i", { class: `dot shape-${type.toLowerCase()}`, style: `background:${info.color}` }),
    info.label));
}
$("since").addEventListener("change", (ev) => {
  const year = parseInt(ev.target.value, 10);
  state.since = Number.isFinite(year) ? year : null;
  if (state.center) loadCenter(state.center);
});
$("depth").addEventListener("change", (ev) => {
  state.depth = parseInt(ev.target.value, 10);
  if (state.center) loadCenter(state.center);
});
$("limit").addEventListener("change", (ev) => {
  state.limit = parseInt(ev.target.value, 10);
  if (state.center) loadCenter(state.center);
});
$("fit").addEventListener("click", () => cy.animate({ fit: { padding: 40 }, duration: 300 }));
$("relayout").addEventListener("click", () => runLayout(cy, { animate: true }));
$("close-side").addEventListener("click", () => openSide(false));

setupSearch($("q"), $("suggestions"), $("search-status"), (id) => loadCenter(id));

window.__explorer = { cy, state, api, loadCenter, expand, select };

const start = new URLSearchParams(window.location.search).get("center");
if (start) loadCenter(start);
