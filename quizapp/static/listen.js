// Read aloud: a "Listen" control that reads the part (or the question) sentence by sentence with the browser's own
// speech, highlights the sentence being read, and pauses and resumes. It only adds to the page: without JavaScript,
// or in a browser without speech, the page stays as it is and no control shows. No audio leaves the browser.
(function () {
  "use strict";
  var BLOCKS = "h1, h2, h3, p, li, dt, dd, figcaption, legend, label";
  var SKIP = ".small, .listen, .visually-hidden, [aria-hidden=true], details:not([open]), .terms, .next-bar, " +
             "input, .progress, .crumb";
  // A sentence ends at . ! or ? followed by a space or the end; "2.5" and "e.g.," stay inside one.
  var SENTENCE = /(?:[^.!?]|[.!?](?!\s|$))*[.!?]+["'”’)\]]*(?=\s|$)|(?:[^.!?]|[.!?](?!\s|$))+$/g;

  function speechWorks() {
    return "speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function";
  }

  function langOf(el) {
    var withLang = el.closest("[lang]");
    return (withLang && withLang.getAttribute("lang")) || document.documentElement.lang || "en";
  }

  // The blocks to read, in order: innermost only, so a list item holding a paragraph is read once.
  function blocks(root) {
    return Array.prototype.filter.call(root.querySelectorAll(BLOCKS), function (el) {
      return !el.closest(SKIP) && !el.querySelector(BLOCKS) && el.textContent.trim();
    });
  }

  // Each block's text nodes joined, so a sentence can run across a link or bold words.
  function textMap(el) {
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var parts = [], text = "", node;
    while ((node = walker.nextNode())) {
      parts.push({node: node, start: text.length});
      text += node.nodeValue;
    }
    return {text: text, parts: parts};
  }

  function point(map, offset) {
    for (var i = map.parts.length - 1; i >= 0; i--) {
      if (offset >= map.parts[i].start) {
        return {node: map.parts[i].node, offset: Math.min(offset - map.parts[i].start, map.parts[i].node.length)};
      }
    }
    return {node: map.parts[0].node, offset: 0};
  }

  function sentences(root) {
    var out = [];
    blocks(root).forEach(function (el) {
      var map = textMap(el), match;
      if (!map.parts.length) return;
      SENTENCE.lastIndex = 0;
      while ((match = SENTENCE.exec(map.text)) !== null) {
        if (!match[0]) { SENTENCE.lastIndex++; continue; }
        var lead = match[0].length - match[0].replace(/^\s+/, "").length;
        var said = match[0].trim().replace(/\s+/g, " ");
        if (!said || !/[\p{L}\p{N}]/u.test(said)) continue;
        var start = point(map, match.index + lead), end = point(map, match.index + match[0].replace(/\s+$/, "").length);
        var range = document.createRange();
        range.setStart(start.node, start.offset);
        range.setEnd(end.node, end.offset);
        out.push({text: said, block: el, range: range, lang: langOf(el)});
      }
    });
    return out;
  }

  function voiceFor(lang) {
    var voices = window.speechSynthesis.getVoices() || [];
    var base = lang.toLowerCase().split("-")[0];
    return voices.filter(function (v) { return (v.lang || "").toLowerCase().split(/[-_]/)[0] === base; })[0] || null;
  }

  function Reader(host) {
    this.host = host;
    this.root = document.querySelector(host.getAttribute("data-listen-root")) || document.querySelector("main");
    this.state = "idle";
    this.build();
  }

  Reader.prototype.button = function (label, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button secondary " + cls;
    b.textContent = label;
    this.host.appendChild(b);
    return b;
  };

  Reader.prototype.build = function () {
    var self = this, d = this.host.dataset;
    this.main = this.button(d.listen, "listen-main");
    this.main.setAttribute("aria-describedby", this.host.id + "-status");
    this.stopButton = this.button(d.stop, "listen-stop");
    this.stopButton.hidden = true;
    this.status = document.createElement("span");
    this.status.id = this.host.id + "-status";
    this.status.className = "listen-status";
    this.status.setAttribute("role", "status");
    this.host.appendChild(this.status);
    this.main.addEventListener("click", function () { self.toggle(); });
    this.stopButton.addEventListener("click", function () { self.stop(); self.main.focus(); });
    this.host.hidden = false;
  };

  Reader.prototype.show = function (state) {
    var d = this.host.dataset;
    this.state = state;
    this.main.textContent = state === "speaking" ? d.pause : state === "paused" ? d.resume : d.listen;
    this.stopButton.hidden = state === "idle";
    this.status.textContent = state === "speaking" ? d.reading : state === "paused" ? d.paused : "";
  };

  Reader.prototype.toggle = function () {
    var synth = window.speechSynthesis;
    if (this.state === "speaking") { synth.pause(); this.show("paused"); return; }
    if (this.state === "paused") { synth.resume(); this.show("speaking"); return; }
    this.start();
  };

  Reader.prototype.start = function () {
    var self = this, synth = window.speechSynthesis, list = sentences(this.root);
    synth.cancel();
    if (!list.length) return;
    this.show("speaking");
    list.forEach(function (s, i) {
      var u = new window.SpeechSynthesisUtterance(s.text);
      u.lang = s.lang;
      var voice = voiceFor(s.lang);
      if (voice) u.voice = voice;
      u.onstart = function () { self.mark(s); };
      u.onend = function () { if (i === list.length - 1) self.finish(); };
      u.onerror = function () { if (i === list.length - 1) self.finish(); };
      synth.speak(u);
    });
  };

  Reader.prototype.mark = function (s) {
    if (this.current) this.current.block.classList.remove("listen-now");
    this.current = s;
    s.block.classList.add("listen-now");
    if (window.CSS && CSS.highlights && typeof window.Highlight === "function") {
      CSS.highlights.set("listen", new window.Highlight(s.range));
    }
    var box = s.block.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight * 0.7) {
      s.block.scrollIntoView({block: "center", behavior: "smooth"});
    }
  };

  Reader.prototype.finish = function () {
    if (this.current) this.current.block.classList.remove("listen-now");
    this.current = null;
    if (window.CSS && CSS.highlights) CSS.highlights.delete("listen");
    this.show("idle");
  };

  Reader.prototype.stop = function () {
    window.speechSynthesis.cancel();
    this.finish();
  };

  document.addEventListener("DOMContentLoaded", function () {
    if (!speechWorks()) return;
    var host = document.getElementById("listen");
    if (!host) return;
    var reader = new Reader(host);
    window.addEventListener("pagehide", function () { reader.stop(); });
  });
}());
