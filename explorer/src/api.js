// Calls to the graphsvc HTTP API (same origin). Ids go through encodeURIComponent.

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.message || body.detail)) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
  /** True when the route itself is missing (an endpoint this server does not have yet). */
  get routeMissing() {
    return (this.status === 404 && this.message === "Not Found") || this.status === 405;
  }
}

async function getJson(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") query.set(k, String(v));
  }
  const qs = query.toString();
  const resp = await fetch(qs ? `${path}?${qs}` : path, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await resp.json();
  } catch {
    body = null;
  }
  if (!resp.ok) throw new ApiError(resp.status, body);
  return body;
}

const enc = encodeURIComponent;

export const api = {
  search: (q, limit = 10) => getJson("/search", { q, limit }),
  slice: (center, { depth = 1, limit = 60, since } = {}) =>
    getJson("/graph/slice", { center, depth, limit, since }),
  author: (id) => getJson(`/authors/${enc(id)}`),
  paper: (id) => getJson(`/papers/${enc(id)}`),
  topic: (id) => getJson(`/topics/${enc(id)}`),
  institution: (id) => getJson(`/institutions/${enc(id)}`),
  recommendations: (id, perPage = 10) =>
    getJson(`/authors/${enc(id)}/recommendations`, { per_page: perPage }),
  collaborators: (id, perPage = 10) =>
    getJson(`/authors/${enc(id)}/collaborators`, { per_page: perPage }),
};

/** The id an author's full name would get (the loaders' slug), for search without /search. */
export function authorIdGuess(name) {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug ? `author:${slug}` : null;
}
