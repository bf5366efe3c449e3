// When a background import finishes, reload its page: the server then shows the batch it made.
(function () {
  "use strict";
  document.addEventListener("job:done", function () { window.location.reload(); });
})();
