// The intake form: while a long text is read, say so, with the number of words sent.
// Without this file the form works the same; only the waiting is silent.
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  var progress = document.getElementById("intake-progress");
  if (!form || !progress) {
    return;
  }
  form.addEventListener("submit", function () {
    var text = form.querySelector("textarea");
    var words = text && text.value.trim() ? text.value.trim().split(/\s+/).length : 0;
    var file = form.querySelector("input[type=file]");
    var what = file && file.files && file.files.length ? "the file" : words.toLocaleString() + " words";
    progress.querySelector("span").textContent =
      "Reading " + what + ": splitting sentences, finding figures, looking for claims already checked…";
    progress.hidden = false;
    form.querySelector("button[type=submit]").disabled = true;
  });
})();
