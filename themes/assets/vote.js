/* top100 vote widget: status, vote button, receipt and tally of a public vote.
   Talks only to this site's own /api/v1; when the service cannot be reached, the page's
   static text stays and the widget says voting is unavailable. */
(function () {
  "use strict";

  function text(box, key, values) {
    var s = box.getAttribute("data-t-" + key) || "";
    Object.keys(values || {}).forEach(function (k) { s = s.replace("{" + k + "}", values[k]); });
    return s;
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  // Browsers differ in Kazakh date names (some print "M11"), so the words are ours and only
  // the numbers come from Intl, in Almaty time.
  var MONTHS = {
    kk: ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
      "қараша", "желтоқсан"],
    ru: ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
      "ноября", "декабря"],
    en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
      "November", "December"]
  };

  function when(iso, lang) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Almaty", day: "numeric", month: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso)).forEach(function (p) {
      parts[p.type] = p.value;
    });
    var month = (MONTHS[lang] || MONTHS.en)[Number(parts.month) - 1];
    return parts.day + " " + month + ", " + parts.hour + ":" + parts.minute;
  }

  // text() reads data-t-* words from the widget box or the receipt form alike.

  function api(box, path, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = Object.assign({ "Accept-Language": box.dataset.lang, "Accept": "application/json" },
      options.headers || {});
    return fetch(box.dataset.api + path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  function showReceipt(box, widget, receipt) {
    var p = el("p", "t100-vote__receipt");
    p.appendChild(el("strong", "", text(box, "receipt") + ": "));
    p.appendChild(el("code", "", receipt));
    var link = el("a", "", text(box, "check-receipt"));
    link.href = box.dataset.receiptPage + "#" + receipt;
    widget.appendChild(p);
    widget.appendChild(link);
  }

  function showTally(box, widget, tally, names) {
    if (!tally) return;
    var list = el("ol", "t100-vote__tally");
    tally.tally.forEach(function (row) {
      var item = el("li", "", (names[row.candidate] || row.candidate) + " — " + row.votes);
      list.appendChild(item);
    });
    widget.appendChild(el("p", "", text(box, "votes-total", { n: tally.total })));
    widget.appendChild(list);
  }

  function render(box, contest) {
    var widget = box.querySelector("[data-t100-widget]");
    var status = box.querySelector("[data-t100-status]");
    var lang = box.dataset.lang, id = box.dataset.contest;
    var names = {};
    contest.candidates.forEach(function (c) { names[c.id] = c.name[lang] || c.id; });
    widget.textContent = "";
    if (contest.status === "open") status.textContent = text(box, "open-until", { date: when(contest.closes, lang) });
    else if (contest.status === "upcoming") status.textContent = text(box, "opens-on", { date: when(contest.opens, lang) });
    else status.textContent = text(box, "status-closed");

    var stored = window.localStorage && localStorage.getItem("t100-receipt-" + id);
    if (stored) {
      widget.appendChild(el("p", "t100-vote__done", text(box, "already-voted")));
      showReceipt(box, widget, stored);
    } else if (contest.status === "open") {
      var wanted = box.dataset.candidate ? [box.dataset.candidate] :
        (box.dataset.ballots ? contest.candidates.map(function (c) { return c.id; }) : []);
      wanted.filter(function (c) { return names[c]; }).forEach(function (candidate) {
        var button = el("button", "md-button md-button--primary t100-vote__button",
          wanted.length > 1 ? text(box, "vote-for", { name: names[candidate] }) : text(box, "vote-button"));
        button.type = "button";
        button.addEventListener("click", function () { cast(box, candidate); });
        widget.appendChild(button);
      });
    }
    showTally(box, widget, contest.tally, names);
  }

  function cast(box, candidate) {
    var widget = box.querySelector("[data-t100-widget]");
    widget.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    api(box, "/contests/" + box.dataset.contest + "/ballots", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ candidate: candidate })
    }).then(function (result) {
      widget.textContent = "";
      if (result.status === 201) {
        if (window.localStorage) localStorage.setItem("t100-receipt-" + box.dataset.contest, result.body.receipt);
        widget.appendChild(el("p", "t100-vote__done", text(box, "voted")));
        showReceipt(box, widget, result.body.receipt);
      } else {
        widget.appendChild(el("p", "t100-vote__error", result.body.detail || text(box, "vote-unavailable")));
      }
    }).catch(function () {
      widget.textContent = "";
      widget.appendChild(el("p", "t100-vote__error", text(box, "vote-unavailable")));
    });
  }

  // The receipt page: words the answer of /receipts/<code> in the page's language.
  document.querySelectorAll("[data-t100-receipt]").forEach(function (form) {
    var input = form.querySelector("input"), answer = form.querySelector("[data-t100-answer]");
    function check() {
      var code = input.value.trim().toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(code)) return;
      api(form, "/receipts/" + code).then(function (result) {
        if (result.status === 200) {
          var found = text(form, "found", { seq: result.body.seq, time: when(result.body.time, form.dataset.lang) });
          answer.textContent = result.body.voided ? found + " " + text(form, "voided", { reason: result.body.void.reason }) : found;
        } else {
          answer.textContent = result.status === 404 ? text(form, "missing") : text(form, "unavailable");
        }
      }).catch(function () { answer.textContent = text(form, "unavailable"); });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); check(); });
    if (/^#[0-9a-fA-F]{64}$/.test(window.location.hash)) {
      input.value = window.location.hash.slice(1);
      check();
    }
  });

  document.querySelectorAll("[data-t100-vote]").forEach(function (box) {
    api(box, "/contests/" + box.dataset.contest).then(function (result) {
      if (result.status !== 200) throw new Error("status " + result.status);
      render(box, result.body);
    }).catch(function () {
      var widget = box.querySelector("[data-t100-widget]");
      widget.textContent = "";
      widget.appendChild(el("p", "t100-vote__error", text(box, "vote-unavailable")));
    });
  });
})();
