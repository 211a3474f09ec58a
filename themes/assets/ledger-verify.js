/* top100: a vote's public ledger checked as voting/ledger.py checks it (docs/ledger.md
   specifies every byte): each line in canonical form (RFC 8785), each entry's SHA-256 hash,
   the chain, the recount, and the Ed25519-signed checkpoints, with WebCrypto. No DOM: the
   vote page's button (assets/ledger-check.js) uses it as window.T100Ledger, and Node runs
   it for tests/test_ledger_check.py, which holds it against the Python verifier. */
(function () {
  "use strict";

  var GENESIS = "0000000000000000000000000000000000000000000000000000000000000000";
  var KINDS = ["ballot", "void", "close"];
  var FIELDS = ["contest", "seq", "kind", "candidate", "ref", "reason", "tally", "time", "prev", "salt"];
  var SEALED_HIDDEN = ["candidate", "ref", "reason", "tally", "salt"];
  var CHECKPOINT_FIELDS = ["contest", "seq", "hash", "time", "voids"];
  var SEVERITY = ["TRUNCATED", "VOID REMOVED", "REWRITTEN", "WRONG KEY", "BAD SIGNATURE", "BAD CHECKPOINT", "UNSIGNED"];
  var MAX_INTEGER = 9007199254740991;
  var LONE_SURROGATE = /[\uD800-\uDFFF]/u;  // with the u flag, only unpaired halves match
  // RFC 8032's first test key: importing it tells whether this browser has Ed25519 at all.
  var PROBE_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

  function has(object, name) { return Object.prototype.hasOwnProperty.call(object, name); }
  function get(object, name) { return has(object, name) ? object[name] : null; }
  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function isInteger(value) { return typeof value === "number" && Number.isInteger(value); }

  // RFC 8785 for the values a ledger holds; JSON.stringify escapes strings exactly as JCS
  // does, and sort() compares UTF-16 code units, the order JCS asks for.
  function canonical(value) {
    if (value === null || value === true || value === false) return String(value);
    if (typeof value === "number") {
      if (!Number.isInteger(value) || Math.abs(value) > MAX_INTEGER) throw new Error("number " + value + " is not an integer within ±(2^53 - 1)");
      return String(value);
    }
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) throw new Error("a string holds a lone surrogate");
      return JSON.stringify(value);
    }
    if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
    if (isObject(value)) {
      return "{" + Object.keys(value).sort().map(function (key) {
        return canonical(key) + ":" + canonical(value[key]);
      }).join(",") + "}";
    }
    throw new Error(typeof value + " has no canonical form in a ledger");
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  function bytes(text) {
    if (typeof text !== "string" || !/^(?:[0-9a-fA-F]{2})*$/.test(text)) return null;
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
    return out;
  }

  function utf8(text) { return new TextEncoder().encode(text); }

  // Entries and checkpoints; each line must be exactly the canonical form of its object, so
  // that parsers differing on duplicate keys, 5001.0 or escapes cannot read two ledgers.
  function readLedger(text) {
    var entries = [], checkpoints = [];
    var lines = text.split(/\r\n|\r|\n/);
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      if (!line.trim()) continue;
      var record;
      try {
        record = JSON.parse(line);
        if (!isObject(record) || canonical(record) !== line) throw new Error("not canonical");
      } catch (error) {
        return { error: i + 1 };
      }
      (has(record, "checkpoint") ? checkpoints : entries).push(record);
    }
    return { entries: entries, checkpoints: checkpoints };
  }

  // Each entry's hash, all at once (the digests are independent; the walk compares them).
  function entryHashes(subtle, entries) {
    return Promise.all(entries.map(function (entry) {
      var hashed = {};
      FIELDS.forEach(function (name) { hashed[name] = get(entry, name); });
      var text;
      try { text = canonical(hashed); } catch (error) { return Promise.resolve({ error: error.message }); }
      return subtle.digest("SHA-256", utf8(text)).then(function (digest) { return { hash: hex(digest) }; });
    }));
  }

  function Result() {
    this.contest = null;
    this.entries = 0;
    this.tally = new Map();
    this.voided = 0;
    this.sealed = false;
    this.closed = false;
    this.findings = [];  // {label, seq, problem, ...}, worst first
    this.signed = null;
    this.signedRecord = null;  // the whole line of that checkpoint, to keep on the device
    this.keys = [];
    this.unchecked = "";  // "ed25519" when this browser cannot check signatures
    this.receipt = null;  // {found: seq or 0} for the voter's own receipt
  }

  function positive(tally) {
    var kept = new Map();
    tally.forEach(function (n, name) { if (n > 0) kept.set(name, n); });
    return kept;
  }

  function sameTally(recorded, counted) {
    if (!isObject(recorded) || Object.keys(recorded).length !== counted.size) return false;
    return Object.keys(recorded).every(function (name) { return counted.get(name) === recorded[name]; });
  }

  // The chain in the order given: voting/ledger.py _walk, rule for rule and in its order.
  function walk(chain, hashes, result) {
    var prev = GENESIS, ballots = new Map();
    var salts = new Set(chain.map(function (entry) { return get(entry, "salt") === null; }));
    result.sealed = salts.size === 1 && salts.has(true);
    for (var i = 0; i < chain.length; i++) {
      var entry = chain[i], position = i + 1;
      var seq = get(entry, "seq"), kind = get(entry, "kind");
      var broken = function (problem) {
        result.findings.push({ label: "BROKEN", seq: position, problem: problem });
      };
      if (result.contest === null) result.contest = get(entry, "contest");
      if (get(entry, "contest") !== result.contest) return broken("contest");
      if (!isInteger(seq)) return broken("seq");
      if (seq !== position) return broken("order");
      if (salts.size > 1) return broken("mixed");
      if (result.closed) return broken("after-close");
      if (get(entry, "prev") !== prev) return broken("link");
      if (KINDS.indexOf(kind) < 0) return broken("kind");
      if (result.sealed) {
        if (kind === "close" || SEALED_HIDDEN.some(function (name) { return get(entry, name) !== null; })) return broken("sealed");
      } else {
        if (hashes[i].error) return broken("form");
        if (get(entry, "hash") !== hashes[i].hash) return broken("edited");
        if (kind === "ballot") {
          var candidate = get(entry, "candidate");
          if (typeof candidate !== "string" || !candidate) return broken("candidate");
          ballots.set(seq, candidate);
          result.tally.set(candidate, (result.tally.get(candidate) || 0) + 1);
        } else if (kind === "void") {
          var ref = get(entry, "ref");
          if (!ballots.has(ref)) return broken("void");
          var voided = ballots.get(ref);
          ballots.delete(ref);
          result.tally.set(voided, result.tally.get(voided) - 1);
          result.voided += 1;
        } else {
          result.tally = positive(result.tally);
          if (!sameTally(get(entry, "tally"), result.tally)) return broken("tally");
          result.closed = true;
        }
      }
      if (kind === "void" && result.sealed) result.voided += 1;
      prev = String(get(entry, "hash"));
      result.entries = position;
    }
    result.tally = positive(result.tally);
  }

  function Signatures(subtle) {
    var keys = {};
    var supported = subtle.importKey("raw", bytes(PROBE_KEY), { name: "Ed25519" }, false, ["verify"])
      .then(function () { return true; }, function () { return false; });
    this.supported = function () { return supported; };
    this.check = function (signer, message, signature) {
      var raw = bytes(signer), sig = bytes(signature);
      if (!raw || raw.length !== 32 || !sig) return Promise.resolve(false);
      if (!has(keys, signer)) keys[signer] = subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
      return keys[signer].then(function (key) {
        return subtle.verify({ name: "Ed25519" }, key, sig, message);
      }).catch(function () { return false; });
    };
  }

  // The chain held against every signed checkpoint: voting/ledger.py _against_checkpoints.
  function againstCheckpoints(chain, checkpoints, key, signatures, result) {
    var bySeq = new Map();
    chain.forEach(function (entry) {
      var seq = get(entry, "seq");
      if (isInteger(seq) && !bySeq.has(seq)) bySeq.set(seq, entry);
    });
    var last = 0;
    bySeq.forEach(function (entry, seq) { if (seq > last) last = seq; });
    var found = {}, good = [];
    function note(label, detail) { if (!has(found, label)) found[label] = detail; }
    return signatures.supported().then(function (supported) {
      if (!supported) result.unchecked = "ed25519";
      return checkpoints.reduce(function (done, record) {
        return done.then(function () { return one(record); });
      }, Promise.resolve());
    }).then(function () {
      if (result.closed && !good.some(function (p) { return p.seq === result.entries; })) note("UNSIGNED", {});
      else if (chain.length && !good.length && !Object.keys(found).length) found.UNSIGNED = {};
      var labelled = SEVERITY.filter(function (label) { return has(found, label); }).map(function (label) {
        return Object.assign({ label: label }, found[label]);
      });
      result.findings = labelled.concat(result.findings);
    });

    function one(record) {
      var point = isObject(record) ? get(record, "checkpoint") : null;
      var signer = isObject(record) ? get(record, "key") : null;
      if (!isObject(point) || typeof signer !== "string") return note("BAD CHECKPOINT", {});
      var seq = get(point, "seq");
      if (key !== null && signer !== key) return note("WRONG KEY", { seq: seq, signer: signer });
      var message;
      var checked = Promise.resolve(true);
      if (!result.unchecked) {
        try {
          var signedPart = {};
          CHECKPOINT_FIELDS.forEach(function (name) { signedPart[name] = get(point, name); });
          message = utf8(canonical(signedPart));
        } catch (error) {
          return note("BAD CHECKPOINT", { seq: seq });
        }
        checked = signatures.check(signer, message, String(get(record, "signature")));
      }
      return checked.then(function (valid) {
        if (!valid) return note("BAD SIGNATURE", { seq: seq });
        if (get(point, "contest") !== result.contest || !isInteger(seq)) return;
        if (result.keys.indexOf(signer) < 0) result.keys.push(signer);
        if (seq > last) {
          found.TRUNCATED = { seq: seq, last: last };
        } else {
          var named = bySeq.get(seq);
          if (!named || get(named, "hash") !== get(point, "hash")) note("REWRITTEN", { seq: seq });
          var voids = 0;
          bySeq.forEach(function (entry, s) { if (s <= seq && get(entry, "kind") === "void") voids += 1; });
          var counted = get(point, "voids");
          if (voids !== counted) note(voids < (counted || 0) ? "VOID REMOVED" : "REWRITTEN", { seq: seq });
        }
        if (!has(found, "TRUNCATED") && (result.signed === null || seq >= result.signed.seq)) {
          result.signed = point;
          result.signedRecord = record;
        }
        good.push(point);
      });
    }
  }

  /* Verifies a downloaded ledger (its text). options: subtle (WebCrypto), key (hex, pins the
     signer), checkpoints (records kept or fetched apart from the download), receipt (the
     voter's own, whose entry must be in the chain). */
  function verifyLedger(text, options) {
    var result = new Result();
    var read = readLedger(text);
    if (read.error) {
      result.findings.push({ label: "NOT A LEDGER", line: read.error });
      return Promise.resolve(result);
    }
    var subtle = options.subtle, key = options.key ? options.key.toLowerCase() : null;
    var checkpoints = read.checkpoints.concat(options.checkpoints || []);
    var sealed = read.entries.length > 0 && read.entries.every(function (entry) { return get(entry, "salt") === null; });
    var hashing = sealed ? Promise.resolve([]) : entryHashes(subtle, read.entries);
    return hashing.then(function (hashes) {
      walk(read.entries, hashes, result);
      return againstCheckpoints(read.entries, checkpoints, key, new Signatures(subtle), result);
    }).then(function () {
      if (options.receipt) {
        var mine = read.entries.filter(function (entry) { return get(entry, "hash") === options.receipt; })[0];
        result.receipt = { found: mine ? get(mine, "seq") : 0 };
        if (!mine) result.findings.push({ label: "RECEIPT MISSING" });
      }
      return result;
    });
  }

  var api = { canonical: canonical, readLedger: readLedger, verifyLedger: verifyLedger };
  if (typeof module === "object" && module.exports) module.exports = api;
  else window.T100Ledger = api;
})();
