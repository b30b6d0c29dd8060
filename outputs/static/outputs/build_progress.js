// The build's progress bar: asks the JSON endpoint every second and, when the build ends,
// reloads the page (which then lists the new version, or the reason it failed).
(function () {
  "use strict";
  function start() {
    var box = document.querySelector("[data-status-url]");
    if (!box) return;
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-testid=progress-text]");
    var status = box.querySelector("[data-testid=build-status]");
    var delay = 1000;
    function poll() {
      fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
        .then(function (data) {
          bar.value = data.progress;
          bar.setAttribute("aria-valuenow", String(data.progress));
          text.textContent = data.progress + " %";
          status.textContent = data.status_label + (data.error ? ": " + data.error : "");
          if (data.finished) { window.location.assign(box.dataset.reloadUrl); return; }
          delay = 1000;
          window.setTimeout(poll, delay);
        })
        .catch(function () { delay = Math.min(delay * 2, 10000); window.setTimeout(poll, delay); });
    }
    window.setTimeout(poll, 500);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
