"""The sweep: every page each role can reach, in every language, on a phone, in Chromium.

The pages come from the URL conf: every named URL has a sample in ``SAMPLES`` (its kwargs, from the demo data) or
is listed in ``NOT_PAGES`` with why (a file, a machine endpoint), so a new page cannot be forgotten
(``test_every_url_has_a_sample_or_a_reason``). A role reaches a page when the test client gets HTML with status
200 for it. On each page: no server error, nothing shown that has ``hidden`` or is inside it, ``lang`` and
``dir`` right, no interface string left in English on the other languages' pages (a visible text equal to an
English msgid whose translation differs) and no axe-core violation (the vendored axe-core, default rules).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.translation import trans_real

from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CODES, language_direction
from plenary.jobs.services import job_create
from plenary.permissions import DOOR, RAPPORTEUR, SECRETARIAT
from registration.badges.services import badge_issue
from registration.doors.devices import device_add, door_create
from registration.mailings.unsubscribe import unsubscribe_token
from tests.conftest import SECRETARIAT_TOTP_SECRET
from tests.factories import UserFactory
from tests.registration.spreadsheets import files as sheets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
PHONE = {"width": 390, "height": 844}
SWEPT_ROLES = ["anonymous", "delegate", "secretariat", "rapporteur", "door"]


@dataclass
class Sample:
    """What the pages' addresses point to: the demo conference and one of each kind of object."""

    slug: str
    registration: int
    session: int
    speaker: int
    import_token: str
    import_batch: int
    import_job: int
    badge_job: int
    door_list_job: int
    badge_token: str
    recommendation: int
    publication: int
    open_slug: str  # the demo's next conference, open for registration
    door: int
    device: int
    marked_session: int  # a session with an attendance list
    message: int  # the demo's message sent in three languages
    unsubscribe_token: str  # the first registration's (a GET only asks)
    letter: int
    letter_reference: str
    certificate_job: int


# Pages of a conference that differ when its registration is open: swept for the open conference too.
OPEN_CONFERENCE_PAGES = {
    "conference:home",
    "conference:agenda",
    "registration:register",
    "registration:my",
    "registration:my_edit",
    "registration:my_cancel",
}


# Named URLs that are not pages, with why. Everything else needs a sample below.
NOT_PAGES = {
    "programme_files:agenda_ics": "a calendar file",
    "programme_files:agenda_json": "a JSON file",
    "programme_files:session_ics": "a calendar file",
    "programme_files:person_photo": "an image",
    "healthz": "a JSON answer for load balancers and monitoring",
    "jobs:status": "a JSON endpoint polled by the job page",
    "jobs:download": "a file",
    "registration_files:checkin_scan": "a JSON endpoint (POST) of the door's page",
    "registration_files:checkin_search": "a JSON endpoint of the door's page",
    "registration_files:my_badge_pdf": "a PDF",
    "registration_files:my_letter_pdf": "a PDF",
    "registration_files:letter_pdf": "a PDF",
    "registration_files:my_certificate_pdf": "a PDF",
    "registration:letters_export": "a CSV file (POST only, confirmed)",
    "registration:checkin_desk_badge_pdf": "a PDF",
    "recommendations_files:latest_pdf": "a PDF",
    "recommendations_files:version_pdf": "a PDF",
    "recommendations_files:archival_pdf": "a PDF",
    "recommendations_files:version_json": "a JSON file",
    "registration:my_data": "a JSON file",
    "registration:export": "a CSV or XLSX file",
    "registration:import_template": "an XLSX file",
    "registration:import_errors": "a CSV file",
    "registration_files:checkin_offline_list": "the door's local list (JSON) for its page's script",
    "registration_files:checkin_offline_scans": "a JSON endpoint (POST) of the door's page",
    "registration:checkin_counts_live": "an HTML fragment the counts page fetches into itself",
    "registration:attendance_session_live": "an HTML fragment a session's attendance page fetches into itself",
    "registration:checkin_service_worker": "the scanner page's service worker (a script)",
    "registration:checkin_manifest": "the scanner page's web app manifest (JSON)",
    "mfa_download_recovery_codes": "a text file",
    "recommendations:plenary_step": "a POST endpoint of the chair's console",
    "recommendations:plenary_amendment": "a POST endpoint of the chair's console",
    "recommendations:plenary_floor": "a POST endpoint of the delegate's plenary page",
    "recommendations:plenary_vote": "a POST endpoint of the delegate's plenary page",
    "recommendations:plenary_amend": "a POST endpoint of the delegate's plenary page",
    "recommendations_files:plenary_state": "the JSON state the screen, console and phones poll",
    "account_logout": "the sweep would sign the role out (its page is the same form as others)",
    "registration:mail_send": "a button (POST) of the message's page",
    "registration:mail_discard": "a button (POST) of the message's page",
    "registration:mail_resend": "a button (POST) of the message's page",
}

BOGUS_TOKEN = "not-a-valid-token"
SAMPLES: dict[str, Callable[[Sample], dict]] = (
    {
        name: (lambda s: {})
        for name in (
            "conference:index",
            "registration:privacy",
            "registration:delete_account",
            "mfa_enrolment_required",
            "account_login",
            "account_inactive",
            "account_signup",
            "account_reauthenticate",
            "account_email",
            "account_email_verification_sent",
            "account_change_password",
            "account_set_password",
            "account_reset_password",
            "account_confirm_login_code",
            "account_reset_password_from_key_done",
            "account_reset_password_done",
            "mfa_index",
            "mfa_authenticate",
            "mfa_reauthenticate",
            "mfa_activate_totp",
            "mfa_deactivate_totp",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
        )
    }
    | {
        name: (lambda s: {"slug": s.slug})
        for name in (
            "conference:home",
            "conference:agenda",
            "conference:speakers",
            "registration:register",
            "registration:my",
            "registration:my_edit",
            "registration:my_cancel",
            "registration:participants",
            "registration:manage_registrations",
            "registration:audit_log",
            "registration:import",
            "registration:import_batches",
            "registration:badge_queue",
            "registration:badge_mark_printed",
            "registration:my_badge",
            "registration:checkin_counts",
            "registration:checkin",
            "registration:doors_manage",
            "registration:checkin_paper",
            "registration:checkin_paper_print",
            "registration:checkin_desk",
            "registration:my_letter",
            "registration:letter_queue",
            "registration:letter_settings",
            "registration:certificates",
            "recommendations:public",
            "recommendations:follow_up",
            "recommendations:manage",
            "recommendations:create",
            "recommendations:decide",
            "recommendations:ordering",
            "recommendations:publish",
            "registration:mail_outbox",
            "registration:mail_compose",
            "recommendations:plenary_console",
            "recommendations:plenary_phone",
            "recommendations_files:plenary_screen",
        )
    }
    | {
        name: (lambda s: {"slug": s.slug, "pk": s.recommendation})
        for name in (
            "recommendations:edit",
            "recommendations:submit",
            "recommendations:history",
            "recommendations:wording",
            "recommendations:follow_up_edit",
        )
    }
    | {
        "mfa_enrolment_accept": lambda s: {"token": BOGUS_TOKEN},
        "account_confirm_email": lambda s: {"key": BOGUS_TOKEN},
        "account_reset_password_from_key": lambda s: {"uidb36": "0", "key": BOGUS_TOKEN},
        "conference:session": lambda s: {"slug": s.slug, "pk": s.session},
        "conference:speaker": lambda s: {"slug": s.slug, "pk": s.speaker},
        "registration:manage_registration": lambda s: {"slug": s.slug, "pk": s.registration},
        "registration:manage_registration_edit": lambda s: {"slug": s.slug, "pk": s.registration},
        "registration:import_preview": lambda s: {"slug": s.slug, "token": s.import_token},
        "registration:import_apply": lambda s: {"slug": s.slug, "token": s.import_token},
        "registration:import_batch": lambda s: {"slug": s.slug, "pk": s.import_batch},
        "registration:import_undo": lambda s: {"slug": s.slug, "pk": s.import_batch},
        "registration:import_job": lambda s: {"slug": s.slug, "pk": s.import_job},
        "registration:badge_reprint": lambda s: {"slug": s.slug, "pk": s.registration},
        "registration:door_edit": lambda s: {"slug": s.slug, "pk": s.door},
        "registration:device_add": lambda s: {"slug": s.slug, "pk": s.door},
        "registration:device_revoke": lambda s: {"slug": s.slug, "pk": s.device},
        "registration:device_pair": lambda s: {"token": BOGUS_TOKEN},
        "registration:attendance_session": lambda s: {"slug": s.slug, "pk": s.marked_session},
        "registration:badge_job": lambda s: {"slug": s.slug, "pk": s.badge_job},
        "registration:badge_job_retry": lambda s: {"slug": s.slug, "pk": s.badge_job},
        "registration:checkin_paper_job": lambda s: {"slug": s.slug, "pk": s.door_list_job},
        "registration:checkin_desk_badge": lambda s: {"slug": s.slug, "pk": s.registration},
        "registration_files:badge_landing": lambda s: {"token": s.badge_token},
        "registration:mail_message": lambda s: {"slug": s.slug, "pk": s.message},
        "registration:mail_edit": lambda s: {"slug": s.slug, "pk": s.message},
        "registration:mail_log": lambda s: {"slug": s.slug, "pk": s.message},
        "registration_files:mail_unsubscribe": lambda s: {"slug": s.slug, "token": s.unsubscribe_token},
        "registration_files:verify": lambda s: {"reference": s.letter_reference},
        "registration:letter_detail": lambda s: {"slug": s.slug, "pk": s.letter},
        "registration:letter_issue": lambda s: {"slug": s.slug, "pk": s.letter},
        "registration:letter_decline": lambda s: {"slug": s.slug, "pk": s.letter},
        "registration:letter_revoke": lambda s: {"slug": s.slug, "pk": s.letter},
        "registration:certificate_job": lambda s: {"slug": s.slug, "pk": s.certificate_job},
        "recommendations:public_version": lambda s: {"slug": s.slug, "number": s.publication},
    }
)


def _url_names(patterns, namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _application_url_names() -> set[str]:
    return {name for name in _url_names(get_resolver().url_patterns) if not name.startswith("admin:")}


def test_every_url_has_a_sample_or_a_reason():
    names = _application_url_names()
    assert sorted(names - set(SAMPLES) - set(NOT_PAGES)) == []
    assert sorted((set(SAMPLES) | set(NOT_PAGES)) - names) == []  # no stale entries
    assert not set(SAMPLES) & set(NOT_PAGES)


def _demo_sample(secretariat) -> Sample:
    """The demo conference (load_demo), plus what the demo does not make: an upload waiting for its preview,
    an applied import and a job of each kind."""
    from conference.models import Conference, Person
    from recommendations.models import Publication, Recommendation
    from registration.models import Badge, Door, ImportBatch, Message, VisaLetter

    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 (closed with the process)
    publication = Publication.objects.order_by("-number").first()
    conference = publication.conference if publication else Conference.objects.order_by("pk").first()
    client = Client()
    client.force_login(secretariat)
    slug = conference.slug
    import_url = reverse("registration:import", kwargs={"slug": slug})

    def upload(rows):
        file = SimpleUploadedFile("delegation.xlsx", sheets.xlsx(rows))
        return client.post(import_url, {"file": file, "source_organisation": "PLC"})["Location"]

    applied = upload([sheets.HEADERS, *sheets.people(2)])
    fingerprint = client.get(applied).context["form"].initial["fingerprint"]
    client.post(applied + "apply/", {"fingerprint": fingerprint})
    token = upload([sheets.HEADERS, *sheets.people(3)]).rstrip("/").rsplit("/", 1)[-1]
    import_job = job_create(kind="import", conference=conference, by=secretariat, total=3, details={})
    badge_job = job_create(
        kind="badges", conference=conference, by=secretariat, total=1, details={"badge_ids": [], "layout": "a6-4up"}
    )
    door_list_job = job_create(kind="door_list", conference=conference, by=secretariat, total=1)
    certificate_job = job_create(kind="certificates", conference=conference, by=secretariat, total=1)
    letter = VisaLetter.objects.filter(registration__conference=conference).first()
    assert letter is not None, f"the demo has no visa letter in {slug}"
    registration = conference.registrations.order_by("pk").first()
    door = Door.objects.filter(conference=conference).first() or door_create(
        conference=conference, names=dict.fromkeys(LANGUAGE_CODES, "Main entrance")
    )
    badge = Badge.objects.filter(registration__conference=conference, revoked_at=None).first() or badge_issue(
        registration=registration
    )
    batch = ImportBatch.objects.filter(conference=conference).order_by("pk").first()
    assert batch is not None, f"the sweep's sample import into {slug} was not applied"
    speakers = Person.objects.filter(
        visibility=Person.Visibility.PUBLIC, participations__session__conference=conference
    ).distinct()
    recommendation = Recommendation.objects.filter(conference=conference).exclude(number="").order_by("pk").first()
    return Sample(
        slug=slug,
        registration=registration.pk,
        session=conference.sessions.filter(is_published=True).order_by("starts_at").first().pk,
        speaker=speakers.order_by("pk").first().pk,
        import_token=token,
        import_batch=batch.pk,
        import_job=import_job.pk,
        badge_job=badge_job.pk,
        door_list_job=door_list_job.pk,
        badge_token=badge.token,
        recommendation=(recommendation or Recommendation.objects.filter(conference=conference).first()).pk,
        publication=publication.number if publication else 1,
        open_slug=Conference.objects.get(status=Conference.Status.REGISTRATION_OPEN).slug,
        door=door.pk,
        device=device_add(door=door, label="Sweep phone", by=secretariat).device.pk,
        marked_session=conference.sessions.filter(attendance_list=True).order_by("starts_at").first().pk,
        message=Message.objects.filter(conference=conference).order_by("pk").first().pk,
        unsubscribe_token=unsubscribe_token(registration.pk),
        letter=letter.pk,
        letter_reference=letter.reference,
        certificate_job=certificate_job.pk,
    )


def _role_user(role: str):
    from registration.models import User

    if role == "anonymous":
        return None
    if role == "delegate":  # the demo delegate, who has a registration
        return User.objects.get(email="delegate@plenary.example")
    group = {"secretariat": SECRETARIAT, "rapporteur": RAPPORTEUR, "door": DOOR}[role]
    return UserFactory(email=f"{role}.sweep@example.org", groups=[group], totp=True)


def _reachable_pages(client: Client, sample: Sample) -> set[str]:
    """The URL names of the pages this client gets as HTML with status 200. A server error on the way is a
    failure here already."""
    pages, errors = set(), []
    with translation.override(FALLBACK_LANGUAGE):
        for name in sorted(SAMPLES):
            path = reverse(name, kwargs=SAMPLES[name](sample))
            response = client.get(path)
            if response.status_code >= 500:
                errors.append(f"{name} {path}: {response.status_code}")
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                pages.add(name)
    assert errors == []
    return pages


# Names, the same in every language although a catalogue may spell them (the product's name).
NAMES = {"Plenary"}


def _english_msgids() -> dict[str, set[str]]:
    """For each other language: the English interface strings (msgids) its catalogue translates differently."""
    untranslated = {}
    for code in LANGUAGE_CODES:
        if code == FALLBACK_LANGUAGE:
            continue
        catalogue = trans_real.translation(code)._catalog
        texts = set()
        for key in {key for key, _value in catalogue.items() if isinstance(key, str) and key}:
            value = catalogue[key]  # the translation in effect (items() also lists the ones shadowed)
            msgid = key.split("\x04", 1)[-1].strip()
            placeholder = "%" in msgid or "{" in msgid
            if len(msgid) > 1 and msgid not in NAMES and value.strip() != msgid and not placeholder:
                texts.add(msgid)
        untranslated[code] = texts
    return untranslated


CHECKS_SCRIPT = """
() => {
  const visible = (el) => el.checkVisibility({visibilityProperty: true, opacityProperty: false});
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const shownHidden = [];
  for (const el of document.querySelectorAll('[hidden]')) {
    for (const inner of [el, ...el.querySelectorAll('*')]) {
      if (visible(inner)) { shownHidden.push(describe(inner)); break; }
    }
  }
  const texts = [];
  const pageLang = document.documentElement.lang;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (!text || !parent || ['SCRIPT', 'STYLE', 'CODE', 'TEXTAREA'].includes(parent.tagName)) continue;
    const langOf = parent.closest('[lang]');
    if (langOf && langOf.lang !== pageLang) continue;  // marked as another language on purpose
    if (visible(parent)) texts.push(text);
  }
  for (const el of document.querySelectorAll('input[placeholder], [aria-label], img[alt], [title]')) {
    const langOf = el.closest('[lang]');
    if (langOf && langOf.lang !== pageLang) continue;
    for (const attr of ['placeholder', 'aria-label', 'alt', 'title']) {
      const value = (el.getAttribute(attr) || '').trim();
      if (value) texts.push(value);
    }
  }
  return {lang: document.documentElement.lang, dir: document.documentElement.dir, shownHidden, texts};
}
"""

AXE_SCRIPT = """
async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(v => v.id + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '));
}
"""


def _sweep_page(page, path: str, code: str, english: set[str]) -> list[str]:
    problems = []
    response = page.goto(path)
    if response is None or response.status >= 500:
        return [f"server error {response.status if response else 'no response'}"]
    checks = page.evaluate(CHECKS_SCRIPT)
    if (checks["lang"], checks["dir"]) != (code, language_direction(code)):
        problems.append(f"lang/dir {checks['lang']}/{checks['dir']}")
    if checks["shownHidden"]:
        problems.append(f"hidden but shown: {checks['shownHidden']}")
    left_in_english = sorted({text for text in checks["texts"] if text in english})
    if left_in_english:
        problems.append(f"untranslated: {left_in_english}")
    page.add_script_tag(content=AXE)
    violations = page.evaluate(AXE_SCRIPT)
    if violations:
        problems.append(f"axe: {violations}")
    return problems


@pytest.mark.parametrize("role", SWEPT_ROLES)
def test_sweep(browser, live_server, role):
    secretariat = UserFactory(email="sweep.sample@example.org", groups=[SECRETARIAT])
    TOTP.activate(secretariat, SECRETARIAT_TOTP_SECRET)
    sample = _demo_sample(secretariat)
    user = _role_user(role)
    client = Client()
    if user is not None:
        client.force_login(user)
    pages = _reachable_pages(client, sample)
    assert pages, f"{role} reaches no page"
    if user is not None:
        # The public pages are swept as the anonymous visitor; a signed-in role differs there only by the menu,
        # which its conference home page shows.
        pages -= _reachable_pages(Client(), sample) - {"conference:home"}
    english = _english_msgids()

    context = browser.new_context(base_url=live_server.url, viewport=PHONE, bypass_csp=True, is_mobile=True)
    if user is not None:
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    failures = []
    try:
        for code in LANGUAGE_CODES:
            # Addresses without a language prefix (the badge's landing page) follow the language cookie.
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": live_server.url}])
            with translation.override(code):
                paths = {name: reverse(name, kwargs=SAMPLES[name](sample)) for name in pages}
                for name in pages & OPEN_CONFERENCE_PAGES:
                    paths[f"{name} (open conference)"] = reverse(name, kwargs={"slug": sample.open_slug})
            if user is None:
                paths["(page not found)"] = f"/{code}/no-such-page/"
            for name, path in sorted(paths.items()):
                problems = _sweep_page(page, path, code, english.get(code, set()))
                if not problems:
                    continue
                failures.append(f"{name} [{code}] {path}: " + "; ".join(problems))
    finally:
        context.close()
    assert failures == [], "\n".join(failures)
