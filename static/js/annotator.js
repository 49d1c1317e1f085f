/* The desk annotator: words selected in a source's text fill the anchor form.
 *
 * The page works without this script (the form takes the words typed). The
 * server counts positions in Unicode code points of the stored text; the
 * browser counts UTF-16 units in DOM text nodes. So the position is measured
 * on the text of the marked-up copy with the claim numbers left out (its text
 * nodes are exactly the stored text), then converted to code points, and the
 * exact words are sent with their context so the server can check them.
 */
(function () {
  "use strict";

  var CONTEXT = 32; // code points of context each side, as the server keeps them

  var root = document.querySelector("[data-annotatable]");
  var form = document.querySelector("[data-anchor-form]");
  var button = document.querySelector("[data-selection-button]");
  if (!root || !form) {
    return;
  }

  function field(name) {
    // "exact" on its own, "anchor-exact" where the form shares a page with another
    return form.querySelector('[name="' + name + '"], [name$="-' + name + '"]');
  }

  // The text of a fragment without the numbered markers the page adds after each claim.
  function plainText(node) {
    var copy = node.cloneNode(true);
    copy.querySelectorAll(".marker").forEach(function (marker) {
      marker.remove();
    });
    return copy.textContent;
  }

  // UTF-16 offset of a range boundary in the plain text of root.
  function offsetOf(container, offset) {
    var range = document.createRange();
    range.setStart(root, 0);
    range.setEnd(container, offset);
    var fragment = document.createElement("div");
    fragment.appendChild(range.cloneContents());
    return plainText(fragment).length;
  }

  function codePoints(text) {
    return Array.from(text);
  }

  function describe() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return null;
    }
    var range = selection.getRangeAt(0);
    if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) {
      return null;
    }
    var text = plainText(root);
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    // A double click often takes the space after a word: leave spaces out of the quote.
    while (start < end && /\s/.test(text.charAt(start))) {
      start += 1;
    }
    while (end > start && /\s/.test(text.charAt(end - 1))) {
      end -= 1;
    }
    if (start >= end) {
      return null;
    }
    var before = codePoints(text.slice(0, start));
    return {
      exact: text.slice(start, end),
      prefix: before.slice(-CONTEXT).join(""),
      suffix: codePoints(text.slice(end)).slice(0, CONTEXT).join(""),
      start: before.length,
    };
  }

  function update() {
    var span = describe();
    if (!span) {
      return; // keep the last selection: clicking the button may clear it first
    }
    field("exact").value = span.exact;
    field("prefix").value = span.prefix;
    field("suffix").value = span.suffix;
    field("start").value = String(span.start);
    if (button) {
      var shown = span.exact.length > 60 ? span.exact.slice(0, 57) + "…" : span.exact;
      button.textContent = button.dataset.label + ": “" + shown + "”";
      button.hidden = false;
    }
  }

  if (button) {
    button.dataset.label = button.textContent;
  }
  document.addEventListener("selectionchange", update);
  root.addEventListener("mouseup", update);
  root.addEventListener("keyup", update);
})();
