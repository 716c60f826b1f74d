// The feeds page: each feed's full address in its field, and a Copy button
// beside it. Without JavaScript the fields still hold the addresses to copy.
(function () {
  "use strict";
  var status = document.getElementById("copy-status");
  document.querySelectorAll("input.feed-url").forEach(function (field) {
    field.value = new URL(field.value, document.baseURI).href;
    field.addEventListener("focus", function () { field.select(); });
    var button = document.querySelector('button[data-copy="' + field.id + '"]');
    if (!button || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) status.textContent = "Copied: " + field.value;
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      }, function () {
        field.focus();  // the address is selected: Ctrl+C or the menu copies it
      });
    });
  });
})();
