// The collaborators panel: recommendations with reasons, or existing co-authors as a fallback.
import { api } from "./api.js";
import { clear, h, years } from "./dom.js";

export async function renderCollaborators(el, author, onOpen) {
  el.dataset.for = author.id;
  clear(el).append(h("h3", {}, "Collaborators"), h("p", { class: "muted" }, "Loading…"));
  let title = "Suggested collaborators";
  let note = null;
  let rows = [];
  try {
    const body = await api.recommendations(author.id, 8);
    rows = (body.results || []).map((r) => ({
      id: r.id, name: r.name || r.id, score: chance(r.score), reasons: reasonLines(r.reasons),
      hint: "Estimated chance of a joint paper in the next year or two",
    }));
  } catch (err) {
    if (!err.routeMissing) note = `Recommendations unavailable: ${err.message}`;
    title = "Co-authors";
    note = note || "Recommendations are not available on this server; showing existing co-authors.";
    try {
      const body = await api.collaborators(author.id, 8);
      rows = (body.results || []).map((c) => ({
        id: c.id, name: c.name || c.id, score: c.strength ?? c.joint_papers,
        reasons: [`${c.joint_papers} joint paper${c.joint_papers === 1 ? "" : "s"}`
          + (c.first_year ? ` (${years(c.first_year, c.last_year)})` : ""),
        ...(c.shared_topics || []).length
          ? [`Shared topics: ${c.shared_topics.slice(0, 5).map((t) => t.name || t.id).join(", ")}`]
          : []],
      }));
    } catch (err2) {
      note = `Could not load collaborators: ${err2.message}`;
    }
  }
  if (el.dataset.for !== author.id) return;
  clear(el).append(...[
    h("h3", {}, title, h("small", {}, ` for ${author.label}`)),
    note ? h("p", { class: "muted" }, note) : null,
    rows.length
      ? h("ol", { class: "recs" }, rows.map((r) => h("li", {},
          h("div", { class: "rec-head" },
            h("a", { href: `?center=${encodeURIComponent(r.id)}`, "data-id": r.id,
              onclick: (ev) => { ev.preventDefault(); onOpen(r.id); } }, r.name),
            r.score !== undefined && r.score !== null
              ? h("span", { class: "score", title: r.hint || "" },
                  typeof r.score === "number" && !Number.isInteger(r.score)
                    ? r.score.toFixed(2) : String(r.score))
              : null),
          r.reasons.length ? h("ul", { class: "reasons" }, r.reasons.map((x) => h("li", {}, x))) : null)))
      : h("p", { class: "muted" }, "Nobody to suggest."),
  ].filter(Boolean));
}

// A recommendation's score (a probability) as a percentage: "4.8%", "<0.1%".
export function chance(p) {
  if (typeof p !== "number") return p;
  if (p < 0.001) return "<0.1%";
  return `${(100 * p).toFixed(p < 0.1 ? 1 : 0)}%`;
}

// The API's reasons object as short sentences (a list of strings passes through).
export function reasonLines(reasons) {
  if (!reasons) return [];
  if (Array.isArray(reasons)) return reasons.map(String);
  const out = [];
  const shared = reasons.shared_coauthors || [];
  if (shared.length) {
    const more = (reasons.n_shared_coauthors || shared.length) - shared.length;
    out.push(`Shared co-authors: ${shared.map((c) => c.name || c.id).join(", ")}`
      + (more > 0 ? ` and ${more} more` : ""));
  }
  const topics = reasons.shared_topics || [];
  if (topics.length) out.push(`Shared topics: ${topics.map((t) => t.name || t.id).join(", ")}`);
  const inst = reasons.same_institution || [];
  if (inst.length) out.push(`Same institution: ${inst.map((i) => i.name || i.id).join(", ")}`);
  const sites = reasons.shared_sites || [];
  if (sites.length) out.push(`Papers submitted from the same place: ${sites.join(", ")}`);
  const terms = reasons.shared_terms || [];
  if (terms.length) out.push(`Similar abstracts: ${terms.join(", ")}`);
  if (typeof reasons.topic_similarity === "number" && reasons.topic_similarity > 0) {
    out.push(`Topic similarity ${reasons.topic_similarity.toFixed(2)}`);
  }
  return out;
}
