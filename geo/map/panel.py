"""The sources panel, built in the browser on a click from data sent with the map.

A click on any data feature fills the panel at once from the feature's ``ev``
property (see geo.map.evidence.payload): title, subtitle, then each document with
its sentences, the mentions in <mark>, the claims made in each. Every piece of
text is set with ``textContent``; nothing is parsed as HTML. The clicked feature
is highlighted in place (its style changes; the layers are not rebuilt), so the
layer switcher's choices and the view survive the click.
"""

from __future__ import annotations

from folium.template import Template

from geo.map.elements import OnceElement


class SourcesPanel(OnceElement):
    """A panel beside the map (the map narrows while it is open, so it hides no
    data): ``.fl-panel.fl-live``."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .fl-live {background: #fff; position: absolute; top: 0; right: 0;
            bottom: 0; width: {{ this.width }}px; box-sizing: border-box;
            overflow-y: auto; padding: 8px 10px; z-index: 1000;
            font: 12px/1.4 system-ui, sans-serif; border-left: 1px solid #ccc;
            display: none;}
          .fl-live.fl-open {display: block;}
          .fl-live h3 {margin: 0 18px 0 0; font-size: 15px;}
          .fl-live h4 {margin: 10px 0 4px; font-size: 12px;}
          .fl-live h4 small {color: #777; font-weight: 400;}
          .fl-live .fl-sub {margin: 2px 0 6px; color: #555;}
          .fl-live blockquote {margin: 4px 0 6px; padding: 4px 8px;
            border-left: 3px solid #bbb;}
          .fl-live ul {margin: 4px 0 0 0; padding-left: 16px; font-size: 90%;}
          .fl-live .fl-x {position: absolute; right: 8px; top: 4px; cursor: pointer;
            border: none; background: none; font-size: 16px; color: #666;}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function() {
          var map = {{ this._parent.get_name() }};
          var chosen = null, width = {{ this.width|tojson }};
          var container = map.getContainer(), holder = container.parentNode;
          if (getComputedStyle(holder).position === "static")
            holder.style.position = "relative";
          var box = L.DomUtil.create("div", "fl-panel fl-live", holder);
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", "Sources");
          L.DomEvent.disableClickPropagation(box);
          L.DomEvent.disableScrollPropagation(box);
          function narrow(open) {
            // the map gives the panel its room (never drawn over the data)
            var w = holder.clientWidth;
            var room = open && w > 2 * width ? width : open ? Math.round(w / 2) : 0;
            box.style.width = room + "px";
            container.style.width = room ? "calc(100% - " + room + "px)" : "";
            map.invalidateSize({pan: false});
          }
          function el(tag, parent, text, cls) {
            var node = document.createElement(tag);
            if (cls) node.className = cls;
            if (text !== undefined && text !== null) node.textContent = String(text);
            if (parent) parent.appendChild(node);
            return node;
          }
          function sentence(parent, text, marks) {
            var q = el("blockquote", parent), pos = 0;
            marks.slice().sort(function(a, b) { return a[0] - b[0]; }).forEach(function(m) {
              var s = Math.max(m[0], pos), e = Math.min(m[1], text.length);
              if (e <= s) return;
              q.appendChild(document.createTextNode(text.slice(pos, s)));
              el("mark", q, text.slice(s, e));
              pos = e;
            });
            q.appendChild(document.createTextNode(text.slice(pos)));
            return q;
          }
          function show(ev, at) {
            box.textContent = "";
            var close = el("button", box, "×", "fl-x");
            close.setAttribute("aria-label", "Close the sources");
            close.onclick = function() { hide(); };
            el("h3", box, ev.title);
            el("p", box, ev.sub, "fl-sub");
            if (!ev.docs.length) el("p", box, "No sentence in the loaded documents mentions it.");
            ev.docs.forEach(function(d) {
              var n = d.items.length;
              var h = el("h4", box, d.doc + " ");
              el("small", h, "(" + n + " sentence" + (n === 1 ? "" : "s") + ")");
              d.items.forEach(function(item) {
                var q = sentence(box, item.s, item.m);
                if (item.c.length) {
                  var ul = el("ul", q);
                  item.c.forEach(function(c) { el("li", ul, c); });
                }
              });
            });
            box.scrollTop = 0;
            if (!L.DomUtil.hasClass(box, "fl-open")) {
              L.DomUtil.addClass(box, "fl-open");
              narrow(true);
              // the legend folds away while the panel is open (one click opens it)
              var legend = container.querySelector("details.fl-legend");
              if (legend) legend.open = false;
            }
            // the clicked symbol stays in view, clear of the map's edges
            if (at) map.panInside(at, {padding: [60, 60], animate: false});
          }
          function restyle(layer, on) {
            var p = layer.feature.properties, st = p.style || {};
            if (!layer.setStyle) return;
            if (on) {
              layer.setStyle({weight: (st.weight || 2) + 3});
              if (layer.setRadius && st.radius) layer.setRadius(st.radius + 3);
            } else {
              layer.setStyle(st);
              if (layer.setRadius && st.radius) layer.setRadius(st.radius);
            }
          }
          function hide() {
            L.DomUtil.removeClass(box, "fl-open");
            narrow(false);
            if (chosen) restyle(chosen, false);
            chosen = null;
          }
          function onClick(e) {
            var layer = e.target, p = layer.feature && layer.feature.properties;
            if (!p || !p.ev) return;
            if (chosen && chosen !== layer) restyle(chosen, false);
            chosen = layer;
            restyle(layer, true);
            show(p.ev, e.latlng);
          }
          function bind(layer) {
            if (layer._flBound || !layer.feature || !layer.feature.properties) return;
            if (!layer.feature.properties.ev) return;
            layer._flBound = true;
            layer.on("click", onClick);
          }
          map.on("layeradd", function(e) { bind(e.layer); });
          map.eachLayer(bind);
          map._flPanel = {show: show, hide: hide};
        })();
        {% endmacro %}
        """
    )

    def __init__(self, *, width: int = 360) -> None:
        super().__init__()
        self._name = "SourcesPanel"
        self.width = int(width)
