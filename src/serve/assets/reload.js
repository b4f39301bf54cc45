// evidence-pack serve: keeps the open page up to date. The server sends the newest page's
// version over server-sent events only once that page is ready. The page then asks what changed
// since the version it shows (/patch?from=N) and changes just that: the records that changed, the
// order of the records, and the parts of the page around them that changed. Where that cannot
// be done (the server says so, or the page is not as the server expects), it reloads, and then
// scrolls back to the record that was at the top of the window. Never changes while printing.
(function () {
  'use strict';
  var KEY = 'evidence-pack-serve-place';
  var SLOT = 'evidence-pack:reload-script';
  var script = document.currentScript;
  var run = script ? script.getAttribute('data-run') : null;
  var shown = script ? Number(script.getAttribute('data-version')) : 0;
  var newest = shown;
  var printing = false;
  var busy = false;
  var restarted = false;

  if ('scrollRestoration' in history) {
    history.scrollRestoration = 'manual';
  }

  // Where the reader is: the innermost record or section at the top of the window, and how far
  // above the window's top it starts.
  function place() {
    var marks = document.querySelectorAll('article[id], section[id]');
    var best = null;
    for (var i = 0; i < marks.length; i += 1) {
      var box = marks[i].getBoundingClientRect();
      if (box.top <= 0 && box.bottom > 0 && (best === null || box.top > best.top)) {
        best = { id: marks[i].id, top: box.top };
      }
    }
    return best;
  }

  function reload() {
    try {
      sessionStorage.setItem(KEY, JSON.stringify(place()));
    } catch (e) { /* storage may be off */ }
    window.location.reload();
  }

  // A record's new element, from its HTML (one element), or null.
  function element(html) {
    var t = document.createElement('template');
    t.innerHTML = html;
    var nodes = t.content.childNodes;
    if (nodes.length !== 1 || nodes[0].nodeType !== 1) {
      return null;
    }
    return document.importNode(nodes[0], true);
  }

  function syncAttributes(live, fresh) {
    var i;
    for (i = live.attributes.length - 1; i >= 0; i -= 1) {
      if (!fresh.hasAttribute(live.attributes[i].name)) {
        live.removeAttribute(live.attributes[i].name);
      }
    }
    for (i = 0; i < fresh.attributes.length; i += 1) {
      var a = fresh.attributes[i];
      if (live.getAttribute(a.name) !== a.value) {
        live.setAttribute(a.name, a.value);
      }
    }
  }

  // Makes `live` (in the page) equal to `fresh` (from the new page, with no records in it),
  // changing only what differs.
  function morph(live, fresh) {
    if (live.isEqualNode(fresh)) {
      return;
    }
    if (live.nodeType === 1 && live.nodeName === fresh.nodeName &&
        live.childNodes.length === fresh.childNodes.length) {
      syncAttributes(live, fresh);
      var have = Array.prototype.slice.call(live.childNodes);
      for (var i = 0; i < have.length; i += 1) {
        morph(have[i], fresh.childNodes[i]);
      }
    } else if (live.nodeType === fresh.nodeType && (live.nodeType === 3 || live.nodeType === 8)) {
      live.data = fresh.data;
    } else {
      live.parentNode.replaceChild(document.importNode(fresh, true), live);
    }
  }

  // Puts one list of records in place: `at` is the first of its nodes in `parent` (the records,
  // with a line break between each). Returns the node after the list, or false.
  function placeList(parent, at, list, records) {
    var run = [];
    var byId = {};
    var h = at;
    for (var k = 0; k < list.from.length; k += 1) {
      if (k > 0) {
        if (!h || h.nodeType !== 3 || h.data !== '\n') return false;
        run.push(h);
        h = h.nextSibling;
      }
      // A record is an article: an id can also be another element's (a record's id may be
      // another's anchor followed by "-title").
      if (!h || h.nodeName !== 'ARTICLE' || h.id !== list.from[k]) return false;
      run.push(h);
      byId[h.id] = h;
      h = h.nextSibling;
    }
    var wanted = [];
    for (k = 0; k < list.to.length; k += 1) {
      var node = records[list.to[k]] || byId[list.to[k]];
      if (!node) return false;
      wanted.push(node);
    }
    var sameOrder = list.from.length === list.to.length &&
      list.from.every(function (id, i) { return id === list.to[i]; });
    if (sameOrder) {
      for (k = 0; k < wanted.length; k += 1) {
        if (wanted[k] !== run[2 * k]) parent.replaceChild(wanted[k], run[2 * k]);
      }
      return { next: h };
    }
    run.forEach(function (n) { parent.removeChild(n); });
    wanted.forEach(function (n, i) {
      if (i > 0) parent.insertBefore(document.createTextNode('\n'), h);
      parent.insertBefore(n, h);
    });
    return { next: h };
  }

  // Makes `live` equal to `fresh`, which holds a marker where each list of records goes (or
  // the reload script's slot). Returns false when the page is not as expected.
  function sync(live, fresh, lists, records, marked) {
    syncAttributes(live, fresh);
    var h = live.firstChild;
    for (var n = fresh.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 8 && lists[n.data]) {
        var placed = placeList(live, h, lists[n.data], records);
        if (!placed) return false;
        h = placed.next;
        continue;
      }
      if (n.nodeType === 8 && n.data === SLOT) {
        if (h !== script) return false;
        h = h.nextSibling;
        continue;
      }
      if (!h) return false;
      var next = h.nextSibling;
      if (marked.has(n)) {
        if (h.nodeName !== n.nodeName || !sync(h, n, lists, records, marked)) return false;
      } else {
        morph(h, n);
      }
      h = next;
    }
    return h === null;
  }

  // Applies a patch from the server; false when the page must be reloaded instead.
  function apply(patch) {
    var records = {};
    for (var anchor in patch.records) {
      if (Object.prototype.hasOwnProperty.call(patch.records, anchor)) {
        var made = element(patch.records[anchor]);
        if (!made || made.nodeName !== 'ARTICLE' || made.id !== anchor) return false;
        records[anchor] = made;
      }
    }
    var lists = {};
    patch.lists.forEach(function (l) { lists[l.marker.slice(4, -3)] = l; });
    if (typeof patch.frame !== 'string') {
      // The page around the records is as it was: each list is where its first record is.
      return patch.lists.every(function (l) {
        if (l.from.length === 0) return l.to.length === 0;
        var first = document.getElementById(l.from[0]);
        return first !== null && placeList(first.parentNode, first, l, records) !== false;
      });
    }
    var doc = new DOMParser().parseFromString(patch.frame, 'text/html');
    // The new page's elements that hold a list of records or the script's slot.
    var marked = new Set();
    var walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT);
    while (walker.nextNode()) {
      var c = walker.currentNode;
      if (lists[c.data] || c.data === SLOT) {
        for (var p = c.parentNode; p && !marked.has(p); p = p.parentNode) marked.add(p);
      }
    }
    syncAttributes(document.documentElement, doc.documentElement);
    morph(document.head, doc.head);
    return sync(document.body, doc.body, lists, records, marked);
  }

  function update() {
    if (printing || busy || newest <= shown) return;
    busy = true;
    fetch('/patch?from=' + shown, { cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) throw new Error('no patch');
        return response.json();
      })
      .then(function (patch) {
        busy = false;
        if (printing) {
          // Printing began while the patch was on its way: it is fetched again afterwards.
          return;
        }
        if (patch.reload || !apply(patch)) {
          reload();
          return;
        }
        shown = patch.version;
        update();
      })
      .catch(reload);
  }

  try {
    var saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    sessionStorage.removeItem(KEY);
    if (saved && saved.id) {
      var target = document.getElementById(saved.id);
      if (target) {
        target.scrollIntoView();
        window.scrollBy(0, -saved.top);
      }
    }
  } catch (e) { /* storage may be off */ }

  window.addEventListener('beforeprint', function () { printing = true; });
  window.addEventListener('afterprint', function () {
    printing = false;
    if (restarted) {
      reload();
    } else {
      update();
    }
  });

  var events = new EventSource('/events');
  events.addEventListener('version', function (event) {
    if (event.lastEventId !== run) {
      // The server was started again: its versions count from 1 again.
      restarted = true;
      if (!printing) reload();
      return;
    }
    newest = Math.max(newest, Number(event.data));
    update();
  });
})();
