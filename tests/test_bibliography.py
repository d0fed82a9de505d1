"""docs/sources.md and iopkit/sources.py agree, and nothing cites a file users do not have."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iopkit import sources as S

ROOT = Path(__file__).resolve().parents[1]
BIBLIOGRAPHY = ROOT / "docs" / "sources.md"
ENTRY = re.compile(r"^### (\S+)\n(.*?)(?=^### |^## |\Z)", re.S | re.M)
#: A year or a DOI/URL: what makes a citation checkable.
YEAR = re.compile(r"\b(19|20)\d\d\b")
LOCATOR = re.compile(r"doi:|https?://|ISBN|PMCID|Press|Publishing|Companies|Geneva")
#: Clinic and blog sites the earlier notes cited; none may come back as a source.
NOT_SOURCES = (
    "midshorebehavioralhealth",
    "penfield",
    "kartiniclinic",
    "docsbay",
    "bhbusiness",
    "carepartnersct",
    "bcbst",
    "jessicaulmer",
    "compassintervention",
    "trinitybehavioral",
    "slbmi",
    "ghspsych",
    "redcconsortium",
    "anad.org",
)


def entries() -> dict[str, str]:
    return {key: body for key, body in ENTRY.findall(BIBLIOGRAPHY.read_text(encoding="utf-8"))}


def short_citation(body: str) -> str:
    match = re.search(r"^- Short citation: (.+)$", body, re.M)
    assert match, body[:80]
    return match.group(1).strip()


def test_every_source_in_the_code_has_an_entry_with_its_short_citation() -> None:
    docs = entries()
    for key, source in S.ALL_SOURCES.items():
        assert key in docs, f"{key} is a Source but has no entry in docs/sources.md"
        assert short_citation(docs[key]) == source.cite(), key


def test_every_entry_in_the_bibliography_is_a_source_in_the_code() -> None:
    assert set(entries()) == set(S.ALL_SOURCES)


def test_every_module_level_source_is_in_the_register() -> None:
    found = {v.key for v in vars(S).values() if isinstance(v, S.Source)}
    assert found == set(S.ALL_SOURCES)


def test_every_published_entry_has_a_full_checkable_citation() -> None:
    for key, body in entries().items():
        if key in ("overview", "iopkit"):
            assert ".md](" in body  # the kit's own documents, linked in the repository
            continue
        citation = body.split("\n- ")[0]
        assert YEAR.search(citation) or "http" in citation, key  # dated, or a live page
        assert LOCATOR.search(citation), key


def test_no_clinic_page_or_blog_is_a_source() -> None:
    text = BIBLIOGRAPHY.read_text(encoding="utf-8").lower()
    assert [site for site in NOT_SOURCES if site in text] == []


FILES_USERS_DO_NOT_HAVE = re.compile(r"domain-research|seed-iop-overview|primary-sources\.md")


@pytest.mark.parametrize("folder", ["iopkit", "notebooks", "docs", "README.md"])
def test_nothing_cites_a_file_outside_the_repository(folder: str) -> None:
    base = ROOT / folder
    paths = (
        [base]
        if base.is_file()
        else sorted(
            p for p in base.rglob("*") if p.suffix in {".py", ".md", ".ipynb", ".yaml", ".json"}
        )
    )
    hits = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in paths
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if FILES_USERS_DO_NOT_HAVE.search(line)
    ]
    assert hits == []
