// The urge screen: a countdown to the end of the wave (data-ends-at, in seconds since the epoch)
// and the words of the breathing guide.
// Without this file the page says when to check back, and the circle breathes by CSS alone.
(function () {
  "use strict";
  var timer = document.querySelector("[data-urge-timer]");
  var text = document.querySelector("[data-urge-timer-text]");
  if (timer && text) {
    var endsAt = parseInt(timer.getAttribute("data-ends-at"), 10) * 1000;
    var announced = false;
    var show = function () {
      var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      if (left === 0) {
        if (!announced) {
          text.textContent = "The wave has had its time. Look at how you got through it.";
          timer.setAttribute("aria-live", "polite");
          announced = true;
        }
        return;
      }
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      text.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds + " left. Stay with it.";
      window.setTimeout(show, 1000);
    };
    timer.setAttribute("role", "timer");
    show();
  }
  // Breathe in for four seconds, out for six, in step with the circle's animation.
  var word = document.querySelector("[data-breath-word]");
  if (word) {
    var breatheIn = function () {
      word.textContent = "in";
      window.setTimeout(function () {
        word.textContent = "out";
        window.setTimeout(breatheIn, 6000);
      }, 4000);
    };
    breatheIn();
  }
})();
