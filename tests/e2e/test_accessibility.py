"""An accessibility walk: every screen at a phone size and a wide window, at
normal and at the largest text size.

On each screen, read Flutter's semantics tree (the ARIA nodes a screen reader
uses) and fail on:
* an interactive node (button, tab, radio, checkbox, switch, slider, text
  field) with no name;
* an interactive node smaller than 48 x 48 px;
* a text cut short: a text node that runs past the right edge of the window,
  or a node whose box is shorter than one line of its own text would need.
Each screen is judged at its top and ten times a little further down (scrolled
with the mouse wheel). Screenshots of every screen, top and end, go to
artifacts/screenshots/a11y-*.png.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.content import load_content
from app.services import Trellis
from tests.e2e.conftest import click, save_screenshot, trellis_cli, wait_for_text

TODAY = dt.date(2026, 3, 18)
ENV = {"TRELLIS_TODAY": TODAY.isoformat()}
CONTENT = load_content()
SIZES = [(412, 860), (1280, 800)]
SCALES = [1.0, 1.5]
MIN_TARGET = 47.5  # px, 48 with rounding of fractional layout
GOAL = "Walk to the park every morning before work, even on the busy days"

# Every interactive semantics node, with its name and box; text nodes with theirs.
PROBE = """() => {
  const W = window.innerWidth;
  const out = {interactive: [], texts: []};
  const roles = new Set(['button','tab','radio','checkbox','switch','slider','link','menuitem','option']);
  const visible = r => r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;
  // A node half scrolled out of view is clipped to the scroll area: not judged.
  const scroller = e => { for (let a = e.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a); if (['scroll', 'auto'].includes(s.overflowY)) return a; } return null; };
  // The app bar and the tab bar cover the scrolled content's edges.
  const bars = Array.from(document.querySelectorAll('flt-semantics[role="tablist"]'))
      .map(t => t.getBoundingClientRect().top);
  const navTop = bars.length ? Math.min(...bars) : window.innerHeight;
  const hide = Array.from(document.querySelectorAll('flt-semantics[role="button"]'))
      .find(b => (b.getAttribute('aria-label') || b.textContent || '').trim() === 'Hide now');
  const barBottom = hide ? hide.getBoundingClientRect().bottom : 0;
  const atEdge = (e, r) => { if (r.top < barBottom + 2 || r.bottom > navTop - 2) return true;
      const s = scroller(e); if (!s) return false;
      const b = s.getBoundingClientRect(); return r.top < b.top + 1 || r.bottom > b.bottom - 1; };
  for (const e of document.querySelectorAll('flt-semantics, flt-semantics input, flt-semantics textarea')) {
    const r = e.getBoundingClientRect();
    if (!visible(r) || atEdge(e, r)) continue;
    const role = e.getAttribute('role') || (['INPUT','TEXTAREA'].includes(e.tagName) ? 'textbox' : '');
    const own = Array.from(e.childNodes).filter(n => n.nodeType === 3 || n.tagName === 'SPAN')
                     .map(n => n.textContent).join(' ').trim();
    const name = (e.getAttribute('aria-label') || own || '').trim();
    if (roles.has(role) || role === 'textbox') {
      let box = r;
      if (role === 'textbox' || role === 'slider') {  // the input sits in its labelled node
        const p = e.closest('flt-semantics');
        if (p) box = p.getBoundingClientRect();
      }
      out.interactive.push({role, name, w: box.width, h: box.height,
                            label: e.getAttribute('aria-label') || (e.closest('flt-semantics[aria-label]') || {getAttribute: () => ''}).getAttribute('aria-label') || ''});
    } else if (own) {
      out.texts.push({text: own, left: r.left, right: r.right, w: r.width, h: r.height, W});
    }
  }
  return out;
}"""


def problems(page, scale: float, sizes: dict) -> list[str]:
    """Problems seen now; target sizes are gathered in `sizes` (largest seen
    per control, as a control half scrolled out of view is clipped) and
    judged by `small_targets` once the whole screen was seen."""
    found = page.evaluate(PROBE)
    out = []
    for node in found["interactive"]:
        name = node["name"] or node["label"]
        if not name:
            out.append(f"{node['role']} without a name ({node['w']:.0f}x{node['h']:.0f})")
        if node["role"] != "textbox":
            w_, h_ = sizes.get((node["role"], name), (0, 0))
            sizes[(node["role"], name)] = (max(w_, node["w"]), max(h_, node["h"]))
    for node in found["texts"]:
        if node["right"] > node["W"] + 1:
            out.append(f"text {node['text'][:40]!r} runs past the window's edge")
        else:
            key = ("text", node["text"][:40])
            sizes[key] = (max(sizes.get(key, (0, 0))[0], node["w"]), max(sizes.get(key, (0, 0))[1], node["h"]))
    return out


def small_targets(sizes: dict, scale: float) -> list[str]:
    """Controls under 48x48 and texts less than one line high, at the
    largest size each was seen at while scrolling."""
    out = []
    for (role, name), (w, h) in sizes.items():
        if role == "text":
            if h < 11 * scale * 0.9:  # the smallest text style in use, one line
                out.append(f"text {name!r} is {h:.0f} px high, under one line")
        elif w < MIN_TARGET or h < MIN_TARGET:
            out.append(f"{role} {name!r} is {w:.0f}x{h:.0f} px, under 48x48")
    return out


def _seed(data, scale: float) -> None:
    trellis_cli(data, "goal", "add", GOAL, "--why", "Fresh air helps me", env=ENV)
    for back in (1, 2, 4):
        day = (TODAY - dt.timedelta(days=back)).isoformat()
        trellis_cli(data, "checkin", "--mood", str(back + 1), "--feeling", "hopeful", "--date", day, env=ENV)
    with Trellis.open(data, today=lambda: TODAY) as t:
        t.people.save_settings(onboarded=True, text_scale=scale)
        t.people.save_profile("Sam", "mentee")
        (goal,) = t.goals.goals()
        t.goals.add_milestone(goal.id, "Find my comfortable walking shoes in the cupboard by the door")


def w(key: str, **values) -> str:
    text = CONTENT.ui[key]
    return text.format(**values) if values else text


def screens():
    """(name, how to get there from Today, text that shows it is there)."""
    return [
        ("today", lambda p: tab(p, w("nav.today")), CONTENT.ui["today.checkin_title"]),
        ("goals", lambda p: tab(p, w("nav.goals")), GOAL[:20]),
        ("goal-page", lambda p: _open_goal(p), "Find my comfortable"),
        ("checkins", lambda p: tab(p, w("nav.checkins")), w("checkins.trends_title")),
        ("checkin-form", lambda p: (tab(p, w("nav.today")), click(p, "button", w("today.checkin_start"))),
         CONTENT.checkin.mood.question),
        ("wins", lambda p: tab(p, w("nav.wins")), None),
        ("pair", lambda p: tab(p, w("nav.pair")), w("pair.intro_title")),
        ("settings", lambda p: click(p, "button", w("shell.settings")), w("data.section")),
        ("support", lambda p: click(p, "button", w("support.button")), None),
        ("cover", lambda p: click(p, "button", w("shell.hide")), w("lock.continue")),
    ]


def tab(page, name: str) -> None:
    """A tab of the bottom bar (role tab) or of the wide window's rail (a
    button named "Goals Tab 2 of 5")."""
    found = page.get_by_role("tab", name=name, exact=True)
    if found.count() == 0:
        found = page.get_by_role("button", name=re.compile("^" + re.escape(name) + r"\s+Tab \d"))
    found.first.dispatch_event("click")


def _open_goal(page) -> None:
    tab(page, w("nav.goals"))
    wait_for_text(page, w("goals.group_count", label=w("goals.group_active"), count=1))
    for _ in range(3):  # a click landing while the tab still settles is lost: try again
        card = page.get_by_role("button", name=re.compile("^" + re.escape(GOAL[:20]))).first
        card.wait_for(state="attached")
        card.dispatch_event("click")
        try:
            wait_for_text(page, w("goals.steps_title"), timeout=3000)
            return
        except AssertionError:
            continue


@pytest.mark.parametrize("scale", SCALES, ids=["text-100", "text-150"])
@pytest.mark.parametrize("size", SIZES, ids=["phone", "wide"])
def test_every_screen_names_its_controls_gives_48px_targets_and_keeps_text_whole(
        serve_app, open_app, tmp_path, size, scale):
    data = tmp_path / "data"
    _seed(data, scale)
    width, height = size
    page = open_app(serve_app(data, extra_env=ENV), width=width, height=height, wait_text=w("nav.today"))
    report = []
    for name, go, marker in screens():
        go(page)
        if marker:
            wait_for_text(page, marker)
        page.wait_for_timeout(400)
        save_screenshot(page, f"a11y-{name}-{width}x{height}-text{int(scale * 100)}")
        sizes: dict = {}
        report += [f"{name}: {p}" for p in problems(page, scale, sizes)]
        for turn in range(10):  # and further down the screen, in small steps
            page.mouse.move(width / 2, height / 2)
            page.mouse.wheel(0, height * 0.4)
            page.wait_for_timeout(400)
            report += [f"{name} (scrolled): {p}" for p in problems(page, scale, sizes)]
        report += [f"{name}: {p}" for p in small_targets(sizes, scale)]
        save_screenshot(page, f"a11y-{name}-{width}x{height}-text{int(scale * 100)}-end")
        if name == "cover":
            click(page, "button", w("lock.continue"))
    assert not report, "\n".join(dict.fromkeys(report))
