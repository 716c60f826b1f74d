/*
 * The site's own part of the web editor at /admin/ (served as
 * /admin/editor.<hash>.js, before decap-cms.<hash>.js).
 *
 * It registers the "charity-header" file format: the `Key: value` header, a
 * blank line, then Markdown, read by the same rules as
 * plugins/charity_site/source/header.py, so a file the editor writes is exactly
 * what the site's reader reads, and a hand-written post opens in the editor.
 * The build names the list and number fields (from contract.py) on the
 * <script> element, so this file never lists fields itself.
 *
 * It also registers the "picture-description" widget (a one-line box that
 * refuses to be empty while a picture is set: Decap's `required` cannot depend
 * on another field), the "ukdate" widget (a date box shown and typed
 * day/month/year, 24-hour, whatever the browser's language; Decap's own is the
 * browser's date box, whose order follows the browser's language) and a
 * preview template that shows the site's own content
 * warning and support boxes, rendered by the build from the theme's partials
 * into boxes.<hash>.json, read before Decap starts (no JSX: Decap's h and
 * createClass).
 *
 * Tested with node (tests/unit/test_cms_config.py) and in Chromium
 * (tests/browser/test_cms.py).
 */
(function () {
  "use strict";

  var FORMAT = "charity-header";
  var BODY = "body";
  // The order of the keys in the file as read, kept in the entry's data (the
  // editor carries keys it has no field for) so that saving a hand-written
  // post changes only the lines that were edited.
  var ORDER = "__header_order";
  // The patterns of header.py. [^]* rather than .*: Python's "." also matches
  // U+2028 and U+2029, JavaScript's does not.
  var META = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*([^]*)$/;
  var MORE = /^[ ]{4,}([^]*)$/;
  var BEGIN = /^-{3}(\s[^]*)?$/;
  var END = /^(-{3}|\.{3})(\s[^]*)?$/;

  /** The contract's spelling of a key, which any case may be written in: Content_warning. */
  function canonical(key) {
    return key.charAt(0).toUpperCase() + key.slice(1).toLowerCase();
  }

  /** Split a post into its header fields (in order) and its body, as header.py does. */
  function splitHeader(text) {
    var lines = text.replace(/\r\n/g, "\n").split("\n");
    var fields = [];
    var byKey = {};
    var last = null;
    var start = 0;
    while (start < lines.length && !lines[start].trim()) start += 1;
    var fenced = start < lines.length && BEGIN.test(lines[start].replace(/^\ufeff/, ""));
    if (fenced) start += 1;
    var bodyStart = lines.length;
    for (var index = start; index < lines.length; index += 1) {
      var line = index === 0 ? lines[index].replace(/^\ufeff/, "") : lines[index];
      if ((fenced && END.test(line)) || !line.trim()) {
        bodyStart = index + 1;
        break;
      }
      var meta = META.exec(line);
      if (meta) {
        var key = canonical(meta[1]);
        if (!(key in byKey)) fields.push(key);
        byKey[key] = meta[2].trim();
        last = key;
        continue;
      }
      var more = MORE.exec(line);
      if (more && last !== null) {
        byKey[last] = byKey[last] + " " + more[1].trim();
        continue;
      }
      bodyStart = index;
      break;
    }
    return {
      keys: fields,
      values: byKey,
      body: lines.slice(bodyStart).join("\n"),
    };
  }

  /** One header value as one line: lists comma-separated, line breaks as spaces. */
  function headerValue(value) {
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) {
      return value.map(headerValue).filter(Boolean).join(", ");
    }
    return String(value).replace(/\s*[\r\n]+\s*/g, " ").trim();
  }

  /** The format's reader and writer; lists and numbers name fields by their keys. */
  function charityHeaderFormat(lists, numbers) {
    var isList = {};
    var isNumber = {};
    (lists || []).forEach(function (key) { isList[key] = true; });
    (numbers || []).forEach(function (key) { isNumber[key] = true; });
    return {
      fromFile: function (text) {
        var split = splitHeader(text);
        var data = {};
        split.keys.forEach(function (key) {
          var value = split.values[key];
          if (isList[key]) {
            value = value.split(",").map(function (s) { return s.trim(); })
              .filter(Boolean);
          } else if (isNumber[key] && /^-?\d+$/.test(value)) {
            value = Number(value);
          }
          data[key] = value;
        });
        data[BODY] = split.body;
        if (split.keys.length) data[ORDER] = split.keys;
        return data;
      },
      toFile: function (data, sortedKeys) {
        // The file's own order, then the editor's field order (the
        // contract's) for new fields, then any key it has no field for, so
        // nothing a person wrote by hand is lost or moved.
        var order = [];
        var kept = Array.isArray(data[ORDER]) ? data[ORDER] : [];
        kept.concat(sortedKeys || [], Object.keys(data)).forEach(function (key) {
          if (key !== BODY && key !== ORDER && order.indexOf(key) < 0) order.push(key);
        });
        var lines = [];
        order.forEach(function (key) {
          var value = headerValue(data[key]);
          if (value) lines.push(key + ": " + value);
        });
        var body = data[BODY] === undefined || data[BODY] === null ? "" : String(data[BODY]);
        if (body && body.slice(-1) !== "\n") body += "\n";
        // The blank line ends the header; a file without a header is its body.
        return lines.length ? lines.join("\n") + "\n\n" + body : body;
      },
    };
  }

  /** The words of `terms` the text mentions (whole words, any case), in order. */
  function mentioned(text, terms) {
    var lower = String(text || "").toLowerCase();
    return (terms || []).filter(function (term) {
      var at = lower.indexOf(term.toLowerCase());
      while (at >= 0) {
        var before = at === 0 ? "" : lower.charAt(at - 1);
        var after = lower.charAt(at + term.length);
        if (!/[\w-]/.test(before) && !/[\w-]/.test(after)) return true;
        at = lower.indexOf(term.toLowerCase(), at + 1);
      }
      return false;
    });
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

  /** "2 October 2025, 18:05" for "2025-10-02 18:05": the date as the site shows it. */
  function ukDate(value) {
    var found = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?/.exec(String(value || ""));
    if (!found || Number(found[2]) < 1 || Number(found[2]) > 12) return "";
    var date = Number(found[3]) + " " + MONTHS[Number(found[2]) - 1] + " " + found[1];
    return found[4] ? date + ", " + found[4] + ":" + found[5] : date;
  }

  // The date box: shown and typed day/month/year with the 24-hour clock,
  // whatever the browser's language, and saved in the reader's form.
  var DATE_HINT = "day/month/year, e.g. 02/10/2025";
  var DATETIME_HINT = "day/month/year, 24-hour time, e.g. 02/10/2025 18:05";
  var UK = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:(?:\s+|\s*,\s*|T)(\d{1,2})[:.](\d{2}))?$/;
  var ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:\s+|T)(\d{1,2}):(\d{2}))?$/;
  var TWELVE_HOUR = /\d\s*[ap]\.?m\.?$/i;

  function twoDigits(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function daysIn(month, year) {
    var leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  }

  /** The parts of a date typed the UK way (2/10/2025 18:05) or saved (2025-10-02 18:05). */
  function dateParts(text) {
    var found = UK.exec(text);
    if (found) {
      return { day: +found[1], month: +found[2], year: +found[3], hour: found[4], minute: found[5] };
    }
    found = ISO.exec(text);
    if (found) {
      return { day: +found[3], month: +found[2], year: +found[1], hour: found[4], minute: found[5] };
    }
    return null;
  }

  /**
   * What a person typed in a date box: {value} in the reader's form
   * ("2025-10-02 18:05", "2025-10-02", "" when empty), or {error} to show
   * under the box. withTime: the field takes a time (a date alone is allowed).
   */
  function readUkDate(typed, withTime) {
    var text = String(typed === null || typed === undefined ? "" : typed).trim();
    if (!text) return { value: "" };
    var example = withTime ? DATETIME_HINT : DATE_HINT;
    if (withTime && TWELVE_HOUR.test(text)) {
      return { error: "Use the 24-hour clock, e.g. 18:05 for 6:05pm (" + example + ")" };
    }
    var parts = dateParts(text);
    if (!parts) return { error: "This is not a date the editor can read: write " + example };
    if (parts.month < 1 || parts.month > 12) {
      return { error: text + " is not a date: there is no month " + parts.month +
        " (write " + example + ")" };
    }
    var days = daysIn(parts.month, parts.year);
    if (parts.day < 1 || parts.day > days) {
      var month = MONTHS[parts.month - 1] + " " + parts.year;
      return { error: "There is no " + parts.day + " " + month + ": " + month + " has " +
        days + " days (write " + example + ")" };
    }
    var value = parts.year + "-" + twoDigits(parts.month) + "-" + twoDigits(parts.day);
    if (parts.hour === undefined) return { value: value };
    if (!withTime) return { error: "Write the date only, without a time: " + example };
    var hour = +parts.hour;
    var minute = +parts.minute;
    if (hour > 23 || minute > 59) {
      return { error: parts.hour + ":" + parts.minute + " is not a time: write " + example };
    }
    return { value: value + " " + twoDigits(hour) + ":" + twoDigits(minute) };
  }

  /** A saved date as the box shows it: "02/10/2025 18:05"; anything unreadable as it is. */
  function showUkDate(value) {
    if (value instanceof Date && !isNaN(value)) {
      value = value.getFullYear() + "-" + twoDigits(value.getMonth() + 1) + "-" +
        twoDigits(value.getDate()) + " " + twoDigits(value.getHours()) + ":" +
        twoDigits(value.getMinutes());
    }
    var text = String(value === null || value === undefined ? "" : value).trim();
    var found = ISO.exec(text);
    if (!found) return text;
    var date = twoDigits(+found[3]) + "/" + twoDigits(+found[2]) + "/" + found[1];
    return found[4] === undefined ? date : date + " " + twoDigits(+found[4]) + ":" + found[5];
  }

  /** Text made safe to put inside HTML. */
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /** The picture description's own check: an error while a picture is set and it is empty. */
  function pictureDescriptionError(picture, description, message) {
    if (picture && !String(description || "").trim()) {
      return { type: "PRESENCE", message: message };
    }
    return null;
  }

  var api = {
    FORMAT: FORMAT,
    splitHeader: splitHeader,
    charityHeaderFormat: charityHeaderFormat,
    mentioned: mentioned,
    ukDate: ukDate,
    readUkDate: readUkDate,
    showUkDate: showUkDate,
    DATE_HINT: DATE_HINT,
    DATETIME_HINT: DATETIME_HINT,
    escapeHtml: escapeHtml,
    pictureDescriptionError: pictureDescriptionError,
  };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api; // node, for the tests
    return;
  }

  // In the browser: Decap starts itself when its script runs unless told not
  // to; it must wait until the format is registered.
  var script = document.currentScript;
  window.CMS_MANUAL_INIT = true;
  function words(name) {
    var value = script && script.getAttribute(name);
    return value ? value.split(" ") : [];
  }
  // The marker the build puts where the content warning's topics go.
  var TOPICS = "%%CONTENT_WARNING%%";

  /** The string widget, with the check that a picture has its description. */
  function pictureDescriptionControl(CMS, h, createClass) {
    var StringControl = CMS.getWidget("string").control;
    return createClass({
      // Decap calls isValid before saving; an error stops the save and is
      // shown under the box.
      isValid: function () {
        var field = this.props.field;
        // The entry as it is now: this.props.entry is the one the box was
        // drawn with (Decap redraws a box only when its own value changes).
        var entry = this.props.getEntry ? this.props.getEntry() : this.props.entry;
        var picture = entry && entry.getIn(["data", field.get("picture_field")]);
        var error = pictureDescriptionError(picture, this.props.value, field.get("message"));
        return error ? { error: error } : true;
      },
      render: function () {
        return h(StringControl, this.props);
      },
    });
  }

  /**
   * The date box: a plain text box shown and typed the UK way (02/10/2025
   * 18:05), whatever the browser's language; what is typed is saved in the
   * reader's form (2025-10-02 18:05) as soon as it reads as a date. What does
   * not is kept as typed, so that isValid refuses the save with the reason.
   */
  function ukDateControl(h, createClass) {
    return createClass({
      withTime: function () {
        return this.props.field.get("time_format") !== false;
      },
      getInitialState: function () {
        this.sent = this.props.value;
        return { text: showUkDate(this.props.value) };
      },
      componentDidUpdate: function () {
        // A value set from outside the box (the entry loaded, a draft
        // restored): shown afresh.
        if (this.props.value !== this.sent) {
          this.sent = this.props.value;
          var text = showUkDate(this.props.value);
          if (text !== this.state.text) this.setState({ text: text });
        }
      },
      handleChange: function (event) {
        var text = event.target.value;
        var read = readUkDate(text, this.withTime());
        var value = read.error ? text : read.value;
        this.setState({ text: text });
        this.sent = value;
        this.props.onChange(value);
      },
      handleBlur: function () {
        var read = readUkDate(this.state.text, this.withTime());
        if (!read.error) this.setState({ text: showUkDate(read.value) });
        this.props.setInactiveStyle();
      },
      isValid: function () {
        var read = readUkDate(this.props.value, this.withTime());
        return read.error ? { error: { type: "CUSTOM", message: read.error } } : true;
      },
      render: function () {
        var id = this.props.forID;
        var hint = this.withTime() ? DATETIME_HINT : DATE_HINT;
        return h("div", null,
          h("input", {
            type: "text",
            id: id,
            className: this.props.classNameWrapper,
            value: this.state.text,
            inputMode: "numeric",
            autoComplete: "off",
            spellCheck: false,
            "aria-describedby": "format-" + id,
            onChange: this.handleChange,
            onFocus: this.props.setActiveStyle,
            onBlur: this.handleBlur,
          }),
          h("p", { id: "format-" + id, className: "ukdate-format" }, hint));
      },
    });
  }

  /** The preview of a post: its heading, the warning box, picture, text, support box. */
  function postPreview(h, createClass, terms, boxes) {
    var warningBox = boxes.warning || "";
    var supportBox = boxes.support || "";
    return createClass({
      render: function () {
        var data = this.props.entry.get("data");
        function get(key) {
          var value = data && data.get(key);
          return value && value.toJS ? value.toJS() : value;
        }
        var warning = headerValue(get("Content_warning"));
        var picture = get("Image");
        // The date spelt out, as the site shows it.
        var when = ukDate(get("Date"));
        var parts = [
          h("header", { className: "post-header", key: "header" },
            h("h1", null, get("Title") || ""),
            when ? h("p", { className: "meta" }, h("time", null, when)) : null),
        ];
        if (warning) {
          parts.push(h("div", {
            key: "warning",
            dangerouslySetInnerHTML: { __html: warningBox.split(TOPICS).join(escapeHtml(warning)) },
          }));
        } else {
          var found = mentioned([get("Title"), get("Summary"), get(BODY)].join("\n"), terms);
          if (found.length) {
            // A warning, not a refusal: the site's checks decide, with the whole post.
            parts.push(h("p", { className: "content-warning editor-notice", key: "notice" },
              "This post mentions " + found.join(", ") + ". If it talks about " +
              (found.length > 1 ? "them" : "it") + ", fill in Content warning: readers " +
              "then see a warning before the text and a support box after it."));
          }
        }
        if (picture) {
          var asset = this.props.getAsset(picture);
          parts.push(h("figure", { className: "hero", key: "picture" },
            h("img", { src: asset ? asset.toString() : "", alt: get("Image_alt") || "" })));
        }
        parts.push(h("div", { className: "post-body", key: "body" }, this.props.widgetFor(BODY)));
        if (warning) {
          parts.push(h("div", { key: "support", dangerouslySetInnerHTML: { __html: supportBox } }));
        }
        return h("article", { className: "wrap post" }, parts);
      },
    });
  }

  /** Register the site's parts with Decap and start it. */
  function start(boxes) {
    var CMS = window.CMS;
    var h = window.h;
    var createClass = window.createClass;
    CMS.registerCustomFormat(
      FORMAT,
      "md",
      charityHeaderFormat(words("data-list-fields"), words("data-number-fields"))
    );
    CMS.registerWidget(
      "picture-description",
      pictureDescriptionControl(CMS, h, createClass),
      CMS.getWidget("string").preview
    );
    CMS.registerWidget(
      "ukdate",
      ukDateControl(h, createClass),
      CMS.getWidget("string").preview
    );
    var style = script && script.getAttribute("data-preview-style");
    if (style) CMS.registerPreviewStyle(style);
    var terms = (script && script.getAttribute("data-sensitive-terms") || "")
      .split("|").filter(Boolean);
    var preview = postPreview(h, createClass, terms, boxes);
    words("data-collections").forEach(function (name) {
      CMS.registerPreviewTemplate(name, preview);
    });
    CMS.init();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var boxes = script && script.getAttribute("data-preview-boxes");
    if (!boxes) {
      start({});
      return;
    }
    // The editor starts even if the boxes cannot be read: only the preview
    // would lack them.
    fetch(boxes, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .catch(function () { return {}; })
      .then(start);
  });
})();
