"""The watchdog turns a renderer stuck in a busy loop into a failure, not a hang."""

import threading

import pytest

from tests.e2e.conftest import kill_renderers, semantics_texts


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="reads /proc")
def test_a_stuck_renderer_is_killed_and_the_call_fails(browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content("<p>hello</p>")
        page.evaluate("setTimeout(() => { while (true) {} }, 0)")  # the renderer spins from now on
        timer = threading.Timer(2.0, kill_renderers)
        timer.start()
        with pytest.raises(Exception, match="(?i)crash|closed"):
            semantics_texts(page)  # would wait forever without the kill
        timer.cancel()
    finally:
        context.close()
