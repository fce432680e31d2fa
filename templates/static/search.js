/* Search over assets/search-index.js (window.SITEGEN_SEARCH), generated at build time.
   Every word of the query must appear (accents and case ignored); titles weigh more.
   Results are built with textContent only: nothing from the index is parsed as HTML. */
(function () {
  "use strict";
  var documents = window.SITEGEN_SEARCH;
  var results = document.getElementById("search-results");
  var input = document.getElementById("search-q");
  var form = input && input.form;
  if (!documents || !results || !input) return;
  var home = new URL(results.getAttribute("data-home"), window.location.href);
  var LIMIT = 30;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[’‘]/g, "'");
  }
  var prepared = documents.map(function (doc) {
    return { doc: doc, title: fold(doc.title), text: fold(doc.text) };
  });

  function search(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var found = [];
    prepared.forEach(function (entry, order) {
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var inTitle = entry.title.indexOf(words[i]) >= 0;
        var inText = entry.text.indexOf(words[i]) >= 0;
        if (!inTitle && !inText) return;
        score += (inTitle ? 3 : 0) + (inText ? 1 : 0);
      }
      found.push({ entry: entry, score: score, order: order });
    });
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found.slice(0, LIMIT).map(function (hit) { return hit.entry; });
  }

  function snippet(entry, words, parent) {
    var text = entry.doc.text;
    var folded = entry.text;
    var at = -1, length = 0;
    for (var i = 0; i < words.length && at < 0; i++) {
      at = folded.indexOf(words[i]);
      length = words[i].length;
    }
    if (at < 0) { parent.textContent = text.slice(0, 180) + (text.length > 180 ? "…" : ""); return; }
    var start = Math.max(0, at - 80), end = Math.min(text.length, at + length + 100);
    parent.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + length);
    parent.appendChild(mark);
    parent.appendChild(document.createTextNode(text.slice(at + length, end) + (end < text.length ? "…" : "")));
  }

  function render(query) {
    results.textContent = "";
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return;
    var hits = search(query);
    var status = document.createElement("p");
    status.className = "search-status";
    status.textContent = hits.length
      ? hits.length + (hits.length === 1 ? " result" : " results") + " for “" + query + "”"
      : "Nothing found for “" + query + "”. Try fewer or shorter words.";
    results.appendChild(status);
    if (!hits.length) return;
    var list = document.createElement("ol");
    list.className = "search-hits";
    hits.forEach(function (entry) {
      var item = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = entry.doc.kind;
      var link = document.createElement("a");
      link.href = new URL(entry.doc.url, home).href;
      link.textContent = entry.doc.title;
      var excerpt = document.createElement("p");
      excerpt.className = "search-snippet";
      snippet(entry, words, excerpt);
      item.appendChild(kind);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(link);
      if (entry.doc.briefing) {  // which briefing of the desk it is from
        var from = document.createElement("p");
        from.className = "search-briefing";
        from.textContent = "In " + entry.doc.briefing;
        item.appendChild(from);
      }
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  render(query);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    try { history.replaceState(null, "", url.href); } catch (e) { /* file:// may refuse */ }
    render(input.value);
  });
  input.addEventListener("input", function () { render(input.value); });
})();
