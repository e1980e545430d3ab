// Review queue keyboard shortcuts: j/k move between posts, x checks one, a approves, r goes to the
// reason to reject. Optional: every action has its button, and nothing here submits a rejection.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-queue-item]"));
  if (!items.length) return;
  var current = -1;

  // Checking many posts one by one is slow: one button checks (or unchecks) the whole page.
  var checkAll = document.querySelector("[data-queue-check-all]");
  if (checkAll) {
    checkAll.hidden = false;
    checkAll.addEventListener("click", function () {
      var picks = document.querySelectorAll("[data-queue-pick]");
      var all = Array.prototype.every.call(picks, function (pick) { return pick.checked; });
      picks.forEach(function (pick) { pick.checked = !all; });
      checkAll.textContent = all ? "Check all on this page" : "Uncheck all";
    });
  }

  function select(index) {
    if (index < 0 || index >= items.length) return;
    if (current >= 0) items[current].classList.remove("queue-current");
    current = index;
    items[current].classList.add("queue-current");
    items[current].focus({ preventScroll: true });
    items[current].scrollIntoView({ block: "start", behavior: "auto" });
  }

  // Coming back after a decision: the page opens on the next post (#post-N), make it the current one.
  var landed = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  if (landed && items.indexOf(landed) >= 0) select(items.indexOf(landed));

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    var item = current >= 0 ? items[current] : null;
    if (event.key === "j") {
      select(current + 1);
    } else if (event.key === "k") {
      select(Math.max(current - 1, 0));
    } else if (event.key === "x" && item) {
      var pick = item.querySelector("[data-queue-pick]");
      if (pick) pick.checked = !pick.checked;
    } else if (event.key === "a" && item) {
      item.querySelector("[data-queue-approve]").click();
    } else if (event.key === "r" && item) {
      item.querySelector("[data-queue-reason]").focus();
    } else {
      return;
    }
    event.preventDefault();
  });
})();
