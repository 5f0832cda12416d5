// Opens a backtest report in headless Chromium for ReportBrowserTest and prints one JSON line: how many charts drew
// (how many candles and panes each), canvases, trade table rows, sorting by net PnL, and any script error.
// Usage: node report.js REPORT_HTML CHROMIUM
"use strict";
const { chromium } = require("playwright-core");
const path = require("path");

const [report, executablePath] = process.argv.slice(2);

(async () => {
  const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = [];
    const foreign = [];
    page.on("pageerror", e => errors.push(String(e)));
    page.on("console", m => { if (m.type() === "error") { errors.push(m.text()); } });
    page.on("request", r => { if (!r.url().startsWith("file:")) { foreign.push(r.url()); } });
    await page.goto("file://" + path.resolve(report), { waitUntil: "load" });
    await page.waitForFunction(() => Array.from(document.querySelectorAll("div.lwc"))
      .every(d => d.dataset.drawn && d.querySelector("canvas")), null, { timeout: 20000 });
    const drawn = await page.$$eval("div.lwc", ds => ds.map(d => ({ symbol: d.dataset.symbol, candles: Number(d.dataset.drawn),
      panes: Number(d.dataset.panes) })));
    const canvases = await page.locator("div.lwc canvas").count();
    const tradeRows = await page.locator("#trades tbody tr").count();
    // sort by net PnL (column 13) twice: ascending then descending
    await page.click("#trades thead th:nth-child(13)");
    const ascending = await page.$$eval("#trades tbody tr td:nth-child(13)", tds => tds.map(td => Number(td.dataset.v)));
    await page.click("#trades thead th:nth-child(13)");
    const descending = await page.$$eval("#trades tbody tr td:nth-child(13)", tds => tds.map(td => Number(td.dataset.v)));
    process.stdout.write(JSON.stringify({ drawn, canvases, tradeRows, ascending, descending, errors, foreign }) + "\n");
  } finally {
    await browser.close();
  }
})().catch(e => { process.stderr.write(String(e && e.stack || e) + "\n"); process.exit(1); });
