/* What is new since the reader's last visit: marks the briefing's updates, corrections,
   superseded figures and sections the reader had not seen, and on the briefing's home lists
   them under "Changes since <date>".
   The events come from the briefing's changes.js (window.SITEGEN_CHANGES, made at build time;
   a script, so that it loads from file:// too). What the reader has seen is kept in this
   browser's localStorage only, and nothing is sent anywhere. Without this script, or without
   storage, nothing is marked and the page is as built.
   A visit is a run of page views no more than VISIT_GAP apart (as analytics count sessions):
   within one, the marks stay, so the summary's links lead to pages that show them.
   A live briefing (live: true) also polls its changes.json, once a minute, for a new build. */
(function () {
  "use strict";
  var data = window.SITEGEN_CHANGES;
  var script = document.currentScript;
  if (!data || !script || !window.JSON || !document.querySelector) return;
  var VISIT_GAP = 30 * 60 * 1000;
  var POLL_INTERVAL = 60 * 1000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  // the site's root, from the link to its home this script's tag carries
  var root = new URL(".", new URL(script.getAttribute("data-home"), window.location.href)).href;
  // GitHub Pages hosts many sites on one origin, and every file:// page shares one: the key
  // names the site's root as well as the briefing
  var key = "sitegen-since:" + root + ":" + data.briefing;

  function load() {
    try {
      var record = JSON.parse(window.localStorage.getItem(key) || "null");
      var valid = record && typeof record.since === "number" && typeof record.last === "number" &&
        Array.isArray(record.baseline) && Array.isArray(record.known);
      return valid ? record : null; // a damaged record counts as none: a first visit
    } catch (error) {
      return undefined; // no storage here (blocked, or private browsing): nothing to go by
    }
  }

  function save(record) {
    try {
      window.localStorage.setItem(key, JSON.stringify(record));
    } catch (error) { /* full or blocked: this visit is not remembered */ }
  }

  function visit(ids, now) {
    var record = load();
    if (record === undefined) return null;
    if (record === null) { // the first visit: everything there is counts as seen
      record = { since: now, last: now, baseline: ids, known: ids };
    } else if (now - record.last > VISIT_GAP) { // a new visit: new is what the last one had not
      record = { since: record.last, last: now, baseline: record.known, known: ids };
    } else {
      record.last = now;
      record.known = record.known.concat(ids.filter(function (id) {
        return record.known.indexOf(id) < 0;
      }));
    }
    save(record);
    return record;
  }

  function pageAddress(href) {
    var address = new URL(href);
    address.hash = "";
    address.search = "";
    var text = address.href;
    return /\/$/.test(text) ? text + "index.html" : text;
  }

  function longDate(day) { // as the site writes dates: "12 January 2026"
    return day.getDate() + " " + MONTHS[day.getMonth()] + " " + day.getFullYear();
  }

  function isoLongDate(iso) {
    var parts = iso.split("-");
    return longDate(new Date(+parts[0], +parts[1] - 1, +parts[2]));
  }

  function element(name, className, text) {
    var made = document.createElement(name);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  }

  // What the reader is reading: the first block of the page still showing at the top.
  function readingAnchor() {
    if (window.scrollY <= 0) return null;
    var blocks = document.querySelectorAll("main h1, main h2, main h3, main p, main li");
    for (var i = 0; i < blocks.length; i++) {
      if (blocks[i].getBoundingClientRect().bottom > 0) return blocks[i];
    }
    return null;
  }

  // Make `change` without moving what the reader is reading: whatever it adds above the
  // viewport, the page scrolls by as much (a browser that anchors scrolling has done so already).
  function inPlace(change) {
    var anchor = readingAnchor();
    var before = anchor && anchor.getBoundingClientRect().top;
    change();
    if (!anchor) return;
    var shift = anchor.getBoundingClientRect().top - before;
    // at once, not smoothly (the stylesheet asks for smooth scrolling): the reader sees no move
    if (Math.abs(shift) >= 1) window.scrollBy({ top: shift, behavior: "instant" });
  }

  function mark(target) {
    var badge = element("span", "since-badge", "New");
    badge.appendChild(element("span", "visually-hidden", " since your last visit"));
    target.classList.add("since-new");
    target.insertBefore(badge, target.firstChild);
  }

  function summary(box, fresh, since) {
    var heading = element("h2", "", "Changes since " + longDate(new Date(since)));
    heading.id = "since-visit-heading";
    box.appendChild(heading);
    var list = element("ul", "since-visit-list");
    fresh.forEach(function (event) {
      var item = element("li");
      item.appendChild(element("span", "change-kind", event.label));
      if (event.date) {
        item.appendChild(document.createTextNode(", "));
        var when = element("time", "", isoLongDate(event.date));
        when.setAttribute("datetime", event.date);
        item.appendChild(when);
      }
      item.appendChild(document.createTextNode(": "));
      var link = element("a", "", event.text);
      link.href = new URL(event.page + "#" + event.element, root).href;
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    box.setAttribute("role", "region");
    box.setAttribute("aria-labelledby", heading.id);
    box.hidden = false;
  }

  function showFresh(record) {
    var seen = {};
    record.baseline.forEach(function (id) { seen[id] = true; });
    var fresh = events.filter(function (event) { return !seen[event.id]; });
    if (!fresh.length) return;
    var here = pageAddress(window.location.href);
    var box = document.getElementById("since-visit");
    inPlace(function () {
      fresh.forEach(function (event) {
        var target = document.getElementById(event.element);
        if (target && pageAddress(new URL(event.page, root).href) === here) mark(target);
      });
      if (box) summary(box, fresh, record.since);
    });
  }

  // A live briefing's open page asks, at most once a minute, whether a newer build has events
  // it does not show, and says how many in a notice fixed to the window's foot: nothing on
  // the page moves; the reader chooses when to load them.
  function watch(address) {
    var shown = {};
    events.forEach(function (event) { shown[event.id] = true; });
    var notice = null, count = null;
    setInterval(function () {
      fetch(address, { cache: "no-store", credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (latest) {
          if (!latest || !Array.isArray(latest.events)) return;
          var added = latest.events.filter(function (event) { return !shown[event.id]; }).length;
          if (!added) return;
          if (!notice) {
            notice = element("div", "live-notice");
            notice.setAttribute("role", "status");
            count = element("span", "live-notice-count");
            var show = element("button", "live-notice-show", "Show");
            show.type = "button";
            show.addEventListener("click", function () { window.location.reload(); });
            notice.appendChild(count);
            notice.appendChild(document.createTextNode(" "));
            notice.appendChild(show);
            document.body.appendChild(notice);
          }
          count.textContent = added + (added === 1 ? " new update" : " new updates");
        })
        .catch(function () { /* offline for now: ask again next time */ });
    }, POLL_INTERVAL);
  }

  var events = data.events;
  var record = visit(events.map(function (event) { return event.id; }), Date.now());
  if (record) showFresh(record);
  // never from file://, where a fetch fails and no newer build can appear
  if (data.poll && window.fetch && /^https?:$/.test(window.location.protocol)) {
    watch(new URL(data.poll, root).href);
  }
})();
