/* top100: "check the whole vote in your browser", the button on each vote page. Downloads
   the vote's ledger and its latest checkpoint, has assets/ledger-verify.js check them, and
   says the outcome in the page's language. Loaded on vote pages only. */
(function () {
  "use strict";

  var verifyLedger = window.T100Ledger.verifyLedger;

  // The page's words from the catalog (site_builder/site/widget.py), as vote.js read them;
  // asked for on a click, when vote.js (loaded at the end of the page) has run.
  function say(box, key, values) {
    var words = (window.T100 && window.T100.words) || {};
    var s = (words.texts || {})["audit_" + key.replace(/-/g, "_")] || "";
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  }

  // vote.js's element maker, asked for on a click, when vote.js (loaded last) has run.
  function el(tag, className, content) { return window.T100.el(tag, className, content); }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      return r.ok ? r.json() : null;
    }).catch(function () { return null; });
  }

  function remembered(id) {
    try { return JSON.parse(localStorage.getItem("t100-checkpoint-" + id) || "null"); } catch (error) { return null; }
  }

  // The receipt this device keeps for the vote, as vote.js keeps it (one reader of its format).
  function storedReceipt(id) {
    var record = window.T100 && window.T100.kept ? window.T100.kept(id) : null;
    return record ? record.code : null;
  }

  // A finding in plain words: the first (worst) one says why the vote does not verify.
  function problem(box, finding) {
    var label = finding.label;
    if (label === "NOT A LEDGER") return say(box, "form", { line: finding.line });
    if (label === "BROKEN") {
      var kinds = { edited: "edited", order: "order", link: "link", tally: "count" };
      return say(box, kinds[finding.problem] || "malformed", { seq: finding.seq });
    }
    if (label === "TRUNCATED") return say(box, "truncated", { signed: finding.seq, last: finding.last });
    if (label === "REWRITTEN") return say(box, "rewritten", { seq: finding.seq });
    if (label === "VOID REMOVED") return say(box, "void-removed", { seq: finding.seq });
    if (label === "WRONG KEY") return say(box, "wrong-key");
    if (label === "UNSIGNED") return say(box, "unsigned");
    if (label === "RECEIPT MISSING") return say(box, "receipt-missing");
    return say(box, "signature");
  }

  function tallyText(tally, names) {
    var rows = [];
    tally.forEach(function (n, candidate) { rows.push([names[candidate] || candidate, n]); });
    rows.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
    return rows.map(function (row) { return row[0] + " — " + row[1]; }).join("; ");
  }

  // The tally the site publishes, held against the recount. While a vote is open the
  // published one is cached for a few seconds and fetched before the ledger: it may lag
  // behind, never run ahead.
  function compare(published, counted, open) {
    var names = new Set();
    published.tally.forEach(function (row) { if (row.votes) names.add(row.candidate); });
    counted.forEach(function (n, name) { names.add(name); });
    var same = true, behind = true;
    names.forEach(function (name) {
      var row = published.tally.filter(function (r) { return r.candidate === name; })[0];
      var shown = row ? row.votes : 0, recount = counted.get(name) || 0;
      if (shown !== recount) same = false;
      if (shown > recount) behind = false;
    });
    return same ? "same" : open && behind ? "behind" : "differs";
  }

  function run(box, output, button) {
    var id = box.dataset.contest, api = box.dataset.api + "/contests/" + id;
    var lines = el("ul", "t100-audit__details");
    var verdict = el("p", "t100-audit__verdict");
    output.textContent = "";
    output.appendChild(verdict);
    output.appendChild(lines);
    function line(textValue) { lines.appendChild(el("li", "", textValue)); }
    if (!window.crypto || !window.crypto.subtle) {
      verdict.textContent = say(box, "no-crypto");
      return Promise.resolve();
    }
    verdict.textContent = say(box, "working");
    button.disabled = true;
    var contest, latest;
    // The checkpoint and the published tally first: fetched before the ledger, they can only
    // be older than it, so a busy vote never looks cut off or miscounted.
    return Promise.all([getJSON(api), getJSON(api + "/checkpoint")]).then(function (got) {
      contest = got[0];
      latest = got[1];
      return fetch(api + "/ledger", { credentials: "same-origin" });
    }).then(function (response) {
      if (!response.ok) throw new Error("status " + response.status);
      return response.arrayBuffer();
    }).then(function (buffer) {
      var text;
      try { text = new TextDecoder("utf-8", { fatal: true }).decode(buffer); } catch (error) { text = "\u0000"; }
      var extra = [latest, remembered(id)].filter(Boolean);
      return verifyLedger(text, { subtle: window.crypto.subtle, key: box.dataset.key || null, checkpoints: extra, receipt: storedReceipt(id) });
    }).then(function (result) {
      var names = {};
      var lang = box.dataset.lang;
      ((contest && contest.candidates) || []).forEach(function (c) { names[c.id] = c.name[lang] || c.id; });
      var failed = result.findings.length > 0;
      if (result.receipt && result.receipt.found) line(say(box, "receipt-found", { seq: result.receipt.found }));
      if (failed) {
        verdict.textContent = say(box, "fail", { problem: problem(box, result.findings[0]) });
      } else if (!result.entries) {
        verdict.textContent = say(box, "empty");
      } else {
        verdict.textContent = say(box, "ok", { n: result.entries });
      }
      if (!failed && result.entries) {
        if (result.sealed) {
          line(say(box, "sealed"));
        } else {
          var total = 0;
          result.tally.forEach(function (n) { total += n; });
          line(say(box, "tally", { tally: tallyText(result.tally, names) || "0", total: total, voided: result.voided }));
          if (contest && contest.tally) {
            var how = compare(contest.tally, result.tally, contest.status === "open");
            if (how !== "differs") line(say(box, "tally-" + how, { published: contest.tally.total }));
            else {
              failed = true;
              verdict.textContent = say(box, "fail", { problem: say(box, "tally-differs", { published: contest.tally.total }) });
            }
          }
        }
        if (result.signed) {
          var when = window.T100 && window.T100.when ? window.T100.when(result.signed.time, box) : result.signed.time;
          line(say(box, "signed", { seq: result.signed.seq, time: when, key: result.keys.join(", ").slice(0, 16) + "…" }));
          if (result.entries > result.signed.seq) line(say(box, "later", { seq: result.signed.seq }));
          // Kept on the device: a later download that no longer holds what it signed fails,
          // even if whoever cut the ledger dropped the checkpoints covering the cut too.
          if (!result.unchecked && !failed) {
            try { localStorage.setItem("t100-checkpoint-" + id, JSON.stringify(result.signedRecord)); } catch (error) { /* private mode */ }
          }
        }
        if (result.unchecked) line(say(box, "no-ed25519"));
      }
      verdict.className = "t100-audit__verdict t100-audit__verdict--" + (failed ? "fail" : "ok");
      box.dataset.result = failed ? "fail" : "ok";
    }).catch(function () {
      verdict.textContent = say(box, "unavailable");
    }).then(function () {
      button.disabled = false;
    });
  }

  document.querySelectorAll("[data-t100-audit]").forEach(function (box) {
    var button = box.querySelector("button"), output = box.querySelector("[data-t100-audit-output]");
    box.hidden = false;
    button.addEventListener("click", function () { run(box, output, button); });
  });
})();
