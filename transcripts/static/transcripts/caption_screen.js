/* Full-screen live captions: reads the session's live room (docs/live-protocol.md) and shows only
 * its caption segments, in sequence order; a segment sent again with the same sequence is a
 * correction and replaces the line. Text size and contrast are remembered on this device. */
(function () {
  "use strict";
  var _ = window.gettext || function (s) { return s; };
  var config = JSON.parse(document.getElementById("caption-config").textContent);
  var lines = document.getElementById("caption-lines");
  var status = document.getElementById("caption-status");
  var KEEP = 200;
  var state = { lastId: 0, attempts: 0, size: Number(localStorage.getItem("captionSize") || 3) };

  function applyPrefs() {
    document.body.dataset.size = String(state.size);
    var high = localStorage.getItem("captionContrast") === "1";
    document.body.classList.toggle("high-contrast", high);
    document.getElementById("contrast").setAttribute("aria-pressed", high ? "true" : "false");
  }
  document.getElementById("smaller").addEventListener("click", function () {
    state.size = Math.max(1, state.size - 1); localStorage.setItem("captionSize", state.size); applyPrefs();
  });
  document.getElementById("larger").addEventListener("click", function () {
    state.size = Math.min(6, state.size + 1); localStorage.setItem("captionSize", state.size); applyPrefs();
  });
  document.getElementById("contrast").addEventListener("click", function () {
    var high = localStorage.getItem("captionContrast") === "1";
    localStorage.setItem("captionContrast", high ? "0" : "1"); applyPrefs();
  });
  applyPrefs();

  function show(item) {
    var sequence = Number(item.sequence);
    if (!isFinite(sequence)) sequence = item.id;
    var line = lines.querySelector('[data-sequence="' + sequence + '"]');
    if (!line) {
      line = document.createElement("p");
      line.dataset.sequence = String(sequence);
      var after = null;
      for (var node = lines.lastElementChild; node; node = node.previousElementSibling) {
        if (Number(node.dataset.sequence) < sequence) { after = node; break; }
      }
      lines.insertBefore(line, after ? after.nextSibling : lines.firstChild);
    }
    line.textContent = (item.speaker ? item.speaker + ": " : "") + item.text;
    while (lines.children.length > KEEP) lines.removeChild(lines.firstElementChild);
    window.scrollTo(0, document.body.scrollHeight);
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + config.wsPath);
    socket.addEventListener("open", function () { state.attempts = 0; status.textContent = _("Connected"); });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame.type === "welcome") {
        // Recent items only on first connection: a screen shows what is being said now.
        var from = state.lastId || Math.max(0, (frame.last_id || 0) - 400);
        socket.send(JSON.stringify({ type: "resume", last_id: from }));
      } else if (frame.type === "resumed") {
        status.textContent = _("Live");
      } else if (typeof frame.id === "number") {
        if (frame.id > state.lastId) state.lastId = frame.id;
        if (frame.type === "caption.segment") show(frame);
      }
    });
    socket.addEventListener("close", function () {
      var delay = Math.round(250 + Math.random() * Math.min(30000, 500 * Math.pow(2, state.attempts)));
      state.attempts += 1;
      status.textContent = _("Reconnecting…");
      setTimeout(connect, delay);
    });
  }
  connect();
})();
