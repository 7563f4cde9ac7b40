// yanzhen default theme: the 字号 switch and the high-contrast mode, kept across pages in
// localStorage (works from file:// too). Runs before the body so the page never flashes.
(function () {
  var root = document.documentElement;
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
  });
})();
