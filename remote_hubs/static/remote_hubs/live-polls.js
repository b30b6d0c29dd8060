/* The live room's polls: the vote form, the results (a line and a meter per option, with
 * percentages) and the projector's view of the open poll. Loaded before live.js, which passes in
 * what it shares (its state, the page helpers and the socket's send). */
(function () {
  "use strict";
  window.plenariaLivePolls = function (api) {
    var $ = api.$, el = api.el, button = api.button, send = api.send, userText = api.userText;
    var format = api.format, _ = api._, ngettext = api.ngettext, state = api.state;
    var config = api.config;
    var POLL_KINDS = { single: _("single choice"), multiple: _("multiple choice"),
                       rating: _("rating scale"), wordcloud: _("word cloud"), text: _("open text") };
    var POLL_STATUSES = { draft: _("draft"), open: _("open"), closed: _("closed") };
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
      if (config.projector) { renderProjectorPoll(poll); return; }
      var box = pollBox(poll);
      if (!box) return;
      box.replaceChildren();
      box.dataset.status = poll.status;
      box.appendChild(userText("h3", null, poll.question));
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
    /* The projector shows the open poll (or the one just closed) with its results, unless they are
     * hidden until the poll closes: the screen is public whoever is signed in behind it. */
    function renderProjectorPoll(poll) {
      var holder = $("polls");
      if (!holder || poll.status === "draft") return;
      // The latest poll event wins (items arrive in the room's order); a tally of another poll
      // that is no longer on screen does not replace it.
      var shown = holder.firstElementChild;
      if (shown && shown.id !== "poll-" + poll.poll_id && poll.status === "closed" &&
          shown.dataset.status === "open") return;
      holder.replaceChildren();
      holder.hidden = false;
      var box = el("div", "poll");
      box.id = "poll-" + poll.poll_id;
      box.dataset.status = poll.status;
      box.appendChild(userText("p", "projector-poll-question", poll.question));
      var results = el("div", "results");
      results.dataset.testid = "poll-results";
      box.appendChild(results);
      holder.appendChild(box);
      if (poll.results && !(poll.results_hidden && poll.status !== "closed")) renderResults(results, poll);
      else results.appendChild(el("p", "meta", _("Results are shown when the poll closes.")));
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
          l.appendChild(document.createTextNode(" "));
          l.appendChild(userText("bdi", null, label));
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
    function percent(share) {
      try {
        return new Intl.NumberFormat(document.documentElement.lang || undefined, { style: "percent" })
          .format(share / 100);
      } catch (e) { return share + "%"; }
    }
    function renderResults(holder, poll) {
      var r = poll.results;
      holder.replaceChildren(el("p", "meta", format(ngettext("%s vote", "%s votes", r.votes), [r.votes])));
      var list = el("ul", "items");
      if (r.counts) {
        var labels = poll.options && poll.options.length ? poll.options
          : r.counts.map(function (_, i) { return String(i + 1); });
        list.className = "items poll-results";
        r.counts.forEach(function (count, i) {
          var share = r.votes ? Math.round(100 * count / r.votes) : 0;
          var li = el("li", "poll-result");
          var line = el("span", "poll-line");
          line.appendChild(userText("bdi", "poll-option", labels[i]));
          line.appendChild(el("span", "poll-count", format(_("%s (%s)"), [count, percent(share)])));
          li.appendChild(line);
          // A meter drawn by CSS from its value: no bar at all for an option nobody chose.
          var meter = el("span", "poll-meter");
          var fill = el("span", "poll-fill");
          fill.dataset.share = share;
          fill.style.inlineSize = share + "%";
          if (!count) fill.hidden = true;
          meter.appendChild(fill);
          meter.setAttribute("aria-hidden", "true");
          li.appendChild(meter);
          list.appendChild(li);
        });
        if (r.average !== undefined && r.average !== null) holder.appendChild(el("p", "meta", format(_("Average %s"), [r.average])));
      } else if (r.words) {
        r.words.forEach(function (pair) {
          var li = userText("li", null, pair[0]);
          li.style.fontSize = Math.min(2, 0.9 + pair[1] * 0.15) + "rem";
          list.appendChild(li);
        });
      } else if (r.answers) {
        r.answers.forEach(function (a) { list.appendChild(userText("li", null, a)); });
      }
      holder.appendChild(list);
    }
    function pollTally(frame) {
      var poll = state.polls[frame.poll_id];
      if (!poll) return;
      poll.results = frame.results;
      poll.status = frame.status;
      if (config.projector) { renderProjectorPoll(poll); return; }
      var holder = $("poll-" + frame.poll_id);
      if (holder) renderResults(holder.querySelector(".results"), poll);
    }

    return { renderPoll: renderPoll, pollTally: pollTally };
  };
})();
