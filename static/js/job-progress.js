// Polls a background job and shows its progress; used by every page that starts one.
// Markup: <section data-job-status-url="..."> with <progress>, [data-job-text], [data-job-download] inside;
// [data-job-retry] anywhere on the page is shown when the job fails.
(function () {
  "use strict";
  function watch(box) {
    var url = box.getAttribute("data-job-status-url");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-job-text]");
    var link = box.querySelector("[data-job-download]");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (job) {
          if (bar) { bar.max = 100; bar.value = job.percent; }
          if (text) { text.textContent = job.done + " / " + job.total; }
          box.setAttribute("data-job-state", job.state);
          if (job.state === "done") {
            if (link && job.download_url) { link.href = job.download_url; link.hidden = false; }
            box.dispatchEvent(new CustomEvent("job:done", { detail: job, bubbles: true }));
          } else if (job.state === "failed") {
            if (text) { text.textContent = job.message; }
            // The page's way to start again (re-upload, re-run), with the reason.
            document.querySelectorAll("[data-job-retry]").forEach(function (retry) {
              var message = retry.querySelector("[data-job-message]");
              if (message) { message.textContent = job.message; }
              retry.hidden = false;
            });
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();
  }
  document.querySelectorAll("[data-job-status-url]").forEach(watch);
})();
