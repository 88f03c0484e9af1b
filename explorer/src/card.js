// The side card: a node's profile (author, paper) or what the graph knows about it.
import { api } from "./api.js";
import { clear, h, years } from "./dom.js";
import { typeInfo } from "./style.js";

function badge(type) {
  const info = typeInfo(type);
  return h("span", { class: "badge", style: `background:${info.color}` }, info.label);
}

function stat(value, label) {
  return h("div", { class: "stat" }, h("b", {}, value ?? "–"), h("span", {}, label));
}

function section(title, ...body) {
  const items = body.flat().filter(Boolean);
  return items.length ? h("section", {}, h("h3", {}, title), ...items) : null;
}

function nodeLink(id, label, onOpen) {
  return h("a", { href: `?center=${encodeURIComponent(id)}`, "data-id": id,
    onclick: (ev) => { ev.preventDefault(); onOpen(id); } }, label || id);
}

const EVIDENCE = {
  claimed: (v) => (v ? "claimed by the researcher" : "not claimed"),
  affiliation_known: (v) => (v ? "affiliation known" : "no affiliation on record"),
  source_count: (v) => `${v} source${v === 1 ? "" : "s"}`,
  works: (v) => `${v} works on record`,
  identity_merge_confidence: (v) => (v === null ? null : `identity merge confidence ${v}`),
};

/** Evidence as short phrases: a list of strings, or an object of known facts. */
function evidenceItems(evidence) {
  if (Array.isArray(evidence)) {
    return evidence.map((e) => (typeof e === "string" ? e : e.reason || e.label || JSON.stringify(e)));
  }
  if (!evidence || typeof evidence !== "object") return [];
  return Object.entries(EVIDENCE).filter(([k]) => k in evidence)
    .map(([k, f]) => f(evidence[k])).filter(Boolean);
}

function trustBlock(trust) {
  if (!trust || typeof trust !== "object") return null;
  const level = trust.verification_level ?? trust.level;
  const points = trust.points && typeof trust.points === "object"
    ? Object.entries(trust.points).filter(([, v]) => v).map(([k, v]) => `${k.replace(/_/g, " ")} +${v}`)
    : [];
  const evidence = evidenceItems(trust.evidence);
  return section(
    "Trust snapshot",
    h("div", { class: "trust" },
      h("span", { class: "trust-score" }, `Trust ${trust.score ?? "–"}`),
      trust.label ? h("span", { class: "pill" }, trust.label) : null,
      level !== undefined && level !== null
        ? h("span", { class: "pill" }, `Verification ${String(level).startsWith("L") ? level : `L${level}`}`)
        : null),
    evidence.length ? h("p", { class: "muted small" }, evidence.slice(0, 6).join(" · ")) : null,
    points.length ? h("p", { class: "muted small" }, `Points: ${points.join(", ")}`) : null,
  );
}

function topicsBlock(p, onOpen) {
  const topics = p.top_topics || p.topics;
  if (!Array.isArray(topics) || !topics.length) return null;
  return section("Top topics", h("div", { class: "chips" }, topics.slice(0, 8).map((t) =>
    typeof t === "string"
      ? h("span", { class: "chip" }, t)
      : h("span", { class: "chip" }, nodeLink(t.id, t.name || t.label || t.id, onOpen),
          h("small", {}, t.works || t.count || t.papers ? ` ${t.works || t.count || t.papers}` : "")))));
}

function peopleBlock(title, people, onOpen) {
  if (!Array.isArray(people) || !people.length) return null;
  return section(title, h("ul", { class: "people" }, people.slice(0, 8).map((c) =>
    h("li", {}, nodeLink(c.id, c.name || c.label || c.id, onOpen),
      c.joint_papers ? h("small", {}, ` ${c.joint_papers} joint`) : null))));
}

function authorCard(p, onOpen) {
  const variants = (p.name_variants || []).filter((v) => v !== p.name);
  const affs = Array.isArray(p.affiliations) ? p.affiliations : [];
  const counts = p.counts || {};
  const affStatus = p.affiliation && p.affiliation.status;
  return [
    h("h2", {}, p.name || p.id),
    variants.length ? h("p", { class: "muted" }, `Also: ${variants.join(" · ")}`) : null,
    p.open_to_collaborate ? h("span", { class: "pill open" }, "Open to collaborate") : null,
    h("div", { class: "stats" },
      stat(counts.works ?? p.works, "works"),
      stat(counts.coauthors ?? (Array.isArray(p.coauthors) ? p.coauthors.length : p.coauthors), "co-authors"),
      counts.topics !== undefined ? stat(counts.topics, "topics") : null,
      stat(years(p.first_year, p.last_year) || "–", "active")),
    trustBlock(p.trust),
    section("Affiliations", affs.length
      ? h("ul", { class: "plain" }, affs.map((a) => h("li", {},
          nodeLink(a.id, a.name, onOpen), h("small", {}, ` ${years(a.first_year, a.last_year)}`))))
      : h("p", { class: "muted" }, affStatus ? `Affiliation ${affStatus}` : "Affiliation not imported")),
    topicsBlock(p, onOpen),
    peopleBlock("Close collaborators", p.close_collaborators, onOpen),
    p.close_collaborator_rule && Array.isArray(p.close_collaborators)
      ? h("p", { class: "muted small" }, p.close_collaborator_rule) : null,
  ];
}

function topicCard(p, onOpen) {
  const recent = p.recent_works || [];
  return [
    h("h2", {}, p.name || p.id),
    h("div", { class: "stats" }, stat(p.works, "works"),
      stat(years(p.first_year, p.last_year) || "–", "years")),
    recent.length ? section("Recent works", h("ul", { class: "plain" }, recent.slice(0, 8).map((w) =>
      h("li", {}, nodeLink(w.id, w.title || w.id, onOpen), h("small", {}, w.year ? ` ${w.year}` : ""))))) : null,
  ];
}

function institutionCard(p, onOpen) {
  const aliases = (p.aliases || []).filter((a) => a !== p.name);
  const members = p.members || [];
  return [
    h("h2", {}, p.name || p.id),
    aliases.length ? h("p", { class: "muted" }, `Also: ${aliases.join(" · ")}`) : null,
    h("div", { class: "stats" }, stat(p.authors ?? members.length, "researchers")),
    members.length ? section("Researchers", h("ul", { class: "plain" }, members.slice(0, 12).map((m) =>
      h("li", {}, nodeLink(m.id, m.name || m.id, onOpen),
        h("small", {}, ` ${years(m.first_year, m.last_year)}`))))) : null,
  ];
}

function paperCard(p, onOpen) {
  const authors = p.authors || [];
  return [
    h("h2", {}, p.title || p.id),
    h("p", { class: "muted" }, [p.year, p.journal_ref, p.doi ? `doi:${p.doi}` : null]
      .filter(Boolean).join(" · ")),
    authors.length
      ? section("Authors", h("p", {}, authors.flatMap((a, i) =>
          [i ? ", " : "", typeof a === "string" ? a : nodeLink(a.id, a.name, onOpen)])))
      : null,
    topicsBlock(p, onOpen),
    p.abstract ? section("Abstract", h("p", { class: "abstract" }, p.abstract)) : null,
  ];
}

/** What the drawn graph says about a node, for types without a profile endpoint. */
function graphCard(node, onOpen) {
  const byType = {};
  node.neighborhood("node").forEach((n) => {
    (byType[n.data("type")] ||= []).push(n);
  });
  return [
    h("h2", {}, node.data("label") || node.id()),
    node.data("year") ? h("p", { class: "muted" }, String(node.data("year"))) : null,
    ...Object.entries(byType).map(([type, nodes]) =>
      section(`${typeInfo(type).label}s in view (${nodes.length})`,
        h("ul", { class: "plain" }, nodes.slice(0, 10).map((n) =>
          h("li", {}, nodeLink(n.id(), n.data("label"), onOpen)))))),
  ];
}

/** Fill `el` with the card for `node`; `actions` are buttons (expand, centre...). */
export async function renderCard(el, node, { actions, onOpen }) {
  const type = node.data("type");
  const id = node.id();
  el.dataset.for = id;
  clear(el).append(
    h("div", { class: "card-head" }, badge(type), h("code", { class: "node-id" }, id)),
    h("p", { class: "muted loading" }, "Loading profile…"),
  );
  let body;
  try {
    if (type === "Author") body = authorCard(await api.author(id), onOpen);
    else if (type === "Paper") body = paperCard(await api.paper(id), onOpen);
    else if (type === "Topic") body = topicCard(await api.topic(id), onOpen);
    else if (type === "Institution") body = institutionCard(await api.institution(id), onOpen);
  } catch (err) {
    if (!err.routeMissing && err.status !== 404) {
      body = [h("p", { class: "error" }, `Could not load the profile: ${err.message}`)];
    }
  }
  if (!body) body = graphCard(node, onOpen);
  if (el.dataset.for !== id) return; // another node was clicked meanwhile
  clear(el).append(
    h("div", { class: "card-head" }, badge(type), h("code", { class: "node-id" }, id)),
    ...body.filter(Boolean),
    h("div", { class: "actions" }, actions),
  );
}
