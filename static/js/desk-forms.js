// Desk forms: the error summary takes focus, and the summary field counts its characters.
// Pages work without this file; it only helps.
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

  document.addEventListener("DOMContentLoaded", function () {
    focusErrors();
    countCharacters();
  });
})();
