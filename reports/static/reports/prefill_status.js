// While the platform gathers the session's facts, the editor asks the JSON endpoint every
// second or two; when the prefill ends it reloads the page to show them, unless the person has
// started typing in the form (their text is kept: the status line then says to reload).
(function () {
  "use strict";
  function start() {
    var line = document.querySelector("[data-prefill-status-url]");
    if (!line || line.dataset.prefillStatus !== "running") return;
    var form = document.querySelector("[data-testid=report-form]");
    var typed = false;
    if (form) form.addEventListener("input", function () { typed = true; });
    var delay = 1000;
    function poll() {
      fetch(line.dataset.prefillStatusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
        .then(function (data) {
          if (!data.finished) { delay = 1500; window.setTimeout(poll, delay); return; }
          if (!typed) { window.location.reload(); return; }
          line.textContent = data.status_label + (data.error ? ": " + data.error : "") + ". " + line.dataset.reloadHint;
        })
        .catch(function () { delay = Math.min(delay * 2, 10000); window.setTimeout(poll, delay); });
    }
    window.setTimeout(poll, 500);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
