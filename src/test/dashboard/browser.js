// Drives the node's dashboard in headless Chromium for DashboardBrowserTest, step by step on the test's cue:
// it prints one JSON line per step and waits for the next command ("halt", "resume", "close", "quit") on stdin.
// Usage: node browser.js BASE_URL TOKEN SYMBOL CHROMIUM
"use strict";
const { chromium } = require("playwright-core");
const readline = require("readline");

const [base, token, symbol, executablePath] = process.argv.slice(2);
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();

function say(o) { process.stdout.write(JSON.stringify(o) + "\n"); }

async function next() {
  const r = await lines.next();
  return r.done ? "quit" : r.value.trim();
}

async function tableText(page, id) {
  return page.$$eval("#" + id + " tr", trs => trs.map(tr => Array.from(tr.cells).map(td => td.textContent)));
}

(async () => {
  const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    const foreign = [];
    const errors = [];
    page.on("request", r => { if (!r.url().startsWith(base)) { foreign.push(r.url()); } });
    page.on("pageerror", e => errors.push(String(e)));
    page.on("response", r => { if (r.status() >= 400) { errors.push(r.status() + " " + r.url()); } });
    page.on("console", m => { if (m.type() === "error") { errors.push(m.text()); } });
    await page.goto(base + "/dashboard", { waitUntil: "load" });
    await page.waitForFunction(() => document.getElementById("link").textContent === "live", null, { timeout: 20000 });
    await page.waitForFunction(s => Array.from(document.querySelectorAll("#positions tr td:first-child"))
      .some(td => td.textContent === s), symbol, { timeout: 20000 });
    await page.waitForFunction(s => Array.from(document.querySelectorAll("#trades tr td:nth-child(2)"))
      .some(td => td.textContent === s), symbol, { timeout: 20000 });
    say({
      step: "seen", positions: await tableText(page, "positions"), trades: await tableText(page, "trades"),
      symbols: await tableText(page, "symbols"), risk: await page.textContent("#risk-state"),
      equity: await page.textContent("#equity"), signals: await page.textContent("#signals"), chartCanvases: await page.locator("#chart canvas").count()
    });

    for (let cmd = await next(); cmd !== "quit"; cmd = await next()) {
      if (cmd === "close") {
        page.once("dialog", d => d.accept());
        await page.click("#close-" + symbol);
        await page.waitForFunction(() => document.getElementById("control-result").textContent.startsWith("flatten: ")
          && !document.getElementById("control-result").textContent.endsWith("..."), null, { timeout: 20000 });
        say({ step: "close", result: await page.textContent("#control-result") });
        continue;
      }
      const want = cmd === "halt" ? "HALTED" : "ACTIVE";
      await page.click("#" + cmd);
      const asked = await page.locator("#token-dialog[open]").count() > 0;
      if (asked) {
        await page.fill("#token", token);
        await page.click("#token-ok");
      }
      await page.waitForFunction(w => document.getElementById("risk-state").textContent === w, want, { timeout: 20000 });
      say({ step: cmd, askedForToken: asked, shown: await page.textContent("#risk-state"),
        result: await page.textContent("#control-result"), haltReason: await page.textContent("#halt-reason") });
    }
    say({ step: "done", foreignRequests: foreign, errors });
  } finally {
    await browser.close();
  }
})().catch(e => { process.stderr.write(String(e && e.stack || e) + "\n"); process.exit(1); });
