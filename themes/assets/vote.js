/* top100 vote widget: status, vote button, receipt and tally of a public vote.
   Talks only to this site's own /api/v1; when the service cannot be reached, the page's
   static text stays and the widget says voting is unavailable. */
(function () {
  "use strict";

  // The page's words, in its language, from the site's catalog (site_builder/site/widget.py).
  var words = (function () {
    var node = document.querySelector("script[data-t100-words]");
    try { return node ? JSON.parse(node.textContent) : {}; } catch (e) { return {}; }
  })();
  var texts = words.texts || {}, lang = words.lang || document.documentElement.lang;

  function text(key, values) {
    var s = texts[key] || "";
    Object.keys(values || {}).forEach(function (k) { s = s.replace("{" + k + "}", values[k]); });
    return s;
  }

  // "1 голос", "3 голоса", "5 голосов": the form of the count's CLDR plural category.
  function count(key, n) {
    var forms = (words.counted || {})[key] || {};
    var form = forms[new Intl.PluralRules(lang).select(n)] || forms.other || forms.many || "";
    return form.replace("{n}", n);
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  // Browsers differ in Kazakh date names (some print "M11"), so the month names come from
  // the build (Babel's, words.months) and only the numbers from Intl, in Almaty time.
  function when(iso) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Almaty", day: "numeric", month: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso)).forEach(function (p) {
      parts[p.type] = p.value;
    });
    var month = (words.months || [])[Number(parts.month) - 1] || parts.month;
    return parts.day + " " + month + ", " + parts.hour + ":" + parts.minute;
  }

  // assets/ledger-check.js words its times the same way, reads the kept receipts here, says
  // its findings in these words and makes its elements with el.
  window.T100 = { when: when, kept: kept, words: words, el: el };

  function api(box, path, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = Object.assign({ "Accept-Language": lang, "Accept": "application/json" },
      options.headers || {});
    return fetch(box.dataset.api + path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  // The receipts this device keeps, one per vote: t100-receipt-<contest> holds
  // {"code", "contest", "time", "title": {kk, ru, en}} (or, as older pages kept it, the bare code).
  var KEPT = "t100-receipt-";

  function kept(contest) {
    var raw = null;
    try { raw = window.localStorage && localStorage.getItem(KEPT + contest); } catch (e) { raw = null; }
    if (!raw) return null;
    if (raw.charAt(0) !== "{") return { code: raw, contest: contest };
    try { return JSON.parse(raw); } catch (e) { return null; }
  }

  function keep(record) {
    try { if (window.localStorage) localStorage.setItem(KEPT + record.contest, JSON.stringify(record)); }
    catch (e) { /* private mode or full storage: the receipt is still shown on the page */ }
  }

  function allKept() {
    var found = [];
    try {
      for (var i = 0; window.localStorage && i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(KEPT) === 0) {
          var record = kept(key.slice(KEPT.length));
          if (record && /^[0-9a-f]{64}$/.test(record.code)) found.push(record);
        }
      }
    } catch (e) { return found; }
    return found.sort(function (a, b) { return String(b.time || "").localeCompare(String(a.time || "")); });
  }

  // Grouped in 16 blocks of 4 for reading aloud; the receipt page ignores the spaces.
  function grouped(code) { return code.replace(/(.{4})(?=.)/g, "$1 "); }

  // The Clipboard API where the page may use it; else the older copy command on a hidden field.
  function copyText(value, done) {
    function fallback() {
      var area = el("textarea", "t100-offscreen");
      area.value = value;
      area.setAttribute("readonly", "");
      area.setAttribute("aria-hidden", "true");
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }

  function showReceipt(box, widget, receipt) {
    var p = el("p", "t100-vote__receipt");
    p.appendChild(el("strong", "", text("receipt") + ": "));
    var code = el("code", "", grouped(receipt));
    p.appendChild(code);
    widget.appendChild(p);
    var page = new URL(box.dataset.receiptPage + "#" + receipt, window.location.href).href;
    var actions = el("p", "t100-vote__actions");
    var note = el("p", "t100-vote__note");
    note.setAttribute("role", "status");
    var copy = el("button", "md-button", text("copy_receipt"));
    copy.type = "button";
    copy.addEventListener("click", function () {
      copyText(receipt, function (ok) {
        note.textContent = text(ok ? "receipt_copied" : "copy_failed");
        if (!ok) window.getSelection().selectAllChildren(code);
      });
    });
    var share = el("a", "md-button", text("share_receipt"));
    share.href = page;
    // The system's share sheet where there is one (phones); elsewhere the link is copied.
    share.addEventListener("click", function (event) {
      event.preventDefault();
      if (navigator.share) {
        navigator.share({ title: text("receipt"), url: page }).catch(function () { /* dismissed */ });
      } else {
        copyText(page, function (ok) { note.textContent = text(ok ? "link_copied" : "copy_failed"); });
      }
    });
    actions.appendChild(copy);
    actions.appendChild(share);
    widget.appendChild(actions);
    widget.appendChild(note);
    var link = el("a", "", text("check_receipt"));
    link.href = box.dataset.receiptPage + "#" + receipt;
    var check = el("p", "t100-vote__kept", text("receipt_kept") + " ");
    check.appendChild(link);
    widget.appendChild(check);
    // This link, with the code, replaces the box's general one to the receipt page.
    var general = box.querySelector(".t100-vote__check");
    if (general) general.hidden = true;
  }

  // An open live vote's tally, drawn as the build draws published results (macros.html bars).
  function showTally(box, widget, tally, names) {
    if (!tally) return;
    var group = el("div", "t100-results");
    group.appendChild(el("h3", "", text("results_so_far")));
    group.appendChild(el("p", "", count("votes_total", tally.total)));
    var list = el("ol", "t100-bars t100-vote__tally");
    var most = Math.max.apply(null, [0].concat(tally.tally.map(function (row) { return row.votes; })));
    var format = new Intl.NumberFormat(lang === "en" ? "en" : "ru",
      { style: "percent", maximumFractionDigits: 1, minimumFractionDigits: 1 });
    tally.tally.forEach(function (row) {
      var item = el("li", "t100-bars__row");
      item.appendChild(el("span", "t100-bars__name", names[row.candidate] || row.candidate));
      var share = tally.total ? format.format(row.votes / tally.total) : format.format(0);
      item.appendChild(el("span", "t100-bars__value", row.votes + " (" + share + ")"));
      var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("class", "t100-bars__bar");
      svg.setAttribute("viewBox", "0 0 100 1");
      svg.setAttribute("preserveAspectRatio", "none");
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
      var rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      rect.setAttribute("width", most ? String(Math.round(10000 * row.votes / most) / 100) : "0");
      rect.setAttribute("height", "1");
      svg.appendChild(rect);
      item.appendChild(svg);
      list.appendChild(item);
    });
    group.appendChild(list);
    widget.appendChild(group);
  }

  function render(box, contest) {
    var widget = box.querySelector("[data-t100-widget]");
    var status = box.querySelector("[data-t100-status]");
    var id = box.dataset.contest;
    var names = {};
    contest.candidates.forEach(function (c) { names[c.id] = c.name[lang] || c.id; });
    widget.textContent = "";
    // The service's clock is the one that counts: the page may have been built in another state.
    // A closed vote's results come from the build (published results), never from a live tally.
    var note = box.querySelector("[data-t100-note]");
    var noteText = "";
    if (contest.status === "open") {
      status.textContent = text("open_until", { date: when(contest.closes) });
      noteText = text(contest.results === "live" ? "results_live" : "results_sealed");
    } else if (contest.status === "upcoming") {
      status.textContent = text("opens_on", { date: when(contest.opens) });
      noteText = text(contest.results === "live" ? "results_live" : "results_sealed");
    } else {
      status.textContent = text("closed_on", { date: when(contest.closes) });
      if (box.dataset.state !== "results") noteText = text("results_pending");
    }
    if (note) { note.textContent = noteText; note.hidden = !noteText; }

    var stored = kept(id);
    if (stored) {
      widget.appendChild(el("p", "t100-vote__done", text("already_voted")));
      showReceipt(box, widget, stored.code);
    } else if (contest.status === "open") {
      var withdrawn = {};
      contest.candidates.forEach(function (c) { if (c.withdrawn) withdrawn[c.id] = true; });
      var slots = box.querySelectorAll("[data-t100-ballot]");
      if (slots.length) {
        // A vote page: each candidate's card takes its own button ("Vote", named in full for
        // screen readers, since the card's name is just above it).
        slots.forEach(function (slot) {
          var candidate = slot.getAttribute("data-t100-ballot");
          if (!names[candidate] || withdrawn[candidate]) return;
          var button = voteButton(box, candidate, names[candidate], text("vote_button"));
          button.setAttribute("aria-label", text("vote_for", { name: names[candidate] }));
          slot.appendChild(button);
        });
      } else {
        var wanted = box.dataset.candidate ? [box.dataset.candidate] :
          (box.dataset.ballots ? contest.candidates.map(function (c) { return c.id; }) : []);
        wanted.filter(function (c) { return names[c] && !withdrawn[c]; }).forEach(function (candidate) {
          widget.appendChild(voteButton(box, candidate, names[candidate],
            wanted.length > 1 ? text("vote_for", { name: names[candidate] }) : text("vote_button")));
        });
      }
    }
    box.t100Contest = contest;
    box.t100Names = names;
    if (contest.status === "open") showTally(box, widget, contest.tally, names);
  }

  function voteButton(box, candidate, name, label) {
    var button = el("button", "md-button md-button--primary t100-vote__button", label);
    button.type = "button";
    button.addEventListener("click", function () { confirmVote(box, name, candidate); });
    return button;
  }

  // One tap never casts a final vote: a modal <dialog> names the candidate first.
  function confirmVote(box, name, candidate) {
    var dialog = el("dialog", "t100-vote__confirm");
    var title = el("h2", "", text("vote_ask", { name: name }));
    title.id = "t100-confirm-" + box.dataset.contest;
    dialog.setAttribute("aria-labelledby", title.id);
    dialog.appendChild(title);
    dialog.appendChild(el("p", "", text("vote_once")));
    var yes = el("button", "md-button md-button--primary", text("vote_yes"));
    var no = el("button", "md-button", text("vote_cancel"));
    yes.type = no.type = "button";
    yes.value = "yes";
    dialog.appendChild(yes);
    dialog.appendChild(no);
    yes.addEventListener("click", function () { dialog.close("yes"); });
    no.addEventListener("click", function () { dialog.close("no"); });
    dialog.addEventListener("close", function () {
      dialog.remove();
      if (dialog.returnValue === "yes") cast(box, candidate, false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    no.focus();  // the safe choice has the focus: Enter alone casts nothing
  }

  // The tally is cached for a few seconds by the service; the voter who just voted sees
  // their own ballot counted at once.
  function countOwnBallot(contest, candidate) {
    if (!contest || !contest.tally || contest.status !== "open") return null;
    var tally = { total: contest.tally.total + 1, tally: contest.tally.tally.map(function (row) {
      return { candidate: row.candidate, votes: row.votes + (row.candidate === candidate ? 1 : 0) };
    }) };
    return tally;
  }

  // A ballot needs a credential for this contest (an HttpOnly cookie the script cannot
  // read): try the ballot, and when the service asks for verification, walk the voter
  // through the contest's method, then send the ballot again.
  function cast(box, candidate, verified) {
    var widget = box.querySelector("[data-t100-widget]");
    box.querySelectorAll(".t100-vote__button").forEach(function (b) { b.disabled = true; });
    api(box, "/contests/" + box.dataset.contest + "/ballots", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ candidate: candidate })
    }).then(function (result) {
      var type = String(result.body.type || "");
      if (!verified && /\/credential_(required|invalid|other_contest)$/.test(type)) {
        verify(box, function () { cast(box, candidate, true); });
        return;
      }
      widget.textContent = "";
      box.querySelectorAll(".t100-vote__button").forEach(function (b) {
        if (result.status === 201) b.remove(); else b.disabled = false;
      });
      reveal(widget);
      if (result.status === 201) {
        keep({ code: result.body.receipt, contest: box.dataset.contest, time: result.body.time,
          title: (box.t100Contest || {}).title || null });
        var name = (box.t100Names || {})[candidate];
        var done = el("p", "t100-vote__done", name ? text("voted_for", { name: name }) : text("voted"));
        done.tabIndex = -1;  // the focus moves to the answer, so a screen reader reads it next
        widget.appendChild(done);
        showReceipt(box, widget, result.body.receipt);
        showTally(box, widget, countOwnBallot(box.t100Contest, candidate), box.t100Names || {});
        done.focus({ preventScroll: true });
        reveal(widget);
      } else {
        fail(box, result.body.detail);
      }
    }).catch(function () { fail(box); });
  }

  // On a vote page the widget sits under the cards: what happens next is brought into view.
  function reveal(widget) {
    if (widget.scrollIntoView) widget.scrollIntoView({ block: "nearest" });
  }

  function fail(box, detail) {
    var widget = box.querySelector("[data-t100-widget]");
    widget.textContent = "";
    // The cards' buttons come back: after an error the voter may simply try again.
    box.querySelectorAll(".t100-vote__button").forEach(function (b) { b.disabled = false; });
    widget.appendChild(el("p", "t100-vote__error", detail || text("vote_unavailable")));
  }

  // The credential itself: each method ends in POST /contests/<id>/credential.
  function credential(box, body, done, note) {
    api(box, "/contests/" + box.dataset.contest + "/credential", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
    }).then(function (result) {
      if (result.status === 201) done();
      else if (note) note.textContent = result.body.detail || text("vote_unavailable");
      else fail(box, result.body.detail);
    }).catch(function () { fail(box); });
  }

  function verify(box, done) {
    var method = (box.t100Verification || {}).method || "device";
    var widget = box.querySelector("[data-t100-widget]");
    widget.textContent = "";
    setTimeout(function () { reveal(widget); }, 0);
    if (method === "device") return proofOfWork(box, widget, done);
    if (method === "telegram") return telegram(box, widget, done);
    var form = el("form", "t100-vote__verify");
    var intro = el("p", "", text(method === "email" ? "verify_email" : "verify_codes"));
    var note = el("p", "t100-vote__note");
    note.setAttribute("role", "status");
    form.appendChild(intro);
    if (method === "email") {
      var address = field(box, form, "email_label", "email", "email");
      var send = el("button", "md-button", text("send_code"));
      send.type = "button";
      form.appendChild(send);
      var code = field(box, form, "code_label", "text", "one-time-code");
      code.inputMode = "numeric";
      code.maxLength = 6;
      code.parentNode.hidden = true;
      send.addEventListener("click", function () {
        if (!address.reportValidity()) return;
        send.disabled = true;
        api(box, "/contests/" + box.dataset.contest + "/email-code", {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ email: address.value })
        }).then(function (result) {
          send.disabled = false;
          if (result.status === 202) {
            note.textContent = text("code_sent", { email: address.value });
            code.parentNode.hidden = false;
            code.focus();
          } else {
            note.textContent = result.body.detail || text("vote_unavailable");
          }
        }).catch(function () { fail(box); });
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        credential(box, { email: address.value, code: code.value.trim() }, done, note);
      });
    } else {
      var card = field(box, form, "code_label", "text", "off");
      card.autocapitalize = "characters";
      card.value = box.t100Code || "";
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        credential(box, { code: card.value }, done, note);
      });
    }
    var submit = el("button", "md-button md-button--primary", text("confirm_vote"));
    submit.type = "submit";
    form.appendChild(submit);
    form.appendChild(note);
    widget.appendChild(form);
  }

  function field(box, form, label, type, autocomplete) {
    var wrap = el("label", "t100-vote__field");
    wrap.appendChild(el("span", "", text(label)));
    var input = document.createElement("input");
    input.type = type;
    input.required = true;
    input.autocomplete = autocomplete;
    wrap.appendChild(input);
    form.appendChild(wrap);
    return input;
  }

  // device: an ALTCHA proof of work (assets/altcha/pbkdf2.js, from the npm package altcha),
  // split over a few Web Workers; the first to find the counter wins.
  function proofOfWork(box, widget, done) {
    var status = el("p", "t100-vote__progress", text("verify_device"));
    status.setAttribute("role", "status");
    widget.appendChild(status);
    api(box, "/contests/" + box.dataset.contest + "/challenge").then(function (result) {
      if (result.status !== 200) return fail(box, result.body.detail);
      var challenge = result.body;
      var count = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
      var workers = [], finished = false;
      for (var i = 0; i < count; i++) {
        var worker = new Worker(box.dataset.altchaWorker);
        workers.push(worker);
        worker.onmessage = function (message) {
          if (finished || !message.data || message.data.error) return;
          finished = true;
          workers.forEach(function (w) { w.terminate(); });
          var payload = btoa(JSON.stringify({ challenge: challenge, solution: message.data }));
          credential(box, { altcha: payload }, done);
        };
        worker.onerror = function () { if (!finished) { finished = true; fail(box); } };
        worker.postMessage({ type: "work", challenge: challenge, counterStart: i, counterStep: count });
      }
    }).catch(function () { fail(box); });
  }

  // telegram: Telegram's own login script (telegram.org) is loaded only when the voter
  // presses the button, and only for votes that use Telegram.
  function telegram(box, widget, done) {
    var settings = box.t100Verification || {};
    widget.appendChild(el("p", "", text("verify_telegram")));
    var button = el("button", "md-button md-button--primary", text("telegram_button"));
    button.type = "button";
    widget.appendChild(button);
    button.addEventListener("click", function () {
      button.disabled = true;
      var login = function () {
        window.Telegram.Login.auth({ bot_id: settings.bot_id, request_access: false }, function (data) {
          button.disabled = false;
          if (data) credential(box, { telegram: data }, done);
        });
      };
      if (window.Telegram && window.Telegram.Login) return login();
      var script = document.createElement("script");
      script.src = "https://telegram.org/js/telegram-widget.js?22";
      script.onload = login;
      script.onerror = function () { fail(box, text("telegram_unavailable")); };
      document.head.appendChild(script);
    });
  }

  // The receipt page: words the answer of /receipts/<code> in the page's language.
  document.querySelectorAll("[data-t100-receipt]").forEach(function (form) {
    var input = form.querySelector("input"), answer = form.querySelector("[data-t100-answer]");
    function check() {
      // Forgiving: a code read aloud, grouped in blocks or pasted with spaces still matches.
      var code = input.value.replace(/[\s\-]+/g, "").toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(code)) { answer.textContent = text("receipt_bad"); return; }
      api(form, "/receipts/" + code).then(function (result) {
        answer.textContent = "";
        var lines = result.status === 200 ? receiptWords(form, result.body) :
          [result.status === 404 ? text("receipt_missing") : text("vote_unavailable")];
        lines.forEach(function (line, i) {
          answer.appendChild(el("p", i === 0 && result.status === 200 ? "t100-receipt__vote" : "", line));
        });
      }).catch(function () { answer.textContent = text("vote_unavailable"); });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); check(); });
    if (/^#[0-9a-fA-F]{64}$/.test(window.location.hash)) {
      input.value = window.location.hash.slice(1);
      check();
    }
    listKept(form, function (code) {
      input.value = grouped(code);
      check();
      form.scrollIntoView({ block: "start" });
      input.focus({ preventScroll: true });
    });
  });

  // Which vote, which entry, for whom, and whether it counts. The service may say the vote
  // and candidate in full ({id, title} / {id, name}) and "counted"; else (ids, "voided") the
  // build's own titles and names word them. null while a sealed vote is open: not shown.
  function receiptWords(form, body) {
    var contests = knownContests(form);
    var contestId = body.contest && typeof body.contest === "object" ? body.contest.id : body.contest;
    var known = contests[contestId] || {};
    var title = (body.contest && body.contest.title && body.contest.title[lang]) || known.title || contestId;
    var lines = [];
    if (title) lines.push(title);  // the vote's title says it is a vote, in each language
    lines.push(text("receipt_found", { seq: body.seq, time: when(body.time) }));
    var candidate = body.candidate, name = null;
    if (candidate && typeof candidate === "object") {
      name = (candidate.name && candidate.name[lang]) || (known.candidates || {})[candidate.id] || candidate.id;
    } else if (candidate) {
      name = (known.candidates || {})[candidate] || candidate;
    }
    var counted = "counted" in body ? body.counted :
      body.voided === true ? false : body.voided === false ? true : null;
    if (name === null && counted === null) {
      lines.push(text("receipt_sealed_all"));
      return lines;
    }
    if (name) lines.push(text("receipt_for", { name: name }));
    if (counted === true) lines.push(text("receipt_counted"));
    if (counted === false) {
      lines.push(text("receipt_not_counted"));
      if (body.void && body.void.reason) lines.push(text("receipt_voided", { reason: body.void.reason }));
    }
    return lines;
  }

  // "My receipts": what this device kept after each vote, each with a button to check it.
  function listKept(form, check) {
    var section = document.querySelector("[data-t100-kept]");
    var records = allKept();
    if (!section || !records.length) return;
    var list = section.querySelector("[data-t100-kept-list]");
    var contests = knownContests(form);
    records.forEach(function (record, index) {
      var item = el("li", "t100-kept__item");
      var title = el("strong", "t100-kept__title",
        (record.title && record.title[lang]) || (contests[record.contest] || {}).title || record.contest);
      title.id = "t100-kept-" + index;
      item.appendChild(title);
      if (record.time) item.appendChild(el("span", "t100-kept__date", text("receipt_kept_on", { date: when(record.time) })));
      item.appendChild(el("code", "t100-kept__code", grouped(record.code)));
      var button = el("button", "md-button", text("receipt_check"));
      button.type = "button";
      button.setAttribute("aria-describedby", title.id);
      button.addEventListener("click", function () { check(record.code); });
      item.appendChild(button);
      list.appendChild(item);
    });
    section.hidden = false;
  }

  function knownContests(form) {
    try { return JSON.parse(form.dataset.contests || "{}"); } catch (e) { return {}; }
  }

  // A printed access code arrives in the fragment (#code=...), which never reaches a server;
  // it is taken out of the address bar at once so it stays out of the history.
  var printed = /^#code=([A-Za-z0-9-]{4,64})$/.exec(window.location.hash);
  if (printed && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }

  document.querySelectorAll("[data-t100-vote]").forEach(function (box) {
    if (printed) box.t100Code = printed[1];
    api(box, "/contests/" + box.dataset.contest).then(function (result) {
      if (result.status !== 200) throw new Error("status " + result.status);
      box.t100Verification = result.body.verification;
      render(box, result.body);
    }).catch(function () {
      var widget = box.querySelector("[data-t100-widget]");
      widget.textContent = "";
      widget.appendChild(el("p", "t100-vote__error", text("vote_unavailable")));
    });
  });
})();
