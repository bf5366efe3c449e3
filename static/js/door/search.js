// The scanner's search by name, for delegates without their badge (online only: the search is on the server).
// options: label(name) gives a translated label of the page, lang its language, checkIn(id) checks someone in.
(function () {
  "use strict";

  window.PlenaryDoorSearch = function (scanner, options) {
    var searchForm = scanner.querySelector("[data-search-form]");
    var list = scanner.querySelector("[data-search-results]");
    var more = scanner.querySelector("[data-search-more]");
    searchForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = searchForm.querySelector("[name=q]").value.trim();
      if (!query) { return; }
      var url = scanner.dataset.searchUrl + "?q=" + encodeURIComponent(query) + "&lang=" + options.lang;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .catch(function () { return { results: [] }; })
        .then(function (data) {
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
              button.addEventListener("click", function () { options.checkIn(person.id); });
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
