/* The "Copy" buttons beside code to paste elsewhere (a statement's embed snippet). Without
   script the buttons stay hidden and the code is selected and copied by hand. */
(function () {
  "use strict";

  function copyText(field) {
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    // Plain http: the old command, on the selection made above.
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  function setUp(button) {
    var field = document.getElementById(button.getAttribute("data-copy-from"));
    if (!field) {
      return;
    }
    var status = button.parentNode.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(field).then(
        function () {
          if (status) {
            status.textContent = "Copied.";
          }
        },
        function () {
          if (status) {
            status.textContent = "Select the code and copy it (Ctrl+C or ⌘C).";
          }
        }
      );
    });
  }

  function start() {
    var buttons = document.querySelectorAll("button[data-copy-from]");
    for (var i = 0; i < buttons.length; i += 1) {
      setUp(buttons[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
