/* Progressive enhancement: titles suggested as you type, in a <datalist>.
   Any search input with data-suggest-url gets one; without JavaScript the form works as is. */
(function () {
  "use strict";
  function enhance(input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.parentNode.appendChild(list);
    input.setAttribute("list", list.id);
    var timer = null;
    var controller = null;
    var lastQuery = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      clearTimeout(timer);
      if (q.length < 2 || q === lastQuery) return;
      timer = setTimeout(function () {
        lastQuery = q;
        if (controller) controller.abort();
        controller = "AbortController" in window ? new AbortController() : null;
        fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), {
          headers: { Accept: "application/json" },
          signal: controller ? controller.signal : undefined,
        })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (titles) {
            list.textContent = "";
            titles.forEach(function (title) {
              var option = document.createElement("option");
              option.value = title;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }
  document.querySelectorAll("input[data-suggest-url]").forEach(enhance);
})();
