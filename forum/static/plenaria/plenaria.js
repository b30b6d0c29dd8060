/* Behaviour shared by every page. Loaded with defer from base.html; no inline scripts anywhere
   (the Content-Security-Policy forbids them, see forum/security.py). */
(function () {
  "use strict";

  // The name of a table: its caption, its own label, or the heading just before its box.
  function nameOf(wrap) {
    var table = wrap.querySelector("table");
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
    if (wrap.dataset.label) { return wrap.dataset.label; }
    if (table && table.getAttribute("aria-label")) { return table.getAttribute("aria-label"); }
    var labelledBy = table && table.getAttribute("aria-labelledby");
    var labelNode = labelledBy && document.getElementById(labelledBy.split(" ")[0]);
    if (labelNode) { return labelNode.textContent.trim(); }
    for (var node = wrap.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) { return node.textContent.trim(); }
      var inner = node.querySelector && node.querySelector("h1, h2, h3, h4, h5, h6");
      if (inner) { return inner.textContent.trim(); }
    }
    var section = wrap.closest("section, [aria-labelledby]");
    var heading = section && section.querySelector("h1, h2, h3, h4, h5, h6");
    return heading ? heading.textContent.trim() : "";
  }

  // A table wider than its box scrolls inside it: make that box reachable and named for keyboard
  // and screen-reader users, only while it actually scrolls.
  function labelScrollingTables() {
    document.querySelectorAll(".table-wrap, .table-scroll").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls) {
        if (!wrap.hasAttribute("tabindex")) { wrap.setAttribute("tabindex", "0"); wrap.dataset.autoTabindex = "1"; }
        if (!wrap.hasAttribute("role")) { wrap.setAttribute("role", "region"); }
        if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
          var label = nameOf(wrap);
          if (label) { wrap.setAttribute("aria-label", label); }
        }
      } else if (wrap.dataset.autoTabindex) {
        wrap.removeAttribute("tabindex");
        delete wrap.dataset.autoTabindex;
      }
    });
  }

  function focusOnLoad() {
    var target = document.querySelector("[data-focus-on-load]");
    if (target) { target.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    labelScrollingTables();
    focusOnLoad();
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(labelScrollingTables, 150);
    });
  });
})();
