/* The selection board: the make-up of the selection follows the ticks without a page load.
 *
 * Progressive enhancement. Without JavaScript the "Update the make-up" button submits the form
 * and the page comes back with the new make-up; with it, each tick or untick (debounced) asks
 * /forums/<slug>/review/results/make-up/ for the make-up of the ticked proposals and updates the
 * panel in place, then says so in the panel's polite live region. Plain JavaScript, no
 * dependencies; all text from the server goes into the page through textContent, never as HTML.
 */
(function () {
  "use strict";
  var configNode = document.getElementById("board-config");
  var form = document.getElementById("board-form");
  var panel = document.getElementById("makeup-panel");
  if (!configNode || !form || !panel || !window.fetch || !window.URLSearchParams) return;
  var config = JSON.parse(configNode.textContent);
  var heading = document.getElementById("makeup");
  var status = document.getElementById("makeup-status");
  var DELAY = 200;
  var timer = null;
  var controller = null;
  var sequence = 0;

  function ticked() {
    var ids = [];
    var boxes = form.querySelectorAll('input[type="checkbox"][name="selected"]');
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].checked) ids.push(boxes[i].value);
    }
    return ids;
  }

  function countItem(name, count) {
    var li = document.createElement("li");
    li.appendChild(document.createTextNode(name + ": "));
    var strong = document.createElement("strong");
    strong.textContent = String(count);
    li.appendChild(strong);
    return li;
  }

  function fillList(list, counts) {
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!counts.length) {
      var empty = document.createElement("li");
      empty.textContent = "—";
      list.appendChild(empty);
      return;
    }
    counts.forEach(function (pair) { list.appendChild(countItem(pair[0], pair[1])); });
  }

  function field(key) {
    return panel.querySelector('[data-makeup="' + key + '"]');
  }

  /* Screen readers may keep quiet when a live region is given the text it already has: empty it
   * first, then fill it on the next turn. */
  function announce(text) {
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function render(data) {
    if (heading) heading.textContent = data.heading;
    data.sections.forEach(function (section) {
      var list = field(section.key);
      if (list) fillList(list, section.counts);
    });
    var first = field("first_time");
    if (first) first.textContent = String(data.first_time);
    var developing = field("developing_country");
    if (developing) developing.textContent = String(data.developing_country);
    announce(data.announcement);
  }

  function update() {
    timer = null;
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var mine = ++sequence;
    var body = new URLSearchParams();
    ticked().forEach(function (id) { body.append("selected", id); });
    panel.setAttribute("aria-busy", "true");
    window.fetch(config.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": config.csrf, "Accept": "application/json" },
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (mine === sequence) render(data);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        if (mine === sequence) announce(config.failed);
      })
      .then(function () {
        if (mine === sequence) panel.removeAttribute("aria-busy");
      });
  }

  function schedule() {
    if (timer !== null) window.clearTimeout(timer);
    timer = window.setTimeout(update, DELAY);
  }

  /* A browser that restores the ticks on "back" would leave the panel showing the page's make-up:
   * catch up when any tick differs from what the page was served with. */
  window.addEventListener("pageshow", function () {
    var boxes = form.querySelectorAll('input[type="checkbox"][name="selected"]');
    for (var i = 0; i < boxes.length; i++) {
      var row = boxes[i].closest("tr");
      if (row) {
        row.classList.toggle("in", boxes[i].checked);
        row.classList.toggle("out", !boxes[i].checked);
      }
    }
    for (var j = 0; j < boxes.length; j++) {
      if (boxes[j].checked !== boxes[j].defaultChecked) { schedule(); return; }
    }
  });

  form.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches('input[type="checkbox"][name="selected"]')) return;
    var row = box.closest("tr");
    if (row) {
      row.classList.toggle("in", box.checked);
      row.classList.toggle("out", !box.checked);
    }
    schedule();
  });
})();
