// The search box with autocomplete: /search when the server has it, else ids and full names.
import { api, authorIdGuess } from "./api.js";
import { clear, h } from "./dom.js";
import { typeInfo } from "./style.js";

export function setupSearch(input, list, status, onPick) {
  let timer = null;
  let items = [];
  let active = -1;
  let seq = 0;
  let searchMissing = false;

  const close = () => {
    clear(list).hidden = true;
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
  };

  const pick = (item) => {
    close();
    input.value = item.label;
    onPick(item.id);
  };

  const show = (results) => {
    items = results;
    active = results.length ? 0 : -1;
    clear(list);
    results.forEach((r, i) => {
      const info = typeInfo(r.type);
      list.append(h("li", {
        role: "option", "data-id": r.id, class: i === active ? "active" : "",
        onmousedown: (ev) => { ev.preventDefault(); pick(r); },
      },
      h("i", { class: `dot shape-${(r.type || "other").toLowerCase()}`, style: `background:${info.color}` }),
      h("span", { class: "s-label" }, r.label || r.id),
      h("small", {}, r.hint || info.label)));
    });
    list.hidden = !results.length;
    input.setAttribute("aria-expanded", String(Boolean(results.length)));
  };

  const highlight = (i) => {
    active = (i + items.length) % items.length;
    [...list.children].forEach((li, j) => li.classList.toggle("active", j === active));
  };

  async function fallback(q) {
    const ids = q.includes(":") ? [q] : [authorIdGuess(q)].filter(Boolean);
    const found = [];
    for (const id of ids) {
      try {
        const slice = await api.slice(id, { depth: 1, limit: 1 });
        const n = slice.nodes.find((x) => x.id === slice.center) || slice.nodes[0];
        found.push({ id: n.id, type: n.type, label: n.label });
      } catch {
        /* not an id we know */
      }
    }
    return found;
  }

  async function run(q) {
    const mine = ++seq;
    let results = [];
    status.textContent = "";
    if (!searchMissing) {
      try {
        const body = await api.search(q, 10);
        results = (body.results || []).map((r) => ({
          id: r.id, type: r.type, label: r.label || r.name || r.title || r.id,
          hint: r.year ? `${typeInfo(r.type).label} · ${r.year}` : undefined,
        }));
      } catch (err) {
        if (err.routeMissing) searchMissing = true;
        else status.textContent = `Search failed: ${err.message}`;
      }
    }
    if (searchMissing || !results.length) {
      results = await fallback(q);
      if (!results.length && searchMissing) {
        status.textContent = "This server has no /search yet: type a full name (G. W. Gibbons) or an id.";
      }
    }
    if (mine !== seq) return; // a newer query answered first
    if (!results.length && !status.textContent) status.textContent = "No match.";
    show(results);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) {
      close();
      return;
    }
    timer = setTimeout(() => run(q), 180);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" && items.length) { highlight(active + 1); ev.preventDefault(); }
    else if (ev.key === "ArrowUp" && items.length) { highlight(active - 1); ev.preventDefault(); }
    else if (ev.key === "Escape") close();
    else if (ev.key === "Enter") {
      ev.preventDefault();
      if (items[active]) pick(items[active]);
      else if (input.value.trim()) { clearTimeout(timer); run(input.value.trim()); }
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 120));
}
