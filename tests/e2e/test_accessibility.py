"""An accessibility walk: every screen at a phone size and a wide window, at
normal and at the largest text size, and the wide window at 200% browser zoom.

On each screen, read Flutter's semantics tree (the ARIA nodes a screen reader
uses) and fail on:
* an interactive node (button, tab, radio, checkbox, switch, slider, text
  field) with no name;
* an interactive node smaller than 48 x 48 px;
* a text cut short: a text node that runs past the right edge of the window,
  or a node whose box is shorter than one line of its own text would need;
* two nodes drawn over each other (a text over a text or a control), neither
  inside the other;
* on a tab, a tab bar or rail with no destination marked selected for screen
  readers, or the wrong one.
Each screen is judged at its top and then a little further down each time
(scrolled with the mouse wheel) until it stops moving. Screenshots of every
screen, top and end (at 200% also dark, and every second step down), go to
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
# (id, CSS width, CSS height, the app's text size, device pixels per CSS px)
PASSES = [
    ("phone-text-100", 412, 860, 1.0, 1),
    ("phone-text-150", 412, 860, 1.5, 1),
    ("wide-text-100", 1280, 800, 1.0, 1),
    ("wide-text-150", 1280, 800, 1.5, 1),
    # 200% browser zoom of the 1280x800 window. Zoom does not make text alone
    # bigger: it halves the CSS pixels the page gets (640x400) and doubles the
    # device pixels per CSS pixel, and Flutter lays out in CSS pixels, so this
    # is exactly what the app sees at 200% (a device_scale_factor of 2 at
    # 1280x800 would change nothing in the layout). The app's own text size
    # stays at 100%: the walk's text-150 passes are the app's largest text
    # setting, a separate choice. 200% of the 412 px phone would be 206 CSS px,
    # under the 320 px a page has to reflow to (WCAG 1.4.10), and phone
    # browsers enlarge text rather than zoom the layout: the text-150 phone
    # pass is the phone's large-text case.
    ("wide-zoom-200", 640, 400, 1.0, 2),
]
MIN_TARGET = 47.5  # px, 48 with rounding of fractional layout
GOAL = "Walk to the park every morning before work, even on the busy days"

# Every interactive semantics node, with its name and box; text nodes with theirs.
PROBE = """() => {
  const W = window.innerWidth;
  const out = {interactive: [], texts: [], overlaps: [], edge: []};
  const seen = [];  // [element, box, name] of every judged node with a name or text
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
  // Flutter clips a node's box to the list it scrolls in, so a box flush with
  // the top or bottom of a box around it may be only the visible part of it
  // (the scroll area is not always marked by its overflow style).
  const flush = (e, r) => { for (let a = e.parentElement; a; a = a.parentElement) {
      if (a.tagName !== 'FLT-SEMANTICS') continue;
      const b = a.getBoundingClientRect();
      if ((b.top <= 0 && b.bottom >= window.innerHeight) || b.height < r.height + 1) continue;
      if (Math.abs(r.top - b.top) < 1 || Math.abs(r.bottom - b.bottom) < 1) return true; }
    return false; };
  const atEdge = (e, r) => { if (r.top < barBottom + 2 || r.bottom > navTop - 2) return true;
      if (flush(e, r)) return true;
      const s = scroller(e); if (!s) return false;
      const b = s.getBoundingClientRect(); return r.top < b.top + 1 || r.bottom > b.bottom - 1; };
  // What is left of a box inside every box around it (a scrolled list clips its rows).
  const clipped = (e, r) => { let c = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
      for (let a = e.parentElement; a; a = a.parentElement) { if (a.tagName !== 'FLT-SEMANTICS') continue;
        const b = a.getBoundingClientRect();
        if (b.width === 0 || b.height === 0) continue;
        c = {left: Math.max(c.left, b.left), top: Math.max(c.top, b.top),
             right: Math.min(c.right, b.right), bottom: Math.min(c.bottom, b.bottom)}; }
      return c; };
  for (const e of document.querySelectorAll('flt-semantics, flt-semantics input, flt-semantics textarea')) {
    const r = e.getBoundingClientRect();
    if (!visible(r)) continue;
    const role = e.getAttribute('role') || (['INPUT','TEXTAREA'].includes(e.tagName) ? 'textbox' : '');
    const own = Array.from(e.childNodes).filter(n => n.nodeType === 3 || n.tagName === 'SPAN')
                     .map(n => n.textContent).join(' ').trim();
    const name = (e.getAttribute('aria-label') || own || '').trim();
    if (atEdge(e, r)) {
      // Only its size counts, toward the largest seen: a control flush with
      // the top of its list is whole, one half scrolled away only looks smaller.
      if (roles.has(role)) out.edge.push({role, name: name || (e.closest('flt-semantics[aria-label]') || {getAttribute: () => ''}).getAttribute('aria-label') || '', w: r.width, h: r.height});
      continue;
    }
    if (roles.has(role) || role === 'textbox') {
      let box = r;
      if (role === 'textbox' || role === 'slider') {  // the input sits in its labelled node
        const p = e.closest('flt-semantics');
        if (p) box = p.getBoundingClientRect();
      }
      seen.push([e, clipped(e, box), name || role]);
      out.interactive.push({role, name, w: box.width, h: box.height,
                            label: e.getAttribute('aria-label') || (e.closest('flt-semantics[aria-label]') || {getAttribute: () => ''}).getAttribute('aria-label') || ''});
    } else if (own) {
      seen.push([e, clipped(e, r), own]);
      out.texts.push({text: own, left: r.left, right: r.right, w: r.width, h: r.height, W});
    }
  }
  // Drawn over each other: visible boxes that cross by more than 2 px each
  // way, where neither node holds the other (a card's button sits inside the
  // card, in the tree or on screen: a card's merged text spans its fields).
  const holds = (p, q) => p.left <= q.left + 1 && p.top <= q.top + 1 && p.right >= q.right - 1 && p.bottom >= q.bottom - 1;
  for (let i = 0; i < seen.length; i++) for (let j = i + 1; j < seen.length; j++) {
    const [a, ra, na] = seen[i], [b, rb, nb] = seen[j];
    if (a.contains(b) || b.contains(a) || holds(ra, rb) || holds(rb, ra)) continue;
    const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
    const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (w > 2 && h > 2) out.overlaps.push(`${na.slice(0, 30)} | ${nb.slice(0, 30)}`);
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
    for node in found["edge"]:
        key = (node["role"], node["name"])
        w_, h_ = sizes.get(key, (0, 0))
        sizes[key] = (max(w_, node["w"]), max(h_, node["h"]))
    for pair in found["overlaps"]:
        out.append(f"overlapping: {pair}")
    for node in found["texts"]:
        if node["right"] > node["W"] + 1:
            out.append(f"text {node['text'][:40]!r} runs past the window's edge")
        else:
            key = ("text", node["text"][:40])
            sizes[key] = (max(sizes.get(key, (0, 0))[0], node["w"]), max(sizes.get(key, (0, 0))[1], node["h"]))
    return out


MAX_TURNS = 80  # steps of 40% of the window: 12,800 px at 200% zoom


def where_things_are(page) -> str:
    """Where each node is: the same twice after a scroll means the end."""
    return page.evaluate("() => Array.from(document.querySelectorAll('flt-semantics'))"
                         ".map(e => Math.round(e.getBoundingClientRect().top)).join(',')")


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


# Every tab destination, bottom bar (role tab in a tablist) or rail (Flutter
# draws rail destinations as buttons named "Goals Tab 2 of 5"), with the state
# a screen reader gets: aria-selected on tabs; on the rail's buttons Flutter's
# web engine puts the selected flag in aria-current (aria-selected is not
# allowed on a button), read out as "current".
NAV = """() => Array.from(document.querySelectorAll('flt-semantics[role="tab"], flt-semantics[role="button"]'))
  .map(e => ({role: e.getAttribute('role'),
              name: (e.getAttribute('aria-label') || e.textContent || '').trim(),
              selected: e.getAttribute('aria-selected') === 'true' || e.getAttribute('aria-current') === 'true'}))
  .filter(n => n.role === 'tab' || /\\sTab \\d+ of \\d+$/.test(n.name))
  .map(n => ({...n, name: n.name.replace(/\\s+Tab \\d+ of \\d+$/, '')}))"""


def nav_problems(page, expected: str, wide: bool) -> list[str]:
    """The bar or rail marks `expected` (and only it) as the selected tab."""
    nodes = page.evaluate(NAV)
    kind = "rail" if wide else "tab bar"
    want_role = "button" if wide else "tab"
    mine = [n for n in nodes if n["role"] == want_role]
    if len(mine) != 5:
        return [f"the {kind} shows {len(mine)} destinations, not 5: {[n['name'] for n in nodes]}"]
    chosen = [n["name"] for n in mine if n["selected"]]
    if not chosen:
        return [f"the {kind} marks no destination as selected (on {expected})"]
    if chosen != [expected]:
        return [f"the {kind} marks {chosen} as selected, not {expected!r}"]
    return []


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
    # Either one, waited for: right after a screen changes, the tree may hold neither yet.
    found = page.get_by_role("tab", name=name, exact=True).or_(
        page.get_by_role("button", name=re.compile("^" + re.escape(name) + r"\s+Tab \d")))
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


@pytest.mark.deadline(900)  # every screen to its end, one pass takes 3 to 6 minutes here
@pytest.mark.parametrize("pass_id, width, height, scale, zoom", PASSES, ids=[p[0] for p in PASSES])
def test_every_screen_names_its_controls_gives_48px_targets_and_keeps_text_whole(
        serve_app, open_app, tmp_path, pass_id, width, height, scale, zoom):
    data = tmp_path / "data"
    _seed(data, scale)
    page = open_app(serve_app(data, extra_env=ENV), width=width, height=height, wait_text=w("nav.today"),
                    device_scale_factor=zoom)
    tabs = {key: w(f"nav.{key}") for key in ("today", "goals", "checkins", "wins", "pair")}
    report = []
    for name, go, marker in screens():
        go(page)
        if marker:
            wait_for_text(page, marker)
        page.wait_for_timeout(400)
        if name in tabs:
            report += [f"{name}: {p}" for p in nav_problems(page, tabs[name], wide=width >= 840)]
        shot_name = f"a11y-{name}-{pass_id}"
        save_screenshot(page, shot_name)
        if zoom != 1:  # and in the dark theme, the system's choice followed live
            page.emulate_media(color_scheme="dark")
            save_screenshot(page, f"{shot_name}-dark")
            page.emulate_media(color_scheme="light")
            page.wait_for_timeout(400)
        sizes: dict = {}
        report += [f"{name}: {p}" for p in problems(page, scale, sizes)]
        last, still = where_things_are(page), 0
        for turn in range(1, MAX_TURNS + 1):  # and further down, in small steps, to the end
            page.mouse.move(width / 2, height / 2)
            page.mouse.wheel(0, height * 0.4)
            page.mouse.move(1, 1)  # off the content: a tooltip shown on hover is no part of the layout
            page.wait_for_timeout(400)
            report += [f"{name} (scrolled): {p}" for p in problems(page, scale, sizes)]
            if zoom != 1 and turn % 2 == 0:  # the whole screen, to look at
                save_screenshot(page, f"{shot_name}-{turn:02d}", settle=False)  # the walk waited already
            now = where_things_are(page)
            still = still + 1 if now == last else 0
            if still == 2:
                break
            last = now
        report += [f"{name}: {p}" for p in small_targets(sizes, scale)]
        save_screenshot(page, f"{shot_name}-end")
        if name == "cover":
            click(page, "button", w("lock.continue"))
    assert not report, "\n".join(dict.fromkeys(report))


# ---- the walk's own checks can fail: a page built by hand with each fault -----

def _node(left, top, width, height, text="", **attrs) -> str:
    extra = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    style = f"position:absolute;display:block;left:{left}px;top:{top}px;width:{width}px;height:{height}px"
    return f'<flt-semantics {extra} style="{style}">{text}</flt-semantics>'


def _rail(selected: str | None, attr: str = "aria-current") -> str:
    names = [w(f"nav.{k}") for k in ("today", "goals", "checkins", "wins", "pair")]
    return "".join(_node(0, 64 + 64 * i, 80, 64, f"{n}\nTab {i + 1} of 5", role="button",
                         **{attr.replace("-", "_"): "true" if n == selected else "false"})
                   for i, n in enumerate(names))


def test_the_walk_reports_each_fault_it_looks_for(browser):
    page = browser.new_page(viewport={"width": 800, "height": 600})
    try:
        body = "".join([
            _node(100, 100, 100, 48, "Back", role="button"),
            _node(180, 110, 150, 48, "", role="button", aria_label="Need support?"),  # over "Back"
            _node(100, 200, 60, 60, "", role="button"),  # no name
            _node(100, 300, 100, 32, "Edit", role="button"),  # 32 px high
            _node(700, 400, 200, 20, "A title running off the edge"),
        ])
        page.set_content(f'<body style="margin:0"><flt-semantics style="position:absolute;display:block;'
                         f'left:0;top:0;width:800px;height:600px">{body}</flt-semantics></body>')
        sizes: dict = {}
        found = problems(page, 1.0, sizes) + small_targets(sizes, 1.0)
        assert "overlapping: Back | Need support?" in found
        assert any(p.startswith("button without a name") for p in found)
        assert "button 'Edit' is 100x32 px, under 48x48" in found
        assert "text 'A title running off the edge' runs past the window's edge" in found

        goals, wins = w("nav.goals"), w("nav.wins")
        page.set_content(f"<body>{_rail(None)}</body>")
        assert nav_problems(page, goals, wide=True) == [f"the rail marks no destination as selected (on {goals})"]
        page.set_content(f"<body>{_rail(wins)}</body>")
        assert nav_problems(page, goals, wide=True) == [f"the rail marks [{wins!r}] as selected, not {goals!r}"]
        page.set_content(f"<body>{_rail(goals)}</body>")
        assert nav_problems(page, goals, wide=True) == []
        assert nav_problems(page, goals, wide=False)[0].startswith("the tab bar shows 0 destinations")
        tabs = "".join(_node(82 * i, 780, 82, 80, "", role="tab", aria_label=w(f"nav.{k}"),
                             aria_selected="true" if k == "wins" else "false")
                       for i, k in enumerate(("today", "goals", "checkins", "wins", "pair")))
        page.set_content(f'<body><flt-semantics role="tablist">{tabs}</flt-semantics></body>')
        assert nav_problems(page, goals, wide=False) == [f"the tab bar marks [{wins!r}] as selected, not {goals!r}"]
    finally:
        page.close()
