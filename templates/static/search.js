/* Search over assets/search-index.js (window.SITEGEN_SEARCH), generated at build time.
   Every word of the query must appear (accents and case ignored); titles weigh more.
   Chinese and Japanese words are found by their overlapping pairs of characters, and Hangul
   words by their pairs too, against each document's `terms` (sitegen/site/search_index.py);
   searchWords is that module's search_words, range for range (tests/test_search_terms.py).
   Results are built with textContent only: nothing from the index is parsed as HTML. */
(function () {
  "use strict";
  // Unicode blocks, as sitegen/site/writing_systems.py lists them.
  var HAN_AND_KANA = "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff" +
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\\u{20000}-\\u{3134f}";
  var HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff";
  var CJK_PUNCTUATION = "\u3000-\u3004\u3008-\u3020\u3030\u303c-\u303f\u30fb" +
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65";
  var RUN = new RegExp("[" + HAN_AND_KANA + "]+|[" + HANGUL + "]+|[^\\s" + HAN_AND_KANA + HANGUL +
    CJK_PUNCTUATION + "]+", "gu");
  var HAN_AND_KANA_RUN = new RegExp("^[" + HAN_AND_KANA + "]+$", "u");
  var CJK_START = new RegExp("^[" + HAN_AND_KANA + HANGUL + "]", "u");

  function fold(text) {
    // NFC again once the accents are gone: a Hangul syllable stays one character
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC").toLowerCase()
      .replace(/[’‘]/g, "'");
  }

  function pairs(characters) {
    if (characters.length < 2) return characters.slice();
    var found = [];
    for (var i = 0; i + 1 < characters.length; i++) found.push(characters[i] + characters[i + 1]);
    return found;
  }

  // The text's words, each as the terms it is found by (see search_words in search_index.py).
  function searchWords(text) {
    return (fold(text).match(RUN) || []).map(function (run) {
      var characters = Array.from(run);  // code points, as Python counts them
      if (HAN_AND_KANA_RUN.test(run)) return pairs(characters);
      if (CJK_START.test(run)) return characters.length > 2 ? [run].concat(pairs(characters)) : [run];
      return [run];
    });
  }
  window.SITEGEN_SEARCH_WORDS = searchWords;  // for tests/test_search_terms.py

  var documents = window.SITEGEN_SEARCH;
  var results = document.getElementById("search-results");
  var input = document.getElementById("search-q");
  var form = input && input.form;
  if (!documents || !results || !input) return;
  var home = new URL(results.getAttribute("data-home"), window.location.href);
  var LIMIT = 30;

  var prepared = documents.map(function (doc) {
    return {
      doc: doc, title: fold(doc.title), text: fold(doc.text),
      terms: new Set(doc.terms ? doc.terms.split(" ") : [])
    };
  });

  // A query word's score in a document, 0 when it is not there: a spaced word, or a single CJK
  // character, anywhere in the title or text; a CJK word when all its pairs are terms of the
  // document (a Hangul word found whole scores one more than one found in pieces, as 이재명 in
  // 이재명은).
  function wordScore(word, entry) {
    if (!CJK_START.test(word[0]) || Array.from(word[0]).length === 1) {
      var inTitle = entry.title.indexOf(word[0]) >= 0, inText = entry.text.indexOf(word[0]) >= 0;
      return (inTitle ? 3 : 0) + (inText ? 1 : 0);
    }
    var whole = word.length > 1 && !HAN_AND_KANA_RUN.test(word[0]) ? word[0] : null;
    var pieces = whole ? word.slice(1) : word;
    if (!pieces.every(function (piece) { return entry.terms.has(piece); })) return 0;
    var titled = pieces.every(function (piece) { return entry.title.indexOf(piece) >= 0; });
    return 1 + (titled ? 3 : 0) + (whole && entry.terms.has(whole) ? 1 : 0);
  }

  function search(words) {
    if (!words.length) return [];
    var found = [];
    prepared.forEach(function (entry, order) {
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var points = wordScore(words[i], entry);
        if (!points) return;
        score += points;
      }
      found.push({ entry: entry, score: score, order: order });
    });
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found.slice(0, LIMIT).map(function (hit) { return hit.entry; });
  }

  // What a snippet marks: the query's words as typed, then their terms (高市 of 高市首相).
  function marks(query, words) {
    var typed = fold(query).split(/\s+/).filter(Boolean);
    return typed.concat.apply(typed, words);
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
    var words = searchWords(query);
    if (!words.length) return;
    var hits = search(words);
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
      snippet(entry, marks(query, words), excerpt);
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
