"""A MacroElement that renders its macros once (branca compiles each rendered
macro again as a Jinja template: for a layer of megabytes of JSON that second
compile costs seconds on every rerun)."""

from __future__ import annotations

from typing import Any

from branca.element import Element, Figure, MacroElement


class Rendered(Element):
    """Text already rendered: added to the figure as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class OnceElement(MacroElement):
    """branca's MacroElement.render, without compiling the output a second time."""

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "render it inside a Figure"
        module = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = module.get(part)
            if macro is not None:
                getattr(figure, part).add_child(
                    Rendered(macro(self, kwargs)), name=self.get_name()
                )
        for element in self._children.values():
            element.render(**kwargs)
