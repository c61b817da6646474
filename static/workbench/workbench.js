// Every page: when a partial update fails (the server refused it, or could not be reached), say so where the
// page's messages are, rather than leaving the click without an answer. Nothing typed is cleared.
(function () {
  function say(text) {
    const box = document.getElementById("messages");
    if (!box) return;
    box.innerHTML = "";
    const list = document.createElement("ul");
    list.className = "messages";
    const item = document.createElement("li");
    item.className = "error";
    item.textContent = text;
    list.appendChild(item);
    box.appendChild(list);
  }
  document.addEventListener("htmx:responseError", function (e) {
    const status = e.detail.xhr ? e.detail.xhr.status : 0;
    if (status === 403) say("That was refused (403): you may have been signed out, or may not do this. Reload the page; nothing you typed here was sent away.");
    else if (status === 404) say("That is no longer there (404): someone may have changed it. Reload the page to see it as it is now.");
    else say("The workbench could not do that (" + status + "). Nothing was lost: try again, or reload the page.");
  });
  document.addEventListener("htmx:sendError", function () {
    say("The workbench cannot be reached. Nothing was lost on this page: try again in a moment.");
  });
})();
