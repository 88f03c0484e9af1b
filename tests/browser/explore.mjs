// Drive the explorer page in Debian's headless chromium (playwright-core, no downloaded browser).
// Usage: node explore.mjs BASE_URL QUERY EXPECT SCREENSHOT.png
// Prints one JSON report on stdout; exits 1 with {"error": ...} when a step fails.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [base, query, expect, screenshot] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const userDataDir = mkdtempSync(join(tmpdir(), "explorer-chromium-"));
const report = { steps: [], page_errors: [], console_errors: [], external_requests: [] };
const step = (name, data = {}) => report.steps.push({ name, ...data });

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const host = new URL(base).host;

async function nodeCount(page) {
  return page.evaluate(() => window.__explorer.cy.nodes().length);
}

async function settled(page) {
  // Wait until no request of the page is in flight (body[data-busy="0"]) and layout is done.
  await page.waitForFunction(() => document.body.dataset.busy === "0", null, { timeout: 30000 });
  await page.waitForTimeout(700); // animated layouts run for 450 ms
}

try {
  const page = context.pages()[0] || (await context.newPage());
  page.on("console", (m) => m.type() === "error" && report.console_errors.push(m.text()));
  page.on("pageerror", (e) => report.page_errors.push(String(e)));
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.host === host) return route.continue();
    report.external_requests.push(url.href);
    return route.abort();
  });

  // 1. The page loads and exposes the cytoscape instance.
  await page.goto(`${base}/explorer`, { waitUntil: "load" });
  await page.waitForFunction(() => window.__explorer && window.__explorer.cy, null, { timeout: 15000 });
  step("loaded", { nodes: await nodeCount(page) });

  // 2. Search: type, wait for a suggestion naming the author, pick it.
  await page.fill("#q", query);
  const option = page.locator("#suggestions li", { hasText: expect }).first();
  await option.waitFor({ timeout: 15000 });
  const picked = await option.getAttribute("data-id");
  await option.click();
  await page.waitForFunction(() => window.__explorer.cy.nodes().length > 1, null, { timeout: 30000 });
  await settled(page);
  const afterSearch = await nodeCount(page);
  const centre = await page.evaluate(() => window.__explorer.state.center);
  step("searched", { picked, center: centre, nodes: afterSearch,
    edges: await page.evaluate(() => window.__explorer.cy.edges().length),
    url: page.url() });

  // 3. Click a co-author node (a real mouse click at its rendered position).
  const target = await page.evaluate(() => {
    const { cy, state } = window.__explorer;
    const n = cy.nodes(`[type = "Author"]`).filter((x) => x.id() !== state.center)
      .sort((a, b) => b.degree() - a.degree())[0];
    const box = cy.container().getBoundingClientRect();
    const p = n.renderedPosition();
    return { id: n.id(), label: n.data("label"), x: box.left + p.x, y: box.top + p.y };
  });
  await page.mouse.click(target.x, target.y);
  await page.waitForSelector("#side.open #card h2", { timeout: 15000 });
  await page.waitForFunction((id) => document.querySelector("#card").dataset.for === id
      && !document.querySelector("#card .loading"), target.id, { timeout: 15000 });
  const card = await page.evaluate(() => ({
    title: document.querySelector("#card h2").textContent,
    selected: window.__explorer.state.selected,
    text: document.querySelector("#card").innerText.slice(0, 400),
  }));
  // the panel first shows a "Loading…" placeholder; its title names the author once loaded
  await page.waitForSelector("#collaborators h3 small", { timeout: 30000 });
  const collaborators = await page.locator("#collaborators ol.recs > li").count();
  const panel = await page.evaluate(() => document.querySelector("#collaborators").innerText);
  const reasons = await page.locator("#collaborators ol.recs ul.reasons li").count();
  step("clicked", { target, card, collaborators, reasons, panel: panel.slice(0, 600) });

  // 4. Expand the clicked node in place: the node count grows, the old nodes stay.
  const before = await page.evaluate(() => window.__explorer.cy.nodes().map((n) => n.id()));
  await page.click("#expand-btn");
  await page.waitForFunction((n) => window.__explorer.cy.nodes().length > n, before.length,
    { timeout: 30000 }).catch(() => {});
  await settled(page);
  const after = await page.evaluate(() => window.__explorer.cy.nodes().map((n) => n.id()));
  step("expanded", { before: before.length, after: after.length,
    kept: before.every((id) => after.includes(id)) });
  await page.mouse.move(3, 3); // leave the graph: no hover highlight in the screenshot
  await page.waitForTimeout(300);
  await page.screenshot({ path: screenshot });

  // 5. ?center=ID opens a node directly (ids with ':' and '/' are URL-encoded).
  await page.goto(`${base}/explorer?center=${encodeURIComponent(centre)}`, { waitUntil: "load" });
  await page.waitForFunction(() => window.__explorer && window.__explorer.cy.nodes().length > 1,
    null, { timeout: 30000 });
  await settled(page);
  step("direct", { center: await page.evaluate(() => window.__explorer.state.center),
    nodes: await nodeCount(page), card: await page.locator("#card h2").textContent() });
  console.log(JSON.stringify(report));
} catch (err) {
  report.error = String(err && err.stack ? err.stack : err);
  console.log(JSON.stringify(report));
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
