// The draft programme editor: drag a session to a cell, or focus it and use the arrow keys
// (up/down one slot, left/right one room). Each move is a POST to the placement endpoint; its
// answer carries the session's warnings and every warning of the draft, shown at once.
// Without this script, the form of each session does the same.
(function () {
  "use strict";
  var grid = document.querySelector(".schedule-grid");
  if (!grid) return;
  var placeUrl = grid.dataset.placeUrl;
  var slot = parseInt(grid.dataset.slotMinutes, 10);
  var slots = parseInt(grid.dataset.slots, 10);
  var dayStart = grid.dataset.dayStart;
  var rooms = grid.dataset.rooms.split(",");
  var status = document.getElementById("editor-status");
  var allWarnings = document.getElementById("draft-warnings");
  var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";

  function parse(local) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
    return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function format(ms) {
    var d = new Date(ms);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) +
      "T" + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }
  function hhmm(ms) { var d = new Date(ms); return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()); }

  function setClass(el, prefix, value) {
    el.className = el.className.split(/\s+/).filter(function (c) {
      return c.indexOf(prefix) !== 0;
    }).concat([prefix + value]).join(" ");
  }

  function say(text) { status.textContent = text; }

  function showWarnings(block, warnings) {
    var list = block.querySelector(".warnings");
    list.textContent = "";
    warnings.forEach(function (w) {
      var li = document.createElement("li");
      li.dataset.kind = w.kind;
      li.textContent = w.message;
      list.appendChild(li);
    });
    block.classList.toggle("has-warnings", warnings.length > 0);
  }

  function showDraftWarnings(warnings) {
    allWarnings.textContent = "";
    if (!warnings.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = allWarnings.dataset.none || "—";
      allWarnings.appendChild(none);
    }
    warnings.forEach(function (w) {
      var li = document.createElement("li");
      li.dataset.kind = w.kind;
      li.dataset.session = w.session;
      var strong = document.createElement("strong");
      strong.textContent = w.title;
      li.appendChild(strong);
      li.appendChild(document.createTextNode(": " + w.message));
      allWarnings.appendChild(li);
    });
    var heading = document.getElementById("all-warnings");
    if (heading && heading.dataset.template) {
      heading.textContent = heading.dataset.template.replace("%s", warnings.length);
    }
  }

  function moveBlock(block, room, start) {
    var row = Math.round((parse(start) - parse(dayStart)) / 60000 / slot);
    var column = rooms.indexOf(String(room));
    if (row < 0 || row >= slots || column < 0) return false;
    var duration = parseInt(block.dataset.duration, 10);
    setClass(block, "gr-", row + 2);
    setClass(block, "gc-", column + 2);
    setClass(block, "sp-", Math.max(1, Math.min(slots - row, Math.ceil(duration / slot))));
    block.dataset.room = room;
    block.dataset.start = start;
    var when = block.querySelector(".when");
    if (when) when.textContent = hhmm(parse(start)) + "–" + hhmm(parse(start) + duration * 60000);
    return true;
  }

  // Moves are shown at once and sent one after another, in the order they were made.
  var queue = Promise.resolve();

  function place(block, room, start) {
    var before = { room: block.dataset.room, start: block.dataset.start };
    if (!moveBlock(block, room, start)) return;
    var seq = (block.plenariaSeq || 0) + 1;
    block.plenariaSeq = seq;
    queue = queue.then(function () { return send(block, room, start, before, seq); });
  }

  function send(block, room, start, before, seq) {
    // Only the answer to the block's latest move updates the page: earlier ones are stale.
    function latest() { return block.plenariaSeq === seq; }
    var title = block.querySelector(".title").textContent.trim();
    return fetch(placeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
      body: JSON.stringify({ session: block.dataset.session, action: "place", room: room, starts_at: start })
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      if (!latest()) return;
      if (!answer.ok) {
        var errors = answer.data.errors || {};
        var text = Object.keys(errors).map(function (k) { return errors[k].join(" "); }).join(" ");
        moveBlock(block, before.room, before.start);
        say(grid.dataset.failedLabel + ": " + text);
        return;
      }
      moveBlock(block, answer.data.placement.room, answer.data.placement.starts_at);
      showWarnings(block, answer.data.warnings);
      showDraftWarnings(answer.data.draft_warnings);
      var words = answer.data.warnings.map(function (w) { return w.message; }).join(" ");
      say(grid.dataset.movedLabel + ": " + title + ", " + hhmm(parse(answer.data.placement.starts_at)) +
        (words ? ". " + words : ""));
    }).catch(function () {
      if (!latest()) return;
      moveBlock(block, before.room, before.start);
      say(grid.dataset.failedLabel);
    });
  }

  grid.addEventListener("dragstart", function (event) {
    var block = event.target.closest(".block");
    if (!block) return;
    event.dataTransfer.setData("text/plain", block.dataset.session);
    event.dataTransfer.effectAllowed = "move";
    block.classList.add("dragging");
    window.setTimeout(function () { grid.classList.add("drag-active"); }, 0);
  });
  grid.addEventListener("dragend", function (event) {
    var block = event.target.closest(".block");
    if (block) block.classList.remove("dragging");
    grid.classList.remove("drag-active");
  });
  grid.addEventListener("dragover", function (event) {
    var cell = event.target.closest(".cell");
    if (!cell) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    cell.classList.add("drop-target");
  });
  grid.addEventListener("dragleave", function (event) {
    var cell = event.target.closest(".cell");
    if (cell) cell.classList.remove("drop-target");
  });
  grid.addEventListener("drop", function (event) {
    var cell = event.target.closest(".cell");
    if (!cell) return;
    event.preventDefault();
    cell.classList.remove("drop-target");
    grid.classList.remove("drag-active");
    var id = event.dataTransfer.getData("text/plain");
    var block = grid.querySelector('.block[data-session="' + id.replace(/[^0-9]/g, "") + '"]');
    if (block) place(block, cell.dataset.room, cell.dataset.start);
  });

  grid.addEventListener("keydown", function (event) {
    var block = event.target.closest(".block");
    if (!block) return;
    var room = block.dataset.room;
    var start = parse(block.dataset.start);
    var column = rooms.indexOf(room);
    if (event.key === "ArrowUp") start -= slot * 60000;
    else if (event.key === "ArrowDown") start += slot * 60000;
    else if (event.key === "ArrowLeft" && column > 0) room = rooms[column - 1];
    else if (event.key === "ArrowRight" && column < rooms.length - 1) room = rooms[column + 1];
    else return;
    event.preventDefault();
    var row = (start - parse(dayStart)) / 60000 / slot;
    if (row < 0 || row >= slots) return;
    place(block, room, format(start));
  });
})();
