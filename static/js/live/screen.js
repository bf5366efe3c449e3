// The hall's screen (templates/recommendations/live/screen.html) draws the sitting's state: the recommendation in
// every language side by side with its line numbers, the amendment with its change marked, the speaker's countdown,
// the vote's result. It polls the state with its ETag about every 0.7 s; after a failure it says it is reconnecting
// and keeps what it showed. Every text goes in with textContent: nothing from the server is parsed as HTML.
(function () {
  "use strict";
  var screen = document.querySelector("[data-screen]");
  if (!screen) { return; }
  var labels = JSON.parse(document.getElementById("screen-labels").textContent);
  var PERIOD = 700;
  var etag = null;
  var failures = 0;
  var speakerDeadline = null;
  var working = screen.dataset.languages.split(" ");
  var languages = working;

  function field(name) { return screen.querySelector('[data-field="' + name + '"]'); }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  function label(key) {
    return languages.map(function (lang) { return (labels[lang] || labels.en)[key]; })
      .filter(function (value, index, all) { return all.indexOf(value) === index; }).join(" · ");
  }

  function drawTexts(item) {
    var box = field("texts");
    box.replaceChildren();
    if (!item) { return; }
    item.texts.forEach(function (text) {
      var column = el("section", null, { lang: text.lang, dir: text.dir, "class": "screen-column" });
      column.appendChild(el("p", text.theme, { "class": "screen-theme" }));
      var list = el("ol", null, { "class": "numbered-lines" });
      text.lines.forEach(function (line) { list.appendChild(el("li", line)); });
      column.appendChild(list);
      box.appendChild(column);
    });
  }

  function drawAmendment(amendment) {
    var box = field("amendment");
    box.replaceChildren();
    box.hidden = !amendment;
    if (!amendment) { return; }
    box.appendChild(el("h2", label("amendment") + " A" + amendment.id + " · " + amendment.kind + " · " +
      label("lines") + " " + amendment.lines[0] + "–" + amendment.lines[1] + " · " + amendment.status));
    var diff = el("p", null, { lang: amendment.lang, dir: amendment.dir, "class": "diff" });
    amendment.diff.forEach(function (segment) {
      var tag = segment[0] === "delete" ? "del" : segment[0] === "insert" ? "ins" : "span";
      diff.appendChild(el(tag, segment[1]));
    });
    box.appendChild(diff);
  }

  function clock(seconds) {
    var s = Math.max(0, Math.round(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function drawSpeaker(speaker) {
    var box = field("speaker");
    box.replaceChildren();
    box.hidden = !speaker;
    speakerDeadline = speaker ? Date.now() + speaker.seconds_left * 1000 : null;
    if (!speaker) { return; }
    box.appendChild(el("p", speaker.point_of_order ? label("point_of_order") : label("speaker"), { "class": "screen-label" }));
    box.appendChild(el("p", speaker.name, { "class": "screen-speaker-name", dir: "auto" }));
    box.appendChild(el("p", clock(speaker.seconds_left), { "class": "screen-countdown", "data-field": "countdown" }));
  }

  function drawVote(vote) {
    var box = field("vote");
    box.replaceChildren();
    box.hidden = !vote;
    if (!vote) { return; }
    if (vote.open) {
      box.appendChild(el("p", label("vote_open") + " · " + vote.method_label, { "class": "screen-label" }));
      if (vote.method === "electronic") { box.appendChild(el("p", vote.cast + " " + label("cast"))); }
      return;
    }
    var result = el("dl", null, { "class": "screen-result", "data-testid": "vote-result" });
    [["for", vote.result["for"]], ["against", vote.result.against], ["abstaining", vote.result.abstaining]]
      .forEach(function (pair) { result.appendChild(el("dt", label(pair[0]))); result.appendChild(el("dd", pair[1])); });
    if (vote.method !== "consensus") { box.appendChild(result); }
    box.appendChild(el("p", label(vote.carried ? "carried" : "not_carried") + " · " + vote.method_label,
      { "class": vote.carried ? "screen-carried" : "screen-not-carried" }));
  }

  function draw(state) {
    var item = state.item;
    languages = item ? item.texts.map(function (text) { return text.lang; }) : working;
    field("number").textContent = item ? item.number : "";
    field("status").textContent = item ? item.state_label : label("waiting");
    drawTexts(item);
    drawAmendment(state.amendment);
    drawSpeaker(state.speaker);
    drawVote(state.vote);
    screen.dataset.version = state.version;
  }

  function tick() {
    var countdown = field("speaker").querySelector('[data-field="countdown"]');
    if (countdown && speakerDeadline) { countdown.textContent = clock((speakerDeadline - Date.now()) / 1000); }
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(screen.dataset.screen, { credentials: "same-origin", headers: headers, cache: "no-store" })
      .then(function (response) {
        if (response.status === 304) { return null; }
        if (!response.ok) { throw new Error(response.status); }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        screen.classList.remove("screen-offline");
        if (state) { draw(state); }
      })
      .catch(function () {
        failures += 1;
        if (failures >= 3) { screen.classList.add("screen-offline"); field("status").textContent = label("offline"); }
      })
      .then(function () { window.setTimeout(poll, failures ? Math.min(5000, PERIOD * (failures + 1)) : PERIOD); });
  }
  window.setInterval(tick, 250);
  poll();
})();
