// Filters the therapist directory in place, from data already in the page:
// nothing is fetched and nothing is stored. The choices are mirrored in the
// address (?state=OR&language=spanish) so a filtered list can be shared,
// and the number of therapists shown is announced. Without this script the
// pre-built pages by state, topic and language do the same job.
(function () {
  "use strict";

  var form = document.getElementById("directory-filter");
  var list = document.querySelector(".therapist-list");
  var status = document.getElementById("filter-status");
  var empty = document.getElementById("filter-empty");
  if (!form || !list || !status) {
    return;
  }
  var cards = list.querySelectorAll("[data-states]");
  var selects = ["state", "specialty", "language", "format"];
  var boxes = ["telehealth", "accepting"];
  var attribute = { state: "states", specialty: "specialties", language: "languages", format: "formats" };

  // The count comes from the page, in its language: data-showing and
  // data-showing-of on the status hold one text per plural category
  // ({"one": "Showing {n} therapist.", "other": …}); {$total} is how many
  // the list has. The English here is for a page without them.
  var pluralRules = null;
  try {
    pluralRules = new Intl.PluralRules(document.documentElement.lang || "en");
  } catch (e) {
    pluralRules = null;
  }

  function counted(name, n, values, fallback) {
    var forms = fallback;
    try {
      forms = JSON.parse(status.getAttribute("data-" + name) || "") || fallback;
    } catch (e) {
      forms = fallback;
    }
    var category = pluralRules ? pluralRules.select(n) : (n === 1 ? "one" : "other");
    var form = forms[category] || forms.other || fallback.other;
    values.n = n;
    return form.replace(/\{\$?(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function has(card, name, value) {
    var words = (card.getAttribute("data-" + attribute[name]) || "").split(" ");
    return words.indexOf(value) !== -1;
  }

  function choices() {
    var chosen = {};
    selects.forEach(function (name) {
      var value = form.elements[name].value;
      if (value) {
        chosen[name] = value;
      }
    });
    boxes.forEach(function (name) {
      if (form.elements[name].checked) {
        chosen[name] = "yes";
      }
    });
    return chosen;
  }

  function apply(updateAddress) {
    var chosen = choices();
    var shown = 0;
    for (var i = 0; i < cards.length; i++) {
      var card = cards[i];
      var keep = selects.every(function (name) {
        return !chosen[name] || has(card, name, chosen[name]);
      });
      if (chosen.telehealth && card.getAttribute("data-telehealth") !== "true") {
        keep = false;
      }
      if (chosen.accepting && card.getAttribute("data-accepting") !== "true") {
        keep = false;
      }
      card.parentNode.hidden = !keep;
      if (keep) {
        shown += 1;
      }
    }
    status.textContent = shown === cards.length
      ? counted("showing", shown, {}, { one: "Showing {n} therapist.", other: "Showing {n} therapists." })
      : counted("showing-of", shown, { total: cards.length }, {
        one: "Showing {n} therapist of {$total}.",
        other: "Showing {n} therapists of {$total}."
      });
    if (empty) {
      empty.hidden = shown !== 0;
    }
    if (updateAddress) {
      var query = new URLSearchParams(chosen).toString();
      var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(null, "", address);
    }
  }

  function fromAddress() {
    var query = new URLSearchParams(window.location.search);
    selects.forEach(function (name) {
      var wanted = query.get(name) || "";
      var select = form.elements[name];
      var known = Array.prototype.some.call(select.options, function (o) {
        return o.value === wanted;
      });
      select.value = known ? wanted : "";
    });
    boxes.forEach(function (name) {
      form.elements[name].checked = query.get(name) === "yes";
    });
  }

  form.hidden = false;
  form.addEventListener("change", function () {
    apply(true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  form.addEventListener("reset", function () {
    // The reset happens after this event: apply once the fields are clear.
    window.setTimeout(function () {
      apply(true);
    }, 0);
  });
  fromAddress();
  apply(false);

  // The filters start open where there is room beside the list, or when the
  // address already chose some; on a phone they start folded, so the list
  // comes first.
  var panel = document.getElementById("filter-panel");
  if (panel && (window.matchMedia("(min-width: 50em)").matches || window.location.search.length > 1)) {
    panel.open = true;
  }
})();
