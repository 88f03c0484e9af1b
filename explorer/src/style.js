// Cytoscape style: node type by colour and shape, tie strength by edge width.

export const TYPES = {
  Author: { color: "#2f6fde", shape: "ellipse", label: "Researcher" },
  Paper: { color: "#e08a1e", shape: "round-rectangle", label: "Paper" },
  Topic: { color: "#179a6e", shape: "diamond", label: "Topic" },
  Institution: { color: "#8a4fd3", shape: "hexagon", label: "Institution" },
};
const OTHER = { color: "#6b7280", shape: "ellipse", label: "Other" };

export const EDGE_COLORS = {
  CO_AUTHOR: "#5b6b84",
  AUTHORED: "#c9b89b",
  HAS_TOPIC: "#8fcfb6",
  AFFILIATED_WITH: "#c4aee6",
  SIMILAR_TO: "#e7b469",
};

export function typeInfo(type) {
  return TYPES[type] || OTHER;
}

export const style = [
  {
    selector: "node",
    style: {
      "background-color": (n) => typeInfo(n.data("type")).color,
      shape: (n) => typeInfo(n.data("type")).shape,
      width: "data(size)",
      height: "data(size)",
      "border-width": 1.5,
      "border-color": "#ffffff",
      label: "data(short)",
      "font-family": "Inter, 'DejaVu Sans', system-ui, sans-serif",
      "font-size": "data(font)",
      "min-zoomed-font-size": 9,
      color: "#1f2937",
      "text-valign": "bottom",
      "text-margin-y": 3,
      "text-outline-color": "#ffffff",
      "text-outline-width": 2,
      "text-outline-opacity": 0.9,
      "text-wrap": "ellipsis",
      "text-max-width": 150,
      "transition-property": "opacity",
      "transition-duration": 150,
    },
  },
  // Paper titles are long: they show on hover, when zoomed in, or for the selected paper.
  {
    selector: "node[type = 'Paper']",
    style: { height: (n) => n.data("size") * 0.72, "min-zoomed-font-size": 14 },
  },
  {
    selector: "node.center",
    style: { "border-width": 4, "border-color": "#111827", "font-weight": "bold", "z-index": 20 },
  },
  {
    selector: "node:selected",
    style: { "border-width": 4, "border-color": "#f43f5e", "z-index": 30, "min-zoomed-font-size": 0 },
  },
  {
    selector: "node.hover",
    style: {
      label: "data(label)",
      "font-size": 13,
      "min-zoomed-font-size": 0,
      "text-max-width": 260,
      "text-wrap": "wrap",
      "z-index": 40,
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.92,
      "text-background-padding": 3,
      "text-background-shape": "round-rectangle",
    },
  },
  { selector: "node.hover-neighbour", style: { "min-zoomed-font-size": 0 } },
  {
    selector: "edge",
    style: {
      width: "data(width)",
      "line-color": (e) => EDGE_COLORS[e.data("type")] || "#9ca3af",
      "curve-style": "haystack",
      "haystack-radius": 0,
      opacity: 0.75,
    },
  },
  { selector: "edge[type = 'SIMILAR_TO']", style: { "line-style": "dashed", "curve-style": "straight" } },
  { selector: "edge.hover-edge", style: { opacity: 1, "z-index": 35 } },
  { selector: ".faded", style: { opacity: 0.15 } },
  { selector: ".hidden", style: { display: "none" } },
];
