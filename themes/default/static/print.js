// yanzhen default theme: the print edition's "print now" button (a script file, not an inline
// handler, so a Content-Security-Policy can forbid inline scripts).
document.addEventListener("click", function (e) {
  if (e.target.closest && e.target.closest("[data-print]")) window.print();
});
