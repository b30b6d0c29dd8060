/* The hub registration form: the hub's time zone defaults to the browser's (most people register
 * a hub from where it is), else stays the forum's, which the server put there. */
(function () {
  "use strict";
  var select = document.querySelector('select[data-browser-zone="default"]');
  if (!select || !window.Intl) return;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (zone && select.querySelector('option[value="' + zone.replace(/"/g, "") + '"]')) select.value = zone;
})();
