// The door scanner (templates/registration/checkin.html) and the door field of a badge's page.
// A USB or Bluetooth scanner types the code into the focused input and presses Enter; a phone uses
// its camera through BarcodeDetector where the browser has it; the desk can search by name.
(function () {
  "use strict";
  var DOOR_KEY = "plenary.door";

  // The door is chosen once per device and remembered.
  document.querySelectorAll("[data-door-input]").forEach(function (input) {
    try { input.value = window.localStorage.getItem(DOOR_KEY) || input.value; } catch (e) { /* private mode */ }
    input.addEventListener("change", function () {
      try { window.localStorage.setItem(DOOR_KEY, input.value.trim()); } catch (e) { /* private mode */ }
    });
  });

  var scanner = document.querySelector(".scanner");
  if (!scanner) { return; }
  var form = scanner.querySelector("[data-scan-form]");
  var codeInput = form.querySelector("[name=code]");
  var doorInput = scanner.querySelector("[data-door-input]");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var result = scanner.querySelector("[data-result]");
  var timeFormat = new Intl.DateTimeFormat(scanner.dataset.lang, {
    hour: "2-digit", minute: "2-digit", timeZone: scanner.dataset.timeZone
  });
  var busy = false;

  function label(name) { return scanner.getAttribute("data-label-" + name) || name; }

  function show(answer) {
    var text = label(answer.result);
    if (answer.result === "already_checked_in" && answer.first_checked_in_at) {
      text += " · " + timeFormat.format(new Date(answer.first_checked_in_at));
      if (answer.door) { text += " · " + answer.door; }
    }
    result.hidden = false;
    result.setAttribute("data-result", answer.result);
    result.className = "scan-result outcome-" + answer.result;
    result.querySelector("[data-outcome]").textContent = text;
    result.querySelector("[data-name]").textContent = answer.name || "";
    result.querySelector("[data-name-ar]").textContent = answer.name_ar || "";
    result.querySelector("[data-category]").textContent = answer.category || "";
    result.querySelector("[data-no-photo]").hidden = answer.photo_consent !== false;
  }

  function post(fields) {
    var body = new FormData();
    Object.keys(fields).forEach(function (key) { body.append(key, fields[key]); });
    body.append("door", doorInput.value.trim());
    body.append("lang", scanner.dataset.lang);
    busy = true;
    return fetch(scanner.dataset.scanUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" }
    })
      .then(function (response) {
        if (response.status === 429) { return { result: "rate_limited" }; }
        if (!response.ok) { return { result: "error" }; }
        return response.json();
      })
      .catch(function () { return { result: "error" }; })
      .then(function (answer) { show(answer); busy = false; codeInput.focus(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = codeInput.value.trim();
    codeInput.value = "";
    if (code && !busy) { post({ code: code }); }
  });

  // Camera: only where the browser can read QR codes itself.
  var cameraButton = scanner.querySelector("[data-camera]");
  var video = scanner.querySelector("[data-camera-view]");
  if ("BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      var last = "";
      var lastAt = 0;
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (stream) {
          video.srcObject = stream;
          video.hidden = false;
          cameraButton.hidden = true;
          return video.play();
        })
        .then(function () {
          function look() {
            detector.detect(video).then(function (codes) {
              var now = Date.now();
              // The same badge in front of the camera counts once every few seconds.
              if (codes.length && !busy && (codes[0].rawValue !== last || now - lastAt > 4000)) {
                last = codes[0].rawValue;
                lastAt = now;
                post({ code: last });
              }
            }).catch(function () { /* a frame that could not be read */ })
              .then(function () { window.setTimeout(look, 250); });
          }
          look();
        })
        .catch(function () { cameraButton.hidden = true; });
    });
  }

  // Search by name, for delegates without their badge.
  var searchForm = scanner.querySelector("[data-search-form]");
  var list = scanner.querySelector("[data-search-results]");
  var more = scanner.querySelector("[data-search-more]");
  searchForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = searchForm.querySelector("[name=q]").value.trim();
    if (!query) { return; }
    var url = scanner.dataset.searchUrl + "?q=" + encodeURIComponent(query) + "&lang=" + scanner.dataset.lang;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        list.replaceChildren();
        more.textContent = data.more || "";
        more.hidden = !data.more;
        if (!data.results.length) {
          var none = document.createElement("li");
          none.textContent = label("no-results");
          list.appendChild(none);
        }
        data.results.forEach(function (person) {
          var item = document.createElement("li");
          var name = document.createElement("bdi");
          name.textContent = person.name;
          item.appendChild(name);
          if (person.name_ar) {
            var nameAr = document.createElement("bdi");
            nameAr.lang = "ar";
            nameAr.textContent = " " + person.name_ar;
            item.appendChild(nameAr);
          }
          var meta = document.createElement("span");
          meta.className = "meta";
          meta.textContent = " · " + person.category + " ";
          item.appendChild(meta);
          // Someone already in, or not approved, gets their state instead of a button.
          if (person.can_check_in) {
            var button = document.createElement("button");
            button.type = "button";
            button.textContent = label("check-in");
            button.addEventListener("click", function () { post({ registration: person.id }); });
            item.appendChild(button);
          } else {
            var state = document.createElement("strong");
            state.className = "search-state";
            state.textContent = person.state;
            item.appendChild(state);
          }
          list.appendChild(item);
        });
      });
  });
})();
