"""What publishing now would change since the last published version: recommendations added, removed,
reworded (word by word, per language) or moved to another theme. The publish page shows it before the
Secretariat confirms."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from conference.models import Conference
from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CODES, LANGUAGE_LABELS, TranslatedText, active_language
from recommendations import selectors
from recommendations.history import FieldChange, word_diff
from recommendations.models import Publication


@dataclass(frozen=True)
class PreviewItem:
    number: str
    theme: TranslatedText
    text: TranslatedText  # in the page's language: the new wording, or the last published one if removed
    wording: list[FieldChange] = field(default_factory=list)  # per language whose wording changed
    moved_from: TranslatedText | None = None


@dataclass(frozen=True)
class PublicationPreview:
    number: int  # the version publishing would make
    previous: int | None  # the last published version
    sha256: str  # of the content previewed: publishing checks it did not change meanwhile
    added: list[PreviewItem]
    removed: list[PreviewItem]
    reworded: list[PreviewItem]

    @property
    def unchanged(self) -> bool:
        return self.number == self.previous

    @property
    def reordered_only(self) -> bool:
        return not self.unchanged and not (self.added or self.removed or self.reworded)


def _by_number(content: list[dict]) -> dict[str, tuple[dict, dict]]:
    return {item["number"]: (group["theme"], item["text"]) for group in content for item in group["recommendations"]}


def _item(number: str, theme: dict, text: dict, lang: str, **changes) -> PreviewItem:
    return PreviewItem(number, selectors.text_in(theme, lang), selectors.text_in(text, lang), **changes)


def _wording(before: dict, after: dict) -> list[FieldChange]:
    return [
        FieldChange(code, str(LANGUAGE_LABELS[code]), code, word_diff(before.get(code, ""), after.get(code, "")))
        for code in LANGUAGE_CODES
        if before.get(code, "") != after.get(code, "")
    ]


def publication_preview(*, conference: Conference, lang: str | None = None) -> PublicationPreview:
    """The changes the next version would publish; ValidationError when nothing is adopted."""
    lang = lang or active_language()
    content = selectors.adopted_content(conference=conference)
    if not content:
        raise ValidationError(_("There is no adopted recommendation to publish."))
    sha256 = selectors.content_sha256(content)
    last = Publication.objects.filter(conference=conference).only("number", "sha256", "snapshot").order_by("-number")
    last = last.first()
    before = _by_number(last.snapshot["themes"]) if last else {}
    after = _by_number(content)
    added = [_item(n, *after[n], lang) for n in after if n not in before]
    removed = [_item(n, *before[n], lang) for n in before if n not in after]
    reworded = []
    for number in after:
        if number not in before or before[number] == after[number]:
            continue
        (old_theme, old_text), (theme, text) = before[number], after[number]
        moved = old_theme.get(FALLBACK_LANGUAGE) != theme.get(FALLBACK_LANGUAGE)
        reworded.append(
            _item(
                number,
                theme,
                text,
                lang,
                wording=_wording(old_text, text),
                moved_from=selectors.text_in(old_theme, lang) if moved else None,
            )
        )
    unchanged = last is not None and last.sha256 == sha256
    return PublicationPreview(
        number=last.number if unchanged else (last.number + 1 if last else 1),
        previous=last.number if last else None,
        sha256=sha256,
        added=added,
        removed=removed,
        reworded=reworded,
    )
