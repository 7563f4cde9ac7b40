// yanzhen default theme: the 字号 switch and the high-contrast mode, kept across pages in
// localStorage (works from file:// too), and the brand matrix's filters, which only hide cards
// that are already in the page. Runs before the body so the page never flashes.
(function () {
  var root = document.documentElement;
  // Before the first paint: what only works with scripts (the matrix filters) takes its place
  // from the start, so nothing moves when the page has loaded.
  root.classList.add("js");
  function get(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function set(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  var font = get("yanzhen-font");
  if (font === "large" || font === "small") root.setAttribute("data-font", font);
  if (get("yanzhen-contrast") === "high") root.setAttribute("data-contrast", "high");
  function sync() {
    var current = root.getAttribute("data-font") || "medium";
    document.querySelectorAll("[data-font]").forEach(function (b) {
      if (b.tagName === "BUTTON") b.setAttribute("aria-pressed", String(b.getAttribute("data-font") === current));
    });
    document.querySelectorAll("[data-contrast]").forEach(function (b) {
      if (b.tagName === "BUTTON") b.setAttribute("aria-pressed", String(root.getAttribute("data-contrast") === "high"));
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    sync();
    document.querySelectorAll("button[data-font]").forEach(function (b) {
      b.addEventListener("click", function () {
        var v = b.getAttribute("data-font");
        if (v === "medium") root.removeAttribute("data-font"); else root.setAttribute("data-font", v);
        set("yanzhen-font", v);
        sync();
      });
    });
    document.querySelectorAll("button[data-contrast]").forEach(function (b) {
      b.addEventListener("click", function () {
        var on = root.getAttribute("data-contrast") !== "high";
        if (on) root.setAttribute("data-contrast", "high"); else root.removeAttribute("data-contrast");
        set("yanzhen-contrast", on ? "high" : "normal");
        sync();
      });
    });
    var form = document.querySelector(".matrix-filter");
    if (form) matrixFilter(form);
  });

  // Hides the brand cards that do not match the chosen status, year and category; groups left
  // without a visible card are hidden too, and each group's count shows what is visible.
  function matrixFilter(form) {
    var selects = form.querySelectorAll("select[data-filter]");
    var cards = document.querySelectorAll(".brand-grid > li[data-status]");
    var live = form.querySelector(".filter-status");
    var empty = document.querySelector(".matrix-empty");
    function apply() {
      var want = {};
      selects.forEach(function (s) { want[s.getAttribute("data-filter")] = s.value; });
      var shown = 0;
      cards.forEach(function (c) {
        var ok = ["status", "year", "category"].every(function (k) {
          return !want[k] || c.getAttribute("data-" + k) === want[k];
        });
        c.hidden = !ok;
        if (ok) shown++;
      });
      document.querySelectorAll(".matrix-unit, .matrix-group").forEach(function (g) {
        var n = g.querySelectorAll(".brand-grid > li[data-status]:not([hidden])").length;
        g.hidden = n === 0;
        var count = g.querySelector("[data-count]");
        if (count) count.textContent = String(n);
      });
      document.querySelectorAll(".matrix-jump a").forEach(function (a) {
        var target = document.getElementById(a.getAttribute("href").slice(1));
        if (target) a.parentNode.hidden = target.hidden;
      });
      if (live) live.textContent = live.getAttribute("data-template").replace("{n}", String(shown));
      if (empty) empty.hidden = shown !== 0;
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }
})();
