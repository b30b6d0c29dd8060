/* The live room's caption pane: larger or smaller text, high contrast and full screen, remembered
 * on this device (the same keys as the full-screen caption view). */
(function () {
  "use strict";
  var pane = document.getElementById("captions");
  if (!pane) return;
  var size = Number(localStorage.getItem("captionPaneSize") || 2);
  function apply() {
    pane.dataset.size = String(size);
    var high = localStorage.getItem("captionContrast") === "1";
    pane.classList.toggle("high-contrast", high);
    var button = document.getElementById("captions-contrast");
    if (button) button.setAttribute("aria-pressed", high ? "true" : "false");
  }
  function on(id, fn) { var node = document.getElementById(id); if (node) node.addEventListener("click", fn); }
  on("captions-smaller", function () { size = Math.max(1, size - 1); localStorage.setItem("captionPaneSize", size); apply(); });
  on("captions-larger", function () { size = Math.min(5, size + 1); localStorage.setItem("captionPaneSize", size); apply(); });
  on("captions-contrast", function () {
    localStorage.setItem("captionContrast", localStorage.getItem("captionContrast") === "1" ? "0" : "1");
    apply();
  });
  on("captions-full", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (pane.requestFullscreen) pane.requestFullscreen();
  });
  apply();
})();
