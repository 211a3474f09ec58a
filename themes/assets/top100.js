/* top100: small enhancements; every page works without them. */
(function () {
  "use strict";

  // Listing filters: the region and category links become selects that filter the grid at once.
  document.querySelectorAll("[data-t100-filters]").forEach(function (nav) {
    var grid = nav.parentElement.querySelector("[data-t100-grid]");
    var empty = nav.parentElement.querySelector("[data-t100-empty]");
    if (!grid) return;
    var chosen = {};
    nav.querySelectorAll("[data-t100-filter]").forEach(function (group) {
      var key = group.getAttribute("data-t100-filter");
      var select = document.createElement("select");
      select.setAttribute("aria-label", group.getAttribute("data-label"));
      select.add(new Option(group.getAttribute("data-all"), ""));
      group.querySelectorAll("a[data-value]").forEach(function (link) {
        select.add(new Option(link.textContent, link.getAttribute("data-value")));
      });
      var label = group.querySelector(".t100-filter__label");
      group.textContent = "";
      if (label) group.appendChild(label);
      group.appendChild(select);
      select.addEventListener("change", function () {
        chosen[key] = select.value;
        var shown = 0;
        grid.querySelectorAll(".t100-card").forEach(function (card) {
          var ok = (!chosen.region || card.dataset.region === chosen.region) &&
            (!chosen.categories || card.dataset.categories.split(" ").indexOf(chosen.categories) >= 0);
          card.hidden = !ok;
          if (ok) shown += 1;
        });
        if (empty) empty.hidden = shown > 0;
        // The count says what the grid shows, not what the page held before filtering.
        var count = nav.parentElement.querySelector("[data-t100-count]");
        if (count) count.textContent = count.getAttribute("data-label") + ": " + shown;
      });
    });
  });

  // The stage timeline is drawn at build time; mark the current stage by today's date too
  // (or by the demo clock's day, data-today, when `make run` set one).
  var timeline = document.querySelector("[data-t100-timeline]");
  var today = (timeline && timeline.dataset.today) || new Date().toISOString().slice(0, 10);
  document.querySelectorAll("[data-t100-timeline] li").forEach(function (stage) {
    var state = today > stage.dataset.end ? "done" : today >= stage.dataset.start ? "now" : "upcoming";
    stage.className = "t100-timeline__stage t100-timeline__stage--" + state;
    var label = stage.querySelector("[data-t100-state]");
    if (label) label.textContent = label.getAttribute("data-" + state);
  });

  // "Copy link" copies instead of navigating when the clipboard is available.
  document.querySelectorAll("[data-t100-copy]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!navigator.clipboard) return;
      event.preventDefault();
      navigator.clipboard.writeText(link.href).then(function () {
        link.textContent = link.getAttribute("data-copied");
      });
    });
  });

  // Ready social posts: a button copies the post's text (shown only where the clipboard works).
  document.querySelectorAll("[data-t100-copy-post]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-t100-copy-post"));
    if (!navigator.clipboard || !source) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        button.textContent = button.getAttribute("data-copied");
        window.setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });

  // Search: Pagefind's UI, loaded only on the search page.
  var search = document.querySelector("[data-t100-search]");
  if (search) {
    window.addEventListener("load", function () {
      if (window.PagefindUI) {
        var words = document.querySelector("[data-t100-search-words]");
        var options = { element: "#t100-search", bundlePath: search.getAttribute("data-bundle"),
          showImages: false, resetStyles: false };
        if (words) options.translations = JSON.parse(words.textContent);  // Pagefind has no Kazakh
        new window.PagefindUI(options);
      }
    });
  }
})();
