// The node's dashboard: renders /api/v1/status as the event stream pushes it, charts equity with uPlot, and sends
// the operator's controls with the bearer token, which lives in this closure only (never in storage or the URL).
(function () {
  "use strict";

  var token = null;
  var chart = null;
  var series = [[], [], []]; // x (seconds), equity, drawdown %

  function $(id) { return document.getElementById(id); }

  function text(el, value) { el.textContent = value === undefined || value === null ? "" : String(value); }

  function num(v, digits) {
    if (v === undefined || v === null || v === "") { return ""; }
    var n = Number(v);
    return isNaN(n) ? String(v) : n.toLocaleString(undefined, { maximumFractionDigits: digits === undefined ? 8 : digits });
  }

  /** Replaces a tbody's rows; each row is a list of cells, a cell a value or {v, cls}. */
  function rows(tbody, list, empty) {
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    if (list.length === 0) {
      var tr = document.createElement("tr");
      var td = document.createElement("td");
      td.colSpan = tbody.parentNode.querySelectorAll("th").length;
      td.className = "muted";
      text(td, empty);
      tr.appendChild(td);
      tbody.appendChild(tr);
      return;
    }
    list.forEach(function (cells) {
      var tr = document.createElement("tr");
      cells.forEach(function (c) {
        var td = document.createElement("td");
        if (c !== null && typeof c === "object" && c.button) {
          var b = document.createElement("button");
          b.id = c.id;
          text(b, c.button);
          b.addEventListener("click", c.onClick);
          td.appendChild(b);
        } else if (c !== null && typeof c === "object") { td.className = c.cls || ""; text(td, c.v); } else { text(td, c); }
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
  }

  function signed(v) {
    var n = Number(v);
    return { v: num(v, 4), cls: "num " + (n > 0 ? "pos" : n < 0 ? "neg" : "") };
  }

  function price(v) { return { v: v && Number(v) > 0 ? num(v) : "none", cls: "num" }; }

  function render(s) {
    text($("node"), s.node);
    text($("mode"), s.mode);
    var risk = s.risk || {};
    var state = risk.state || (risk.unavailable ? "unavailable" : "?");
    $("risk-state").className = "pill " + state;
    text($("risk-state"), state);
    text($("halt-reason"), risk.haltReason || "");
    text($("equity"), num(risk.equity, 2));
    text($("peak"), num(risk.peakEquity, 2));
    text($("drawdown"), risk.drawdownPct === undefined ? "-" : num(risk.drawdownPct, 2) + " %");
    text($("exposure"), num(risk.totalExposure, 2));
    var ex = s.execution || {};
    text($("submitted"), ex.submitted === undefined ? "-" : ex.submitted);
    text($("denied"), ex.denied === undefined ? "-" : ex.denied);
    text($("rejected"), ex.rejected === undefined ? "-" : ex.rejected);
    text($("signals"), (s.symbols || []).reduce(function (n, y) { return n + (Number(y.signals) || 0); }, 0));

    rows($("positions"), (s.positions || []).map(function (p) {
      return [p.symbol, p.strategy || "", p.side, { v: num(p.size), cls: "num" }, price(p.entryPrice),
        { v: p.protected ? num(p.stopLoss) : "NO STOP", cls: p.protected ? "num" : "num neg" }, price(p.takeProfit),
        price(p.markPrice), p.unrealisedPnl === undefined ? "" : signed(p.unrealisedPnl),
        { button: "Close", id: "close-" + p.symbol, onClick: function () {
          if (window.confirm("Close the " + p.side + " " + p.symbol + " position with a market order?")) {
            control("flatten", { symbol: p.symbol });
          }
        } }];
    }), "no open positions");

    rows($("trades"), (s.trades || []).map(function (t) {
      return [new Date(t.timeMs).toISOString().replace("T", " ").replace(".000Z", "Z"), t.symbol, t.side, t.kind,
        { v: num(t.qty), cls: "num" }, { v: num(t.price), cls: "num" }, { v: num(t.fee, 6), cls: "num" },
        t.kind === "exit" ? signed(t.realisedPnl) : ""];
    }), "no fills yet");

    var reasons = ex.denialsByReason || {};
    rows($("denials"), Object.keys(reasons).sort().map(function (r) { return [r, { v: reasons[r], cls: "num" }]; }),
      "no entry denied");

    rows($("orders"), (s.openOrders || []).map(function (o) {
      return [o.symbol, o.kind, o.side, { v: num(o.qty), cls: "num" }, o.status];
    }), "no open orders");

    var buckets = (s.rest && s.rest.buckets) || [];
    rows($("buckets"), buckets.map(function (b) {
      var low = b.capacity > 0 && b.available / b.capacity < 0.2;
      return [b.name, { v: b.available + " / " + b.capacity, cls: "num" + (low ? " neg" : "") },
        { v: b.calls, cls: "num" }, { v: b.rateLimited, cls: "num" + (b.rateLimited > 0 ? " neg" : "") }];
    }), "no REST client yet");

    function streamText(h) {
      if (!h) { return ""; }
      return h.reconnects + " reconnects, " + h.stalls + " stalls"
        + (h.closeLagMs >= 0 ? ", last close +" + (h.closeLagMs / 1000).toFixed(1) + " s" : "");
    }

    rows($("symbols"), (s.symbols || []).map(function (y) {
      var last = y.lastClosedCandle || {};
      return [y.symbol, { v: y.state + (y.quarantine ? " (" + y.quarantine + ")" : ""),
        cls: y.state === "live" ? "pos" : y.state === "quarantined" ? "neg" : "" },
        Object.keys(last).map(function (tf) { return tf + " " + last[tf]; }).join(", "),
        { v: y.liveCandles, cls: "num" }, { v: y.signals, cls: "num" }, { v: y.staleSignals, cls: "num" },
        streamText(y.stream), (y.strategies || []).join(", ")];
    }), "no symbols");

    var members = (s.cluster && s.cluster.members) || [];
    rows($("members"), members.map(function (m) {
      return [m.address + (s.cluster.self === m.address ? " (this node)" : ""), m.status, m.reachable ? "yes" : "NO"];
    }), "no members");

    if (risk.equity !== undefined && s.time) {
      addPoint(Date.parse(s.time) / 1000, Number(risk.equity), Number(risk.drawdownPct || 0));
    }
  }

  function addPoint(t, equity, dd) {
    var xs = series[0];
    if (xs.length > 0 && t <= xs[xs.length - 1]) { return; }
    xs.push(t); series[1].push(equity); series[2].push(dd);
    if (xs.length > 3600) { series.forEach(function (a) { a.shift(); }); }
    drawChart();
  }

  function drawChart() {
    var width = Math.max(320, $("chart").clientWidth || document.body.clientWidth - 48);
    if (chart === null) {
      chart = new uPlot({
        width: width, height: 260,
        series: [{}, { label: "Equity (USDT)", scale: "usdt", stroke: "#2563eb", width: 2 },
          { label: "Drawdown (%)", scale: "pct", stroke: "#b4281e", fill: "rgba(180,40,30,0.08)", width: 1 }],
        axes: [{}, { scale: "usdt", size: 80 }, { scale: "pct", side: 1, grid: { show: false } }],
        scales: { pct: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } }
      }, series, $("chart"));
    } else {
      chart.setData(series);
    }
  }

  function askToken() {
    return new Promise(function (resolve) {
      if (token !== null) { resolve(token); return; }
      var dialog = $("token-dialog");
      $("token").value = "";
      dialog.addEventListener("close", function once() {
        dialog.removeEventListener("close", once);
        var given = $("token").value;
        $("token").value = "";
        if (dialog.returnValue === "ok" && given) { token = given; resolve(token); } else { resolve(null); }
      });
      dialog.showModal();
    });
  }

  function control(action, body) {
    askToken().then(function (t) {
      if (t === null) { text($("control-result"), action + ": cancelled"); return; }
      text($("control-result"), action + " ...");
      fetch("/api/v1/" + action, {
        method: "POST",
        headers: { "Authorization": "Bearer " + t, "Content-Type": "application/json" },
        body: JSON.stringify(body || {})
      }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (answer) {
          if (res.status === 401 || res.status === 403) { token = null; }
          text($("control-result"), action + ": " + (res.ok ? (answer.detail || answer.state || "accepted")
            : (answer.error || res.status)));
          refresh();
        });
      }).catch(function (e) { text($("control-result"), action + " failed: " + e); });
    });
  }

  function refresh() {
    fetch("/api/v1/status").then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) { render(s); } }).catch(function () {});
  }

  function connect() {
    var source = new EventSource("/api/v1/events");
    source.addEventListener("status", function (e) {
      $("link").className = "pill on"; text($("link"), "live");
      render(JSON.parse(e.data));
    });
    source.onerror = function () { $("link").className = "pill off"; text($("link"), "reconnecting"); };
  }

  $("halt").addEventListener("click", function () { control("halt", { why: "from the dashboard" }); });
  $("resume").addEventListener("click", function () { control("resume"); });
  $("flatten").addEventListener("click", function () {
    if (window.confirm("Close every open position with market orders?")) { control("flatten"); }
  });
  $("forget").addEventListener("click", function () { token = null; text($("control-result"), "token forgotten"); });
  window.addEventListener("resize", function () {
    if (chart) { chart.setSize({ width: $("chart").clientWidth, height: 260 }); }
  });

  fetch("/api/v1/equity").then(function (r) { return r.json(); }).then(function (points) {
    points.forEach(function (p) { addPoint(p[0] / 1000, p[1], p[2]); });
  }).catch(function () {}).then(function () { refresh(); connect(); });
})();
