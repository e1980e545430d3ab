// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Sign-up: pre-fill the time zone with the device's zone while the default is still selected.
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    zone = null;
  }
  if (zone) {
    document.querySelectorAll('select[data-browser-timezone="true"]').forEach(function (select) {
      var untouched = select.value === "UTC" || select.value === "";
      if (untouched && select.querySelector('option[value="' + zone + '"]')) {
        select.value = zone;
      }
    });
    // The welcome confirms the zone the count runs in: the device's, unless the member changes it.
    document.querySelectorAll('select[data-device-timezone="true"]').forEach(function (select) {
      if (select.querySelector('option[value="' + zone + '"]')) {
        select.value = zone;
      }
    });
  }
  // "Show anyway" for collapsed posts of blocked members.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-reveal]");
    if (!button) return;
    var target = document.getElementById(button.getAttribute("data-reveal"));
    if (target) {
      target.hidden = false;
      button.hidden = true;
    }
  });
})();
