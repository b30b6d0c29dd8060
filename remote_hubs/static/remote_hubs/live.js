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
  var plural = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var POLL_KINDS = { single: _("single choice"), multiple: _("multiple choice"),
                     rating: _("rating scale"), wordcloud: _("word cloud"), text: _("open text") };
  var POLL_STATUSES = { draft: _("draft"), open: _("open"), closed: _("closed") };
  var config = JSON.parse(document.getElementById("live-config").textContent);
  var state = { lastId: 0, seen: new Set(), me: null, hub: null, moderator: false,
                participant: false, attempts: 0, socket: null, polls: {}, connected: false };
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
    var span = el("span");
    if (item.hub) span.appendChild(el("span", "hub-label", item.hub));
    span.appendChild(el("span", "who", item.author || _("Anonymous")));
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
      li.appendChild(el("span", "text", item.text));
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
    li.appendChild(el("span", "text", item.text));
    var votes = el("span", "votes meta", existing ? existing.querySelector(".votes").textContent : "0 ▲");
    li.appendChild(votes);
    var actions = el("span", "actions");
    if (state.participant && item.status === "visible") {
      actions.appendChild(button(_("Upvote"), function () {
        send({ type: "question.upvote", question_id: item.question_id });
      }));
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
  function questionVotes(frame) {
    Object.keys(frame.counts).forEach(function (id) {
      var li = $("q-" + id);
      if (li) li.querySelector(".votes").textContent = frame.counts[id] + " ▲";
    });
  }
  function highlight(item) {
    var box = $("highlight");
    if (!box) return;
    box.replaceChildren();
    if (!item.question) { box.hidden = true; return; }
    box.hidden = false;
    if (item.question.hub) box.appendChild(el("span", "hub-label", item.question.hub));
    box.appendChild(el("span", "text", item.question.text));
  }

  // --- Floor ------------------------------------------------------------------------------
  function renderFloor(item) {
    var list = $("floor");
    if (!list) return;
    var existing = $("floor-" + item.request_id);
    var li = el("li", item.status);
    li.id = "floor-" + item.request_id;
    li.appendChild(el("span", "hub-label", item.hub));
    li.appendChild(el("span", "meta", item.status));
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

  // --- Polls ------------------------------------------------------------------------------
  function pollBox(poll) {
    var box = $("poll-" + poll.poll_id);
    if (!box) {
      box = el("div", "poll");
      box.id = "poll-" + poll.poll_id;
      box.dataset.testid = "poll";
      var holder = $("polls");
      if (!holder) return null;
      holder.prepend(box);
    }
    return box;
  }
  function renderPoll(poll) {
    state.polls[poll.poll_id] = Object.assign(state.polls[poll.poll_id] || {}, poll);
    poll = state.polls[poll.poll_id];
    var box = pollBox(poll);
    if (!box) return;
    box.replaceChildren();
    box.dataset.status = poll.status;
    box.appendChild(el("h3", null, poll.question));
    box.appendChild(el("p", "meta", (POLL_KINDS[poll.kind] || poll.kind) + " · " +
      (POLL_STATUSES[poll.status] || poll.status)));
    if (poll.status === "open" && state.participant && !poll.voted) box.appendChild(voteForm(poll));
    if (poll.voted) box.appendChild(el("p", "meta voted", _("Thank you, your answer is counted.")));
    var results = el("div", "results");
    results.dataset.testid = "poll-results";
    box.appendChild(results);
    if (poll.results) renderResults(results, poll);
    if (state.moderator) {
      var actions = el("p", "actions");
      if (poll.status === "draft") actions.appendChild(button(_("Open poll"), function () {
        send({ type: "poll.open", poll_id: poll.poll_id });
      }));
      if (poll.status === "open") actions.appendChild(button(_("Close poll"), function () {
        send({ type: "poll.close", poll_id: poll.poll_id });
      }));
      var link = el("a", null, _("Export CSV"));
      link.href = config.exportUrl + poll.poll_id + ".csv";
      actions.appendChild(link);
      box.appendChild(actions);
    }
  }
  function voteForm(poll) {
    var form = el("form", "compose");
    var name = "poll-" + poll.poll_id + "-answer";
    if (poll.kind === "single" || poll.kind === "multiple" || poll.kind === "rating") {
      var labels = poll.kind === "rating"
        ? Array.from({ length: poll.scale_max }, function (_, i) { return String(i + 1); })
        : poll.options;
      labels.forEach(function (label, i) {
        var l = el("label", "check");
        var input = el("input");
        input.type = poll.kind === "multiple" ? "checkbox" : "radio";
        input.name = name;
        input.value = poll.kind === "rating" ? i + 1 : i;
        l.appendChild(input);
        l.appendChild(document.createTextNode(" " + label));
        form.appendChild(l);
      });
    } else {
      var text = el("input");
      text.name = name;
      text.maxLength = poll.kind === "wordcloud" ? 40 : 200;
      text.setAttribute("aria-label", _("Your answer"));
      form.appendChild(text);
    }
    var submit = el("button", null, _("Vote"));
    submit.type = "submit";
    form.appendChild(submit);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answer;
      var checked = Array.from(form.querySelectorAll("input:checked")).map(function (i) { return Number(i.value); });
      if (poll.kind === "multiple") answer = checked;
      else if (poll.kind === "single" || poll.kind === "rating") answer = checked[0];
      else answer = form.querySelector("input").value;
      if (answer === undefined || (Array.isArray(answer) && !answer.length)) return;
      send({ type: "poll.vote", poll_id: poll.poll_id, answer: answer });
    });
    return form;
  }
  function renderResults(holder, poll) {
    var r = poll.results;
    holder.replaceChildren(el("p", "meta", format(plural("%s vote", "%s votes", r.votes), [r.votes])));
    var list = el("ul", "items");
    if (r.counts) {
      var labels = poll.options && poll.options.length ? poll.options
        : r.counts.map(function (_, i) { return String(i + 1); });
      r.counts.forEach(function (count, i) {
        var li = el("li", null, labels[i] + ": " + count);
        var bar = el("span", "bar");
        bar.style.width = (r.votes ? Math.round(100 * count / r.votes) : 0) + "%";
        li.appendChild(bar);
        list.appendChild(li);
      });
      if (r.average !== undefined && r.average !== null) holder.appendChild(el("p", "meta", format(_("Average %s"), [r.average])));
    } else if (r.words) {
      r.words.forEach(function (pair) {
        var li = el("li", null, pair[0]);
        li.style.fontSize = Math.min(2, 0.9 + pair[1] * 0.15) + "rem";
        list.appendChild(li);
      });
    } else if (r.answers) {
      r.answers.forEach(function (a) { list.appendChild(el("li", null, a)); });
    }
    holder.appendChild(list);
  }
  function pollTally(frame) {
    var poll = state.polls[frame.poll_id];
    if (!poll) return;
    poll.results = frame.results;
    poll.status = frame.status;
    var holder = $("poll-" + frame.poll_id);
    if (holder) renderResults(holder.querySelector(".results"), poll);
  }

  // --- Captions, presence -----------------------------------------------------------------
  function caption(item) {
    var pane = $("captions");
    if (!pane) return;
    var empty = pane.querySelector(".empty");
    if (empty) empty.remove();
    var p = el("p", null, item.text);
    p.lang = item.language || "";
    insertOrdered(pane, p, item.id);
    pane.scrollTop = pane.scrollHeight;
  }
  function presence(frame) {
    var target = $("presence");
    if (!target) return;
    var text = frame.connected + " connected";
    if (frame.hubs.length) text += " · " + frame.hubs.length + " hub" + (frame.hubs.length === 1 ? "" : "s") +
      " with " + frame.hub_people + " people";
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
      send({ type: "resume", last_id: state.lastId });
    },
    resumed: function () { setStatus(_("Live")); },
    presence: presence,
    "poll.tally": pollTally,
    "question.votes": questionVotes,
    "poll.voted": function (f) {
      if (state.polls[f.poll_id]) { state.polls[f.poll_id].voted = true; renderPoll(state.polls[f.poll_id]); }
    },
    "question.upvoted": function () {},
    "hub.selected": function (f) { state.hub = f.hub; updateHubControls(); },
    pong: function () {},
    error: function (f) { setStatus("⚠ " + f.message); },
  };
  function onFrame(frame) {
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
    socket.addEventListener("close", function () {
      state.connected = false;
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
    if (input.value.trim() && send({ type: "chat.send", text: input.value })) input.value = "";
  });
  on("ask-form", "submit", function (event) {
    event.preventDefault();
    var input = $("ask-text");
    var anonymous = $("ask-anonymous");
    var message = { type: "question.ask", text: input.value };
    if (anonymous && anonymous.checked) message.anonymous = true;
    if (input.value.trim() && send(message)) input.value = "";
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
