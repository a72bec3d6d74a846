// Keep the preview's scroll position when it is refreshed while the user types.
(function () {
  "use strict";
  var key = "drafter-preview-" + location.pathname;
  var y = sessionStorage.getItem(key);
  if (y) { window.scrollTo(0, Number(y)); }
  window.addEventListener("scroll", function () { sessionStorage.setItem(key, String(window.scrollY)); });
})();
