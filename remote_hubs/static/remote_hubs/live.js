/* The live room client. Plain JavaScript, no dependencies.
 *
 * Protocol (docs/live-protocol.md): connect to /ws/live/<session>/, send {"type": "resume",
 * "last_id": N} and receive every item after N, then live items. Each item has an "id" that
 * increases within the room. The page reconnects by itself with exponential backoff and jitter.
 * All user text goes into the page through textContent, never as HTML.
 */
(function () {
  "use strict";
  // Django's JavaScript catalogue (forum/urls.py "javascript-catalog") provides gettext.
  var _ = window.gettext || function (text) { return text; };
  var format = window.interpolate || function (text, args) {
    return text.replace(/%s/g, function () { return args.shift(); });
  };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var FLOOR_STATUSES = { waiting: _("waiting"), granted: _("has the floor"), done: _("done"),
                         withdrawn: _("withdrawn") };
  var config = JSON.parse(document.getElementById("live-config").textContent);
  var state = { lastId: 0, seen: new Set(), me: null, hub: null, moderator: false,
                participant: false, attempts: 0, socket: null, polls: {}, connected: false,
                asked: new Set(), upvoted: new Set(), voted: new Set(), pending: {}, refs: 0 };
  window.plenariaLive = state;

  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function button(label, onClick, className) {
    var b = el("button", className || "secondary", label);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function send(message) {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) {
      state.socket.send(JSON.stringify(message));
      return true;
    }
    setStatus(_("Not connected; retrying…"));
    return false;
  }
  function setStatus(text) { var c = $("connection"); if (c) c.textContent = text; }
  /* Send a message that carries text the person typed: the text stays in its field until the
   * server took it (or comes back with the reason it was refused). */
  function sendTyped(message, input, feedbackId) {
    state.refs += 1;
    message.ref = "t" + state.refs;
    if (!send(message)) return;
    state.pending[message.ref] = { input: input, text: input.value, feedback: feedbackId };
    input.value = "";
    say(feedbackId, "");
  }
  function say(id, text) {
    var box = $(id);
    if (!box) return;
    box.textContent = text;
    box.hidden = !text;
  }
  /* A hub's name in the reader's language, from its city ("Lagos hub"). */
  function hubName(item) {
    if (item.hub_city) return format(_("%s hub"), [item.hub_city]);
    return item.hub || "";
  }
  /* User text: its own direction, so that English in an Arabic page keeps its punctuation. */
  function userText(tag, className, text) {
    var node = el(tag, className, text);
    node.dir = "auto";
    return node;
  }

  /* Insert ``node`` into ``list`` in the order of data-seq, so replays keep the room's order. */
  function insertOrdered(list, node, seq) {
    node.dataset.seq = seq;
    var children = list.children;
    for (var i = children.length - 1; i >= 0; i--) {
      if (Number(children[i].dataset.seq) < seq) {
        children[i].after(node);
        return;
      }
    }
    list.prepend(node);
  }
  function whoLabel(item) {
    // On a line of its own above the text: a name beside text of the other direction reads as
    // one sentence ("How will this session'sFatou Tuilagi recommendations...").
    var span = el("span", "by");
    if (item.hub) span.appendChild(userText("bdi", "hub-label", hubName(item)));
    span.appendChild(userText("bdi", "who", item.author || _("Anonymous")));
    return span;
  }

  // --- Chat -------------------------------------------------------------------------------
  function renderChat(item) {
    var list = $("chat");
    if (!list) return;
    var li = el("li");
    li.id = "chat-" + item.message_id;
    if (item.deleted) {
      li.appendChild(el("span", "deleted", _("Message deleted")));
    } else {
      li.appendChild(whoLabel(item));
      li.appendChild(userText("span", "text", item.text));
      if (state.moderator) {
        var actions = el("span", "actions");
        actions.appendChild(button(_("Delete"), function () {
          send({ type: "chat.delete", message_id: item.message_id });
        }));
        if (item.author_id && (!state.me || item.author_id !== state.me.id)) {
          actions.appendChild(button(_("Mute"), function () {
            send({ type: "user.mute", user_id: item.author_id, muted: true });
          }));
        }
        li.appendChild(actions);
      }
    }
    insertOrdered(list, li, item.id);
    list.scrollTop = list.scrollHeight;
  }
  function chatDeleted(item) {
    var li = $("chat-" + item.message_id);
    if (!li) return;
    li.replaceChildren(el("span", "deleted", _("Message deleted")));
  }
  function muted(item, on) {
    if (state.me && item.user_id === state.me.id) {
      setStatus(on ? _("A moderator muted you in this room.") : _("You may write again."));
    }
    if (state.moderator && $("chat")) {
      var li = el("li", "meta", format(on ? _("%s was muted") : _("%s was unmuted"), [item.name || _("Someone")]));
      if (on) li.appendChild(button(_("Unmute"), function () {
        send({ type: "user.mute", user_id: item.user_id, muted: false });
      }));
      insertOrdered($("chat"), li, item.id);
    }
  }

  // --- Questions --------------------------------------------------------------------------
  function renderQuestion(item) {
    var list = $("questions");
    if (!list) return;
    var existing = $("q-" + item.question_id);
    var li = el("li", item.status);
    li.id = "q-" + item.question_id;
    li.dataset.status = item.status;
    li.appendChild(whoLabel(item));
    li.appendChild(userText("span", "text", item.text));
    var count = existing ? Number(existing.dataset.votes || 0) : 0;
    li.dataset.votes = count;
    li.appendChild(el("span", "votes meta", votesText(count)));
    var actions = el("span", "actions");
    var mine = (state.me && item.author_id === state.me.id) || state.asked.has(item.question_id);
    if (state.participant && item.status === "visible" && !mine) {
      if (state.upvoted.has(item.question_id)) {
        actions.appendChild(el("span", "meta upvoted", _("You upvoted this")));
      } else {
        actions.appendChild(button(_("Upvote"), function () {
          send({ type: "question.upvote", question_id: item.question_id });
        }));
      }
    }
    if (state.moderator) {
      if (item.status === "pending") {
        actions.appendChild(button(_("Approve"), function () {
          send({ type: "question.approve", question_id: item.question_id });
        }));
      }
      if (item.status === "pending" || item.status === "visible") {
        actions.appendChild(button(_("Reject"), function () {
          send({ type: "question.reject", question_id: item.question_id });
        }));
      }
      if (item.status === "visible") {
        actions.appendChild(button(_("Answered"), function () {
          send({ type: "question.answer", question_id: item.question_id });
        }));
        actions.appendChild(button(_("Highlight"), function () {
          send({ type: "question.highlight", question_id: item.question_id });
        }));
      }
    }
    li.appendChild(actions);
    li._item = item;
    if (existing) {
      li.dataset.seq = existing.dataset.seq;
      existing.replaceWith(li);
    } else {
      insertOrdered(list, li, item.id);
    }
  }
  function questionStatus(item, status) {
    var li = $("q-" + item.question_id);
    if (!li || !li._item) return;
    if (status === "rejected") { li.remove(); return; }
    var updated = Object.assign({}, li._item, { status: status });
    renderQuestion(updated);
  }
  function votesText(n) { return format(ngettext("%s vote", "%s votes", n), [n]); }
  function questionVotes(frame) {
    Object.keys(frame.counts).forEach(function (id) {
      var li = $("q-" + id);
      if (!li) return;
      li.dataset.votes = frame.counts[id];
      li.querySelector(".votes").textContent = votesText(frame.counts[id]);
    });
  }
  function rerenderQuestion(id) {
    var li = $("q-" + id);
    if (li && li._item) renderQuestion(li._item);
  }
  function highlight(item) {
    var box = $("highlight");
    if (!box) return;
    box.replaceChildren();
    if (!item.question) { box.hidden = true; return; }
    box.hidden = false;
    if (item.question.hub) box.appendChild(userText("bdi", "hub-label", hubName(item.question)));
    box.appendChild(userText("span", "text", item.question.text));
  }

  // --- Floor ------------------------------------------------------------------------------
  function renderFloor(item) {
    var list = $("floor");
    if (!list) return;
    var existing = $("floor-" + item.request_id);
    var li = el("li", item.status);
    li.id = "floor-" + item.request_id;
    li.appendChild(userText("bdi", "hub-label", hubName(item)));
    li.appendChild(el("span", "meta", FLOOR_STATUSES[item.status] || item.status));
    var actions = el("span", "actions");
    if (state.moderator && item.status === "waiting") {
      actions.appendChild(button(_("Give the floor"), function () {
        send({ type: "floor.grant", request_id: item.request_id });
      }));
    }
    if (state.moderator && (item.status === "waiting" || item.status === "granted")) {
      actions.appendChild(button(_("Done"), function () {
        send({ type: "floor.done", request_id: item.request_id });
      }));
    }
    if (state.hub && state.hub.hub_id === item.hub_id && item.status === "waiting") {
      actions.appendChild(button(_("Withdraw"), function () {
        send({ type: "floor.withdraw", request_id: item.request_id });
      }));
    }
    li.appendChild(actions);
    if (existing) { li.dataset.seq = existing.dataset.seq; existing.replaceWith(li); }
    else insertOrdered(list, li, item.id);
    if (item.status === "done" || item.status === "withdrawn") li.hidden = true;
  }

  // --- Polls: live-polls.js ---------------------------------------------------------------
  var polls = window.plenariaLivePolls({
    $: $, el: el, button: button, send: send, userText: userText, format: format, _: _,
    ngettext: ngettext, state: state, config: config,
  });
  var renderPoll = polls.renderPoll, pollTally = polls.pollTally;

  // --- Captions, presence -----------------------------------------------------------------
  function caption(item) {
    var pane = $("captions");
    if (!pane) return;
    var empty = pane.querySelector(".empty");
    if (empty) empty.remove();
    var text = (item.speaker ? item.speaker + ": " : "") + item.text;
    // A segment sent again with the same sequence is a correction: it replaces the line.
    var shown = typeof item.sequence === "number" ?
      pane.querySelector('[data-sequence="' + item.sequence + '"]') : null;
    if (shown) { shown.textContent = text; return; }
    var p = userText("p", null, text);
    p.lang = item.language || "";
    if (typeof item.sequence === "number") p.dataset.sequence = String(item.sequence);
    insertOrdered(pane, p, item.id);
    pane.scrollTop = pane.scrollHeight;
  }
  function presence(frame) {
    var target = $("presence");
    if (!target) return;
    var text = format(ngettext("%s connected", "%s connected", frame.connected), [frame.connected]);
    if (frame.hubs.length) {
      text += " · " + format(ngettext("%s remote hub", "%s remote hubs", frame.hubs.length), [frame.hubs.length]) +
        " · " + format(ngettext("%s person at hubs", "%s people at hubs", frame.hub_people), [frame.hub_people]);
    }
    target.textContent = text;
  }

  // --- Dispatch ---------------------------------------------------------------------------
  var itemHandlers = {
    "chat.message": renderChat,
    "chat.deleted": chatDeleted,
    "user.muted": function (i) { muted(i, true); },
    "user.unmuted": function (i) { muted(i, false); },
    "question.new": renderQuestion,
    "question.published": renderQuestion,
    "question.rejected": function (i) { questionStatus(i, "rejected"); },
    "question.answered": function (i) { questionStatus(i, "answered"); },
    "question.highlighted": highlight,
    "floor.requested": renderFloor,
    "floor.updated": renderFloor,
    "poll.created": renderPoll,
    "poll.opened": renderPoll,
    "poll.closed": renderPoll,
    "caption.segment": caption,
  };
  var frameHandlers = {
    welcome: function (f) {
      state.me = f.user; state.hub = f.hub; state.moderator = f.moderator; state.participant = f.participant;
      updateHubControls();
      // Ask for everything after what we have (0 on the first connection).
      resume();
    },
    // The connection's state; whether the session is on is the page's phase line.
    resumed: function () {
      setStatus(_("Connected"));
      document.documentElement.dataset.liveResumed = String(state.lastId);
    },
    mine: function (f) {
      (f.asked || []).forEach(function (id) { state.asked.add(id); rerenderQuestion(id); });
      f.upvoted.forEach(function (id) { state.upvoted.add(id); rerenderQuestion(id); });
      f.voted.forEach(function (id) {
        state.voted.add(id);
        if (state.polls[id]) { state.polls[id].voted = true; renderPoll(state.polls[id]); }
      });
    },
    presence: presence,
    "poll.tally": pollTally,
    "question.votes": questionVotes,
    "poll.voted": function (f) {
      if (state.polls[f.poll_id]) { state.polls[f.poll_id].voted = true; renderPoll(state.polls[f.poll_id]); }
    },
    "question.asked": function (f) { state.asked.add(f.question_id); rerenderQuestion(f.question_id); },
    "question.upvoted": function (f) { state.upvoted.add(f.question_id); rerenderQuestion(f.question_id); },
    "hub.selected": function (f) { state.hub = f.hub; updateHubControls(); },
    pong: function () {},
    error: function (f) {
      var typed = f.ref !== undefined && state.pending[f.ref];
      if (typed) {
        // Refused: put the text back and say why, next to the form it was typed in.
        delete state.pending[f.ref];
        if (!typed.input.value) typed.input.value = typed.text;
        say(typed.feedback, errorText(f));
        return;
      }
      if (f.code === "rate_limited" && f.ref === "resume") {
        setTimeout(resume, 1000 + Math.random() * 4000);
        return;
      }
      setStatus(errorText(f));
    },
  };
  function resume() { send({ type: "resume", last_id: state.lastId, ref: "resume" }); }
  var ERRORS = {
    muted: _("A moderator muted you in this room: your text was not sent."),
    rate_limited: _("Too many messages: wait a few seconds and send again."),
    signed_out: _("You were signed out. Reload the page to take part again."),
    login_required: _("Log in to take part."),
    forbidden: _("You may not do this here."),
    too_long: _("The text is too long."),
  };
  function errorText(f) { return ERRORS[f.code] || f.message; }
  function onFrame(frame) {
    // Items arriving close together come in one frame, in id order (docs/live-protocol.md).
    if (frame.type === "batch" && Array.isArray(frame.items)) {
      frame.items.forEach(onFrame);
      return;
    }
    if (frame.type === "chat.message" || frame.type === "question.new") forgetTyped(frame);
    if (typeof frame.id === "number" && itemHandlers[frame.type]) {
      if (state.seen.has(frame.id)) return;
      state.seen.add(frame.id);
      if (frame.id > state.lastId) state.lastId = frame.id;
      itemHandlers[frame.type](frame);
      return;
    }
    var handler = frameHandlers[frame.type];
    if (handler) handler(frame);
  }

  /* Our own line came back: the text it carried was taken. */
  function forgetTyped(frame) {
    if (!state.me || frame.author_id !== state.me.id) return;
    Object.keys(state.pending).forEach(function (ref) {
      if (state.pending[ref].text.trim() === frame.text) delete state.pending[ref];
    });
  }
  function updateHubControls() {
    var floorButton = $("floor-request");
    if (floorButton) floorButton.hidden = !state.hub;
    ["hub-people", "hub-people-send"].forEach(function (id) { if ($(id)) $(id).hidden = !state.hub; });
  }

  // --- Connection with backoff and jitter --------------------------------------------------
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + config.wsPath);
    state.socket = socket;
    socket.addEventListener("open", function () { state.attempts = 0; state.connected = true; setStatus(_("Connected")); });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      onFrame(frame);
    });
    socket.addEventListener("close", function (event) {
      state.connected = false;
      if (event.code === 4401) say("chat-feedback", ERRORS.signed_out);
      // Full jitter: wait a random time up to an exponentially growing cap (max 30 s).
      var cap = Math.min(30000, 500 * Math.pow(2, state.attempts));
      var delay = Math.round(250 + Math.random() * cap);
      state.attempts += 1;
      setStatus(format(_("Reconnecting in %s s…"), [Math.round(delay / 1000)]));
      setTimeout(connect, delay);
    });
  }

  // --- Forms ------------------------------------------------------------------------------
  function on(id, event, fn) { var node = $(id); if (node) node.addEventListener(event, fn); }
  on("chat-form", "submit", function (event) {
    event.preventDefault();
    var input = $("chat-text");
    if (input.value.trim()) sendTyped({ type: "chat.send", text: input.value }, input, "chat-feedback");
  });
  on("ask-form", "submit", function (event) {
    event.preventDefault();
    var input = $("ask-text");
    var anonymous = $("ask-anonymous");
    var message = { type: "question.ask", text: input.value };
    if (anonymous && anonymous.checked) message.anonymous = true;
    if (input.value.trim()) sendTyped(message, input, "ask-feedback");
  });
  on("poll-form", "submit", function (event) {
    event.preventDefault();
    var kind = $("poll-kind").value;
    var message = { type: "poll.create", kind: kind, question: $("poll-question").value,
                    results_hidden: $("poll-hidden").checked };
    if (kind === "single" || kind === "multiple") {
      message.options = $("poll-options").value.split("\n").map(function (s) { return s.trim(); })
        .filter(Boolean);
    }
    if (send(message)) { $("poll-question").value = ""; $("poll-options").value = ""; }
  });
  on("hub-select", "change", function (event) {
    var value = event.target.value;
    send({ type: "hub.select", hub_id: value ? Number(value) : null });
  });
  on("floor-request", "click", function () { send({ type: "floor.request" }); });
  on("hub-people-send", "click", function () {
    var n = Number($("hub-people").value);
    if (Number.isInteger(n) && n >= 0) send({ type: "hub.attendance", people: n });
  });

  connect();
})();
