// candor's one script. Every page works without it; it only adds the
// quick-exit keyboard shortcut and moves focus to a form's error summary.
// It stores nothing and sends nothing.
(function () {
  "use strict";

  // A form shown again with errors: take keyboard and screen-reader users
  // straight to the list of problems, and from each problem to its field.
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || target.tagName !== "A") {
      return;
    }
    var id = target.getAttribute("href").slice(1);
    var field = document.getElementById(id);
    if (!field) {
      return;
    }
    event.preventDefault();
    var group = field.closest("fieldset");
    var heading = group ? group.querySelector("legend") : document.querySelector("label[for='" + id + "']");
    (heading || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();

(function () {
  "use strict";

  var PRESSES = 3;
  var WINDOW_MS = 5000;

  var link = document.querySelector("a[data-quick-exit]");
  if (!link) {
    return;
  }
  var exitUrl = link.href;
  var status = document.getElementById("quick-exit-status");

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    // Hide the page at once, then replace this page in the history so Back
    // does not return to it.
    document.body.hidden = true;
    document.title = "";
    window.location.replace(exitUrl);
  }

  var links = document.querySelectorAll("a[data-quick-exit]");
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener("click", leave);
  }

  var count = 0;
  var timer = null;
  var shiftDown = false;
  var usedAsModifier = false;

  function announce(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function reset() {
    count = 0;
    timer = null;
    announce("");
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) {
        shiftDown = true;
        usedAsModifier = false;
      }
    } else if (shiftDown || event.shiftKey) {
      // Shift+A and the like are typing, not a quick-exit press.
      usedAsModifier = true;
    }
  });

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      return;
    }
    var counts = shiftDown && !usedAsModifier;
    shiftDown = false;
    usedAsModifier = false;
    if (!counts) {
      return;
    }
    count += 1;
    if (timer === null) {
      // The count runs from the first press.
      timer = window.setTimeout(reset, WINDOW_MS);
    }
    if (count >= PRESSES) {
      window.clearTimeout(timer);
      announce("Leaving this page.");
      leave();
      return;
    }
    var left = PRESSES - count;
    announce(
      "Shift pressed " + count + (count === 1 ? " time. " : " times. ") +
      "Press it " + left + " more " + (left === 1 ? "time" : "times") + " to leave this page."
    );
  });
})();
