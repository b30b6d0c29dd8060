/* The proposal form: narrows the duration and sub-theme lists to the chosen session type and
   theme, and adds and removes speaker rows from the formset's empty form. The server checks
   everything again (sessions/services/proposal_checks.py); without scripts the form has a few
   empty rows and saving a draft gives more. */
(function () {
  "use strict";

  function readConfig() {
    var node = document.getElementById("proposal-form-config");
    return node ? JSON.parse(node.textContent) : { durations: {}, subthemes: {} };
  }

  // Hide the options that the other choice rules out; a stored value stays visible so that
  // nothing is lost silently, and the server says why it is wrong.
  function narrow(select, allowed, keepSelected) {
    if (!select) { return; }
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) { return; }
      var ok = allowed(option.value) || (keepSelected && option.selected);
      option.hidden = !ok;
      option.disabled = !ok;
      if (!ok && option.selected) { select.value = ""; }
    });
  }

  function setUpChoices(form, config) {
    var type = form.querySelector("select[name='session_type']");
    var duration = form.querySelector("select[name='duration']");
    var theme = form.querySelector("select[name='theme']");
    var subtheme = form.querySelector("select[name='subtheme']");
    function durations(keep) {
      var list = type && config.durations[type.value];
      narrow(duration, function (value) {
        return !list || list.length === 0 || list.indexOf(parseInt(value, 10)) !== -1;
      }, keep);
    }
    function subthemes(keep) {
      narrow(subtheme, function (value) {
        return !theme || !theme.value || String(config.subthemes[value]) === theme.value;
      }, keep);
    }
    if (type) { type.addEventListener("change", function () { durations(false); }); }
    if (theme) { theme.addEventListener("change", function () { subthemes(false); }); }
    durations(true);
    subthemes(true);
  }

  function setUpFormset(container) {
    var prefix = container.dataset.formset;
    var rows = container.querySelector("[data-formset-rows]");
    var template = container.querySelector("template[data-formset-empty]");
    var addBlock = container.querySelector("[data-formset-add]");
    var total = container.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var max = container.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    if (!rows || !template || !addBlock || !total) { return; }
    var addButton = addBlock.querySelector("button");
    var removeLabel = container.dataset.removeLabel;

    function refresh() {
      addButton.disabled = max && parseInt(total.value, 10) >= parseInt(max.value, 10);
    }

    function addRemoveButton(row) {
      var legend = row.querySelector("legend");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary remove-row";
      button.textContent = removeLabel;
      if (legend) { button.setAttribute("aria-label", removeLabel + " (" + legend.textContent.trim() + ")"); }
      button.addEventListener("click", function () {
        // The row stays in the formset (its index is kept) but empty: the server ignores empty
        // rows, so a stored speaker is removed on saving.
        row.querySelectorAll("input[type='text'], input[type='email'], input:not([type]), textarea").forEach(function (input) {
          input.value = "";
        });
        row.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
        row.hidden = true;
        addButton.focus();
      });
      row.appendChild(button);
    }

    rows.querySelectorAll("fieldset.person").forEach(addRemoveButton);
    addButton.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.querySelector("fieldset.person");
      rows.appendChild(row);
      total.value = String(index + 1);
      addRemoveButton(row);
      refresh();
      var first = row.querySelector("input:not([type='hidden']), select, textarea");
      if (first) { first.focus(); }
    });
    addBlock.hidden = false;
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-proposal-form]");
    if (!form) { return; }
    setUpChoices(form, readConfig());
    form.querySelectorAll("[data-formset]").forEach(setUpFormset);
  });
})();
