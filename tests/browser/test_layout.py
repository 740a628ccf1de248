"""Reflow and text spacing (WCAG 1.4.10, 1.4.12), the design bar, and screenshots of every page."""
from __future__ import annotations

import pytest

from .clinician import CLINICIAN_KINDS, ClinicianWalk
from .conftest import SCREENSHOTS
from .family import FAMILY_KINDS, FamilyWalk, live  # noqa: F401 (live: the app with the clinic's name and phone)
from .patient import KINDS, Walk, once_per_kind

pytestmark = pytest.mark.browser
AREAS = ("patient", "clinician", "family")


def walk(area: str, request, people, visit, **page_options) -> list[str]:
    """Walk every page of an area at the given screen, calling visit on each; return the kinds seen."""
    if area == "patient":
        return Walk(people.new_page(**page_options), visit, quick=True).run().seen
    account = request.getfixturevalue("clinician")
    if area == "family":
        return FamilyWalk(people, request.getfixturevalue("live_app"), account, visit, **page_options).run().seen
    return ClinicianWalk(people, account, visit, **page_options).run().seen


def all_kinds(area: str) -> set[str]:
    return set({"patient": KINDS, "clinician": CLINICIAN_KINDS, "family": FAMILY_KINDS}[area])

# WCAG 1.4.12's test values, as a constructed stylesheet (the page's CSP allows no inline <style>).
TEXT_SPACING = """(on) => {
  if (!on) { document.adoptedStyleSheets = []; return null; }
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`* { line-height: 1.5 !important; letter-spacing: .12em !important;
                         word-spacing: .16em !important; }
                     p { margin-bottom: 2em !important; }`);
  document.adoptedStyleSheets = [sheet];
  return getComputedStyle(document.querySelector('main p') || document.body).letterSpacing;
}"""

OVERFLOW = """() => {
  const se = document.scrollingElement, vw = se.clientWidth, out = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    + ' "' + (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 50) + '"';
  if (se.scrollWidth > vw) {
    // Name what reaches the far right edge: that is what makes the page wider.
    const edge = [...document.body.querySelectorAll('*')].filter(
      (el) => Math.abs(el.getBoundingClientRect().right + scrollX - se.scrollWidth) <= 1).slice(-3).map(name);
    out.push(`the page scrolls sideways: ${se.scrollWidth}px wide in ${vw}px, widened by ${edge.join(', ')}`);
  }
  const scrolls = (v) => v === 'auto' || v === 'scroll';
  const inScroller = (el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
                                 if (scrolls(getComputedStyle(p).overflowX)) return true;
                               return false; };
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.visually-hidden, .skip, script, style, input, select, textarea, progress')) continue;
    if (inScroller(el)) continue;  // a data table may scroll inside its own box (WCAG 1.4.10's exception)
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || cs.display === 'contents') continue;
    const r = el.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    if (r.right > vw + 1 || r.left < -1)
      out.push(`sticks out of the ${vw}px viewport (${Math.round(r.left)}..${Math.round(r.right)}): ${name(el)}`);
    if (cs.display.startsWith('inline') && cs.display !== 'inline-block' && cs.display !== 'inline-flex') continue;
    if (!scrolls(cs.overflowX) && el.scrollWidth > el.clientWidth + 1)
      out.push(`content wider than its box (${el.scrollWidth} > ${el.clientWidth}, overflow ${cs.overflowX}): ${name(el)}`);
    if (!scrolls(cs.overflowY) && el.clientHeight && el.scrollHeight > el.clientHeight + 1)
      out.push(`content taller than its box (${el.scrollHeight} > ${el.clientHeight}, overflow ${cs.overflowY}): ${name(el)}`);
  }
  return out;
}"""

# 375px is a small phone; 640 CSS px at device scale 2 is a 1280px window zoomed to 200%.
SCREENS = {
    "phone-375px": {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
                    "has_touch": True},
    "zoom-200pct-at-1280px": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("screen", SCREENS)
def test_no_page_scrolls_sideways_or_clips_text_even_with_wcag_text_spacing(request, people, screen, area):
    problems = []

    def check(kind, page):
        for spacing in (False, True):
            applied = page.evaluate(TEXT_SPACING, spacing)
            if spacing:
                assert applied and applied != "normal", "the text-spacing override did not apply"
            for found in page.evaluate(OVERFLOW):
                problems.append(f"{kind}{' with text spacing' if spacing else ''} ({page.url}): {found}")
        page.evaluate(TEXT_SPACING, False)
    seen = walk(area, request, people, check, **SCREENS[screen])

    assert set(seen) == all_kinds(area)
    assert not problems, f"layout problems at {screen}:\n" + "\n".join(dict.fromkeys(problems))


DESIGN = """() => {
  const px = (v) => parseFloat(v);
  const canvas = document.createElement('canvas').getContext('2d');
  const ch = (cs) => { canvas.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
                       return canvas.measureText('0').width; };
  const name = (el) => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    + ' "' + (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
                          && getComputedStyle(el).visibility !== 'hidden' && !el.closest('.visually-hidden'); };
  const out = [];
  const body = px(getComputedStyle(document.body).fontSize);
  if (body < 18) out.push(`body text is ${body}px`);
  // Running text: everything in main except the fine print (sources, meta lines, hints).
  for (const el of document.querySelectorAll('main p, main li, main dd, main dt, main label, main legend, main td, main th')) {
    if (!shown(el) || el.closest('.small, .meta, .hint') || !el.innerText.trim()) continue;
    const cs = getComputedStyle(el);
    if (px(cs.fontSize) < 18) out.push(`text is ${cs.fontSize}: ${name(el)}`);
    if (['P', 'LI', 'DD'].includes(el.tagName)) {
      const chars = el.getBoundingClientRect().width / ch(cs);
      if (chars > 72) out.push(`lines are ${Math.round(chars)} characters wide: ${name(el)}`);
    }
  }
  // Things to press: at least 44px tall (and wide), so they are easy to hit.
  for (const el of document.querySelectorAll('button, .button, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), .choice label, nav a, header a, form a')) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.height < 44 || r.width < 44) out.push(`tap target ${Math.round(r.width)}x${Math.round(r.height)}px: ${name(el)}`);
  }
  return out;
}"""


@pytest.mark.parametrize("area", AREAS)
def test_pages_meet_the_design_bar_for_text_size_line_length_and_tap_targets(request, people, area):
    problems, checked = [], []

    def check(kind, page):
        checked.append(kind)
        problems.extend(f"{kind} ({page.url}): {p}" for p in page.evaluate(DESIGN))
    walk(area, request, people, once_per_kind(check), viewport={"width": 1280, "height": 800})

    assert set(checked) == all_kinds(area)
    assert not problems, "below the design bar:\n" + "\n".join(problems)


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_every_page_are_saved_for_review(request, people, width, area):
    SCREENSHOTS.mkdir(exist_ok=True)
    order = {"patient": KINDS, "clinician": CLINICIAN_KINDS, "family": FAMILY_KINDS}[area]
    saved = []

    def shoot(kind, page):
        prefix = "patient" if area == "patient" or not kind.startswith("clinician-") else "clinician"
        path = SCREENSHOTS / f"{prefix}-{width}-{area[0]}{order.index(kind):02d}-{kind}.png"
        page.screenshot(path=str(path), full_page=True)
        saved.append(path)
    walk(area, request, people, once_per_kind(shoot), viewport={"width": width, "height": 800})

    assert len(saved) == len(order) and all(p.stat().st_size > 5_000 for p in saved)


def test_the_layout_checks_do_catch_overflowing_and_clipped_text(people):
    """Guard against silent checks: a too-wide line and a clipped box on a real page must be reported."""
    page = people.new_page(viewport={"width": 375, "height": 740})
    page.goto("/glossary")
    assert page.evaluate(OVERFLOW) == []
    page.evaluate("""() => {
        const wide = document.createElement('p');
        wide.textContent = 'x'.repeat(120);
        wide.style.overflowWrap = 'normal';
        const clipped = document.createElement('div');
        clipped.textContent = 'A sentence that cannot fit in its little box';
        Object.assign(clipped.style, {width: '60px', height: '20px', overflow: 'hidden'});
        document.querySelector('main').append(wide, clipped);
    }""")
    found = "\n".join(page.evaluate(OVERFLOW))
    assert "the page scrolls sideways" in found and "overflow hidden" in found, found
