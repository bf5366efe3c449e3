// The scanner's search by name, for delegates without their badge: on the server while online, in the local
// list while offline (or when the server does not answer), so a volunteer can check someone in with no network.
// options: label(name) gives a translated label of the page, lang its language, checkIn(id) checks someone in
// on the server, offline() says whether the page is offline, localList() gives a promise of the local list's
// entries and the hashes admitted here today, and checkInLocal(h) queues a check-in like a scan.
(function () {
  "use strict";

  // Compared without case, accents, harakat or tatweel; Arabic letter variants folded as the server's paper
  // list sorts them (registration/checkin/paper_selectors.py).
  var ARABIC_FOLD = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي" };
  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\p{M}\u0640]/gu, "")
      .replace(/[أإآٱةى]/g, function (letter) { return ARABIC_FOLD[letter]; }).toLowerCase();
  }

  var LIMIT = 20;

  window.PlenaryDoorSearch = function (scanner, options) {
    // Results like the server's, with the badge's hash instead of the registration's id.
    function local(query) {
      var words = fold(query).split(/\s+/).filter(Boolean).slice(0, 5);
      return options.localList().then(function (found) {
        var matches = found[0].filter(function (entry) {
          var names = fold(entry.name + " " + entry.name_ar);
          return words.every(function (word) { return names.indexOf(word) !== -1; });
        });
        matches.sort(function (a, b) { return a.name.localeCompare(b.name, options.lang); });
        return {
          results: matches.slice(0, LIMIT).map(function (entry) {
            var inside = entry.checked_in_today || found[1][entry.h];
            return {
              h: entry.h, name: entry.name, name_ar: entry.name_ar, category: entry.category,
              can_check_in: !inside, state: inside ? options.label("already_checked_in") : ""
            };
          }),
          more: matches.length > LIMIT ? options.label("search-more") : ""
        };
      });
    }

    var searchForm = scanner.querySelector("[data-search-form]");
    var list = scanner.querySelector("[data-search-results]");
    var more = scanner.querySelector("[data-search-more]");

    function fromServer(query) {
      var url = scanner.dataset.searchUrl + "?q=" + encodeURIComponent(query) + "&lang=" + options.lang;
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : local(query); })
        .catch(function () { return local(query); });
    }

    searchForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = searchForm.querySelector("[name=q]").value.trim();
      if (!query) { return; }
      (options.offline() ? local(query) : fromServer(query)).then(function (data) {
        list.replaceChildren();
        more.textContent = data.more || "";
        more.hidden = !data.more;
        if (!data.results.length) {
          var none = document.createElement("li");
          none.textContent = options.label("no-results");
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
            button.textContent = options.label("check-in");
            button.addEventListener("click", function () {
              if (person.h) { options.checkInLocal(person.h); } else { options.checkIn(person.id); }
            });
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
  };
})();
