/*
 * Verbatim: suggestions for the leader chooser of the statement filters.
 *
 * Without this script the chooser is a plain text box (one per chosen leader) in which the
 * reader types a name, and the server resolves it. With it, each box becomes a combobox: as the
 * reader types, leaders spelt like the text come from the box's data-leader-lookup URL
 * (/leaders/lookup.json?q=...) into a listbox below it, to pick with the mouse or the arrow
 * keys and Enter. A picked leader is sent by slug; picking one in the last box of a chooser
 * that takes several adds an empty box for another.
 */
(function () {
  "use strict";

  var DELAY = 150; // ms of quiet typing before asking for suggestions
  var uid = 0;
  var cache = {};

  function nextId(prefix) {
    uid += 1;
    return prefix + "-" + uid;
  }

  function clean(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  function fetchSuggestions(url, query, signal) {
    var key = url + "\n" + query.toLowerCase();
    if (cache[key]) {
      return Promise.resolve(cache[key]);
    }
    var address = url + (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
    return fetch(address, { headers: { Accept: "application/json" }, signal: signal })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("lookup failed: " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var results = (data && Array.isArray(data.results)) ? data.results : [];
        cache[key] = results;
        return results;
      });
  }

  function Combobox(input, chooser) {
    this.input = input;
    this.chooser = chooser;
    this.url = input.getAttribute("data-leader-lookup");
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.build();
  }

  Combobox.prototype.build = function () {
    var input = this.input;
    var self = this;
    if (!input.id) {
      input.id = nextId("leader-chooser");
    }
    var box = document.createElement("div");
    box.className = "chooser-box";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);

    this.listbox = document.createElement("ul");
    this.listbox.id = input.id + "-suggestions";
    this.listbox.className = "chooser-suggestions";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-label", "Suggested leaders");
    this.listbox.hidden = true;
    box.appendChild(this.listbox);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.listbox.id);

    input.addEventListener("input", function () { self.onInput(); });
    input.addEventListener("keydown", function (event) { self.onKeydown(event); });
    input.addEventListener("blur", function () {
      window.setTimeout(function () { self.close(); }, 150);
    });
    this.listbox.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the focus in the box while picking
    });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        self.pick(Number(option.getAttribute("data-index")));
      }
    });
  };

  Combobox.prototype.onInput = function () {
    var self = this;
    var query = clean(this.input.value);
    window.clearTimeout(this.timer);
    if (this.request) {
      this.request.abort();
      this.request = null;
    }
    if (!query) {
      this.close();
      return;
    }
    this.timer = window.setTimeout(function () {
      var request = typeof AbortController === "function" ? new AbortController() : null;
      self.request = request;
      fetchSuggestions(self.url, query, request ? request.signal : undefined)
        .then(function (results) {
          if (clean(self.input.value) === query) {
            self.show(results);
          }
        })
        .catch(function () { /* no suggestions: the box still works as typed */ });
    }, DELAY);
  };

  Combobox.prototype.show = function (results) {
    var listbox = this.listbox;
    this.results = results;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    while (listbox.firstChild) {
      listbox.removeChild(listbox.firstChild);
    }
    results.forEach(function (leader, index) {
      var option = document.createElement("li");
      option.id = listbox.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(index));
      option.textContent = leader.label || leader.name;
      listbox.appendChild(option);
    });
    this.chooser.announce(
      results.length === 0 ? "No leader found"
        : results.length === 1 ? "1 leader suggested"
          : results.length + " leaders suggested"
    );
    if (results.length) {
      listbox.hidden = false;
      this.input.setAttribute("aria-expanded", "true");
    } else {
      this.close();
    }
  };

  Combobox.prototype.close = function () {
    this.listbox.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  Combobox.prototype.isOpen = function () {
    return !this.listbox.hidden;
  };

  Combobox.prototype.highlight = function (index) {
    var options = this.listbox.querySelectorAll("[role=option]");
    if (!options.length) {
      return;
    }
    index = (index + options.length) % options.length;
    for (var i = 0; i < options.length; i += 1) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    this.active = index;
    this.input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  };

  Combobox.prototype.onKeydown = function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!this.isOpen()) {
        if (this.results.length && clean(this.input.value)) {
          this.listbox.hidden = false;
          this.input.setAttribute("aria-expanded", "true");
        } else {
          return;
        }
      }
      event.preventDefault();
      this.highlight(event.key === "ArrowDown" ? this.active + 1 : this.active - 1);
    } else if (event.key === "Enter") {
      if (this.isOpen() && this.active >= 0) {
        event.preventDefault(); // pick, do not submit yet
        this.pick(this.active);
      }
    } else if (event.key === "Escape") {
      if (this.isOpen()) {
        event.preventDefault();
        this.close();
      }
    } else if (event.key === "Tab") {
      this.close();
    }
  };

  Combobox.prototype.pick = function (index) {
    var leader = this.results[index];
    if (!leader) {
      return;
    }
    this.input.value = leader.name;
    this.input.setAttribute("data-slug", leader.slug);
    this.input.setAttribute("data-name", leader.name);
    this.input.removeAttribute("aria-invalid");
    this.close();
    this.chooser.announce(leader.name + " chosen");
    this.chooser.picked(this);
  };

  // The value to send: the slug of the leader shown in the box, if the reader kept them.
  Combobox.prototype.valueToSend = function () {
    var typed = clean(this.input.value);
    var name = this.input.getAttribute("data-name");
    if (name && typed === name) {
      return this.input.getAttribute("data-slug");
    }
    var folded = typed.toLowerCase();
    for (var i = 0; i < this.results.length; i += 1) {
      var leader = this.results[i];
      if (folded && (folded === String(leader.name).toLowerCase()
          || folded === String(leader.label).toLowerCase())) {
        return leader.slug;
      }
    }
    return null;
  };

  function Chooser(element) {
    var self = this;
    this.element = element;
    this.multiple = element.classList.contains("leader-chooser-multiple");
    this.boxes = [];
    this.status = document.createElement("div");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    element.appendChild(this.status);
    Array.prototype.forEach.call(element.querySelectorAll("input[data-leader-lookup]"), function (input) {
      self.boxes.push(new Combobox(input, self));
    });
    var form = element.closest("form");
    if (form) {
      form.addEventListener("submit", function () { self.beforeSubmit(); });
    }
  }

  Chooser.prototype.announce = function (message) {
    this.status.textContent = message;
  };

  Chooser.prototype.picked = function (combobox) {
    var index = this.boxes.indexOf(combobox);
    var itemLabel = this.element.getAttribute("data-item-label");
    if (index > 0 && itemLabel && combobox.input.hasAttribute("aria-label")) {
      // "Another speaker" now holds one: it becomes "Speaker 2" like the boxes the page sent.
      combobox.input.setAttribute("aria-label", itemLabel + " " + (index + 1));
    }
    if (this.multiple && index === this.boxes.length - 1) {
      this.addBox(combobox.input);
    }
  };

  Chooser.prototype.addBox = function (template) {
    var input = template.cloneNode(false);
    input.value = "";
    ["id", "data-slug", "data-name", "aria-invalid", "aria-activedescendant", "aria-controls",
      "role", "aria-expanded", "aria-autocomplete"].forEach(function (name) {
      input.removeAttribute(name);
    });
    input.setAttribute("aria-label", this.element.getAttribute("data-add-label") || "Another leader");
    input.setAttribute("placeholder", "Type a leader\u2019s name");
    this.element.insertBefore(input, this.status);
    this.boxes.push(new Combobox(input, this));
  };

  Chooser.prototype.beforeSubmit = function () {
    this.boxes.forEach(function (combobox) {
      var slug = combobox.valueToSend();
      if (slug) {
        combobox.input.value = slug;
      }
    });
  };

  function start() {
    if (!window.fetch || !Element.prototype.closest) {
      return; // an old browser keeps the plain text boxes
    }
    Array.prototype.forEach.call(document.querySelectorAll(".leader-chooser"), function (element) {
      if (!element.hasAttribute("data-enhanced")) {
        element.setAttribute("data-enhanced", "");
        new Chooser(element);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
