// Runs themes/assets/ledger-verify.js under Node on the cases test_ledger_check.py writes to
// standard input ({name: {text, key, checkpoints}}), and prints what it found, as JSON.
"use strict";
const path = require("path");
const core = require(path.join(__dirname, "..", "themes", "assets", "ledger-verify.js"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", async () => {
  const cases = JSON.parse(input);
  const out = {};
  for (const [name, c] of Object.entries(cases.ledgers)) {
    const r = await core.verifyLedger(c.text, { subtle: globalThis.crypto.subtle, key: c.key, checkpoints: c.checkpoints });
    out[name] = {
      findings: r.findings.map((f) => (f.label === "BROKEN" ? `BROKEN ${f.seq}` : f.label)),
      entries: r.entries, tally: Object.fromEntries(r.tally), voided: r.voided, sealed: r.sealed, closed: r.closed,
      signed: r.signed ? r.signed.seq : null, unchecked: r.unchecked,
    };
  }
  out["jcs"] = cases.jcs.map((text) => { try { return core.canonical(JSON.parse(text)); } catch (e) { return null; } });
  process.stdout.write(JSON.stringify(out));
});
