/* Citation popovers: hovering or focusing a citation mark shows its source.
   Progressive enhancement: without this script a mark is a plain link to the source entry.
   Source details come from assets/sources.js (window.SITEGEN_SOURCES), generated at build. */
(function () {
  "use strict";
  var cards = window.SITEGEN_SOURCES;
  if (!cards || !document.querySelector) return;
  var popover = null, owner = null, hideTimer = 0;

  function make() {
    popover = document.createElement("div");
    popover.className = "cite-popover";
    popover.id = "cite-popover";
    popover.setAttribute("role", "tooltip");
    popover.hidden = true;
    popover.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    popover.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(popover);
  }

  function fill(card, mark) {
    popover.textContent = "";
    var number = document.createElement("span");
    number.className = "cite-popover-number";
    // the number the mark shows: a briefing numbers its own sources from 1
    var shown = /\[(\d+)\]/.exec(mark.textContent || "");
    number.textContent = "Source " + (shown ? shown[1] : card.number);
    popover.appendChild(number);
    if (card.title) {
      var title = document.createElement("cite");
      title.textContent = card.title;
      popover.appendChild(title);
    }
    var publisher = document.createElement("span");
    publisher.className = "cite-popover-publisher";
    publisher.textContent = card.publisher;
    popover.appendChild(publisher);
    // "Archived 3 December 2026" and "Original now offline", as the sources page says them
    [["archived", "cite-popover-archived"], ["status", "cite-popover-status"]].forEach(function (line) {
      if (!card[line[0]]) return;
      var note = document.createElement("span");
      note.className = line[1];
      note.textContent = card[line[0]];
      popover.appendChild(note);
    });
  }

  function place(mark) {
    var box = mark.getBoundingClientRect();
    var width = Math.min(320, document.documentElement.clientWidth - 16);
    popover.style.width = width + "px";
    var left = Math.max(8, Math.min(box.left + window.scrollX - width / 2,
      window.scrollX + document.documentElement.clientWidth - width - 8));
    popover.style.left = left + "px";
    popover.style.top = (box.bottom + window.scrollY + 8) + "px";
  }

  function show(mark) {
    var card = cards[mark.getAttribute("data-source")];
    if (!card) return;
    clearTimeout(hideTimer);
    if (!popover) make();
    fill(card, mark);
    popover.hidden = false;
    place(mark);
    if (owner && owner !== mark) owner.removeAttribute("aria-describedby");
    owner = mark;
    mark.setAttribute("aria-describedby", popover.id);
  }

  function hide() {
    if (popover) popover.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  function markOf(event) {
    var target = event.target;
    return target && target.closest ? target.closest("a.cite-mark[data-source]") : null;
  }

  document.addEventListener("mouseover", function (e) { var m = markOf(e); if (m) show(m); });
  document.addEventListener("mouseout", function (e) { if (markOf(e)) scheduleHide(); });
  document.addEventListener("focusin", function (e) { var m = markOf(e); if (m) show(m); else hide(); });
  document.addEventListener("focusout", function (e) { if (markOf(e)) scheduleHide(); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
})();
