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

  // What is announced comes from the page, in its language: data-leaving,
  // and data-pressed and data-remaining with one text per plural category
  // ({"one": "… {n} time.", "other": "… {n} times."}). The English here is
  // for a page without them.
  var pluralRules = null;
  try {
    pluralRules = new Intl.PluralRules(document.documentElement.lang || "en");
  } catch (e) {
    pluralRules = null;
  }

  function text(name, fallback) {
    var value = status && status.getAttribute("data-" + name);
    return value || fallback;
  }

  function counted(name, n, fallback) {
    var forms = fallback;
    try {
      forms = JSON.parse(text(name, "")) || fallback;
    } catch (e) {
      forms = fallback;
    }
    var category = pluralRules ? pluralRules.select(n) : (n === 1 ? "one" : "other");
    var form = forms[category] || forms.other || fallback.other;
    return form.replace("{n}", String(n));
  }

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
      announce(text("leaving", "Leaving this page."));
      leave();
      return;
    }
    var left = PRESSES - count;
    announce(
      counted("pressed", count, { one: "Shift pressed {n} time.", other: "Shift pressed {n} times." }) + " " +
      counted("remaining", left, {
        one: "Press it {n} more time to leave this page.",
        other: "Press it {n} more times to leave this page."
      })
    );
  });
})();
