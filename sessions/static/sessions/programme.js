// The public programme: offers the device's time zone in the zone switch, and adds
// "My schedule" buttons to the programme's sessions for signed-in people.
// No inline script: data comes from data-* attributes and json_script blocks.
(function () {
  "use strict";

  function deviceZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  // A viewer who has not chosen a zone yet gets their device's zone as the default choice.
  function offerDeviceZone() {
    var zone = deviceZone();
    document.querySelectorAll("form.zone-switch").forEach(function (form) {
      if (form.dataset.chosen || !zone || zone === form.dataset.forumZone) return;
      var field = form.querySelector("[name=zone]");
      if (!field) return;
      if (field.tagName === "SELECT") {
        var option = Array.prototype.find.call(field.options, function (o) { return o.value === zone; });
        if (!option) return;
        field.value = zone;
      } else {
        field.value = zone;
      }
      var note = form.querySelector(".zone-suggestion");
      if (note) note.hidden = false;
    });
  }

  function bookmarkButtons() {
    var data = document.getElementById("programme-bookmarks");
    var config = document.getElementById("programme-bookmark-config");
    if (!data || !config) return;
    var marked = new Set(JSON.parse(data.textContent));
    var token = config.querySelector("[name=csrfmiddlewaretoken]").value;

    function paint(button, on) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? config.dataset.labelRemove : config.dataset.labelAdd;
    }

    document.querySelectorAll("li.session[data-bookmark-url]").forEach(function (item) {
      var id = Number(item.dataset.sessionId);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary bookmark";
      button.dataset.testid = "bookmark";
      paint(button, marked.has(id));
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        var body = new FormData();
        body.append("on", on ? "1" : "0");
        button.disabled = true;
        fetch(item.dataset.bookmarkUrl, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": token, Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
          .then(function (result) { paint(button, result.bookmarked); })
          .finally(function () { button.disabled = false; });
      });
      item.appendChild(button);
    });
  }

  function start() {
    offerDeviceZone();
    bookmarkButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
