// Live reload for `candor serve`. Only the preview server sends this script;
// a built site never has it. It listens for rebuilds, reloads the page
// where it was scrolled to, swaps stylesheets in place, and shows the
// errors of a failed rebuild over the last good page.
(function () {
  "use strict";

  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : null;
  var scrollKey = "candor-serve-scroll:" + location.pathname;

  function restoreScroll() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(scrollKey);
      sessionStorage.removeItem(scrollKey);
    } catch (e) {
      return;
    }
    if (saved) {
      var xy = saved.split(",");
      window.scrollTo(Number(xy[0]) || 0, Number(xy[1]) || 0);
    }
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, window.scrollX + "," + window.scrollY);
    } catch (e) {
      // Without storage the page still reloads, at the top.
    }
    window.location.reload();
  }

  function swapStylesheets(paths) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || paths.indexOf(url.pathname) === -1) {
        continue;
      }
      url.searchParams.set("candor-build", String(Date.now()));
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      fresh.addEventListener("load", function (old) {
        return function () { old.remove(); };
      }(link));
      link.after(fresh);
    }
  }

  var overlay = null;

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  function showErrors(errors) {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
    if (!errors.length) {
      return;
    }
    overlay = element("section", "candor-overlay");
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-labelledby", "candor-overlay-title");
    var title = element("h2", null,
      errors.length === 1 ? "candor found a problem" : "candor found " + errors.length + " problems");
    title.id = "candor-overlay-title";
    overlay.appendChild(title);
    overlay.appendChild(element("p", null,
      "The page underneath is the last version that worked. Fix the file and save it: this box goes away by itself."));
    var list = element("ol");
    for (var i = 0; i < errors.length; i++) {
      var error = errors[i];
      var item = element("li");
      item.appendChild(element("code", "candor-location", error.location));
      item.appendChild(element("span", "candor-message", error.message));
      if (error.help) {
        item.appendChild(element("span", "candor-help", "How to fix it: " + error.help));
      }
      list.appendChild(item);
    }
    overlay.appendChild(list);
    var hide = element("button", null, "Hide for now");
    hide.type = "button";
    hide.addEventListener("click", function () {
      overlay.hidden = true;
    });
    overlay.appendChild(hide);
    document.body.appendChild(overlay);
  }

  function data(event) {
    try {
      return JSON.parse(event.data);
    } catch (e) {
      return {};
    }
  }

  if (document.readyState === "complete") {
    restoreScroll();
  } else {
    window.addEventListener("load", restoreScroll);
  }

  var source = new EventSource("/__candor/events");
  source.addEventListener("hello", function (event) {
    // A page from an older build missed a reload.
    if (build !== null && String(data(event).build) !== build) {
      reload();
    }
  });
  source.addEventListener("reload", function (event) {
    var paths = data(event).paths;
    // A list names the only pages that changed; others stay as they are.
    if (paths && paths.indexOf(location.pathname) === -1) {
      build = String(data(event).build);
      return;
    }
    reload();
  });
  source.addEventListener("css", function (event) {
    var paths = data(event).paths || [];
    build = String(data(event).build);
    swapStylesheets(paths);
    showErrors([]);
  });
  source.addEventListener("errors", function (event) {
    showErrors(data(event).errors || []);
  });
})();
