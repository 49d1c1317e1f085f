// Desk forms: the error summary takes focus, the summary field counts its characters,
// formsets get "Add another" (a copy of their empty row), and a figure's "part of" lists
// the other rows of its form labelled with what is typed in them; on a note, ticking a claim
// offers its figures as denominators straight away.
// Pages work without this file: blank rows are there, and rows are offered by number.
(function () {
  "use strict";

  function focusErrors() {
    var summary = document.querySelector(".errors[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  function countCharacters() {
    var fields = document.querySelectorAll("[data-count-max]");
    Array.prototype.forEach.call(fields, function (field) {
      var max = parseInt(field.getAttribute("data-count-max"), 10);
      var counter = document.createElement("p");
      counter.className = "char-count";
      counter.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", counter);
      function update() {
        var used = Array.from(field.value).length;
        counter.textContent = used + " / " + max + " characters";
        counter.classList.toggle("over", used > max);
      }
      field.addEventListener("input", update);
      update();
    });
  }

  function managementInput(prefix, name) {
    return document.querySelector('input[name="' + prefix + "-" + name + '"]');
  }

  // The row's figure as typed, the way the server labels it: "Figure 2: nearly 20,000 homes".
  function rowLabel(prefix, noun, index) {
    function typed(name) {
      var field = document.getElementById("id_" + prefix + "-" + index + "-" + name);
      return field ? field.value.trim() : "";
    }
    var label = noun + " " + (index + 1);
    var value = typed("value");
    var counts = typed("counts");
    if (!value && !counts) {
      return label;
    }
    var words = [];
    var qualifier = document.getElementById("id_" + prefix + "-" + index + "-qualifier");
    if (qualifier && qualifier.value && qualifier.value !== "exact") {
      words.push(qualifier.options[qualifier.selectedIndex].text);
    }
    if (value) { words.push(value); }
    if (counts) { words.push(counts); }
    return label + ": " + words.join(" ");
  }

  function refreshRowChoices(formset) {
    var prefix = formset.getAttribute("data-formset");
    var noun = formset.getAttribute("data-noun") || "Row";
    var total = managementInput(prefix, "TOTAL_FORMS");
    var selects = formset.querySelectorAll('select[data-denominator-rows="' + prefix + '"]');
    if (!total || !selects.length) {
      return;
    }
    var count = parseInt(total.value, 10);
    Array.prototype.forEach.call(selects, function (select) {
      var own = parseInt(select.name.slice(prefix.length + 1), 10);
      var chosen = select.value;
      var group = select.querySelector('optgroup[label="In this form"]');
      if (!group) {
        group = document.createElement("optgroup");
        group.label = "In this form";
        select.insertBefore(group, select.options.length ? select.options[0].nextSibling : null);
      }
      while (group.firstChild) {
        group.removeChild(group.firstChild);
      }
      for (var i = 0; i < count; i += 1) {
        if (i !== own) {
          group.appendChild(new Option(rowLabel(prefix, noun, i), "row-" + i));
        }
      }
      select.value = chosen;
    });
  }

  function formsets() {
    var sets = document.querySelectorAll("[data-formset]");
    Array.prototype.forEach.call(sets, function (formset) {
      var prefix = formset.getAttribute("data-formset");
      var rows = formset.querySelector("[data-formset-rows]");
      var empty = formset.querySelector("template[data-formset-empty]");
      var button = formset.querySelector("[data-formset-add]");
      var total = managementInput(prefix, "TOTAL_FORMS");
      var max = managementInput(prefix, "MAX_NUM_FORMS");
      // Typing in a row (a select fires "input" too) relabels the rows everywhere.
      formset.addEventListener("input", function () { refreshRowChoices(formset); });
      if (!rows || !empty || !button || !total) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        var index = parseInt(total.value, 10);
        if (max && index >= parseInt(max.value, 10)) {
          return;
        }
        var html = empty.innerHTML
          .replace(/__prefix__/g, String(index))
          .replace(/__number__/g, String(index + 1));
        rows.insertAdjacentHTML("beforeend", html);
        total.value = String(index + 1);
        refreshRowChoices(formset);
        var first = rows.lastElementChild.querySelector(
          "input:not([type=hidden]), select, textarea"
        );
        if (first) {
          first.focus();
        }
      });
      refreshRowChoices(formset);
    });
  }

  // The figures offered by every "part of" on the page, the empty row's included; the
  // chosen one stays chosen while it is still offered.
  function offerFigures(choices) {
    var selects = Array.prototype.slice.call(
      document.querySelectorAll("select[data-denominator-figures]")
    );
    Array.prototype.forEach.call(
      document.querySelectorAll("template[data-formset-empty]"),
      function (template) {
        selects = selects.concat(Array.prototype.slice.call(
          template.content.querySelectorAll("select[data-denominator-figures]")
        ));
      }
    );
    selects.forEach(function (select) {
      var chosen = select.value;
      Array.prototype.slice.call(select.options).forEach(function (option) {
        if (option.value !== "") {
          option.remove();
        }
      });
      choices.forEach(function (choice) {
        select.appendChild(new Option(choice.label, choice.value));
      });
      select.value = chosen;
      if (select.value !== chosen) {
        select.value = "";
      }
    });
  }

  function liveDenominators() {
    var picker = document.querySelector("[data-denominators-url]");
    if (!picker || !window.fetch) {
      return;
    }
    var asked = 0;
    picker.addEventListener("change", function () {
      var url = new URL(picker.getAttribute("data-denominators-url"), window.location.href);
      var ticked = picker.querySelectorAll("input[type=checkbox]:checked");
      Array.prototype.forEach.call(ticked, function (box) {
        url.searchParams.append("claims", box.value);
      });
      asked += 1;
      var question = asked;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (answer) {
          // Only the answer to the latest ticking counts; the server checks again on save.
          if (answer && question === asked) {
            offerFigures(answer.choices);
          }
        })
        .catch(function () {});
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrors();
    countCharacters();
    formsets();
    liveDenominators();
  });
})();
