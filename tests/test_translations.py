"""The Simplified Chinese catalogues are complete, sound, compiled, and agree with the source.

The hall's users read Chinese, and the compiled .mo files are committed (ADR 0003) so a
machine with only Python runs the translated product. These tests need no GNU gettext:
polib compiles in memory, Python's `gettext` reads catalogues, Django's own `templatize`
(what makemessages feeds to xgettext) finds template strings, and `ast` finds Python ones.
When one fails, run `make messages`, translate what it names, and commit .po and .mo.
"""

import ast
import gettext as gettext_module
import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

BASE_DIR = Path(settings.BASE_DIR)
LOCALE = "zh_Hans"
CATALOGUE = Path("locale") / LOCALE / "LC_MESSAGES" / "django.po"

# config/ holds the site-wide templates and settings; every project app has its own folder.
SOURCE_DIRS = sorted(
    {BASE_DIR / "config"}
    | {Path(app.path) for app in apps.get_app_configs() if Path(app.path).parent == BASE_DIR}
)
PO_FILES = [folder / CATALOGUE for folder in SOURCE_DIRS]


def _id(path: Path) -> str:
    return str(path.relative_to(BASE_DIR))


def _entries(po_path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(po_path)) if not entry.obsolete]


# %(name)s with optional flags/width/precision, a bare %s / %d, or a str.format field
# {name}; %% is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%%|%\(\w+\)[#0 +\-]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{\w*\}")


def placeholders(text: str) -> set[str]:
    return {token for token in PLACEHOLDER.findall(text) if token != "%%"}


def test_every_project_app_and_config_has_a_chinese_catalogue():
    assert BASE_DIR / "staffmgmt" in SOURCE_DIRS and BASE_DIR / "roster" in SOURCE_DIRS
    missing = [_id(po) for po in PO_FILES if not po.exists() or not po.with_suffix(".mo").exists()]
    assert not missing, f"no compiled zh_Hans catalogue (run `make messages`): {missing}"


@pytest.mark.parametrize("po_path", PO_FILES, ids=_id)
def test_catalogue_has_no_untranslated_entries(po_path):
    entries = _entries(po_path)
    assert entries, f"{_id(po_path)} is empty"
    untranslated = [entry.msgid for entry in entries if not entry.translated()]
    # translated() is also False for fuzzy entries; those get their own message below.
    untranslated = [m for m in untranslated if m not in {e.msgid for e in entries if e.fuzzy}]
    assert not untranslated, f"{_id(po_path)}: untranslated: {untranslated}"


@pytest.mark.parametrize("po_path", PO_FILES, ids=_id)
def test_catalogue_has_no_fuzzy_entries_and_one_chinese_plural_form(po_path):
    po = polib.pofile(str(po_path))
    assert not po.metadata_is_fuzzy, f"{_id(po_path)}: the header is marked fuzzy"
    fuzzy = [entry.msgid for entry in po if entry.fuzzy and not entry.obsolete]
    assert not fuzzy, f"{_id(po_path)}: fuzzy entries (check, then drop the flag): {fuzzy}"
    assert po.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    for entry in _entries(po_path):
        if entry.msgid_plural:
            assert set(entry.msgstr_plural) == {0}, f"{entry.msgid!r}: Chinese has one form"


@pytest.mark.parametrize("po_path", PO_FILES, ids=_id)
def test_translations_keep_the_placeholders_of_the_english(po_path):
    wrong = []
    for entry in _entries(po_path):
        if entry.msgid_plural:
            # With nplurals=1 the one form serves every count, so it must carry what the
            # English plural carries (the count included).
            expected = placeholders(entry.msgid_plural) | placeholders(entry.msgid)
            translations = list(entry.msgstr_plural.values())
        else:
            expected = placeholders(entry.msgid)
            translations = [entry.msgstr]
        for text in translations:
            if text and placeholders(text) != expected:
                wrong.append(f"{entry.msgid!r}: {sorted(expected)} vs {text!r}")
    assert not wrong, f"{_id(po_path)}: placeholders differ:\n" + "\n".join(wrong)


@pytest.mark.parametrize("po_path", PO_FILES, ids=_id)
def test_translations_keep_html_tags_of_the_english(po_path):
    tag = re.compile(r"</?[a-zA-Z][^>]*>")
    wrong = [
        entry.msgid
        for entry in _entries(po_path)
        if not entry.msgid_plural
        and entry.msgstr
        and sorted(tag.findall(entry.msgid)) != sorted(tag.findall(entry.msgstr))
    ]
    assert not wrong, f"{_id(po_path)}: HTML tags differ in: {wrong}"


@pytest.mark.parametrize("po_path", PO_FILES, ids=_id)
def test_committed_mo_is_the_compiled_po(po_path, tmp_path):
    fresh = tmp_path / "fresh.mo"
    polib.pofile(str(po_path)).save_as_mofile(str(fresh))
    with open(po_path.with_suffix(".mo"), "rb") as committed_file, open(fresh, "rb") as fresh_file:
        committed = gettext_module.GNUTranslations(committed_file)
        expected = gettext_module.GNUTranslations(fresh_file)
    # The header entry ("") differs in layout between msgfmt and polib; what it means for
    # lookups (charset, plural rule) is compared on its own.
    committed_catalog = {k: v for k, v in committed._catalog.items() if k != ""}
    expected_catalog = {k: v for k, v in expected._catalog.items() if k != ""}
    stale = sorted(
        str(key)
        for key in committed_catalog.keys() ^ expected_catalog.keys()
        | {
            k
            for k in committed_catalog.keys() & expected_catalog.keys()
            if committed_catalog[k] != expected_catalog[k]
        }
    )
    assert not stale, f"{_id(po_path)}: the .mo is stale, run `make messages`: {stale[:20]}"
    assert committed.charset() == expected.charset() == "UTF-8"
    assert [committed.plural(n) for n in range(5)] == [0, 0, 0, 0, 0]


def test_each_translation_is_the_one_the_running_site_shows():
    """Django merges all catalogues into one: config's wins, then apps in INSTALLED_APPS
    order (django.contrib.admin before ours), so the same English text must not be
    translated differently elsewhere; a clash needs a context (pgettext / `context`)."""
    shadowed = []
    with translation.override("zh-hans"):
        for po_path in PO_FILES:
            for entry in _entries(po_path):
                if entry.msgid_plural:
                    wanted = entry.msgstr_plural.get(0)
                    shown = (
                        translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
                        if entry.msgctxt
                        else translation.ngettext(entry.msgid, entry.msgid_plural, 2)
                    )
                elif entry.msgctxt:
                    wanted, shown = entry.msgstr, translation.pgettext(entry.msgctxt, entry.msgid)
                else:
                    wanted, shown = entry.msgstr, translation.gettext(entry.msgid)
                if wanted and shown != wanted:  # untranslated ones fail their own test
                    shadowed.append(
                        f"{_id(po_path)}: {entry.msgid!r} shows {shown!r}, not {wanted!r}"
                    )
    assert not shadowed, "translations overridden by another catalogue:\n" + "\n".join(shadowed)


# --- The source and the catalogue agree --------------------------------------------------

# The call names makemessages passes to xgettext for Python: (context index, msgid index).
GETTEXT_CALLS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
SKIP_PARTS = {"locale", "migrations", "__pycache__", "static", "node_modules"}


def _source_files(folder: Path, suffixes: tuple[str, ...]):
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if (
            path.suffix in suffixes
            and not SKIP_PARTS & set(parts)
            and not any(part.startswith(".") for part in parts)
        ):
            yield path


def _literal(node: ast.AST) -> str | None:
    # Adjacent literals are already one Constant; f-strings and + are skipped.
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_messages(path: Path):
    """(line, context, msgid) of every gettext call in a Python file with literal arguments."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in GETTEXT_CALLS:
            continue
        context_at, msgid_at = GETTEXT_CALLS[name]
        if len(node.args) <= msgid_at:
            continue
        msgid = _literal(node.args[msgid_at])
        context = _literal(node.args[context_at]) if context_at is not None else None
        if msgid is None or (context_at is not None and context is None):
            continue
        yield node.lineno, context, msgid


# templatize writes each template string as a Python-literal call: gettext(u'...'),
# pgettext(u'ctx', u'...'), ngettext(u'...', u'...', count), _(u'...').
_LITERAL = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATIZED_CALL = re.compile(
    rf"(?<![\w.])(_|gettext|pgettext|ngettext|npgettext)\(\s*({_LITERAL})(?:\s*,\s*({_LITERAL}))?"
)


def template_messages(path: Path):
    """(line, context, msgid) of every translatable string in a template, as Django's
    makemessages sees it (blocktranslate with variables, trimmed, plural and context)."""
    text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in TEMPLATIZED_CALL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        name, first, second = match.group(1), ast.literal_eval(match.group(2)), None
        if match.group(3):
            second = ast.literal_eval(match.group(3))
        if name in ("pgettext", "npgettext"):
            yield line, first, second
        else:
            yield line, None, first


@pytest.mark.parametrize("folder", SOURCE_DIRS, ids=_id)
def test_every_string_marked_in_the_source_is_in_the_catalogue(folder):
    po_path = folder / CATALOGUE
    known = {(entry.msgctxt, entry.msgid) for entry in _entries(po_path)}
    found, missing = 0, []
    for path in _source_files(folder, (".py",)):
        for line, context, msgid in python_messages(path):
            found += 1
            if (context, msgid) not in known:
                missing.append(
                    f"{_id(path)}:{line}: {msgid!r}" + (f" [{context}]" if context else "")
                )
    for path in _source_files(folder, (".html", ".txt")):
        for line, context, msgid in template_messages(path):
            found += 1
            if (context, msgid) not in known:
                missing.append(
                    f"{_id(path)}:{line}: {msgid!r}" + (f" [{context}]" if context else "")
                )
    assert found, f"no translatable strings found under {_id(folder)}: is the scan broken?"
    assert not missing, (
        f"strings missing from {_id(po_path)} (run `make messages` and translate them):\n"
        + "\n".join(missing)
    )


def test_the_source_scan_finds_every_kind_of_marked_string(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        "{% load i18n %}<h1>{% translate \"Post\" %}</h1>{% trans 'Window' %}"
        '{% translate "Duties" context "post duties" %}\n'
        "{% blocktranslate trimmed with day=d %}\n  AB pairing on\n  {{ day }}\n"
        "{% endblocktranslate %}"
        "{% blocktranslate count counter=n %}{{ counter }} post{% plural %}{{ counter }} posts"
        "{% endblocktranslate %}{{ x|default:_('None recorded') }}",
        encoding="utf-8",
    )
    module = tmp_path / "mod.py"
    module.write_text(
        "from django.utils.translation import gettext_lazy as _, pgettext\n"
        'A = _("Unit")\nB = _("Long text, "\n      "continued.")\n'
        'C = pgettext("button", "Filter")\n'
        'D = _(f"{A} skipped")\nE = translation.gettext("Kind")\n',
        encoding="utf-8",
    )
    assert [(c, m) for _, c, m in template_messages(template)] == [
        (None, "Post"),
        (None, "Window"),
        ("post duties", "Duties"),
        (None, "AB pairing on %(day)s"),
        (None, "%(counter)s post"),
        (None, "None recorded"),
    ]
    assert [(c, m) for _, c, m in python_messages(module)] == [
        (None, "Unit"),
        (None, "Long text, continued."),
        ("button", "Filter"),
        (None, "Kind"),
    ]


def test_placeholder_check_sees_named_positional_and_format_fields():
    assert placeholders("%(name)s has %(count)d, %s and {day}; 100%%") == {
        "%(name)s",
        "%(count)d",
        "%s",
        "{day}",
    }
