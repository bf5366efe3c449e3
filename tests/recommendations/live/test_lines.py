"""Line numbers by sentence, in Latin and Arabic script, and amendments made on the text."""

import pytest
from django.core.exceptions import ValidationError

from recommendations.live.lines import Change, amended_text, lines_text, numbered_lines
from tests.recommendations.live.conftest import TEXT_AR, TEXT_EN


def test_a_line_is_a_sentence_in_either_script():
    assert numbered_lines(TEXT_EN) == [
        "The conference calls for the release of all prisoners.",
        "It asks the United Nations to act.",
        "It thanks the hosts.",
    ]
    assert len(numbered_lines(TEXT_AR)) == 3
    assert numbered_lines("هل يتحرك العالم؟ نعم.\n\nفقرة ثانية") == ["هل يتحرك العالم؟", "نعم.", "فقرة ثانية"]


def test_line_ranges_out_of_the_text_are_empty():
    assert lines_text(TEXT_EN, 2, 3) == "It asks the United Nations to act. It thanks the hosts."
    assert lines_text(TEXT_EN, 0, 1) == lines_text(TEXT_EN, 3, 4) == lines_text(TEXT_EN, 3, 2) == ""


def test_replace_insert_delete():
    replace = Change("replace", "United Nations", "Security Council")
    insert = Change("insert", "It asks the Security Council to act.", "Without delay.")
    delete = Change("delete", "It thanks the hosts.", "")
    assert amended_text(TEXT_EN, [replace, insert, delete]) == (
        "The conference calls for the release of all prisoners. It asks the Security Council to act. Without delay."
    )


@pytest.mark.parametrize("old", ["", "not in the text", "It"])
def test_a_change_whose_passage_is_not_found_exactly_once_is_refused(old):
    with pytest.raises(ValidationError):
        amended_text(TEXT_EN, [Change("replace", old, "x")])
