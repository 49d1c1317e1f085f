// Desk times in the reader's own time zone; without JavaScript they stay in the site's zone.
document.addEventListener("DOMContentLoaded", function () {
  var format = new Intl.DateTimeFormat(undefined, {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
    timeZoneName: "short"
  });
  document.querySelectorAll("time[data-local-time]").forEach(function (node) {
    var when = new Date(node.getAttribute("datetime"));
    if (!isNaN(when)) { node.textContent = format.format(when); }
  });
});
