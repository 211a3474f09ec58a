// Material for MkDocs' inline head script (partials/javascripts/base.html), as a file: the
// same four globals its bundle reads, so the Content-Security-Policy needs no 'unsafe-inline'.
// The scope (the site root, relative to this page) comes from the script tag's data attribute.
var __md_scope = new URL(document.currentScript.dataset.mdScope, location),
  __md_hash = function (e) {
    return [...e].reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
  },
  __md_get = function (e, _ = localStorage, t = __md_scope) {
    return JSON.parse(_.getItem(t.pathname + "." + e));
  },
  __md_set = function (e, _, t = localStorage, a = __md_scope) {
    try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (err) { /* storage full or off */ }
  };
