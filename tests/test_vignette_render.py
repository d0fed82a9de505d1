"""Vignettes as HTML: Markdown works, and nothing in a file can run script in a browser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from iopkit.render.cases import stage_html
from iopkit.vignettes import load_vignette, markdown_html, validate_text, vignette_html

FIXTURES = Path(__file__).parent / "fixtures" / "vignettes"
VALID = FIXTURES / "evening-iop.yaml"

SAFE_URL = ("http://", "https://", "mailto:", "#")


class Tags(HTMLParser):
    """Every tag and attribute in a piece of HTML, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def live_html_problems(html: str) -> list[str]:
    """Anything that could run script: script/iframe/img/object tags, on* handlers, bad URLs."""
    parser = Tags()
    parser.feed(html)
    found = []
    for tag, attrs in parser.tags:
        if tag in ("script", "iframe", "img", "object", "embed", "svg", "style", "form"):
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("style", "srcdoc"):
                found.append(f"{tag}[{name}]")
            if name in ("href", "src", "action") and value is not None:
                url = value.strip().lower()
                if ":" in url.split("/", 1)[0] and not url.startswith(SAFE_URL):
                    found.append(f"{tag}[{name}={value}]")
    return found


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "![x](https://example.org/track.png)",
    "<iframe src=https://example.org></iframe>",
    "<svg onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<<script>script>alert(1)<</script>/script>",
    "```\n</code><script>alert(1)</script>\n```",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<details open ontoggle=alert(1)>",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markdown_never_becomes_live_html(payload: str) -> None:
    html = markdown_html(f"Before.\n\n{payload}\n\nAfter.")
    assert live_html_problems(html) == [], html


@pytest.mark.parametrize("payload", HOSTILE)
def test_a_hostile_vignette_renders_safely_in_every_field(payload: str) -> None:
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    data["title"] = payload.replace("\n", " ")
    data["presentation"] = data["presentation"] + "\n" + payload + "\n"
    data["stages"][0]["title"] = payload.replace("\n", " ")
    data["stages"][0]["update"] = payload
    report = validate_text(yaml.safe_dump(data), against_builtin=False)
    (vignette,) = report.vignettes
    for html in (vignette_html(vignette), stage_html(vignette, 0)):
        assert live_html_problems(html) == [], html
        assert "<script" not in html.lower()


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("<>\"'=/:()[]!&#;\n ajsvcriptonerlfimg")), max_size=80)
)
def test_no_text_at_all_produces_live_html(text: str) -> None:
    assert live_html_problems(markdown_html(text)) == []


def test_markdown_still_renders_emphasis_lists_and_safe_links() -> None:
    html = markdown_html(
        "**PHQ-9** is *17*.\n\n- sleep\n- mood\n\n[overview](https://example.org/iop)"
    )
    assert "<strong>PHQ-9</strong>" in html and "<em>17</em>" in html
    assert "<ul>\n<li>sleep</li>" in html
    assert '<a href="https://example.org/iop">overview</a>' in html


def test_vignette_html_shows_title_population_conditions_and_story() -> None:
    v = load_vignette(VALID)
    html = vignette_html(v)
    assert "<h3>Fixture: evening IOP for a bus driver</h3>" in html
    assert "Adult" in html and "Major depressive disorder" in html
    assert "<strong>PHQ-9</strong>" in html
    assert 'data-vignette-id="fixture-evening-iop"' in html


def test_a_co_occurring_case_says_so() -> None:
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    data["conditions"] = ["alcohol_use_disorder", "major_depressive_disorder"]
    (v,) = validate_text(yaml.safe_dump(data), against_builtin=False).vignettes
    assert "Alcohol use disorder, Major depressive disorder, Co-occurring" in vignette_html(v)


def test_the_title_is_escaped_not_interpreted() -> None:
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    data["title"] = 'Sam & "Jo" <b>bold</b>'
    (v,) = validate_text(yaml.safe_dump(data), against_builtin=False).vignettes
    assert "Sam &amp; &quot;Jo&quot; &lt;b&gt;bold&lt;/b&gt;" in vignette_html(v)


def test_stage_html_shows_the_stage_title_and_update() -> None:
    v = load_vignette(VALID)
    html = stage_html(v, 0)
    assert "<h4>Week 4 review</h4>" in html
    assert "PHQ-9 is now 9" in html
