// The chair's console and the delegate's phone post their forms without leaving the page: the form is sent with
// fetch, and the page the server answers with (after its redirect) replaces the main part and the messages. The
// answer is same-origin HTML rendered by Django with auto-escaping; scripts in it are not run. Without JavaScript,
// or when the request fails, the form posts as usual. One form at a time: while one is sent the page is marked busy
// (``data-busy`` on body) and other submissions wait for the answer.
(function () {
  "use strict";
  var main = document.querySelector("main");
  if (!main || !window.fetch || !window.DOMParser) { return; }

  function swap(html) {
    var next = new DOMParser().parseFromString(html, "text/html");
    var nextMain = next.querySelector("main");
    if (!nextMain) { return false; }
    var messages = document.querySelector(".messages");
    if (messages) { messages.remove(); }
    var nextMessages = next.querySelector(".messages");
    if (nextMessages) { main.before(document.importNode(nextMessages, true)); }
    main.replaceChildren.apply(main, Array.prototype.map.call(nextMain.childNodes, function (node) {
      return document.importNode(node, true);
    }));
    document.dispatchEvent(new CustomEvent("plenary:replaced"));
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") { return; }
    event.preventDefault();
    if (document.body.dataset.busy) { return; }
    document.body.dataset.busy = "1";
    var body = new FormData(form);
    if (event.submitter && event.submitter.name) { body.append(event.submitter.name, event.submitter.value); }
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) { button.disabled = true; });
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) { if (!swap(html)) { form.submit(); } })
      .catch(function () { form.submit(); })
      .then(function () { delete document.body.dataset.busy; });
  });
})();
